/**
 * How many terminal columns text takes: a CJK character (East Asian Width W or F) takes two, a
 * combining mark none, anything else one. The caret under a diagnostic depends on it.
 */
import { WIDE_RANGES, ZERO_WIDTH_RANGES } from "./east-asian-width-table.js";

function inRanges(ranges: readonly number[], codePoint: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const first = ranges[mid * 2] ?? 0;
    const last = ranges[mid * 2 + 1] ?? 0;
    if (codePoint < first) hi = mid - 1;
    else if (codePoint > last) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Columns one code point takes in a terminal: 0, 1 or 2. */
export function codePointWidth(codePoint: number): 0 | 1 | 2 {
  if (codePoint < 0x300) return 1;
  if (inRanges(ZERO_WIDTH_RANGES, codePoint)) return 0;
  return inRanges(WIDE_RANGES, codePoint) ? 2 : 1;
}

/** Columns a string takes in a terminal (no control characters expected: see render.ts). */
export function stringWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += codePointWidth(ch.codePointAt(0) ?? 0);
  return width;
}
