/**
 * Values typed into the preview form, as an officer writes them (`500万元`, `1,200`, `12%`),
 * turned into exact decimal strings — never through binary floating point.
 */
const MAGNITUDE_ZEROS: Readonly<Record<string, number>> = { 千: 3, 万: 4, 亿: 8 };

const FULL_WIDTH_DIGITS = /[０-９．－]/g;
const toHalfWidth = (text: string) => text.replace(FULL_WIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** Multiplies a decimal string by 10^zeros by moving its point. */
function shiftDecimal(decimal: string, zeros: number): string {
  const negative = decimal.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? decimal.slice(1) : decimal).split(".");
  const digits = whole + fraction.padEnd(zeros, "0");
  const pointAt = whole.length + zeros;
  const integer = digits.slice(0, pointAt).replace(/^0+(?=\d)/, "");
  const rest = digits.slice(pointAt).replace(/0+$/, "");
  return `${negative ? "-" : ""}${integer}${rest ? `.${rest}` : ""}`;
}

/** `500万元` → "5000000"; `1,234.5 元` → "1234.5"; null when it is not an amount. */
export function parseMoney(text: string): string | null {
  const compact = toHalfWidth(text).replace(/[\s,，]/g, "").replace(/(元|yuan|rmb|¥|￥)$/i, "").replace(/^[¥￥]/, "");
  const match = /^(-?\d+(?:\.\d+)?)([千万亿])?$/.exec(compact);
  if (!match) return null;
  return shiftDecimal(match[1] ?? "0", MAGNITUDE_ZEROS[match[2] ?? ""] ?? 0);
}

/** `12%` or `12` → "12" (percent); null when it is not a rate. */
export function parsePercent(text: string): string | null {
  const match = /^(-?\d+(?:\.\d+)?)[%％]?$/.exec(toHalfWidth(text).replace(/\s/g, ""));
  return match ? (match[1] ?? null) : null;
}

/** A count or a duration: `50`, `50件`, `2年` → "50" / "2"; null otherwise. */
export function parseQuantity(text: string): string | null {
  const match = /^(\d+(?:\.\d+)?)[^\d]*$/.exec(toHalfWidth(text).replace(/[\s,，]/g, ""));
  return match ? (match[1] ?? null) : null;
}

/** "50000.00" → "50,000.00". */
export function groupDigits(decimal: string): string {
  const [whole = "", fraction] = decimal.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
