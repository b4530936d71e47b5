/**
 * The view in the URL's fragment, so a link reproduces it: the policy text (lz-string
 * compressed), the sample it came from, the form's values and history, the UI language and tab.
 * Nothing leaves the page: the fragment is never sent to a server.
 */
import * as LZString from "lz-string";
import type { Lang } from "../worker/protocol.js";
import type { PreviewState } from "./preview.js";

export type Tab = "preview" | "typescript" | "compare";

export interface ViewState {
  readonly sample: string;
  /** The text in the editor, always: a link shows this text even after the sample changes. */
  readonly source: string;
  readonly lang: Lang;
  readonly tab: Tab;
  readonly compareWith: string;
  readonly preview: Partial<PreviewState>;
}

const TABS: readonly Tab[] = ["preview", "typescript", "compare"];

export function readUrlState(hash: string): Partial<ViewState> {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const state: { -readonly [K in keyof ViewState]?: ViewState[K] } = {};
  const sample = params.get("p");
  if (sample) state.sample = sample;
  const source = params.get("s");
  if (source !== null) state.source = LZString.decompressFromEncodedURIComponent(source) ?? "";
  const lang = params.get("lang");
  if (lang === "zh" || lang === "en") state.lang = lang;
  const tab = params.get("tab") as Tab | null;
  if (tab && TABS.includes(tab)) state.tab = tab;
  const compareWith = params.get("cmp");
  if (compareWith) state.compareWith = compareWith;
  const inputs = params.get("i");
  if (inputs) {
    try {
      state.preview = JSON.parse(LZString.decompressFromEncodedURIComponent(inputs) || "{}") as Partial<PreviewState>;
    } catch {
      // A link cut short: keep the rest of the view.
    }
  }
  return state;
}

export function writeUrlState(state: ViewState): string {
  const params = new URLSearchParams();
  params.set("p", state.sample);
  params.set("s", LZString.compressToEncodedURIComponent(state.source));
  params.set("i", LZString.compressToEncodedURIComponent(JSON.stringify(state.preview)));
  params.set("lang", state.lang);
  params.set("tab", state.tab);
  if (state.compareWith) params.set("cmp", state.compareWith);
  return `#${params.toString()}`;
}
