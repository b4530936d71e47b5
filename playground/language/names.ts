/**
 * Colours of the file's declared names (inputs, rules, enumeration values) as semantic tokens,
 * from the worker's analysis. The Monarch tokenizer stays the same for the whole session: giving
 * it the names would mean registering it again on every new name, and that makes Monaco forget
 * the tokens of the whole file; until its background tokenizer is back at the cursor, Enter after
 * an article header does not indent (Monaco indents only lines that are cheap to tokenize).
 *
 * A request is answered with the analysis of exactly the text Monaco asks about: meanwhile Monaco
 * moves the previous colours along with the edits. A request the analysis can no longer answer
 * (the text changed again) is refused as "busy", and Monaco asks again.
 *
 * Colours the edits left as they are (no edit touched a coloured name, and the new analysis
 * colours the same names at the places Monaco moved them to) are not sent again: setting a
 * file's semantic tokens makes Monaco take all its lines as re-tokenized, parse the whole file's
 * brackets again and redraw every visible line (on a 5,000-line policy some 20 ms of the page's
 * thread after each keystroke's analysis). Such a request is refused as "busy" too, and Monaco
 * keeps the colours it has.
 */
import { monaco } from "../monaco/setup.js";
import type { Analysis } from "../worker/protocol.js";

/** Types and modifiers combine into the theme's token names: variable.input, variable.rule, constant.enum. */
const LEGEND: monaco.languages.SemanticTokensLegend = { tokenTypes: ["variable", "constant"], tokenModifiers: ["input", "rule", "enum"] };
const STYLE = { input: [0, 1], rule: [0, 2], enumValue: [1, 4] } as const;

interface Waiting {
  readonly source: string;
  /** The model's version when Monaco asked, and the result Monaco had then. */
  readonly version: number;
  readonly lastResultId: string | null;
  readonly resolve: (tokens: monaco.languages.SemanticTokens) => void;
  readonly reject: (error: Error) => void;
}

/** Monaco's error for "not now, ask again": its semantic colouring does not log it. */
const busy = (): Error => new Error("busy: the analysis of this text is not there yet");

/** A coloured name: its offsets in the text, and its token type and modifiers. */
interface Coloured {
  start: number;
  end: number;
  readonly type: number;
  readonly modifiers: number;
}

export class NameHighlighting implements monaco.languages.DocumentSemanticTokensProvider {
  /** The analysis is of `model` (the policy being edited); other Kuan models (the compare tab's original) get none. */
  constructor(private readonly model: monaco.editor.ITextModel) {
    model.onDidChangeContent((event) => this.edited(event));
  }

  private source: string | null = null;
  private analysis: Analysis | null = null;
  private waiting: Waiting[] = [];
  /** The colours Monaco has, moved along with the edits since (as Monaco moves them), or null when an edit touched one or none were given. */
  private shown: Coloured[] | null = null;
  /** The edits not yet applied to `shown` (offset, length replaced, length inserted): applied when a request is answered. */
  private edits: [number, number, number][] = [];
  /** The id of the colours last given to Monaco: one it no longer has (a new theme) is given again. */
  private resultId = 0;

  /** The analysis of `source` has arrived: the requests for that text are answered, the others refused. */
  setAnalysis(source: string, analysis: Analysis): void {
    this.source = source;
    this.analysis = analysis;
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) {
      if (w.source === source) this.answer(source, analysis, w.version, w.lastResultId).then(w.resolve, w.reject);
      else w.reject(busy());
    }
  }

  private edited(event: monaco.editor.IModelContentChangedEvent): void {
    if (this.shown === null) return;
    if (event.changes.length !== 1 || event.isFlush) {
      this.shown = null;
      this.edits = [];
      return;
    }
    const change = event.changes[0] as monaco.editor.IModelContentChange;
    this.edits.push([change.rangeOffset, change.rangeLength, change.text.length]);
  }

  /** Moves `shown` along the edits since it was given; null when one touched a coloured name (Monaco may have stretched or cut it). */
  private moved(): Coloured[] | null {
    const shown = this.shown;
    if (shown === null) return null;
    for (const [at, removed, inserted] of this.edits) {
      const end = at + removed;
      const by = inserted - removed;
      for (const c of shown) {
        if (c.end < at) continue;
        if (c.start <= end) return null;
        c.start += by;
        c.end += by;
      }
    }
    this.edits = [];
    return shown;
  }

  /**
   * The colours of `source` (the model's text at `version`), or "busy" when Monaco already shows
   * exactly these. When the model has changed since, the colours are sent, and Monaco moves them
   * along the newer edits itself.
   */
  private answer(source: string, analysis: Analysis, version: number, lastResultId: string | null): Promise<monaco.languages.SemanticTokens> {
    const colours = this.colours(source, analysis);
    const current = version === this.model.getVersionId();
    const kept = current && lastResultId === String(this.resultId) ? this.moved() : null;
    this.shown = current ? colours : null;
    this.edits = [];
    if (kept !== null && kept.length === colours.length && kept.every((c, i) => sameColour(c, colours[i] as Coloured))) return Promise.reject(busy());
    return Promise.resolve({ ...encode(source, colours), resultId: String(++this.resultId) });
  }

  getLegend(): monaco.languages.SemanticTokensLegend {
    return LEGEND;
  }

  provideDocumentSemanticTokens(model: monaco.editor.ITextModel, lastResultId: string | null, cancel: monaco.CancellationToken): monaco.languages.ProviderResult<monaco.languages.SemanticTokens> {
    if (model !== this.model) return null;
    const source = model.getValue();
    const version = model.getVersionId();
    if (this.analysis && this.source === source) return this.answer(source, this.analysis, version, lastResultId);
    return new Promise((resolve, reject) => {
      const entry: Waiting = { source, version, lastResultId, resolve, reject };
      this.waiting.push(entry);
      cancel.onCancellationRequested(() => {
        this.waiting = this.waiting.filter((w) => w !== entry);
        reject(busy());
      });
    });
  }

  releaseDocumentSemanticTokens(): void {}

  /** The declared names' places in `source`, in order, each once. */
  private colours(source: string, analysis: Analysis): Coloured[] {
    const kinds = new Map(analysis.symbols.map((s) => [s.name, s.kind]));
    const colours: Coloured[] = [];
    let scanned = 0;
    for (const o of analysis.occurrences) {
      const kind = kinds.get(o.name);
      if (kind === undefined || o.start < scanned || o.end > source.length) continue;
      scanned = o.end;
      const [type, modifiers] = STYLE[kind];
      colours.push({ start: o.start, end: o.end, type, modifiers });
    }
    return colours;
  }
}

function sameColour(a: Coloured, b: Coloured): boolean {
  return a.start === b.start && a.end === b.end && a.type === b.type && a.modifiers === b.modifiers;
}

/** Monaco's encoding: per token, line and column relative to the previous token, length, type, modifiers. */
function encode(source: string, colours: readonly Coloured[]): monaco.languages.SemanticTokens {
  const data: number[] = [];
  let line = 0;
  let lineStart = 0;
  let scanned = 0;
  let previousLine = 0;
  let previousColumn = 0;
  for (const c of colours) {
    for (let i = source.indexOf("\n", scanned); i !== -1 && i < c.start; i = source.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = c.end;
    const column = c.start - lineStart;
    data.push(line - previousLine, line === previousLine ? column - previousColumn : column, c.end - c.start, c.type, c.modifiers);
    previousLine = line;
    previousColumn = column;
  }
  return { data: new Uint32Array(data) };
}
