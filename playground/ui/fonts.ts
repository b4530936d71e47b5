/**
 * Self-hosted fonts: nothing is fetched from the network, and machines without CJK fonts still
 * show Chinese. The UI uses Noto Sans SC. The editor uses "Kuan Mono": Noto Sans Mono's Latin
 * scaled so its advance is exactly half an em (0.6 em × 83.33 %), falling back to Noto Sans SC
 * whose ideographs and full-width punctuation are one em — two columns per Chinese character,
 * so Chinese and Latin stay aligned in the editor.
 */
import "@fontsource/noto-sans-sc/400.css";
import "@fontsource/noto-sans-sc/700.css";
import monoLatin from "@fontsource/noto-sans-mono/files/noto-sans-mono-latin-400-normal.woff2?url";
import monoLatinExt from "@fontsource/noto-sans-mono/files/noto-sans-mono-latin-ext-400-normal.woff2?url";

export const UI_FONT = `"Noto Sans SC", sans-serif`;
export const EDITOR_FONT = `"Kuan Mono", "Noto Sans SC", monospace`;

const LATIN = "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD";
const LATIN_EXT = "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, U+0308, U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF";

/** Loads the faces the first screen needs, so nothing reflows after the editor measures its font. */
export async function loadFonts(): Promise<void> {
  for (const [url, unicodeRange] of [[monoLatin, LATIN], [monoLatinExt, LATIN_EXT]] as const) {
    // `sizeAdjust` is in Chromium, Firefox and Safari but not yet in TypeScript's DOM types.
    const descriptors = { unicodeRange, sizeAdjust: "83.3333%", display: "block" } as FontFaceDescriptors;
    document.fonts.add(new FontFace("Kuan Mono", `url(${url}) format("woff2")`, descriptors));
  }
  const sample = "款政策申报第四条质押融资奖励补贴金额元企业是否中文English 0123456789";
  await Promise.all([
    document.fonts.load(`16px "Kuan Mono"`, "Kuan 0123"),
    document.fonts.load(`400 14px "Noto Sans SC"`, sample),
    document.fonts.load(`700 14px "Noto Sans SC"`, sample),
  ]);
}
