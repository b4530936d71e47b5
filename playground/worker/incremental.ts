/**
 * Parsing as the editor needs it: after a keystroke, only the article that changed is parsed
 * again. The parser reads a file line by line, and an article header at the start of a line opens
 * a block whatever came before it (grammar/lines.ts), so the file is cut before each such line into
 * parts that are parsed on their own, with the whole file's declared names — the one thing the
 * lexer takes from elsewhere in the file (a name declared in the application block splits the
 * Chinese of a rule) — and with the one thing the reading of lines carries across a header:
 * whether an application block was opened before (grammar/lines.ts, LinesState; after one, a
 * second `申报 …:` line over statements is an article that lost its number). A part is parsed
 * again when its text changes, when a name it contains is declared or no longer declared, or when
 * the parts before it change that state; otherwise its AST and diagnostics are kept, moved to where
 * the part now starts. The result equals `parse(source)` (test/property/incremental.ts); a part
 * whose parse does not start with its article (a header the lexer read otherwise) makes the
 * whole file be parsed as usual.
 */
import type { Span } from "../../compiler/diagnostics/index.js";
import type { Diagnostic } from "../../compiler/diagnostics/index.js";
import type { KuanFile, TopItem } from "../../grammar/ast.js";
import { parse, type ParsedFile } from "../../grammar/index.js";
import type { LinesState } from "../../grammar/lines.js";
import { isUsableName, prescanDeclaredNames, type DeclaredName } from "../../grammar/lexer.js";

/** A line break and an article header at the start of the next line: the file is cut after the break. */
const ARTICLE_AFTER_LINE_BREAK = /\n(?:第[零〇一二两三四五六七八九十百千0-9０-９]+条|article[ \t]+[0-9]+(?![A-Za-z0-9_]))/gi;

interface Parsed {
  readonly items: readonly TopItem[];
  readonly diagnostics: readonly Diagnostic[];
  /** Parsed as the file's first part (as it stands) or not (after a line break): see parseAlone. */
  readonly first: boolean;
  /** Whether an application block was opened before the part, as it was parsed; and by its end. */
  readonly afterApplication: boolean;
  readonly endsAfterApplication: boolean;
}

interface Part {
  readonly text: string;
  /** The pre-scan of the text the part is parsed as (see parseAlone; `prescannedFirst`: as the first part), handed to the lexer, which would make it again. */
  readonly prescanned: readonly DeclaredName[];
  readonly prescannedFirst: boolean;
  /** The names the part declares (that the lexer can match). */
  readonly declares: readonly string[];
  /** Parsed on its own: offsets from the part's start. */
  alone: Parsed | null;
  /** The same, moved to `at` in the file. */
  placed: Placed | null;
}

/** A part's AST and diagnostics at `at` in the file, and every span in them (each its own object), to move them there. */
interface Placed extends Parsed {
  readonly at: number;
  readonly spans: Span[];
}

/** Valid until the next `parse`: the parts it shares with that one are moved in place (see `shift`). */
export type IncrementalParse = Pick<ParsedFile, "ast" | "diagnostics"> & {
  /** Parts parsed this time, of how many. */
  readonly reparsed: number;
  readonly parts: number;
};

export class IncrementalParser {
  private parts = new Map<string, Part[]>();
  private names = new Set<string>();

  parse(source: string): IncrementalParse {
    const texts = cut(source);
    const previous = this.parts;
    this.parts = new Map();
    const parts = texts.map((text, index) => {
      // A part kept from the last parse, if it was pre-scanned as the text it is parsed as now.
      const kept = previous.get(text)?.pop();
      const part = kept !== undefined && kept.prescannedFirst === (index === 0) ? kept : newPart(text, index === 0);
      const same = this.parts.get(text);
      if (same) same.push(part);
      else this.parts.set(text, [part]);
      return part;
    });

    const names = new Set<string>();
    for (const part of parts) for (const name of part.declares) names.add(name);
    const changed = [...names].filter((n) => !this.names.has(n)).concat([...this.names].filter((n) => !names.has(n)));
    this.names = names;

    const items: TopItem[] = [];
    const diagnostics: Diagnostic[] = [];
    let at = 0;
    let reparsed = 0;
    // What the parts before leave to the reading of the next (grammar/lines.ts: LinesState).
    let afterApplication = false;
    for (const [index, part] of parts.entries()) {
      // A part that becomes the first (the text above deleted) or stops being it is parsed again: a
      // first part's real offset 0 would read as "no place" once moved.
      if (
        part.alone === null ||
        part.alone.first !== (index === 0) ||
        part.alone.afterApplication !== afterApplication ||
        (changed.length > 0 && changed.some((name) => part.text.includes(name)))
      ) {
        part.alone = parseAlone(part, names, index === 0, afterApplication);
        part.placed = null;
        reparsed++;
      }
      // A part after the first must parse as its own article, or the cut was not where the parser cuts.
      if (index > 0 && (part.alone.items[0]?.kind !== "Article" || part.alone.items[0].span.start !== 1)) {
        this.parts = new Map();
        this.names = new Set();
        const whole = parse(source);
        return { ast: whole.ast, diagnostics: whole.diagnostics, reparsed: parts.length, parts: parts.length };
      }
      // The first part is parsed as it stands; the others after a line break (see parseAlone).
      const by = index === 0 ? 0 : at - 1;
      if (part.placed === null) part.placed = place(part.alone, at, by);
      else if (part.placed.at !== at) part.placed = shift(part.placed, at);
      items.push(...part.placed.items);
      diagnostics.push(...part.placed.diagnostics);
      afterApplication = part.alone.endsAfterApplication;
      at += part.text.length;
    }
    const ast: KuanFile = { kind: "File", items, span: { start: 0, end: source.length } };
    return { ast, diagnostics, reparsed, parts: parts.length };
  }
}

/** The file cut before each line that starts with an article header. */
export function cut(source: string): string[] {
  const parts: string[] = [];
  let from = 0;
  // One search of the whole text, not a test at every line (a header's pattern holds no line break,
  // so no match hides the next one).
  ARTICLE_AFTER_LINE_BREAK.lastIndex = 0;
  for (let found = ARTICLE_AFTER_LINE_BREAK.exec(source); found !== null; found = ARTICLE_AFTER_LINE_BREAK.exec(source)) {
    const line = found.index + 1;
    parts.push(source.slice(from, line));
    from = line;
  }
  parts.push(source.slice(from));
  return parts.filter((p) => p.length > 0);
}

/**
 * A part parsed alone, with the file's names that occur in it (no other can match there). The
 * parser gives a node it has no place for (error recovery) the offset 0; the part is parsed after
 * the line break that ends the part before it, so that 0 stays "no place" and every real offset
 * in it is at least 1.
 */
function parseAlone(part: Part, names: ReadonlySet<string>, first: boolean, afterApplication: boolean): Parsed {
  const text = part.text;
  const within: string[] = [];
  for (const name of names) if (text.includes(name)) within.push(name);
  // The parser's recovery throws and catches an exception at each error; their stack traces are
  // never read, and capturing them is much of the cost of parsing a broken line.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const state: LinesState = { seenApplication: afterApplication };
    const { ast, diagnostics } = parse(asParsed(text, first), within, state, part.prescanned);
    return { items: ast.items, diagnostics, first, afterApplication, endsAfterApplication: state.seenApplication };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** The text a part is parsed as: the first as it stands, the others after a line break (see parseAlone). */
function asParsed(text: string, first: boolean): string {
  return first ? text : `\n${text}`;
}

/** A part not parsed yet: its names pre-scanned once, for the file's names and for its lexer. */
function newPart(text: string, first: boolean): Part {
  const prescanned = prescanDeclaredNames(asParsed(text, first));
  return { text, prescanned, prescannedFirst: first, declares: prescanned.filter(isUsableName).map((n) => n.text), alone: null, placed: null };
}

/** A copy of a part's AST and diagnostics, every offset moved by `by` (but 0, "no place"), placed at `at`. */
function place(alone: Parsed, at: number, by: number): Placed {
  const spans: Span[] = [];
  return { ...alone, at, items: moved(alone.items, by, spans), diagnostics: moved(alone.diagnostics, by, spans), spans };
}

/**
 * The placed copy moved to `at`, in place: at each keystroke every part after the edit moves, and
 * copying them all again would make the garbage of a whole file per keystroke; walking their
 * trees again would cost as much as the check on a large policy, so the spans are moved from the
 * list made with the copy. Only this parser holds these copies (each span its own object, made
 * by `moved`), and a parse's result is read before the next parse (see IncrementalParse).
 */
function shift(placed: Placed, at: number): Placed {
  const by = at - placed.at;
  const spans = placed.spans;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as { start: number; end: number };
    if (span.start !== 0) span.start += by;
    if (span.end !== 0) span.end += by;
  }
  return { ...placed, at };
}

/**
 * A copy of readonly AST or diagnostics with every offset moved by `by`, but 0 ("no place"); each
 * span of the copy is a new object, added to `spans`. A copy even when `by` is 0: the part's own
 * parse stays as it was when the copy is moved.
 */
function moved<T>(value: T, by: number, spans: Span[]): T {
  // Every part after an edit is moved at each keystroke: primitives are copied without a call.
  const move = (x: object): unknown => {
    if (Array.isArray(x)) {
      const copy: unknown[] = new Array<unknown>(x.length);
      for (let i = 0; i < x.length; i++) {
        const v: unknown = x[i];
        copy[i] = typeof v === "object" && v !== null ? move(v) : v;
      }
      return copy;
    }
    const record = x as Record<string, unknown>;
    const start = record["start"];
    const end = record["end"];
    // A span is the only object with a numeric start and end (nodes have a kind, diagnostics a code).
    if (typeof start === "number" && typeof end === "number") {
      const span: Span = { start: start === 0 ? 0 : start + by, end: end === 0 ? 0 : end + by };
      spans.push(span);
      return span;
    }
    const copy: Record<string, unknown> = {};
    for (const key in record) {
      const v = record[key];
      copy[key] = typeof v === "object" && v !== null ? move(v) : v;
    }
    return copy;
  };
  return typeof value === "object" && value !== null ? (move(value) as T) : value;
}
