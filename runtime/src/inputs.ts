/**
 * Validating an application against the policy's inputs: every error names its field; nothing
 * invalid becomes a number.
 *
 * One definition, two readers: `inputShapes` says which JSON values an input accepts, in the
 * vocabulary of JSON Schema (type, minimum, maximum, pattern, enum). The emitter writes these
 * shapes into the input's JSON Schema word for word (compiler/emit/schema.ts), and `checkInput`
 * tests a value against the same shapes, with JSON Schema's meaning, before reading it. So a
 * schema validator and the evaluator accept and reject the same applications
 * (test/package/schema-agreement.property.test.ts shows it).
 */
import { parseDate } from "./dates.js";
import { decFromInt, decMul, MAX_WHOLE_YUAN, parseBool, quickFen, type Dec, parseEnum, parseMoney, parseQuantityIn, parseRate, parseText, parseYear, type Parsed } from "./exact.js";
import { inputError, type InputError } from "./evaluation.js";
import { COUNT_EN, type RuntimeValue } from "./trace-text.js";

/** How an input is validated and read. */
export type InputSpec =
  | { readonly type: "money" }
  | { readonly type: "rate" }
  | { readonly type: "count"; readonly unit: string }
  /** A statistic that may have decimals (`数值`). */
  | { readonly type: "quantity" }
  /** A duration given in `unit` (年/个月/日/工作日); kept in months, days or working days. */
  | { readonly type: "duration"; readonly unit: "year" | "month" | "day" | "workday" }
  | { readonly type: "date" }
  | { readonly type: "year" }
  | { readonly type: "bool" }
  | { readonly type: "enum"; readonly values: readonly string[] }
  | { readonly type: "text" };

export interface NamedInputSpec {
  readonly name: string;
  readonly spec: InputSpec;
  /** Declared in the policy (`默认 0件`): taken when the application leaves the field out, read like a given value. */
  readonly default?: string | number | boolean;
}

/** One kind of JSON value an input accepts, as JSON Schema says it. */
export type JsonShape =
  | { readonly type: "integer"; readonly minimum: number; readonly maximum?: number }
  | { readonly type: "number"; readonly minimum: number }
  | { readonly type: "boolean" }
  | { readonly type: "string"; readonly pattern: string }
  | { readonly type: "string"; readonly enum: readonly string[] }
  | { readonly type: "string" };


const DIGIT = "[0-9０-９]";
const ZERO = "[0０]";
const BELOW_NINE = "[1-8１-８]";

/**
 * Up to `n` digits before the decimal point (n of them only when the first is 1–8): plain, with
 * leading zeros free, or grouped by thousands.
 */
function wholePart(n: number): string {
  const forms = [`${ZERO}*(?:${DIGIT}{1,${n - 1}}|${BELOW_NINE}${DIGIT}{${n - 1}})`];
  for (let groups = 1; 3 * groups + 1 <= n; groups++) {
    for (let first = 1; first <= 3 && first + 3 * groups <= n; first++) {
      const lead = first + 3 * groups === n ? `${BELOW_NINE}${DIGIT}{${first - 1}}` : `${DIGIT}{${first}}`;
      forms.push(`${lead}(?:[,，]${DIGIT}{3}){${groups}}`);
    }
  }
  return `(?:${forms.join("|")})`;
}

/** Up to `k` decimals (then only zeros, which change nothing). */
function fraction(k: number): string {
  return `(?:[.．]${DIGIT}{1,${k}}${ZERO}*)?`;
}

/**
 * Money as text: "12.50", "1,000,000", "５００", "500万元", "2.5亿", "500 YUAN". Each magnitude
 * allows as many digits as keep the amount within MAX_WHOLE_YUAN and at most two decimals of yuan.
 */
export const MONEY_TEXT_PATTERN = `^\\s*(?:${[
  `${wholePart(14)}${fraction(2)}`,
  `${wholePart(11)}${fraction(5)}\\s*千`,
  `${wholePart(10)}${fraction(6)}\\s*万`,
  `${wholePart(6)}${fraction(10)}\\s*亿`,
].join("|")})\\s*(?:元|[Yy][Uu][Aa][Nn])?\\s*$`;

/** A rate as text: "50%", "7.5％", "0.05". */
export const RATE_TEXT_PATTERN = "^\\s*[0-9]+(?:[.][0-9]+)?\\s*[%％]?\\s*$";

/** ASCII digits (as in "13578") and their full-width forms, as one character class. */
function digits(ascii: string): string {
  return `[${ascii}${[...ascii].map((d) => String.fromCharCode(0xff10 + Number(d))).join("")}]`;
}

const ANY = digits("0123456789");
const LEAP_YEAR = `(?:${ANY}{2}(?:${digits("0")}${digits("48")}|${digits("2468")}${digits("048")}|${digits("13579")}${digits("26")})|(?:${digits("02468")}${digits("048")}|${digits("13579")}${digits("26")})${digits("0")}{2})`;
const Z = digits("0");
const DAY_28 = `(?:${Z}?${digits("123456789")}|${digits("1")}${ANY}|${digits("2")}${digits("012345678")})`;
const DAY_30 = `(?:${Z}?${digits("123456789")}|${digits("12")}${ANY}|${digits("3")}${Z})`;
const DAY_31 = `(?:${Z}?${digits("123456789")}|${digits("12")}${ANY}|${digits("3")}${digits("01")})`;
const MONTH_31 = `(?:${Z}?${digits("13578")}|${digits("1")}${digits("02")})`;
const MONTH_30 = `(?:${Z}?${digits("469")}|${digits("1")}${digits("1")})`;
const FEB = `${Z}?${digits("2")}`;
const YEAR_SEP = "(?:[-－]|年)";
const MONTH_SEP = "(?:[-－]|月)";

/**
 * A real calendar date, years 1–9999: 2021-03-05, 2021-3-5, 2021年3月5日, full-width digits and
 * hyphens (as parseDate reads them); no 2021-02-29, no 2021-04-31, no year 0000.
 */
export const DATE_PATTERN = `^\\s*(?:(?!${Z}{4})${ANY}{4}${YEAR_SEP}(?:${MONTH_31}${MONTH_SEP}${DAY_31}|${MONTH_30}${MONTH_SEP}${DAY_30}|${FEB}${MONTH_SEP}${DAY_28})|(?!${Z}{4})${LEAP_YEAR}${YEAR_SEP}${FEB}${MONTH_SEP}${digits("2")}${digits("9")})日?\\s*$`;

/** A letter in either case, anything else as itself (escaped): JSON Schema patterns take no flags. */
function caseless(text: string): string {
  return [...text].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c)).join("");
}

/** A count, statistic or duration as text: "3", "3件", "2 年", "10 working days" (the units parseQuantityIn reads). */
function quantityPattern(whole: boolean, units: readonly string[]): string {
  // Thousands may be grouped ("1,000 件"), as parseQuantityIn reads them.
  const integer = `(?:${DIGIT}{1,3}(?:[,，]${DIGIT}{3})+|${DIGIT}+)`;
  const number = whole ? integer : `${integer}(?:[.．]${DIGIT}+)?`;
  const unit = units.length === 0 ? "" : `(?:\\s*(?:${units.map(caseless).join("|")}))?`;
  return `^\\s*${number}${unit}\\s*$`;
}

export const BOOL_WORDS: readonly string[] = ["是", "否", "yes", "no", "true", "false"];

/** The JSON values an input accepts; the input's JSON Schema is exactly these (anyOf when more than one). */
export function inputShapes(spec: InputSpec): readonly JsonShape[] {
  switch (spec.type) {
    case "money": return [{ type: "integer", minimum: 0, maximum: MAX_WHOLE_YUAN }, { type: "string", pattern: MONEY_TEXT_PATTERN }];
    case "rate": return [{ type: "number", minimum: 0 }, { type: "string", pattern: RATE_TEXT_PATTERN }];
    case "count": return [{ type: "integer", minimum: 0 }, { type: "string", pattern: quantityPattern(true, countUnits(spec.unit)) }];
    case "quantity": return [{ type: "number", minimum: 0 }, { type: "string", pattern: quantityPattern(false, []) }];
    case "duration": return [{ type: "number", minimum: 0 }, { type: "string", pattern: quantityPattern(false, DURATION_UNITS[spec.unit]) }];
    case "date": return [{ type: "string", pattern: DATE_PATTERN }];
    case "year": return [{ type: "integer", minimum: 1900, maximum: 2200 }];
    case "bool": return [{ type: "boolean" }, { type: "string", enum: BOOL_WORDS }];
    case "enum": return [{ type: "string", enum: spec.values }];
    case "text": return [{ type: "string" }];
  }
}

const patterns = new Map<string, RegExp>();

/** JSON Schema's meaning of a shape (patterns as ECMAScript regular expressions with the u flag, as ajv reads them). */
export function matchesShape(value: unknown, shape: JsonShape): boolean {
  switch (shape.type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value) && value >= shape.minimum && (shape.maximum === undefined || value <= shape.maximum);
    case "number":
      return typeof value === "number" && Number.isFinite(value) && value >= shape.minimum;
    case "boolean":
      return typeof value === "boolean";
    case "string": {
      if (typeof value !== "string") return false;
      if ("enum" in shape) return shape.enum.includes(value);
      if ("pattern" in shape) {
        let re = patterns.get(shape.pattern);
        if (!re) patterns.set(shape.pattern, (re = new RegExp(shape.pattern, "u")));
        return re.test(value);
      }
      return true;
    }
  }
}

/** What the input should be, when a value has none of its shapes; the value itself when it is short text. */
function expected(value: unknown, spec: InputSpec): { readonly zh: string; readonly en: string } {
  const what = shouldBe(value, spec);
  if (typeof value !== "string" || value.trim() === "" || value.length > 40) return what;
  return { zh: `“${value}”不符：${what.zh}`, en: `'${value}' does not fit: ${what.en}` };
}

function shouldBe(value: unknown, spec: InputSpec): { readonly zh: string; readonly en: string } {
  switch (spec.type) {
    case "money":
      if (typeof value === "number" && value < 0) return { zh: "金额不能为负", en: "an amount cannot be negative" };
      if (typeof value === "number" && Number.isFinite(value) && value <= MAX_WHOLE_YUAN) {
        return { zh: "带角、分的金额请写成文字，如 \"12.50\"（JSON 数字是二进制小数，不精确）", en: 'an amount with jiao or fen must be text such as "12.50" (a JSON number is a binary fraction, not exact)' };
      }
      return {
        zh: "应为金额：整元的数字，或如 \"12.50\"、\"500万元\" 的文字；最多两位小数，不超过 89999999999999.99 元",
        en: 'should be an amount: a whole number of yuan, or text such as "12.50" or "500万元"; at most two decimals, at most 89999999999999.99 yuan',
      };
    case "rate": return { zh: "应为不小于 0 的比例（如 0.5 或 \"50%\"）", en: 'should be a rate of at least 0 (e.g. 0.5 or "50%")' };
    case "count": return { zh: `应为不小于 0 的整数（${spec.unit}）`, en: `should be a whole number of at least 0 (${spec.unit})` };
    case "quantity": return { zh: "应为不小于 0 的数", en: "should be a number of at least 0" };
    case "duration": return { zh: "应为不小于 0 的数", en: "should be a number of at least 0" };
    case "date": return typeof value === "string" && value.trim() === "" ? { zh: "日期为空，应为 YYYY-MM-DD", en: "the date is empty; give YYYY-MM-DD" } : { zh: "应为公元 1–9999 年中存在的日期，写作 YYYY-MM-DD", en: "should be a real date of the years 1–9999, written YYYY-MM-DD" };
    case "year": return { zh: "应为 1900 至 2200 之间的年份（整数）", en: "should be a year from 1900 to 2200 (a whole number)" };
    case "bool": return { zh: "应为 true/false（或 \"是\"/\"否\"）", en: 'should be true/false (or "yes"/"no")' };
    case "enum": return { zh: `应为以下之一：${spec.values.join("、")}`, en: `should be one of: ${spec.values.join(", ")}` };
    case "text": return { zh: "应为文本", en: "should be text" };
  }
}

const TWELVE = decFromInt(12);

/** The spellings of each duration unit an input accepts after its number (the first is shown). */
const DURATION_UNITS: Record<"year" | "month" | "day" | "workday", readonly string[]> = {
  year: ["年", "year", "years"],
  month: ["个月", "月", "month", "months"],
  day: ["日", "天", "day", "days"],
  workday: ["个工作日", "工作日", "working day", "working days"],
};

function countUnits(unit: string): readonly string[] {
  const en = COUNT_EN[unit];
  return en ? [unit, en.replace(/s$/, ""), en] : [unit];
}

/** Reads a value already known to have one of the input's shapes. */
export function readInput(value: unknown, spec: InputSpec): Parsed<RuntimeValue> {
  switch (spec.type) {
    case "money": return parseMoney(value);
    case "rate": return parseRate(value);
    case "count": return parseQuantityIn(value, true, countUnits(spec.unit));
    case "quantity": return parseQuantityIn(value, false, []);
    case "duration": {
      const q = parseQuantityIn(value, false, DURATION_UNITS[spec.unit]);
      if (!q.ok) return q;
      return { ok: true, value: spec.unit === "year" ? decMul(q.value, TWELVE) : q.value };
    }
    case "date": return parseDate(value);
    case "year": return parseYear(value);
    case "bool": return parseBool(value);
    case "enum": return parseEnum(value, spec.values);
    case "text": return parseText(value);
  }
}

const shapesOf = new WeakMap<InputSpec, readonly JsonShape[]>();

/** One input: the shapes of its JSON Schema first, then reading (which, for those shapes, succeeds). */
export function checkInput(value: unknown, spec: InputSpec): Parsed<RuntimeValue> {
  let shapes = shapesOf.get(spec);
  if (!shapes) shapesOf.set(spec, (shapes = inputShapes(spec)));
  if (!shapes.some((shape) => matchesShape(value, shape))) {
    // A count or duration in another unit: the reader's message names the unit expected.
    if (typeof value === "string" && (spec.type === "count" || spec.type === "duration")) {
      const read = readInput(value, spec);
      if (!read.ok) return read;
    }
    return { ok: false, ...expected(value, spec) };
  }
  return readInput(value, spec);
}

const INVALID = Symbol("invalid");

/**
 * A whole count, quantity or duration given as a JSON number (a safe integer, so it reads as
 * checkInput reads it), times `factor` (12: a duration in years is kept in months); null for
 * anything else.
 */
export function quickCount(value: unknown, factor = 1): Dec | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && Number.isSafeInteger(value * factor) ? decFromInt(value * factor) : null;
}

const isEnumerable = Object.prototype.propertyIsEnumerable;
const hasOwn = Object.prototype.hasOwnProperty;

/** Whether the record has `name` as an own property (what validateInput reads). */
export function isOwn(record: object, name: string): boolean {
  return hasOwn.call(record, name);
}

/** Whether `name` is one of the record's fields: an own, enumerable property (what Object.keys lists). */
export function isField(record: object, name: string): boolean {
  return isEnumerable.call(record, name);
}

/** How many fields the record has (Object.keys(record).length, without making the array). */
export function fieldCount(record: object): number {
  let count = 0;
  for (const key in record) if (hasOwn.call(record, key)) count++;
  return count;
}

/**
 * Whether the record's fields (own, enumerable) are exactly `names`: one list of keys compared in
 * order (an application built the same way every time lists them in the policy's order), else
 * counted and each looked up (validateInput's test: each an own property, none other).
 */
export function hasFields(record: object, names: readonly string[]): boolean {
  const keys = Object.keys(record);
  if (keys.length === names.length) {
    let i = 0;
    while (i < keys.length && keys[i] === names[i]) i++;
    if (i === keys.length) return true;
  }
  if (fieldCount(record) !== names.length) return false;
  for (let i = 0; i < names.length; i++) if (!hasOwn.call(record, names[i] as string)) return false;
  return true;
}

/** The common cases without allocating: money as a whole number of yuan or plain text, yes/no. */
function readQuickly(value: unknown, spec: InputSpec): RuntimeValue | typeof INVALID {
  switch (spec.type) {
    case "money": {
      const fen = quickFen(value);
      return fen >= 0 ? fen : INVALID;
    }
    case "bool":
      return typeof value === "boolean" ? value : INVALID;
    // The quick forms an emitted module reads (compiler/emit, quickRead): the same values.
    case "count":
    case "quantity":
      return quickCount(value) ?? INVALID;
    case "duration":
      return quickCount(value, spec.unit === "year" ? 12 : 1) ?? INVALID;
    case "enum":
      return typeof value === "string" && spec.values.includes(value) ? value : INVALID;
    default:
      return INVALID;
  }
}

/** Values in the order of the specs (an array is much cheaper per evaluation than a keyed object). */
export type Validated = { readonly ok: true; readonly values: readonly RuntimeValue[] } | { readonly ok: false; readonly errors: readonly InputError[] };

export function validateInput(specs: readonly NamedInputSpec[], raw: unknown): Validated {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [inputError("K5301", "(input)", { zh: "申报数据应为一个对象", en: "the application must be an object" })] };
  }
  const record = raw as Record<string, unknown>;
  let errors: InputError[] | null = null;
  const values: RuntimeValue[] = new Array<RuntimeValue>(specs.length);
  for (let i = 0; i < specs.length; i++) {
    const { name, spec, default: fallback } = specs[i] as NamedInputSpec;
    const given = Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
    const value = given === undefined ? fallback : given;
    if (value === undefined) {
      (errors ??= []).push(inputError("K5302", name, { zh: "缺少此项", en: "is missing" }));
      continue;
    }
    const quick = readQuickly(value, spec);
    if (quick !== INVALID) {
      values[i] = quick;
      continue;
    }
    const parsed = checkInput(value, spec);
    if (parsed.ok) values[i] = parsed.value;
    else (errors ??= []).push(inputError("K5304", name, parsed));
  }
  let count = 0;
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) count++;
  if (count !== specs.length || errors !== null) {
    errors ??= [];
    const known = new Set(specs.map((s) => s.name));
    for (const key of Object.keys(record)) {
      if (!known.has(key)) errors.push(inputError("K5303", key, { zh: "不是本政策的申报项", en: "is not an input of this policy" }));
    }
    if (errors.length > 0) return { ok: false, errors };
  }
  return { ok: true, values };
}
