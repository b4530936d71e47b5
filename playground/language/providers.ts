/**
 * Completion, hover and go to definition for Kuan, answered on the page from the worker's latest
 * analysis (names, types, units, defining articles), and diagnostics as Monaco markers. Spans are
 * UTF-16 offsets, so `model.getPositionAt` is the whole conversion to Monaco's 1-based positions.
 */
import { KEYWORDS, UNITS } from "../../grammar/keywords.js";
import { monaco } from "../monaco/setup.js";
import type { Analysis, ExampleResult, Lang, ProblemsView, Span, SymbolView } from "../worker/protocol.js";
import { visible } from "../../compiler/diagnostics/visible.js";
import { t } from "../ui/i18n.js";
import { KUAN } from "./kuan-language.js";

export interface LanguageState {
  readonly analysis: () => Analysis | null;
  readonly uiLang: () => Lang;
}

export function rangeOf(model: monaco.editor.ITextModel, span: Span): monaco.Range {
  const start = model.getPositionAt(span.start);
  const end = model.getPositionAt(span.end);
  return new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
}

function occurrenceAt(analysis: Analysis, offset: number): { start: number; end: number; name: string } | undefined {
  return analysis.occurrences.find((o) => o.start <= offset && offset <= o.end);
}

function symbolNamed(analysis: Analysis, name: string): SymbolView | undefined {
  return analysis.symbols.find((s) => s.name === name);
}

const LABELS = {
  type: { zh: "类型", en: "type" },
  unit: { zh: "单位", en: "unit" },
  definedIn: { zh: "定义于", en: "defined in" },
  line: { zh: (n: number) => `第 ${n} 行`, en: (n: number) => `line ${n}` },
} as const;

/** The hover text of a declared name: role, type, unit, and the article that defines it. */
export function describeSymbol(symbol: SymbolView, model: monaco.editor.ITextModel, lang: Lang): string {
  const lines = [`**${symbol.name}** — ${symbol.role[lang]}`];
  if (symbol.description) lines.push(symbol.description);
  if (symbol.type) lines.push(`${LABELS.type[lang]}: ${symbol.type[lang]}`);
  if (symbol.unit) lines.push(`${LABELS.unit[lang]}: ${symbol.unit[lang]}`);
  if (symbol.article) {
    const line = model.getPositionAt(symbol.article.span.start).lineNumber;
    lines.push(`${LABELS.definedIn[lang]}: ${symbol.article.label}${symbol.article.title ? ` ${symbol.article.title}` : ""}（${LABELS.line[lang](line)}）`);
  } else if (symbol.definition) {
    const line = model.getPositionAt(symbol.definition.start).lineNumber;
    lines.push(`${LABELS.definedIn[lang]}: ${LABELS.line[lang](line)}`);
  }
  return lines.join("  \n");
}

export function registerProviders(state: LanguageState): monaco.IDisposable[] {
  return [
    monaco.languages.registerHoverProvider(KUAN, {
      provideHover(model, position) {
        const analysis = state.analysis();
        if (!analysis) return null;
        const hit = occurrenceAt(analysis, model.getOffsetAt(position));
        const symbol = hit && symbolNamed(analysis, hit.name);
        if (!hit || !symbol) return null;
        return { range: rangeOf(model, hit), contents: [{ value: describeSymbol(symbol, model, state.uiLang()) }] };
      },
    }),
    monaco.languages.registerDefinitionProvider(KUAN, {
      provideDefinition(model, position) {
        const analysis = state.analysis();
        if (!analysis) return null;
        const hit = occurrenceAt(analysis, model.getOffsetAt(position));
        const definition = hit && symbolNamed(analysis, hit.name)?.definition;
        return definition ? { uri: model.uri, range: rangeOf(model, definition) } : null;
      },
    }),
    monaco.languages.registerCompletionItemProvider(KUAN, {
      provideCompletionItems(model, position) {
        const analysis = state.analysis();
        const lang = state.uiLang();
        const spelling = analysis?.spelling ?? "zh";
        const typed = typedRun(model, position);
        const Kind = monaco.languages.CompletionItemKind;
        const suggestions: monaco.languages.CompletionItem[] = [];
        const add = (item: Omit<monaco.languages.CompletionItem, "range" | "insertText">) => {
          const label = item.label as string;
          suggestions.push({ ...item, insertText: label, range: rangeFor(label, typed, position) });
        };
        for (const entry of KEYWORDS) {
          const label = entry[spelling][0];
          if (!label) continue;
          add({ label, kind: Kind.Keyword, detail: entry.doc[lang], ...("example" in entry ? { documentation: entry.example[spelling] } : {}), sortText: `2${label}` });
        }
        for (const symbol of analysis?.symbols ?? []) {
          add({
            label: symbol.name,
            kind: symbol.kind === "input" ? Kind.Field : symbol.kind === "rule" ? Kind.Function : Kind.EnumMember,
            detail: [symbol.role[lang], symbol.type?.[lang]].filter(Boolean).join(" · "),
            documentation: { value: describeSymbol(symbol, model, lang) },
            sortText: `1${symbol.name}`,
          });
        }
        for (const unit of UNITS) {
          const label = unit[spelling][0];
          if (!label) continue;
          add({ label, kind: Kind.Unit, detail: unit.doc[lang], sortText: `3${label}` });
        }
        if (spelling === "zh") add({ label: "万元", kind: Kind.Unit, detail: lang === "zh" ? "一万元" : "10,000 yuan", sortText: "3万元" });
        // Asked again at each character: what a tail of the run may start changes as it grows (如 → 如果 → 如果是).
        return { suggestions, incomplete: true };
      },
    }),
  ];
}

/** Characters that end a word: spaces, operators and punctuation, ASCII and full-width. */
const WORD_BREAK = /[\s`~!@#$%^&*()\-=+[{\]}\\|;:'",.<>/?，。：；（）「」“”、×÷≤≥＝％]/;

/** Chinese keyword spellings, longest first: where one ends inside a run, a new word can start. */
const CHINESE_KEYWORDS = [...new Set(KEYWORDS.flatMap((k) => k.zh))].filter((s) => /[\u3400-\u9fff]/.test(s)).sort((a, b) => b.length - a.length);

interface TypedRun {
  /** The characters typed since the last space or punctuation, up to the cursor. */
  readonly text: string;
  /** Offsets in `text` where a word can start: its start, after a keyword (`如果|是示`), after digits (`30|万`). */
  readonly starts: readonly number[];
}

function typedRun(model: monaco.editor.ITextModel, position: monaco.Position): TypedRun {
  const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
  let from = before.length;
  while (from > 0 && !WORD_BREAK.test(before.charAt(from - 1))) from--;
  const text = before.slice(from);
  const starts = new Set([0]);
  for (let i = 1; i <= text.length; i++) {
    const head = text.slice(0, i);
    if (CHINESE_KEYWORDS.some((k) => head.endsWith(k))) starts.add(i);
    if (/[0-9０-９]/.test(text.charAt(i - 1)) && !/[0-9０-９.]/.test(text.charAt(i))) starts.add(i);
  }
  return { text, starts: [...starts].sort((a, b) => a - b) };
}

/**
 * What an item replaces: the longest tail of the typed run that begins a word and that the label
 * begins with, so after `如果是示` a name 是示范企业 replaces `是示` (the compiler would read 是 as
 * the keyword "yes" until the name is there). Otherwise the whole run, for Monaco to filter by.
 */
function rangeFor(label: string, typed: TypedRun, position: monaco.Position): monaco.Range {
  const lower = label.toLowerCase();
  const start = typed.starts.find((s) => lower.startsWith(typed.text.slice(s).toLowerCase())) ?? 0;
  const column = position.column - (typed.text.length - start);
  return new monaco.Range(position.lineNumber, column, position.lineNumber, position.column);
}

/** The compile's diagnostics (the first MAX_MARKERS, as the worker sends them). */
export function setDiagnosticMarkers(model: monaco.editor.ITextModel, problems: ProblemsView, lang: Lang): void {
  const markers = problems.diagnostics.map((d): monaco.editor.IMarkerData => {
    const range = rangeOf(model, d.span.end > d.span.start ? d.span : { start: d.span.start, end: d.span.start + 1 });
    return {
      startLineNumber: range.startLineNumber,
      startColumn: range.startColumn,
      endLineNumber: range.endLineNumber,
      endColumn: range.endColumn,
      severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      code: d.code,
      source: "Kuan",
      message: visible(d.hint ? `${d.message[lang]}\n${d.hint[lang]}` : d.message[lang], true),
      relatedInformation: d.related.map((r) => ({ resource: model.uri, message: visible(r.label[lang]), ...rangeOf(model, r.span) })),
    };
  });
  monaco.editor.setModelMarkers(model, "kuan", markers);
}

/**
 * Each failing example marked at its 例 line, under an owner of their own: the diagnostics'
 * markers come first after an edit, and the examples' only with the preview.
 */
export function setExampleMarkers(model: monaco.editor.ITextModel, failing: readonly ExampleResult[], lang: Lang): void {
  monaco.editor.setModelMarkers(
    model,
    EXAMPLE_OWNER,
    failing.map((example) => {
      const line = model.getPositionAt(example.span.start).lineNumber;
      return {
        startLineNumber: line,
        startColumn: 1,
        endLineNumber: line,
        endColumn: model.getLineMaxColumn(line),
        severity: monaco.MarkerSeverity.Error,
        code: "例",
        source: "Kuan",
        message: visible([t("exampleFails", lang)(example.title), ...example.failures.map((f) => f[lang])].join("\n"), true),
      };
    }),
  );
}

export const EXAMPLE_OWNER = "kuan-examples";
