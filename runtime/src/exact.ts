/**
 * Exact numbers for evaluation. Money is integer fen in a JS number (exact while a safe
 * integer; every operation checks, and falls back to bigint where an intermediate product would
 * not be safe). Rates, counts and durations are exact decimals (`Dec`: units / 10^scale).
 * No binary floating point touches an amount: a double is used only to hold integers exactly.
 */

export class KuanRangeError extends RangeError {
  readonly code = "K5101";
  readonly zh = "金额过大，无法精确计算";
  readonly en = "the amount is too large to compute exactly";
  constructor(what: string) {
    super(`${what} is too large to compute exactly`);
  }
}

export function checkedFen(x: number): number {
  if (!Number.isSafeInteger(x)) throw new KuanRangeError("amount");
  return x;
}

export function addFen(a: number, b: number): number {
  return checkedFen(a + b);
}

export function subFen(a: number, b: number): number {
  return checkedFen(a - b);
}

// ---------------------------------------------------------------- exact decimals

/**
 * value = units / 10^scale. `small` is `units` as a number when it is a safe integer. In JSON a
 * Dec is its exact decimal text ("0.05"), so `JSON.stringify(decision)` never meets a bigint.
 */
export interface Dec {
  readonly units: bigint;
  readonly scale: number;
  readonly small: number | null;
  toJSON(): string;
}

class DecValue implements Dec {
  constructor(
    readonly units: bigint,
    readonly scale: number,
    readonly small: number | null,
  ) {}

  toJSON(): string {
    return decToString(this);
  }
}

const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));
const POW10_NUM: number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

export function dec(units: bigint, scale: number): Dec {
  // Normalise trailing zeros so equal values look equal.
  let u = units;
  let s = scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s--;
  }
  const n = Number(u);
  return new DecValue(u, s, Number.isSafeInteger(n) ? n : null);
}

/** Parses an exact decimal string ("12", "0.075", "-3.5"); undefined if malformed. */
export function parseDec(text: string): Dec | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? "";
  const units = BigInt((m[2] ?? "0") + frac);
  return dec(m[1] === "-" ? -units : units, frac.length);
}

export function decOf(text: string): Dec {
  const d = parseDec(text);
  if (!d) throw new RangeError(`not a decimal: ${text}`);
  return d;
}

/** 0 to 1023, made once: counts and small whole numbers are most of the decimals an evaluation reads. */
const SMALL_INTS: Dec[] = [];

export function decFromInt(n: number): Dec {
  if (n >= 0 && n < 1024 && Number.isInteger(n)) return (SMALL_INTS[n] ??= dec(BigInt(n), 0));
  return dec(BigInt(n), 0);
}

export function decToString(d: Dec): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, "0");
  const whole = d.scale === 0 ? digits : digits.slice(0, -d.scale);
  const frac = d.scale === 0 ? "" : digits.slice(-d.scale);
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  if (a.scale > b.scale) return [a.units, b.units * pow10(a.scale - b.scale), a.scale];
  return [a.units * pow10(b.scale - a.scale), b.units, b.scale];
}

export function decAdd(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return dec(x + y, s);
}

export function decSub(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return dec(x - y, s);
}

export function decMul(a: Dec, b: Dec): Dec {
  return dec(a.units * b.units, a.scale + b.scale);
}

export function decNeg(a: Dec): Dec {
  return dec(-a.units, a.scale);
}

/** Ratios are kept to this many decimal places (half to even), documented in docs/runtime.md. */
export const DIVISION_SCALE = 10;

export function decDiv(a: Dec, b: Dec): Dec {
  if (b.units === 0n) throw new KuanDivisionError();
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale)
  const numerator = a.units * pow10(b.scale + DIVISION_SCALE);
  const denominator = b.units * pow10(a.scale);
  return dec(divRound(numerator, denominator, "half-even"), DIVISION_SCALE);
}

export class KuanDivisionError extends RangeError {
  readonly code = "K5102";
  readonly zh = "除数为零";
  readonly en = "division by zero";
  constructor() {
    super("division by zero");
  }
}

export function decCompare(a: Dec, b: Dec): number {
  if (a.scale === b.scale && a.small !== null && b.small !== null) return a.small < b.small ? -1 : a.small > b.small ? 1 : 0;
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function decIsInteger(a: Dec): boolean {
  return a.scale === 0;
}

// ---------------------------------------------------------------- rounding

export type RoundingMode = "half-up" | "half-even" | "down" | "up";
export type RoundingUnit = "fen" | "jiao" | "yuan" | "wan";

export interface Rounding {
  readonly mode: RoundingMode;
  readonly unit: RoundingUnit;
}

export const DEFAULT_ROUNDING: Rounding = { mode: "half-up", unit: "fen" };

const UNIT_FEN: Record<RoundingUnit, number> = { fen: 1, jiao: 10, yuan: 100, wan: 1_000_000 };

/** n / d rounded to an integer (half-up means half away from zero). */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d < 0n) return divRound(-n, -d, mode);
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n;
  const twice = (r < 0n ? -r : r) * 2n;
  let away: boolean;
  switch (mode) {
    case "down": away = false; break;
    case "up": away = true; break;
    case "half-up": away = twice >= d; break;
    case "half-even": away = twice > d || (twice === d && (q < 0n ? -q : q) % 2n === 1n); break;
  }
  return away ? (negative ? q - 1n : q + 1n) : q;
}

/** The same for safe integers, without bigint. */
function divRoundSmall(n: number, d: number, mode: RoundingMode): number {
  const q = Math.trunc(n / d);
  const r = n - q * d;
  if (r === 0) return q;
  const twice = Math.abs(r) * 2;
  let away: boolean;
  switch (mode) {
    case "down": away = false; break;
    case "up": away = true; break;
    case "half-up": away = twice >= d; break;
    case "half-even": away = twice > d || (twice === d && Math.abs(q) % 2 === 1); break;
  }
  return away ? (n < 0 ? q - 1 : q + 1) : q;
}

/**
 * fen × factor, rounded once to the rounding unit. Exact: the product is formed in integers
 * (numbers while safe, bigint otherwise) and divided with an explicit rounding rule.
 */
export function mulFen(fen: number, factor: Dec, rounding: Rounding): number {
  const unit = UNIT_FEN[rounding.unit];
  const small = factor.small;
  if (small !== null && factor.scale < POW10_NUM.length) {
    const product = fen * small;
    const divisor = (POW10_NUM[factor.scale] as number) * unit;
    if (Number.isSafeInteger(product) && Number.isSafeInteger(divisor)) return checkedFen(divRoundSmall(product, divisor, rounding.mode) * unit);
  }
  const q = divRound(BigInt(fen) * factor.units, pow10(factor.scale) * BigInt(unit), rounding.mode) * BigInt(unit);
  return checkedFen(Number(q));
}

/** fen ÷ divisor, rounded once. */
export function divFen(fen: number, divisor: Dec, rounding: Rounding): number {
  if (divisor.units === 0n) throw new KuanDivisionError();
  const unit = BigInt(UNIT_FEN[rounding.unit]);
  const q = divRound(BigInt(fen) * pow10(divisor.scale), divisor.units * unit, rounding.mode) * unit;
  return checkedFen(Number(q));
}

/** fen ÷ fen as an exact ratio (to DIVISION_SCALE places). */
export function ratioFen(a: number, b: number): Dec {
  return decDiv(dec(BigInt(a), 0), dec(BigInt(b), 0));
}

/** Rounds an amount to the rounding unit (used for amounts given directly). */
export function roundFen(fen: number, rounding: Rounding): number {
  const unit = UNIT_FEN[rounding.unit];
  return unit === 1 ? fen : checkedFen(divRoundSmall(fen, unit, rounding.mode) * unit);
}

// ---------------------------------------------------------------- money text

// Amounts are written into every grant and message of a decision, so their text is put together
// from tables of digit groups: no per-digit loop, no number-to-string conversion below 10^9.
const GROUP: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i));
const GROUP3: readonly string[] = GROUP.map((g) => g.padStart(3, "0"));
const CENTS: readonly string[] = GROUP3.slice(0, 100).map((g) => g.slice(1));
/** ",000" … ",999": a group with its separator, one string (one concatenation less per group). */
const COMMA_GROUP3: readonly string[] = GROUP3.map((g) => "," + g);

/** A whole number ≥ 0 (a safe integer) in digits, "12345678". */
function plainDigits(n: number): string {
  if (n < 1000) return GROUP[n] as string;
  if (n < 1_000_000) {
    const high = Math.floor(n / 1000);
    return (GROUP[high] as string) + (GROUP3[n - high * 1000] as string);
  }
  return String(n);
}

/** The fen after the point: ".00" … ".99". */
const POINT_CENTS: readonly string[] = CENTS.map((c) => "." + c);

/** "50000.00": the JSON form of an amount, exact. */
export function formatYuan(fen: number): string {
  const abs = fen < 0 ? -fen : fen;
  const yuan = Math.floor(abs / 100);
  const text = plainDigits(yuan) + (POINT_CENTS[abs - yuan * 100] as string);
  return fen < 0 ? "-" + text : text;
}

/** A whole number ≥ 0 with thousands separators, "12,345,678" (every decision's messages show amounts). */
function grouped(n: number): string {
  if (n < 1000) return GROUP[n] as string;
  let rest = Math.floor(n / 1000);
  let text = COMMA_GROUP3[n - rest * 1000] as string;
  while (rest >= 1000) {
    const high = Math.floor(rest / 1000);
    text = (COMMA_GROUP3[rest - high * 1000] as string) + text;
    rest = high;
  }
  return (GROUP[rest] as string) + text;
}

/**
 * `units` ÷ 10^places, exactly, without trailing zeros ("12.5", "3"); units ≥ 0, a safe integer,
 * places 6 (万元 from fen) or 10 (亿元).
 */
function scaled(units: number, places: number): string {
  const divisor = 10 ** places;
  const whole = Math.floor(units / divisor);
  let frac = units - whole * divisor;
  if (frac === 0) return plainDigits(whole);
  let digits = places;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  return `${plainDigits(whole)}.${plainDigits(frac).padStart(digits, "0")}`;
}

/** Yuan with separators, and the fen when there are any: "3,000", "33,333.33". */
function yuanText(abs: number): string {
  const yuan = Math.floor(abs / 100);
  const cents = abs - yuan * 100;
  return cents === 0 ? grouped(yuan) : grouped(yuan) + (POINT_CENTS[cents] as string);
}

/**
 * Readable Chinese: "5万元", "12.5万元", "3,000元", "1.2亿元" — 万元 and 亿元 only where they stay
 * short (whole hundreds of yuan); other amounts in yuan with separators ("33,333.33元", not
 * "3.333333万元").
 */
export function formatMoneyZh(fen: number): string {
  const abs = fen < 0 ? -fen : fen;
  const text = inTenThousands(abs) ? scaledZh(abs) : yuanText(abs) + "元";
  return fen < 0 ? "-" + text : text;
}

/** "50,000 yuan", "12,345.67 yuan". */
export function formatMoneyEn(fen: number): string {
  return fen < 0 ? "-" + yuanText(-fen) + " yuan" : yuanText(fen) + " yuan";
}

/** Whether formatMoneyZh writes `abs` fen in 万元 or 亿元 (whole hundreds of yuan, from 10,000 yuan). */
function inTenThousands(abs: number): boolean {
  return abs >= 1_000_000 && abs - Math.floor(abs / 10_000) * 10_000 === 0;
}

function scaledZh(abs: number): string {
  return scaledZhAfter("", abs);
}

/** `before + scaledZh(abs)`, the pieces added to `before` one by one. */
function scaledZhAfter(before: string, abs: number): string {
  return abs >= 10_000_000_000 && abs - Math.floor(abs / 1_000_000) * 1_000_000 === 0 ? before + scaled(abs, 10) + "亿元" : before + scaled(abs, 6) + "万元";
}

/**
 * formatMoneyZh and formatMoneyEn of one amount after a prefix of each (`zh + formatMoneyZh(fen)`,
 * `en + formatMoneyEn(fen)`), the digits worked out once for both: every granted award's message.
 */
export function moneyWords(zh: string, en: string, fen: number): { zh: string; en: string } {
  const abs = fen < 0 ? -fen : fen;
  const sign = fen < 0 ? "-" : "";
  const digits = yuanText(abs);
  // Added to the prefix piece by piece, left to right: the amount and its unit are never first
  // joined into a short string of their own (which would copy them, widened to two bytes for 元).
  const before = zh + sign;
  return { zh: inTenThousands(abs) ? scaledZhAfter(before, abs) : before + digits + "元", en: en + sign + digits + " yuan" };
}

// ---------------------------------------------------------------- parsing input

/**
 * The largest amount: 89 999 999 999 999.99 yuan (at most 14 digits of yuan, the first below 9),
 * so that every amount is an exact integer of fen, and a digit count in a pattern can say it.
 */
export const MAX_WHOLE_YUAN = 89_999_999_999_999;

/**
 * An amount in its common forms, read without allocating: a JSON number of whole yuan, or plain
 * text of ASCII digits with at most two decimals and at most 13 digits of yuan ("12345.67",
 * "0500"). Returns the fen, or -1 for anything else (other forms, and wrong values, are
 * checkInput's). Each form it reads is one MONEY_TEXT_PATTERN accepts, read as parseMoney reads it.
 */
export function quickFen(value: unknown): number {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 && value <= MAX_WHOLE_YUAN ? value * 100 : -1;
  if (typeof value !== "string") return -1;
  return plainFenAt(value, 0, value.length);
}

/**
 * The fen of text[a, b) when it is ASCII digits with at most two decimals and at most 13 digits of
 * yuan ("12345.67", "0500"), else -1. quickFen's text form; a reader that has the amount inside a
 * larger text (a CSV line) reads it in place.
 */
export function plainFenAt(text: string, a: number, b: number): number {
  let yuan = 0;
  let i = a;
  for (; i < b && i - a < 14; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    yuan = yuan * 10 + c;
  }
  const digits = i - a;
  if (digits === 0 || digits > 13) return -1;
  if (i === b) return yuan * 100;
  // "." and one or two digits, nothing after.
  const rest = b - i;
  if (rest < 2 || rest > 3 || text.charCodeAt(i) !== 46) return -1;
  const jiao = text.charCodeAt(i + 1) - 48;
  const fen = rest === 3 ? text.charCodeAt(i + 2) - 48 : 0;
  if (jiao < 0 || jiao > 9 || fen < 0 || fen > 9) return -1;
  return yuan * 100 + jiao * 10 + fen;
}


export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly zh: string; readonly en: string };

const MAGNITUDE: Record<string, number> = { 千: 3, 万: 4, 亿: 8 };

function normaliseDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48)).replace(/．/g, ".").replace(/，/g, ",");
}

/** A decimal number written by a person: "1,000,000", "2.5万", "３０"; no sign, no exponent. */
export function parseHumanDecimal(text: string): Dec | undefined {
  const m = /^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([千万亿])?\s*$/.exec(normaliseDigits(text));
  if (!m) return undefined;
  const d = decOf(`${(m[1] ?? "0").replace(/,/g, "")}${m[2] ? `.${m[2]}` : ""}`);
  const shift = MAGNITUDE[m[3] ?? ""] ?? 0;
  return shift === 0 ? d : dec(d.units * pow10(shift), d.scale);
}

/** The shortest decimal text of a finite number: what the person typed in JSON. */
function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e21 and beyond, or tiny numbers: spell out exactly from the shortest representation.
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/i.exec(s);
  if (!m) return undefined;
  const digits = (m[2] ?? "") + (m[3] ?? "");
  const exp = Number(m[4]) - (m[3] ?? "").length;
  return exp >= 0 ? `${m[1]}${digits}${"0".repeat(exp)}` : decToString(dec(BigInt(`${m[1]}${digits}`), -exp));
}

/**
 * Below 2^46 yuan doubles are closer together than 1/100 yuan (their spacing is at most 2^-7), so
 * every amount in fen has its own double: rounding ×100 and checking the way back finds the fen the
 * person typed, and it is what the shortest decimal form says. From 2^46 yuan (70,368,744,177,664)
 * the spacing is 2^-6 = 0.015625 and one double stands for two amounts a fen apart (…749.40 and
 * …749.41 are the same JSON number), so only whole yuan are exact there; the rest must be strings.
 */
export const EXACT_JSON_YUAN = 2 ** 46;

const JSON_TOO_FINE = {
  zh: "从 70,368,744,177,664 元（2^46）起，JSON 数字无法精确到分；请把金额写成字符串，如 \"71302268102749.40\"",
  en: 'from 70,368,744,177,664 yuan (2^46) a JSON number cannot hold fen exactly; give the amount as a string, e.g. "71302268102749.40"',
};

/** Money: a number of yuan, a decimal string, or a string with a magnitude and unit ("500万元"). */
export function parseMoney(value: unknown): Parsed<number> {
  let d: Dec | undefined;
  if (typeof value === "number") {
    if (value >= 0 && value < EXACT_JSON_YUAN) {
      const fen = Math.round(value * 100);
      if (fen / 100 === value) return { ok: true, value: fen };
    }
    if (!Number.isFinite(value)) return { ok: false, zh: "不是有限的数", en: "is not a finite number" };
    if (value >= EXACT_JSON_YUAN && !Number.isInteger(value)) return { ok: false, zh: JSON_TOO_FINE.zh, en: JSON_TOO_FINE.en };
    if (!Number.isFinite(value)) return { ok: false, zh: "不是有限的数", en: "is not a finite number" };
    const text = numberText(value);
    d = text === undefined ? undefined : parseDec(text);
  } else if (typeof value === "string") {
    // The ledger's and the reports' own form ("12345.00"): at most 13 digits of yuan, so the fen
    // (below 10^15 < 2^53) are exact doubles; anything else is read the long way.
    const plain = /^(\d{1,13})(?:\.(\d\d?))?$/.exec(value);
    if (plain) {
      const cents = plain[2];
      return { ok: true, value: Number(plain[1]) * 100 + (cents === undefined ? 0 : cents.length === 1 ? Number(cents) * 10 : Number(cents)) };
    }
    const m = /^\s*(.*?)\s*(元|yuan)?\s*$/i.exec(value);
    d = parseHumanDecimal(m?.[1] ?? "");
  } else {
    return { ok: false, zh: "应为金额（数字或如“500万元”的文字）", en: 'should be an amount (a number or text such as "500万元")' };
  }
  if (!d) return { ok: false, zh: `“${String(value)}”不是金额`, en: `'${String(value)}' is not an amount` };
  if (d.units < 0n) return { ok: false, zh: "金额不能为负", en: "an amount cannot be negative" };
  const fen = dec(d.units * 100n, d.scale);
  if (fen.scale > 0) return { ok: false, zh: "金额最多精确到分（两位小数）", en: "an amount has at most two decimals (fen)" };
  if (fen.small === null) return { ok: false, zh: "金额过大", en: "the amount is too large" };
  return { ok: true, value: fen.small };
}

/**
 * The fen of a grant's amount as the runtime writes it (formatYuan's "1234.50"; any form
 * parseMoney reads): quickFen first, since ledgers and impacts read millions of them. Throws a
 * RangeError naming the text for anything that is not an amount (a grant's amount was checked
 * when it was read, so that is a bug, never a number made up).
 */
export function fenOfYuan(yuan: string): number {
  const quick = quickFen(yuan);
  if (quick >= 0) return quick;
  const parsed = parseMoney(yuan);
  if (!parsed.ok) throw new RangeError(`not an amount: ${yuan}`);
  return parsed.value;
}

/** A rate: a number (0.5 = 50 %) or a string with % ("50%", "7.5％"). */
export function parseRate(value: unknown): Parsed<Dec> {
  if (typeof value === "number") {
    const text = numberText(value);
    const d = text === undefined ? undefined : parseDec(text);
    if (!d) return { ok: false, zh: "不是有限的数", en: "is not a finite number" };
    if (d.units < 0n) return { ok: false, zh: "比例不能为负", en: "a rate cannot be negative" };
    return { ok: true, value: d };
  }
  if (typeof value === "string") {
    const m = /^\s*(.+?)\s*([%％])?\s*$/.exec(value);
    const d = parseHumanDecimal(m?.[1] ?? "");
    if (!d) return { ok: false, zh: `“${value}”不是比例`, en: `'${value}' is not a rate` };
    return { ok: true, value: m?.[2] ? dec(d.units, d.scale + 2) : d };
  }
  return { ok: false, zh: "应为比例（如 0.5 或 “50%”）", en: 'should be a rate (e.g. 0.5 or "50%")' };
}

/** A non-negative decimal quantity (counts must be whole). */
export function parseQuantity(value: unknown, whole: boolean): Parsed<Dec> {
  let d: Dec | undefined;
  if (typeof value === "number") {
    const text = numberText(value);
    d = text === undefined ? undefined : parseDec(text);
  } else if (typeof value === "string") d = parseHumanDecimal(value);
  else return { ok: false, zh: "应为数字", en: "should be a number" };
  if (!d) return { ok: false, zh: `“${String(value)}”不是数字`, en: `'${String(value)}' is not a number` };
  if (d.units < 0n) return { ok: false, zh: "不能为负", en: "cannot be negative" };
  if (whole && d.scale > 0) return { ok: false, zh: "应为整数", en: "should be a whole number" };
  return { ok: true, value: d };
}

/**
 * A count or duration as people write it: a number, or text with the input's own unit ("50件",
 * "8年", "8 years", "36个月"); another unit is an error naming the one expected, never a guess.
 * `units` are the accepted spellings, the first one shown in messages.
 */
export function parseQuantityIn(value: unknown, whole: boolean, units: readonly string[]): Parsed<Dec> {
  if (typeof value !== "string") return parseQuantity(value, whole);
  const m = /^\s*([0-9０-９.,，．万千亿]+)\s*(\S.*?)?\s*$/.exec(value);
  if (!m || m[2] === undefined) return parseQuantity(value, whole);
  const unit = (m[2] ?? "").toLowerCase();
  if (!units.some((u) => u.toLowerCase() === unit)) {
    return { ok: false, zh: `“${value}”的单位应为“${units[0] ?? ""}”`, en: `'${value}' should be in ${units[units.length - 1] ?? ""} (${units[0] ?? ""})` };
  }
  return parseQuantity(m[1] ?? "", whole);
}

export function parseBool(value: unknown): Parsed<boolean> {
  if (typeof value === "boolean") return { ok: true, value };
  if (value === "是" || value === "yes" || value === "true") return { ok: true, value: true };
  if (value === "否" || value === "no" || value === "false") return { ok: true, value: false };
  return { ok: false, zh: "应为 是/否（true/false）", en: "should be yes/no (true/false)" };
}

export function parseYear(value: unknown): Parsed<number> {
  const n = typeof value === "string" && /^\s*\d{4}\s*年?\s*$/.test(value) ? Number.parseInt(value, 10) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1900 || n > 2200) return { ok: false, zh: "应为年份（如 2023）", en: "should be a year (e.g. 2023)" };
  return { ok: true, value: n };
}

export function parseEnum(value: unknown, values: readonly string[]): Parsed<string> {
  if (typeof value === "string" && values.includes(value)) return { ok: true, value };
  return { ok: false, zh: `应为以下之一：${values.join("、")}`, en: `should be one of: ${values.join(", ")}` };
}

export function parseText(value: unknown): Parsed<string> {
  return typeof value === "string" ? { ok: true, value } : { ok: false, zh: "应为文本", en: "should be text" };
}

/** The smallest of exact decimals (the first of equals). */
export function decMin(...values: Dec[]): Dec {
  let best = values[0] as Dec;
  for (let i = 1; i < values.length; i++) if (decCompare(values[i] as Dec, best) < 0) best = values[i] as Dec;
  return best;
}

export function decMax(...values: Dec[]): Dec {
  let best = values[0] as Dec;
  for (let i = 1; i < values.length; i++) if (decCompare(values[i] as Dec, best) > 0) best = values[i] as Dec;
  return best;
}
