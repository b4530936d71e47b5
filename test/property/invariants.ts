/**
 * What must hold of the front end's answer for any source at all: no exception escapes, every
 * span (and related span) lies inside the source, every code is in the catalogue with its
 * severity, every placeholder of a message is filled, diagnostics come sorted and none twice,
 * and a source without errors has its IR.
 */
import { CATALOGUE, messageOf, type Diagnostic } from "../../compiler/diagnostics/index.js";
import { compile, type CompileResult } from "../../compiler/pipeline.js";

function inside(span: { start: number; end: number }, length: number): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && 0 <= span.start && span.start <= span.end && span.end <= length;
}

function problemOf(d: Diagnostic, source: string): string | undefined {
  const entry = CATALOGUE[d.code];
  if (entry === undefined) return `${d.code} is not in the catalogue`;
  if (d.severity !== entry.severity) return `${d.code} has severity ${d.severity}, the catalogue says ${entry.severity}`;
  if (!inside(d.span, source.length)) return `${d.code} span ${d.span.start}-${d.span.end} is outside the source (length ${source.length})`;
  for (const r of d.related ?? []) if (!inside(r.span, source.length)) return `${d.code} related span ${r.span.start}-${r.span.end} is outside the source`;
  for (const lang of ["zh", "en"] as const) {
    // A placeholder is filled from the argument of its name (or, for `{xEn}`, of `x`); the
    // rendered text may contain braces of its own (a name such as 「{x}」), so check the template.
    for (const [, key = ""] of entry[lang].matchAll(/\{(\w+)\}/g)) {
      if (d.args[key] === undefined && d.args[key.replace(/En$/, "")] === undefined) return `${d.code} ${lang} message lacks {${key}}`;
    }
    if (messageOf(d, lang).trim().length === 0) return `${d.code} ${lang} message is empty`;
  }
  for (const [key, value] of Object.entries(d.args)) if (typeof value !== "string") return `${d.code} argument ${key} is ${String(value)}`;
  // Numbers the compiler computes (not text the user wrote) must be numbers.
  const numeric: Record<string, RegExp> = { line: /^[1-9]\d*$/, count: /^\d+$/, total: /^-?\d+(\.\d+)?$/ };
  for (const [key, pattern] of Object.entries(numeric)) {
    const value = d.args[key];
    if (value !== undefined && !pattern.test(value)) return `${d.code} argument ${key} is '${value}'`;
  }
  return undefined;
}

/** What is wrong with the front end's answer for `source` (nothing, usually). */
export function problemsOf(result: CompileResult, source: string): string[] {
  const problems: string[] = [];
  result.diagnostics.forEach((d, i) => {
    const problem = problemOf(d, source);
    if (problem) problems.push(problem);
    const previous = result.diagnostics[i - 1];
    if (previous && previous.span.start > d.span.start) problems.push(`diagnostics are not sorted: ${previous.code} before ${d.code}`);
    if (result.diagnostics.some((e, j) => j < i && e.code === d.code && e.span.start === d.span.start && e.span.end === d.span.end && JSON.stringify(e.args) === JSON.stringify(d.args))) {
      problems.push(`${d.code} at ${d.span.start}-${d.span.end} is reported twice`);
    }
  });
  const hasError = result.diagnostics.some((d) => d.severity === "error");
  if (!hasError && result.ir === null) problems.push("no error, yet no IR");
  if (hasError && result.ok) problems.push("errors, yet ok");
  return problems;
}

/** Compiles and returns what is wrong with the answer, or the answer if nothing is. */
export function compileChecked(source: string): CompileResult {
  const result = compile(source);
  const problems = problemsOf(result, source);
  if (problems.length > 0) throw new Error(`${problems.join("; ")}\n--- source:\n${source}`);
  return result;
}

/** The diagnostics as comparable text: code and span. */
export function codesAndSpans(result: CompileResult): string[] {
  return result.diagnostics.map((d) => `${d.code}@${d.span.start}-${d.span.end}`);
}
