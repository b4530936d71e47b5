/**
 * Diagnostics as JSON, for editors and CI: both languages, lines and columns 1-based (columns in
 * UTF-16 code units), offsets in UTF-16 code units, `end` exclusive.
 */
import { hintOf, messageOf, type Diagnostic, type LineMap, type Position, type Span } from "../diagnostics/index.js";
import type { Severity } from "../diagnostics/catalogue.js";
import type { Bilingual } from "./usage.js";

export interface JsonSpan {
  readonly start: Position;
  readonly end: Position;
}

export interface JsonDiagnostic {
  readonly file: string;
  readonly code: string;
  readonly severity: Severity;
  readonly message: Bilingual;
  readonly hint?: Bilingual;
  readonly span: JsonSpan;
  /** Other places the diagnostic points at (e.g. the first of two definitions). */
  readonly related?: readonly { readonly message: Bilingual; readonly span: JsonSpan }[];
}

function jsonSpan(span: Span, lines: LineMap): JsonSpan {
  return { start: lines.position(span.start), end: lines.position(Math.max(span.start, span.end)) };
}

export function toJson(d: Diagnostic, file: string, lines: LineMap): JsonDiagnostic {
  const zh = hintOf(d, "zh");
  const en = hintOf(d, "en");
  return {
    file,
    code: d.code,
    severity: d.severity,
    message: { zh: messageOf(d, "zh"), en: messageOf(d, "en") },
    ...(zh !== undefined && en !== undefined ? { hint: { zh, en } } : {}),
    span: jsonSpan(d.span, lines),
    ...(d.related && d.related.length > 0
      ? { related: d.related.map((r) => ({ message: { zh: r.label.zh, en: r.label.en }, span: jsonSpan(r.span, lines) })) }
      : {}),
  };
}

/** By file, then by position. */
export function compareJson(a: JsonDiagnostic, b: JsonDiagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.span.start.offset - b.span.start.offset || a.span.end.offset - b.span.end.offset || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** `--json` output: exactly one JSON document on stdout, whatever else happened (see COMMON_OPTIONS in usage.ts). */
export function writeJson(io: { readonly stdout: { write(text: string): void } }, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
