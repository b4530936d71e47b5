/**
 * Validating an application against the policy's inputs: every error names its field; nothing
 * invalid becomes a number.
 */
import { parseDate } from "./dates.js";
import { decFromInt, decMul, EXACT_JSON_YUAN, parseBool, parseEnum, parseMoney, parseQuantityIn, parseRate, parseText, parseYear, type Parsed } from "./exact.js";
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

const INVALID = Symbol("invalid");

/** The common cases without allocating: money as a number of yuan, yes/no, a whole count. */
function readQuickly(value: unknown, spec: InputSpec): RuntimeValue | typeof INVALID {
  switch (spec.type) {
    case "money":
      if (typeof value === "number" && value >= 0 && value < EXACT_JSON_YUAN) {
        const fen = Math.round(value * 100);
        if (fen / 100 === value) return fen;
      }
      return INVALID;
    case "bool":
      return typeof value === "boolean" ? value : INVALID;
    default:
      return INVALID;
  }
}

/** Values in the order of the specs (an array is much cheaper per evaluation than a keyed object). */
export type Validated = { readonly ok: true; readonly values: readonly RuntimeValue[] } | { readonly ok: false; readonly errors: readonly InputError[] };

export function validateInput(specs: readonly NamedInputSpec[], raw: unknown): Validated {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [inputError("(input)", { zh: "申报数据应为一个对象", en: "the application must be an object" })] };
  }
  const record = raw as Record<string, unknown>;
  let errors: InputError[] | null = null;
  const values: RuntimeValue[] = new Array<RuntimeValue>(specs.length);
  for (let i = 0; i < specs.length; i++) {
    const { name, spec, default: fallback } = specs[i] as NamedInputSpec;
    const given = Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
    const value = given === undefined ? fallback : given;
    if (value === undefined) {
      (errors ??= []).push(inputError(name, { zh: "缺少此项", en: "is missing" }));
      continue;
    }
    const quick = readQuickly(value, spec);
    if (quick !== INVALID) {
      values[i] = quick;
      continue;
    }
    const parsed = readInput(value, spec);
    if (parsed.ok) values[i] = parsed.value;
    else (errors ??= []).push(inputError(name, parsed));
  }
  let count = 0;
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) count++;
  if (count !== specs.length || errors !== null) {
    errors ??= [];
    const known = new Set(specs.map((s) => s.name));
    for (const key of Object.keys(record)) {
      if (!known.has(key)) errors.push(inputError(key, { zh: "不是本政策的申报项", en: "is not an input of this policy" }));
    }
    if (errors.length > 0) return { ok: false, errors };
  }
  return { ok: true, values };
}
