/**
 * The table of the CLI's commands; `kuan help` and the dispatcher in main.ts read only this. To
 * add one (`compile`, `eval`, `test`, `diff`): write `compiler/cli/<name>.ts` exporting a
 * `Command` (command.ts), list it below, and parse its arguments with `parseCommandArgs`
 * (usage.ts) so that a bad option exits 2 like everywhere else. Keep the module listed here
 * light: import the compiler inside `run` (see check.ts), so `kuan --help` and `--version` answer
 * at once instead of loading the parser first.
 */
import type { Command } from "./command.js";
import { checkCommand } from "./check.js";
import { compileCommand } from "./compile.js";
import { diffCommand } from "./diff.js";
import { evalCommand } from "./eval.js";
import { genPopulationCommand } from "./gen-population.js";
import { ledgerCommand } from "./ledger.js";
import { runCommand } from "./run.js";
import { testCommand } from "./test.js";

export const COMMANDS: readonly Command[] = [checkCommand, evalCommand, compileCommand, testCommand, diffCommand, genPopulationCommand, runCommand, ledgerCommand];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
