/** The editor's options, shared by the playground and the bare Monaco page the latency bench compares it with (floor.ts). */
import type { monaco } from "../monaco/setup.js";
import { EDITOR_FONT } from "./fonts.js";

export const EDITOR_OPTIONS: monaco.editor.IEditorOptions = {
  fontFamily: EDITOR_FONT,
  fontSize: 16,
  lineHeight: 26,
  fontLigatures: false,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  automaticLayout: true,
  renderWhitespace: "none",
  wordWrap: "off",
  fixedOverflowWidgets: true,
  padding: { top: 8 },
  unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: false },
};
