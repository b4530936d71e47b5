/**
 * Diagnostics as people read them in a terminal, in the manner of rustc and tsc:
 *
 *     policy.kuan:7:8: error K2001: unknown name '贷歀'
 *       |
 *     7 |   奖励 = 贷歀 × 1%
 *       |          ^~~
 *       = hint: did you mean '贷款'?
 *
 * Spans are UTF-16 offsets; columns in the location are UTF-16 code units, 1-based (as in the
 * JSON output and Monaco), while the underline is placed by terminal width, so it stays under the
 * right characters when the line has CJK characters (two columns each).
 */
import { hintOf, messageOf, type Diagnostic, type LineMap, type Span } from "../diagnostics/index.js";
import type { Severity } from "../diagnostics/catalogue.js";
import type { Lang } from "./language.js";
import { stringWidth } from "./width.js";
import { visible, visibleChar } from "../diagnostics/visible.js";

export interface Style {
  readonly error: (text: string) => string;
  readonly warning: (text: string) => string;
  readonly note: (text: string) => string;
  /** Something that went well (a passing example). */
  readonly ok: (text: string) => string;
  readonly gutter: (text: string) => string;
  readonly strong: (text: string) => string;
}

const plain = (text: string) => text;
const ansi = (code: string) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;

export function styles(colour: boolean): Style {
  if (!colour) return { error: plain, warning: plain, note: plain, ok: plain, gutter: plain, strong: plain };
  return { error: ansi("1;31"), warning: ansi("1;33"), note: ansi("1;36"), ok: ansi("1;32"), gutter: ansi("1;34"), strong: ansi("1") };
}

export interface SourceFile {
  /** As the user named it. */
  readonly name: string;
  readonly text: string;
  readonly lines: LineMap;
}

const WORDS = {
  error: { zh: "错误", en: "error" },
  warning: { zh: "警告", en: "warning" },
  hint: { zh: "提示：", en: "hint: " },
  note: { zh: "说明：", en: "note: " },
  at: { zh: "，位于 ", en: ", at " },
} as const;

export function severityWord(severity: Severity, lang: Lang): string {
  return WORDS[severity][lang];
}

export function location(file: SourceFile, offset: number): string {
  const p = file.lines.position(offset);
  return `${visible(file.name)}:${p.line}:${p.column}`;
}

/** A tab shows as four spaces; control and formatting characters visibly (`\x1b`, `⟨U+202E⟩`), so that no source text can rearrange the terminal. */
function shown(ch: string): string {
  return ch === "\t" ? "    " : visibleChar(ch);
}

interface ShownLine {
  readonly text: string;
  /** Terminal column (0-based) at each UTF-16 offset of the line, and one past its end. */
  readonly columnAt: (offsetInLine: number) => number;
}

function showLine(raw: string): ShownLine {
  const columns: number[] = [];
  let text = "";
  let column = 0;
  for (const ch of raw) {
    for (let i = 0; i < ch.length; i++) columns.push(column);
    const piece = shown(ch);
    text += piece;
    column += stringWidth(piece);
  }
  columns.push(column);
  return { text, columnAt: (offset) => columns[Math.max(0, Math.min(offset, columns.length - 1))] ?? column };
}

/** The line a span starts on, with `^~~~` under the span (to the end of that line if the span goes on). */
function excerpt(file: SourceFile, span: Span, gutterWidth: number, mark: (text: string) => string, style: Style): string[] {
  const start = file.lines.position(span.start);
  const end = file.lines.position(Math.max(span.start, span.end));
  const line = showLine(file.lines.lineText(start.line));
  const from = line.columnAt(start.column - 1);
  const to = end.line === start.line ? line.columnAt(end.column - 1) : line.columnAt(Number.MAX_SAFE_INTEGER);
  const width = Math.max(1, to - from);
  const pad = " ".repeat(gutterWidth);
  const bar = style.gutter(`${pad} |`);
  const number = style.gutter(`${String(start.line).padStart(gutterWidth)} |`);
  return [bar, line.text.length > 0 ? `${number} ${line.text}` : number, `${bar} ${" ".repeat(from)}${mark(`^${"~".repeat(width - 1)}`)}`];
}

export function renderDiagnostic(d: Diagnostic, file: SourceFile, lang: Lang, style: Style): string {
  const mark = d.severity === "error" ? style.error : style.warning;
  const related = d.related ?? [];
  const shownLines = [d.span, ...related.map((r) => r.span)].map((s) => file.lines.position(s.start).line);
  const gutterWidth = String(Math.max(...shownLines)).length;
  const pad = " ".repeat(gutterWidth);
  const out = [
    `${style.strong(location(file, d.span.start))}: ${mark(`${severityWord(d.severity, lang)} ${d.code}`)}: ${style.strong(visible(messageOf(d, lang)))}`,
    ...excerpt(file, d.span, gutterWidth, mark, style),
  ];
  const hint = hintOf(d, lang);
  if (hint !== undefined) out.push(`${style.gutter(`${pad} =`)} ${style.note(WORDS.hint[lang])}${visible(hint)}`);
  for (const r of related) {
    out.push(`${style.gutter(`${pad} =`)} ${style.note(WORDS.note[lang])}${visible(r.label[lang])}${WORDS.at[lang]}${location(file, r.span.start)}`);
    out.push(...excerpt(file, r.span, gutterWidth, style.note, style));
  }
  return out.join("\n");
}

export interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly files: number;
}

/** "2 个错误，1 个警告" / "2 errors, 1 warning"; "没有发现问题" / "no problems found". */
export function summaryLine(counts: Counts, lang: Lang): string {
  const parts: string[] = [];
  const en = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (counts.errors > 0) parts.push(lang === "zh" ? `${counts.errors} 个错误` : en(counts.errors, "error"));
  if (counts.warnings > 0) parts.push(lang === "zh" ? `${counts.warnings} 个警告` : en(counts.warnings, "warning"));
  const found = parts.length === 0 ? (lang === "zh" ? "没有发现问题" : "no problems found") : parts.join(lang === "zh" ? "，" : ", ");
  if (counts.files <= 1) return found;
  return lang === "zh" ? `${counts.files} 个文件：${found}` : `${found} in ${counts.files} files`;
}

/** Diagnostics shown per file: past this a file is mostly noise (a paste gone wrong), and the rest is counted. */
export const MAX_SHOWN = 200;

/** "… 还有 N 个问题未显示" / "… and N more not shown", after the first MAX_SHOWN of a file. */
export function moreLine(more: number, fileName: string, lang: Lang): string {
  return lang === "zh" ? `… ${visible(fileName)} 还有 ${more} 个问题未显示` : `… and ${more} more in ${visible(fileName)} not shown`;
}
