/** What every CLI command is: see commands.ts for the table of them. */
import type { CliIo } from "./io.js";
import type { Bilingual } from "./usage.js";

/** 0: nothing wrong (warnings allowed); 1: the policy has errors; 2: the command could not run as asked. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

export interface Command {
  readonly name: string;
  /** One line for `kuan help`. */
  readonly summary: Bilingual;
  /** The synopsis, e.g. `kuan check FILE… [--lang zh|en] [--json]`. */
  readonly usage: string;
  /** Its options, for `kuan help <name>`. */
  readonly options: readonly { readonly flag: string; readonly text: Bilingual }[];
  /** Its exit codes, where they differ from the usual 0 / 1 errors / 2 usage (`kuan diff`: 1 = changes). */
  readonly exitCodes?: Bilingual;
  /** Runs with the arguments after the command's name; returns the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
