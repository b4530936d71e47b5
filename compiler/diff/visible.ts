/**
 * Policy text printed by the diff (terminal, JSON, HTML, playground): control and bidirectional
 * formatting characters shown as `<U+202E>`, so no source text can reorder what a reviewer reads.
 */
const HIDDEN = /[\p{Cc}\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

export function visible(text: string): string {
  return text.replace(HIDDEN, (ch) => (ch === "\t" ? " " : `<U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`));
}
