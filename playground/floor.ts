/**
 * The floor for the latency bench (bench/playground-latency.ts): a bare Monaco editor, built by
 * the same Vite run from the same Monaco setup, fonts and editor options as the playground, with
 * a trivial validator in place of the compiler — a regular expression run over the text on every
 * change, on the page's thread, its matches set as error markers at once. What the playground adds
 * on top of this (compiler, worker hops, preview) is what the bench measures.
 */
import { monaco } from "./monaco/setup.js";
import { EDITOR_OPTIONS } from "./ui/editor-options.js";
import { loadFonts } from "./ui/fonts.js";

await loadFonts();

/** A percent sign with no number before it (`× %`): what the bench's Backspace leaves. */
const NO_NUMBER_BEFORE_PERCENT = /(?<![0-9０-９.．])[%％]/g;

const model = monaco.editor.createModel("", "plaintext", monaco.Uri.parse("file:///floor.txt"));
const editor = monaco.editor.create(document.getElementById("editor") as HTMLElement, { ...EDITOR_OPTIONS, model, glyphMargin: false, folding: true });

function validate(): void {
  const text = model.getValue();
  const markers: monaco.editor.IMarkerData[] = [];
  for (const match of text.matchAll(NO_NUMBER_BEFORE_PERCENT)) {
    const start = model.getPositionAt(match.index);
    const end = model.getPositionAt(match.index + match[0].length);
    markers.push({ startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column, severity: monaco.MarkerSeverity.Error, message: "% without a number" });
  }
  monaco.editor.setModelMarkers(model, "floor", markers);
}

model.onDidChangeContent(validate);

Object.assign(window, { floor: { editor, model, monaco } });
document.body.dataset["ready"] = "true";
