/**
 * Shared by eval, compile and test: compile one policy file, and when it has errors print them
 * the way `kuan check` does.
 */
import { LineMap } from "../diagnostics/index.js";
import { compile, type CompileResult } from "../pipeline.js";
import type { CliIo } from "./io.js";
import { useColour } from "./io.js";
import type { Lang } from "./language.js";
import { renderDiagnostic, styles, summaryLine } from "./render.js";

/** Compiles; prints the errors (not warnings) of a policy that has any and returns null. */
export function compileOrReport(name: string, text: string, lang: Lang, io: CliIo): CompileResult | null {
  const result = compile(text, { fileName: name });
  if (result.ok) return result;
  const style = styles(useColour(io.stderr, io.env));
  const file = { name, text, lines: new LineMap(text) };
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  for (const d of errors) io.stderr.write(`${renderDiagnostic(d, file, lang, style)}\n\n`);
  io.stderr.write(`${style.error(summaryLine({ errors: errors.length, warnings: 0, files: 1 }, lang))}\n`);
  return null;
}
