/**
 * Policy text made safe to show: a file someone sent you must not be able to move the cursor,
 * clear a line or reorder what a terminal, the playground or a report shows. Control characters
 * are written as escapes (`\x1b`, `\x7f`, `\x9b`), and bidirectional and other invisible formatting
 * characters (U+202E, U+2066, U+200B, U+2028, …) as `⟨U+202E⟩`: shown, never interpreted.
 * Every command that prints text from a policy (check, test, eval, diff, ledger) goes through here.
 */

/** C0 and C1 controls (tab and line breaks are the caller's business), DEL. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
/** Bidi embeddings, overrides and isolates, marks, zero-width and separator characters, the BOM. */
const FORMAT = /[\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/u;
const ANY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/u;

/** One character as shown: itself, or its visible escape. */
export function visibleChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (CONTROL.test(ch)) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (FORMAT.test(ch)) return `⟨U+${code.toString(16).toUpperCase().padStart(4, "0")}⟩`;
  return ch;
}

/** Text with every control and formatting character made visible; `\t`, `\n` and `\r` as escapes too unless `keepLayout`. */
export function visible(text: string, keepLayout = false): string {
  if (!ANY.test(text) && (keepLayout || !/[\t\n\r]/.test(text))) return text;
  let out = "";
  for (const ch of text) {
    if (ch === "\t" || ch === "\n" || ch === "\r") out += keepLayout ? ch : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r";
    else out += visibleChar(ch);
  }
  return out;
}
