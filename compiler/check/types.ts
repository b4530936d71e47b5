/**
 * Kuan's types: dimensions with units. Money is yuan (exact to the fen); rates are percentages;
 * counts carry their unit (件 ≠ 项); durations are in months (years convert), calendar days or
 * working days, which never convert into each other.
 */
export type CountUnit = "件" | "项" | "家" | "个" | "次" | "人";
export type DurationFamily = "months" | "days" | "workdays";

export type KType =
  | { readonly kind: "money" }
  | { readonly kind: "rate" }
  | { readonly kind: "count"; readonly unit: CountUnit }
  /** A statistic without a unit that may have decimals (`数值` / `quantity`). */
  | { readonly kind: "quantity" }
  | { readonly kind: "duration"; readonly family: DurationFamily }
  | { readonly kind: "date" }
  | { readonly kind: "year" }
  | { readonly kind: "bool" }
  | { readonly kind: "enum"; readonly field: string; readonly values: readonly string[] }
  | { readonly kind: "text" }
  | { readonly kind: "outcome" }
  /** A number written without a unit: it takes its dimension from where it is used. */
  | { readonly kind: "number" }
  /** After an error already reported: checks against it succeed silently, so errors do not cascade. */
  | { readonly kind: "unknown" };

export const T = {
  money: { kind: "money" },
  rate: { kind: "rate" },
  quantity: { kind: "quantity" },
  date: { kind: "date" },
  year: { kind: "year" },
  bool: { kind: "bool" },
  text: { kind: "text" },
  outcome: { kind: "outcome" },
  number: { kind: "number" },
  unknown: { kind: "unknown" },
  count: (unit: CountUnit): KType => ({ kind: "count", unit }),
  duration: (family: DurationFamily): KType => ({ kind: "duration", family }),
} as const satisfies Record<string, KType | ((...args: never[]) => KType)>;

export function sameType(a: KType, b: KType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "count":
      return a.unit === (b as typeof a).unit;
    case "duration":
      return a.family === (b as typeof a).family;
    case "enum":
      return a.field === (b as typeof a).field;
    default:
      return true;
  }
}

/** Types a bare number can take on. */
export function isNumeric(t: KType): boolean {
  return t.kind === "money" || t.kind === "rate" || t.kind === "count" || t.kind === "quantity" || t.kind === "duration" || t.kind === "number";
}

const DURATION_NAMES: Record<DurationFamily, { zh: string; en: string }> = {
  months: { zh: "期间（年/月）", en: "a duration in years/months" },
  days: { zh: "期间（日）", en: "a duration in days" },
  workdays: { zh: "期间（工作日）", en: "a duration in working days" },
};

export function typeName(t: KType): { zh: string; en: string } {
  switch (t.kind) {
    case "money": return { zh: "金额", en: "money" };
    case "rate": return { zh: "比例", en: "a rate" };
    case "count": return { zh: `数量（${t.unit}）`, en: `a count (${t.unit})` };
    case "quantity": return { zh: "数值", en: "a quantity" };
    case "duration": return DURATION_NAMES[t.family];
    case "date": return { zh: "日期", en: "a date" };
    case "year": return { zh: "年份", en: "a year" };
    case "bool": return { zh: "是/否", en: "yes/no" };
    case "enum": return { zh: `“${t.field}”的取值`, en: `a value of '${t.field}'` };
    case "text": return { zh: "文本", en: "text" };
    case "outcome": return { zh: "结果", en: "an outcome" };
    case "number": return { zh: "无单位的数字", en: "a number without a unit" };
    case "unknown": return { zh: "未知", en: "unknown" };
  }
}
