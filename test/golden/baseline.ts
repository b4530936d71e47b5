/**
 * The diagnostics baseline of one source, as kept beside each case in test/cases: for every
 * diagnostic its code, severity and span (line:column, 1-based, end exclusive), both messages,
 * the hint in both languages, related places, and the source line with `~~~` under the span
 * (as in TypeScript's baselines). Spans past the end of the line are marked to the line's end.
 */
import { hintOf, LineMap, messageOf, type Diagnostic } from "../../compiler/diagnostics/index.js";

function underline(lines: LineMap, start: number, end: number): string[] {
  const from = lines.position(start);
  const to = lines.position(end);
  const text = lines.lineText(from.line);
  const lastColumn = from.line === to.line ? to.column : text.length + 1;
  const width = Math.max(1, lastColumn - from.column);
  return [`  | ${text}`, `  | ${" ".repeat(from.column - 1)}${"~".repeat(width)}`];
}

function where(lines: LineMap, start: number, end: number): string {
  const from = lines.position(start);
  const to = lines.position(end);
  return `${from.line}:${from.column}-${to.line}:${to.column}`;
}

export function baseline(source: string, diagnostics: readonly Diagnostic[]): string {
  const lines = new LineMap(source);
  const blocks = diagnostics.map((d) => {
    const out = [`${d.code} ${d.severity} ${where(lines, d.span.start, d.span.end)}`, `  zh: ${messageOf(d, "zh")}`, `  en: ${messageOf(d, "en")}`];
    const hintZh = hintOf(d, "zh");
    const hintEn = hintOf(d, "en");
    if (hintZh !== undefined) out.push(`  hint zh: ${hintZh}`);
    if (hintEn !== undefined) out.push(`  hint en: ${hintEn}`);
    out.push(...underline(lines, d.span.start, d.span.end));
    for (const r of d.related ?? []) {
      out.push(`  related ${where(lines, r.span.start, r.span.end)}: ${r.label.zh} / ${r.label.en}`, ...underline(lines, r.span.start, r.span.end));
    }
    return out.join("\n");
  });
  return blocks.length === 0 ? "" : `${blocks.join("\n\n")}\n`;
}
