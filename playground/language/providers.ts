/**
 * Completion, hover and go to definition for Kuan, answered on the page from the worker's latest
 * analysis (names, types, units, defining articles), and diagnostics as Monaco markers. Spans are
 * UTF-16 offsets, so `model.getPositionAt` is the whole conversion to Monaco's 1-based positions.
 */
import { KEYWORDS, UNITS } from "../../grammar/keywords.js";
import { monaco } from "../monaco/setup.js";
import type { Analysis, ExampleResult, Lang, Span, SymbolView } from "../worker/protocol.js";
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
        const word = model.getWordUntilPosition(position);
        const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
        const Kind = monaco.languages.CompletionItemKind;
        const suggestions: monaco.languages.CompletionItem[] = [];
        for (const entry of KEYWORDS) {
          const label = entry[spelling][0];
          if (!label) continue;
          suggestions.push({
            label,
            kind: Kind.Keyword,
            insertText: label,
            detail: entry.doc[lang],
            ...("example" in entry ? { documentation: entry.example[spelling] } : {}),
            range,
            sortText: `2${label}`,
          });
        }
        for (const symbol of analysis?.symbols ?? []) {
          suggestions.push({
            label: symbol.name,
            kind: symbol.kind === "input" ? Kind.Field : symbol.kind === "rule" ? Kind.Function : Kind.EnumMember,
            insertText: symbol.name,
            detail: [symbol.role[lang], symbol.type?.[lang]].filter(Boolean).join(" · "),
            documentation: { value: describeSymbol(symbol, model, lang) },
            range,
            sortText: `1${symbol.name}`,
          });
        }
        for (const unit of UNITS) {
          const label = unit[spelling][0];
          if (!label) continue;
          suggestions.push({ label, kind: Kind.Unit, insertText: label, detail: unit.doc[lang], range, sortText: `3${label}` });
        }
        if (spelling === "zh") {
          suggestions.push({ label: "万元", kind: Kind.Unit, insertText: "万元", detail: lang === "zh" ? "一万元" : "10,000 yuan", range, sortText: "3万元" });
        }
        return { suggestions };
      },
    }),
  ];
}

/** Markers shown at most: past this a file is mostly noise (a paste gone wrong), and the problem list says how many more. */
export const MAX_MARKERS = 200;

/** The diagnostics (the first MAX_MARKERS), and each failing example marked at its 例 line. */
export function setMarkers(model: monaco.editor.ITextModel, analysis: Analysis, lang: Lang, failing: readonly ExampleResult[]): void {
  const markers = analysis.diagnostics.slice(0, MAX_MARKERS).map((d): monaco.editor.IMarkerData => {
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
  for (const example of failing) {
    const line = model.getPositionAt(example.span.start).lineNumber;
    markers.push({
      startLineNumber: line,
      startColumn: 1,
      endLineNumber: line,
      endColumn: model.getLineMaxColumn(line),
      severity: monaco.MarkerSeverity.Error,
      code: "例",
      source: "Kuan",
      message: visible([t("exampleFails", lang)(example.title), ...example.failures.map((f) => f[lang])].join("\n"), true),
    });
  }
  monaco.editor.setModelMarkers(model, "kuan", markers);
}
