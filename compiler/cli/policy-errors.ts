/**
 * Shared by eval, compile and test: compile one policy file, and when it has errors report them
 * the way `kuan check` does: on stdout (diagnostics are the command's output; stderr is for what
 * stopped it running), or into a list for `--json`.
 */
import { LineMap } from "../diagnostics/index.js";
import { compile, type CompileResult } from "../pipeline.js";
import type { CliIo } from "./io.js";
import { useColour } from "./io.js";
import { toJson, type JsonDiagnostic } from "./json.js";
import type { Lang } from "./language.js";
import { renderDiagnostic, styles, summaryLine } from "./render.js";

/** Compiles; reports the errors (not warnings) of a policy that has any and returns null. */
export function compileOrReport(name: string, text: string, lang: Lang, io: CliIo, json?: JsonDiagnostic[]): CompileResult | null {
  const result = compile(text, { fileName: name });
  if (result.ok) return result;
  const lines = new LineMap(text);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (json) {
    for (const d of errors) json.push(toJson(d, name, lines));
    return null;
  }
  const style = styles(useColour(io.stdout, io.env));
  const file = { name, text, lines };
  for (const d of errors) io.stdout.write(`${renderDiagnostic(d, file, lang, style)}\n\n`);
  io.stdout.write(`${style.error(summaryLine({ errors: errors.length, warnings: 0, files: 1 }, lang))}\n`);
  return null;
}
