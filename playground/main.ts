/**
 * The playground: a Kuan editor, the compiler in a worker, and a live preview of the decision.
 * The whole view lives in the URL's fragment, so a link reproduces the policy and the inputs.
 */
import "./styles.css";
import { monaco } from "./monaco/setup.js";
import { defineTheme, KUAN, registerKuan } from "./language/kuan-language.js";
import { NameHighlighting } from "./language/names.js";
import { indentAfterHeaders } from "./language/enter.js";
import { rangeOf, registerProviders, setDiagnosticMarkers, setExampleMarkers } from "./language/providers.js";
import { CompareSummary } from "./ui/compare.js";
import { CompilerClient } from "./ui/compiler-client.js";
import { h } from "./ui/dom.js";
import { EDITOR_OPTIONS } from "./ui/editor-options.js";
import { loadFonts } from "./ui/fonts.js";
import { t, type TextKey } from "./ui/i18n.js";
import { LatencyProbe } from "./ui/latency.js";
import { IncrementalList } from "./ui/lists.js";
import { PageMarkers } from "./ui/page-markers.js";
import { Preview } from "./ui/preview.js";
import { DEFAULT_SAMPLE_KEY, SAMPLES } from "./ui/samples.js";
import { readUrlState, type Tab } from "./ui/url-state.js";
import { Pause } from "./ui/pause.js";
import { UrlSaver } from "./ui/url-saver.js";
import type { Analysis, DiagnosticView, EmitView, ExampleResult, Lang, PreviewResponse, ProblemsView, Span } from "./worker/protocol.js";
import { visible } from "../compiler/diagnostics/visible.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

await loadFonts();
registerKuan();
defineTheme();

const initial = readUrlState(location.hash);
const sampleText = (key: string) => SAMPLES.find((s) => s.key === key)?.source ?? "";

// Chinese first: the officers who write the measures work in Chinese; links keep the choice.
let lang: Lang = initial.lang ?? "zh";
let tab: Tab = initial.tab ?? "preview";
let sampleKey = initial.sample && SAMPLES.some((s) => s.key === initial.sample) ? initial.sample : DEFAULT_SAMPLE_KEY;
let compareWith = initial.compareWith ?? "";
let analysis: Analysis | null = null;
const titles = new Map<string, string>();

// ------------------------------------------------------------------ editor

const editorOptions = EDITOR_OPTIONS;

const model = monaco.editor.createModel(initial.source ?? sampleText(sampleKey), KUAN, monaco.Uri.parse("file:///policy.kuan"));
// Declared names are coloured by semantic tokens (language/names.ts).
const editor = monaco.editor.create($("editor"), { ...editorOptions, model, theme: "kuan-light", glyphMargin: false, folding: true, "semanticHighlighting.enabled": true });
monaco.editor.remeasureFonts();
indentAfterHeaders(editor);

registerProviders({ analysis: () => analysis, uiLang: () => lang });
const names = new NameHighlighting(model);
monaco.languages.registerDocumentSemanticTokensProvider(KUAN, names);

// ------------------------------------------------------------------ preview and compiler

const latency = new LatencyProbe($("editor"));

const preview = new Preview($("panel-preview"), {
  onChange: () => {
    requestUpdate();
    saveUrlSoon();
  },
  onReveal: (span) => reveal(span),
});
preview.restore(initial.preview ?? {});

const compiler = new CompilerClient({
  markers: (response, sent) => {
    const applyStarted = performance.now();
    pageMarkers.workerCompiled(response.timing.compile);
    applyMarkers(response.problems, response.timing.compile);
    latency.markersApplied(response, sent, applyStarted);
  },
  preview: (response, sent) => {
    const applyStarted = performance.now();
    applyPreview(response, sent.source);
    latency.previewApplied(response, sent, applyStarted);
    askForTitles();
  },
  title: ({ key, title, version }) => {
    if (title) titles.set(key, version ? `${title}（${version}）` : title);
    renderSampleOptionsSoon();
  },
});

let sentInput = "";

function requestUpdate(source = model.getValue(), edit = false): void {
  const { input, context } = preview.input();
  sentInput = JSON.stringify([input, context]);
  compiler.update({ source, version: model.getVersionId(), input, context, emit: tab === "typescript" }, edit);
}

let lastCompileMs: number | null = null;

function renderCompileTime(): void {
  const text = lastCompileMs === null ? "" : t("compileTime", lang)(lastCompileMs.toFixed(1));
  if ($("compile-time").textContent !== text) $("compile-time").textContent = text;
}

/** The diagnostics on screen (the worker's first MAX_MARKERS and the counts). */
let problems: ProblemsView = { diagnostics: [], errors: 0, warnings: 0 };
let shownProblems = "";
/** Examples that fail: counted in the problems bar and marked at their 例 line. */
let failingExamples: readonly ExampleResult[] = [];
let shownFailing = "[]";

/**
 * The markers come first: nothing else is done before they are set. The problems list below the
 * editor follows with `list`, or after the frame that draws the squiggles (`later`).
 */
function applyMarkers(next: ProblemsView, compileMs: number, list: "now" | "later" = "now"): void {
  if (compileMs > 0) lastCompileMs = compileMs;
  const key = JSON.stringify(next);
  if (key === shownProblems) return;
  shownProblems = key;
  problems = next;
  setDiagnosticMarkers(model, problems, lang);
  if (list === "now") renderProblems();
  else afterPaint.problems = true;
}

function applyPreview(response: PreviewResponse, source: string): void {
  // A decision made with the previous policy's form values is not shown: the new one is on its way.
  let stale = false;
  if (response.analysis) {
    analysis = response.analysis;
    names.setAnalysis(source, analysis);
    preview.setAnalysis(analysis);
    // New fields (prefilled from the file's example) or a new date: decide again with them.
    const { input, context } = preview.input();
    if (JSON.stringify([input, context]) !== sentInput) {
      stale = true;
      requestUpdate();
    }
  }
  if (!stale) preview.showEvaluation(response.evaluation);
  if (response.examples) {
    preview.showExamples(response.examples);
    const failing = response.examples.status === "ran" ? response.examples.results.filter((r) => !r.passed) : [];
    const key = JSON.stringify(failing.map((f) => [f.span, f.failures]));
    if (key !== shownFailing) {
      shownFailing = key;
      failingExamples = failing;
      setExampleMarkers(model, failingExamples, lang);
      renderProblems();
    }
  }
  if (response.emitted) showEmitted(response.emitted);
  renderCompileTime();
  // Once: even an unchanged attribute on the root restyles and repaints the whole page.
  if ($("app").dataset["ready"] !== "true") $("app").dataset["ready"] = "true";
}

const pageMarkers = new PageMarkers();

/**
 * What a keystroke leaves for after the frame that shows it (and its squiggles) is drawn: any DOM
 * outside the editor touched before that frame is laid out in it too (Monaco measures the DOM as
 * it renders), and a compile in the worker meanwhile takes a core from the page.
 */
const afterPaint = { pending: false, problems: false, update: false };

function schedulePaintFollowUp(): void {
  if (afterPaint.pending) return;
  afterPaint.pending = true;
  // A task queued in the frame's callbacks runs once the frame is drawn.
  requestAnimationFrame(() => setTimeout(() => {
    afterPaint.pending = false;
    if (afterPaint.problems) renderProblems();
    if (afterPaint.update) requestUpdate();
    afterPaint.problems = afterPaint.update = false;
  }, 0));
}

model.onDidChangeContent(() => {
  latency.changed(model.getVersionId());
  const source = model.getValue();
  const here = pageMarkers.check(source);
  if (here) {
    applyMarkers(here.problems, here.ms, "later");
    compiler.markersShown(source);
    latency.markersOnPage(model.getVersionId(), here.ms);
    // The worker is asked for the preview (of the newest text) once the squiggles are drawn.
    afterPaint.update = true;
    schedulePaintFollowUp();
  } else {
    // A worker makes the markers: it is asked at once.
    afterPaint.update = false;
    requestUpdate(source, true);
  }
  saveUrlSoon();
  renderSampleLabelSoon();
});

// ------------------------------------------------------------------ problems

type Problem = { readonly kind: "example"; readonly example: ExampleResult } | { readonly kind: "diagnostic"; readonly diagnostic: DiagnosticView } | { readonly kind: "more"; readonly count: number };

function problemItem(problem: Problem): HTMLElement {
  if (problem.kind === "more") return h("li", { class: "more" }, t("moreProblems", lang)(problem.count));
  const [severity, code, span, message, hint] =
    problem.kind === "example"
      ? ["error", "例", problem.example.span, t("exampleFails", lang)(problem.example.title), problem.example.failures[0]?.[lang]] as const
      : [problem.diagnostic.severity, problem.diagnostic.code, problem.diagnostic.span, problem.diagnostic.message[lang], problem.diagnostic.hint?.[lang]] as const;
  const at = model.getPositionAt(span.start);
  const item = h("li", { class: severity, tabindex: 0, role: "button", "data-code": code },
    h("span", { class: "code" }, code),
    h("span", { class: "where" }, t("line", lang)(at.lineNumber, at.column)),
    h("span", { class: "message" }, visible(message), hint ? h("span", { class: "hint" }, ` — ${visible(hint)}`) : null));
  item.addEventListener("click", () => reveal(span));
  return item;
}

/** Problems are drawn incrementally: an unchanged one keeps its element. */
const problemList = new IncrementalList<Problem>($("problem-list"), problemItem);

/** What the problems bar says, to leave it alone when that is unchanged. */
let shownCounts = "";

function renderProblems(): void {
  const { diagnostics, errors, warnings } = problems;
  const failing = failingExamples.length;
  const counts = JSON.stringify([lang, errors, warnings, failing]);
  if (counts !== shownCounts) {
    shownCounts = counts;
    renderCounts(errors, warnings, failing);
  }
  const more = errors + warnings - diagnostics.length;
  // A place is part of the key: the line and column shown move when the text above changes.
  problemList.draw([
    ...failingExamples.map((example) => ({ key: `${lang}例${JSON.stringify([example.span, example.title, example.failures[0]])}`, value: { kind: "example", example } as const })),
    ...diagnostics.map((diagnostic) => ({ key: `${lang}${diagnostic.code}${JSON.stringify([diagnostic.span, diagnostic.message.zh])}`, value: { kind: "diagnostic", diagnostic } as const })),
    ...(more > 0 ? [{ key: `${lang}more${more}`, value: { kind: "more", count: more } as const }] : []),
  ]);
}

function renderCounts(errors: number, warnings: number, failing: number): void {
  $("problem-counts").replaceChildren(
    ...(errors + warnings === 0 && failing === 0
      ? [h("span", { class: "ok" }, `✓ ${t("noProblems", lang)}`)]
      : [
          errors > 0 ? h("span", { class: "count error" }, t("errors", lang)(errors)) : "",
          warnings > 0 ? h("span", { class: "count warning" }, t("warnings", lang)(warnings)) : "",
          failing > 0 ? h("span", { class: "count error", "data-testid": "failing-examples" }, t("failingExamples", lang)(failing)) : "",
        ]),
  );
}

// ------------------------------------------------------------------ revealing a clause

let highlight = editor.createDecorationsCollection();

function reveal(span: Span): void {
  const range = rangeOf(model, span);
  highlight.clear();
  highlight = editor.createDecorationsCollection([
    { range, options: { className: "clause-highlight", isWholeLine: false, overviewRuler: { color: "#c8102e", position: monaco.editor.OverviewRulerLane.Center } } },
    { range, options: { isWholeLine: true, className: "clause-line" } },
  ]);
  editor.revealRangeInCenterIfOutsideViewport(range, monaco.editor.ScrollType.Smooth);
  editor.setSelection(new monaco.Selection(range.startLineNumber, range.startColumn, range.startLineNumber, range.startColumn));
}

// ------------------------------------------------------------------ samples

const sampleSelect = $<HTMLSelectElement>("sample");
const compareSelect = $<HTMLSelectElement>("compare-with");

function sampleLabel(key: string): string {
  return titles.get(key) ?? key.split("/").pop() ?? key;
}

/** The sample's label says "(edited)" once the text differs; the DOM is touched only when that flips. */
let shownEdited: boolean | null = null;

/** The "(edited)" label waits for a pause in typing: a <select> re-laid out costs a whole frame. */
const labelPause = new Pause(300, () => renderSampleLabel());
function renderSampleLabelSoon(): void {
  labelPause.poke();
}

function renderSampleLabel(force = false): void {
  const original = sampleText(sampleKey);
  // The length first: reading a long text out of the model at every keystroke is not free.
  const edited = model.getValueLength() !== original.length || model.getValue() !== original;
  if (edited === shownEdited && !force) return;
  shownEdited = edited;
  for (const option of sampleSelect.options) {
    const label = sampleLabel(option.value) + (option.value === sampleKey && edited ? t("edited", lang) : "");
    if (option.textContent !== label) option.textContent = label;
  }
  $("reset").hidden = !edited;
}

function renderSampleOptions(): void {
  const option = (key: string) => h("option", { value: key, selected: key === sampleKey }, sampleLabel(key));
  const seeds = SAMPLES.filter((s) => s.seed);
  const sketches = SAMPLES.filter((s) => !s.seed);
  sampleSelect.replaceChildren(
    ...(seeds.length > 0 ? [h("optgroup", { label: lang === "zh" ? "种子政策" : "Seed policies" }, ...seeds.map((s) => option(s.key)))] : []),
    h("optgroup", { label: lang === "zh" ? "示例" : "Sketches" }, ...sketches.map((s) => option(s.key))),
  );
  compareSelect.replaceChildren(
    h("option", { value: "" }, t("compareOriginal", lang)),
    ...SAMPLES.map((s) => h("option", { value: s.key, selected: s.key === compareWith }, sampleLabel(s.key))),
  );
  renderSampleLabel(true);
}

sampleSelect.addEventListener("change", () => {
  sampleKey = sampleSelect.value;
  model.setValue(sampleText(sampleKey));
  updateCompareOriginal();
});
$("reset").addEventListener("click", () => model.setValue(sampleText(sampleKey)));

// Titles are compiled once the first decision is on screen, a sample at a time between edits,
// or at once when the list is opened before that.
function askForTitles(): void {
  compiler.titles(SAMPLES.map((s) => ({ key: s.key, source: s.source })));
}
sampleSelect.addEventListener("pointerdown", askForTitles);
sampleSelect.addEventListener("focus", askForTitles);

let optionsFrame = 0;
function renderSampleOptionsSoon(): void {
  cancelAnimationFrame(optionsFrame);
  optionsFrame = requestAnimationFrame(() => renderSampleOptions());
}

// ------------------------------------------------------------------ tabs: TypeScript and compare

let tsEditor: monaco.editor.IStandaloneCodeEditor | null = null;
let diffEditor: monaco.editor.IStandaloneDiffEditor | null = null;
const compareOriginal = monaco.editor.createModel("", KUAN, monaco.Uri.parse("file:///compare-original.kuan"));

function showEmitted(emitted: EmitView): void {
  const notice = $("emit-notice");
  notice.hidden = emitted.status === "emitted";
  notice.textContent = emitted.status === "blocked" ? t("emitBlocked", lang) : "";
  if (emitted.status !== "emitted") return;
  tsEditor ??= monaco.editor.create($("ts-editor"), { ...editorOptions, language: "typescript", readOnly: true, theme: "kuan-light", value: "" });
  if (tsEditor.getValue() !== emitted.code) tsEditor.setValue(emitted.code);
}

function updateCompareOriginal(): void {
  const text = compareWith ? sampleText(compareWith) : sampleText(sampleKey);
  if (compareOriginal.getValue() !== text) compareOriginal.setValue(text);
  if (tab === "compare") compareSummary.update(compareOriginal.getValue(), model.getValue());
}

// The semantic summary (ui/compare.ts): a change reveals both places, a witness opens in the preview.
const compareSummary = new CompareSummary($("semantic-summary"), {
  reveal: (oldPlace, newPlace) => {
    for (const [side, place, text] of [[diffEditor?.getOriginalEditor(), oldPlace, compareOriginal], [diffEditor?.getModifiedEditor(), newPlace, model]] as const) {
      if (!side || !place) continue;
      const range = rangeOf(text, place);
      side.setSelection(range);
      side.revealRangeInCenter(range, monaco.editor.ScrollType.Smooth);
    }
  },
  openWitness: (state) => {
    preview.restore(state);
    preview.setLang(lang); // re-renders the form with the witness's values
    selectTab("preview");
    requestUpdate();
  },
});
model.onDidChangeContent(() => {
  if (tab === "compare") compareSummary.update(compareOriginal.getValue(), model.getValue());
});

function selectTab(next: Tab): void {
  tab = next;
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-tab]")) button.setAttribute("aria-selected", String(button.dataset["tab"] === tab));
  for (const name of ["preview", "typescript", "compare"] as const) $(`panel-${name}`).hidden = name !== tab;
  if (tab === "typescript") requestUpdate();
  if (tab === "compare") {
    updateCompareOriginal();
    diffEditor ??= monaco.editor.createDiffEditor($("diff-editor"), { ...editorOptions, theme: "kuan-light", originalEditable: false, renderSideBySide: true, useInlineViewWhenSpaceIsLimited: true });
    diffEditor.setModel({ original: compareOriginal, modified: model });
  }
  saveUrlSoon();
}

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-tab]")) {
  button.addEventListener("click", () => selectTab(button.dataset["tab"] as Tab));
}
compareSelect.addEventListener("change", () => {
  compareWith = compareSelect.value;
  updateCompareOriginal();
  saveUrlSoon();
});

// ------------------------------------------------------------------ language

function applyLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const element of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    element.textContent = t(element.dataset["i18n"] as TextKey, lang) as string;
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset["lang"] === lang));
  setDiagnosticMarkers(model, problems, lang);
  setExampleMarkers(model, failingExamples, lang);
  renderProblems();
  renderCompileTime();
  renderSampleOptions();
  preview.setLang(lang);
  compareSummary.setLang(lang);
  saveUrlSoon();
}

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-lang]")) {
  button.addEventListener("click", () => applyLang(button.dataset["lang"] as Lang));
}

// ------------------------------------------------------------------ the URL

const urlSaver = new UrlSaver(() => ({ sample: sampleKey, source: model.getValue(), lang, tab, compareWith, preview: preview.state() }));

function saveUrlSoon(): void {
  urlSaver.saveSoon();
}

$("copy-link").addEventListener("click", () => {
  urlSaver.saveNow();
  void navigator.clipboard?.writeText(location.href).then(() => {
    const button = $("copy-link");
    button.textContent = t("linkCopied", lang);
    setTimeout(() => (button.textContent = t("copyLink", lang)), 1500);
  });
});

// A link pasted into the address bar of an open playground: show that view.
window.addEventListener("hashchange", () => {
  if (location.hash !== urlSaver.written) location.reload();
});

// ------------------------------------------------------------------ start

applyLang(lang);
selectTab(tab);
requestUpdate();

/** For the end-to-end tests and the latency bench: the editor, and what the page measured. */
Object.assign(window, { kuan: { editor, model, monaco, latency, analysis: () => analysis } });
