/**
 * What a command may touch of the process: its output streams and environment. Commands get it
 * passed in, so tests can run them in-process and capture what they print.
 */
import { isUtf8 } from "node:buffer";

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface CliIo {
  /** The global `kuan --lang zh|en COMMAND …`: it counts as if the command had been given `--lang`. */
  readonly lang?: "zh" | "en";
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** All of standard input, for a file named `-`. */
  readStdin(): Promise<string>;
}

export function processIo(): CliIo {
  return {
    stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
      return decodeUtf8(Buffer.concat(chunks));
    },
  };
}

/**
 * Colours: FORCE_COLOR set and not empty forces them (https://force-color.org, whatever its value,
 * even where NO_COLOR is set: the more specific wish wins); NO_COLOR set and not empty turns them
 * off (https://no-color.org); otherwise only on a terminal whose TERM is not dumb.
 */
export function useColour(output: Output, env: CliIo["env"]): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "") return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return output.isTTY && env.TERM !== "dumb";
}

export class NotUtf8Error extends Error {
  constructor() {
    super("not UTF-8");
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Policy files are UTF-8; a GBK file would otherwise turn into noise and confusing diagnostics. */
/** The bytes themselves, once checked to be UTF-8 (as decodeUtf8 would accept them), for readers of bytes. */
export function checkedUtf8(bytes: Uint8Array): Uint8Array {
  if (!isUtf8(bytes)) throw new NotUtf8Error();
  return bytes;
}

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new NotUtf8Error();
  }
}
