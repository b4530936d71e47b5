/**
 * Diagnostics: data while the compiler runs ({ code, span, args }), text only at the edges,
 * rendered from the one catalogue.
 */
import { CATALOGUE, type CatalogueEntry, type DiagnosticCode, type Severity } from "./catalogue.js";

export { CATALOGUE, type DiagnosticCode, type Severity } from "./catalogue.js";

/** Half-open UTF-16 offsets into the source. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Lang = "zh" | "en";

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly span: Span;
  readonly args: Readonly<Record<string, string>>;
  /** Other places worth showing (e.g. the first definition of a duplicate). */
  readonly related?: readonly { readonly span: Span; readonly label: { readonly zh: string; readonly en: string } }[];
}

export function diagnostic(
  code: DiagnosticCode,
  span: Span,
  args: Readonly<Record<string, string>> = {},
  related?: Diagnostic["related"],
): Diagnostic {
  const base = { code, severity: CATALOGUE[code].severity, span, args };
  return related ? { ...base, related } : base;
}

function fill(template: string, args: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => args[key] ?? args[key.replace(/En$/, "")] ?? whole);
}

export function messageOf(d: Diagnostic, lang: Lang): string {
  return fill(CATALOGUE[d.code][lang], d.args);
}

/** The hint, when the catalogue has one and every placeholder it needs was supplied. */
export function hintOf(d: Diagnostic, lang: Lang): string | undefined {
  const entry: CatalogueEntry = CATALOGUE[d.code];
  if (!entry.hint) return undefined;
  const text = fill(entry.hint[lang], d.args);
  return /\{\w+\}/.test(text) ? undefined : text;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Line and column (1-based) of an offset, computed only for display. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export class LineMap {
  private readonly starts: number[] = [0];

  private static last: LineMap | null = null;

  /**
   * The line map of `text`, made once however often it is asked for in a row: the checker, the
   * symbol table and the follow-on filter each need one for the same text, and the editor checks
   * a new text at every keystroke (a line map is immutable, so sharing it is safe).
   */
  static of(text: string): LineMap {
    const last = LineMap.last;
    if (last !== null && last.text === text) return last;
    const made = new LineMap(text);
    LineMap.last = made;
    return made;
  }

  constructor(readonly text: string) {
    // Without a \r only \n ends lines: found with indexOf rather than a loop over every character
    // (the editor makes a line map of the whole file several times per keystroke).
    if (!text.includes("\r")) {
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // Only \n, \r\n and \r end lines (as in Monaco); U+2028/U+2029 are ordinary characters.
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1, offset };
  }

  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line] ?? this.text.length;
    return this.text.slice(start, next).replace(/[\r\n]+$/, "");
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}
