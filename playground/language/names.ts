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
 */
import { monaco } from "../monaco/setup.js";
import type { Analysis } from "../worker/protocol.js";

/** Types and modifiers combine into the theme's token names: variable.input, variable.rule, constant.enum. */
const LEGEND: monaco.languages.SemanticTokensLegend = { tokenTypes: ["variable", "constant"], tokenModifiers: ["input", "rule", "enum"] };
const STYLE = { input: [0, 1], rule: [0, 2], enumValue: [1, 4] } as const;

interface Waiting {
  readonly source: string;
  readonly resolve: (tokens: monaco.languages.SemanticTokens) => void;
  readonly reject: (error: Error) => void;
}

/** Monaco's error for "not now, ask again": its semantic colouring does not log it. */
const busy = (): Error => new Error("busy: the analysis of this text is not there yet");

export class NameHighlighting implements monaco.languages.DocumentSemanticTokensProvider {
  /** The analysis is of `model` (the policy being edited); other Kuan models (the compare tab's original) get none. */
  constructor(private readonly model: monaco.editor.ITextModel) {}

  private source: string | null = null;
  private analysis: Analysis | null = null;
  private waiting: Waiting[] = [];

  /** The analysis of `source` has arrived: the requests for that text are answered, the others refused. */
  setAnalysis(source: string, analysis: Analysis): void {
    this.source = source;
    this.analysis = analysis;
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) {
      if (w.source === source) w.resolve(this.tokens(source, analysis));
      else w.reject(busy());
    }
  }

  getLegend(): monaco.languages.SemanticTokensLegend {
    return LEGEND;
  }

  provideDocumentSemanticTokens(model: monaco.editor.ITextModel, _lastResultId: string | null, cancel: monaco.CancellationToken): monaco.languages.ProviderResult<monaco.languages.SemanticTokens> {
    if (model !== this.model) return null;
    const source = model.getValue();
    if (this.analysis && this.source === source) return this.tokens(source, this.analysis);
    return new Promise((resolve, reject) => {
      const entry: Waiting = { source, resolve, reject };
      this.waiting.push(entry);
      cancel.onCancellationRequested(() => {
        this.waiting = this.waiting.filter((w) => w !== entry);
        reject(busy());
      });
    });
  }

  releaseDocumentSemanticTokens(): void {}

  /** Monaco's encoding: per token, line and column relative to the previous token, length, type, modifiers. */
  private tokens(source: string, analysis: Analysis): monaco.languages.SemanticTokens {
    const kinds = new Map(analysis.symbols.map((s) => [s.name, s.kind]));
    const data: number[] = [];
    let line = 0;
    let lineStart = 0;
    let scanned = 0;
    let previousLine = 0;
    let previousColumn = 0;
    for (const o of analysis.occurrences) {
      const kind = kinds.get(o.name);
      if (kind === undefined || o.start < scanned) continue;
      for (let i = source.indexOf("\n", scanned); i !== -1 && i < o.start; i = source.indexOf("\n", i + 1)) {
        line++;
        lineStart = i + 1;
      }
      scanned = o.end;
      const column = o.start - lineStart;
      const [type, modifiers] = STYLE[kind];
      data.push(line - previousLine, line === previousLine ? column - previousColumn : column, o.end - o.start, type, modifiers);
      previousLine = line;
      previousColumn = column;
    }
    return { data: new Uint32Array(data) };
  }
}
