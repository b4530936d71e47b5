/**
 * What an evaluation takes and gives, shared by the interpreter and every emitted module, and its
 * JSON form (money as decimal strings in yuan, e.g. "50000.00").
 */
import type { WorkingDayCalendar } from "./dates.js";
import type { Grant, Outcome, Reason, TraceEntry } from "./decide.js";
import { decMul, decOf, decToString, formatYuan, parseMoney, type Dec, type Parsed } from "./exact.js";
import { formatValue, traceText, type Bilingual, type RuntimeValue } from "./trace-text.js";

export interface EvaluationOptions {
  /** The applicant's id, the key of per-firm caps and limits (default "firm"). */
  readonly firm?: string;
  /** The project's id, the key of per-project caps and one-off limits. */
  readonly project?: string;
  /** The application date, YYYY-MM-DD (default: the policy's first valid day). */
  readonly asOf?: string;
  /** Earlier grants (amounts in fen); see `grantsFromJson`. */
  readonly history?: readonly Grant[];
  /** Working days; default: the official PRC calendar shipped with Kuan. */
  readonly calendar?: WorkingDayCalendar;
  /** The trace costs time; switch it off for bulk evaluation (default on). */
  readonly trace?: boolean;
}

export interface Decision {
  readonly policy: string;
  readonly version: string;
  readonly asOf: string;
  readonly year: number;
  readonly inForce: boolean;
  readonly outcome: Outcome;
  /** Every rule's value: money in fen, rates/counts/durations as exact decimals. */
  readonly outputs: Readonly<Record<string, RuntimeValue>>;
  readonly ruleOutcomes: Readonly<Record<string, Outcome>>;
  readonly grants: readonly Grant[];
  readonly clawbacks: readonly Grant[];
  readonly reasons: readonly Reason[];
  readonly trace: readonly TraceEntry[];
}

/**
 * The codes of input and evaluation errors: stable, never reused (docs/integration.md lists them).
 * K51xx: an exact computation failed; K52xx: the application or the options are wrong.
 */
export const INPUT_ERROR_CODES = {
  /** An amount or count grew too large to compute exactly (KuanRangeError). */
  tooLarge: "K5101",
  /** A division by zero, or one that does not end (KuanDivisionError). */
  division: "K5102",
  /** A working-day question outside the calendar's years (CalendarRangeError). */
  calendar: "K5103",
  /** A date computed past the years 1–9999 (DateRangeError). */
  dateRange: "K5104",
  /** Any other arithmetic that cannot be done exactly. */
  inexact: "K5100",
  notAnObject: "K5201",
  missing: "K5202",
  unknownInput: "K5203",
  badValue: "K5204",
  badHistory: "K5205",
  badAsOf: "K5206",
  noValue: "K5207",
  notWhole: "K5208",
  badCalendar: "K5209",
  /** A value of the wrong kind during evaluation: a bug in Kuan, reported rather than guessed around. */
  wrongKind: "K5210",
  /** The policy has errors, so nothing can be evaluated. */
  policyErrors: "K5211",
} as const;

export type InputErrorCode = (typeof INPUT_ERROR_CODES)[keyof typeof INPUT_ERROR_CODES];

/** What is wrong with an application (or an evaluation), the same shape everywhere: library, `kuan eval --json`, services. */
export interface InputError {
  readonly code: InputErrorCode;
  /** The field, as named in the policy (or `history[2].amount`, `asOf`, `(evaluation)`). */
  readonly field: string;
  readonly message: Bilingual;
}

export type EvaluationResult = { readonly ok: true; readonly decision: Decision } | { readonly ok: false; readonly errors: readonly InputError[] };

export function inputError(code: InputErrorCode, field: string, message: { readonly zh: string; readonly en: string }): InputError {
  return { code, field, message: { zh: message.zh, en: message.en } };
}

// ---------------------------------------------------------------- JSON

/** A grant in JSON: amounts as decimal strings in yuan. */
export interface GrantJson extends Omit<Grant, "amount" | "payers"> {
  readonly amount: string;
  readonly payers?: readonly { readonly payer: string; readonly amount: string }[];
}

export function grantToJson(g: Grant): GrantJson {
  return {
    policy: g.policy,
    version: g.version,
    article: g.article,
    rule: g.rule,
    firm: g.firm,
    ...(g.project !== undefined ? { project: g.project } : {}),
    year: g.year,
    amount: formatYuan(g.amount),
    ...(g.payers ? { payers: g.payers.map((p) => ({ payer: p.payer, amount: formatYuan(p.amount) })) } : {}),
  };
}

/** Reads a ledger of earlier grants, naming the field of any bad entry (`history[2].amount`). */
export function grantsFromJson(value: unknown): { ok: true; grants: Grant[] } | { ok: false; errors: InputError[] } {
  if (!Array.isArray(value)) return { ok: false, errors: [inputError("K5205", "history", { zh: "应为数组", en: "should be an array" })] };
  const errors: InputError[] = [];
  const grants: Grant[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `history[${i}]`;
    if (typeof entry !== "object" || entry === null) {
      errors.push(inputError("K5205", at, { zh: "应为对象", en: "should be an object" }));
      return;
    }
    const e = entry as Record<string, unknown>;
    const text = (key: string, required: boolean): string | undefined => {
      const v = e[key];
      if (v === undefined && !required) return undefined;
      if (typeof v !== "string" || v.length === 0) {
        errors.push(inputError("K5205", `${at}.${key}`, { zh: "应为非空文本", en: "should be non-empty text" }));
        return undefined;
      }
      return v;
    };
    const policy = text("policy", true);
    const rule = text("rule", true);
    const firm = text("firm", true);
    const project = text("project", false);
    const year = e["year"];
    if (typeof year !== "number" || !Number.isInteger(year) || year < 1900 || year > 2200) errors.push(inputError("K5205", `${at}.year`, { zh: "应为年份（如 2022）", en: "should be a year (e.g. 2022)" }));
    const amount: Parsed<number> = parseMoney(e["amount"]);
    if (!amount.ok) errors.push(inputError("K5205", `${at}.amount`, amount));
    if (policy && rule && firm && typeof year === "number" && amount.ok) {
      grants.push({
        policy,
        version: typeof e["version"] === "string" ? e["version"] : "",
        article: typeof e["article"] === "string" ? e["article"] : "",
        rule,
        firm,
        ...(project !== undefined ? { project } : {}),
        year,
        amount: amount.value,
      });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, grants };
}

export interface DecisionJson {
  readonly policy: string;
  readonly version: string;
  readonly asOf: string;
  readonly outcome: Outcome;
  readonly outputs: Readonly<Record<string, string | boolean | null>>;
  readonly ruleOutcomes: Readonly<Record<string, Outcome>>;
  readonly grants: readonly GrantJson[];
  readonly clawbacks: readonly GrantJson[];
  readonly reasons: readonly { readonly article: string; readonly reason: string }[];
  readonly trace: readonly { readonly article: string | null; readonly rule: string | null; readonly span: { readonly start: number; readonly end: number }; readonly text: Bilingual }[];
}

function isDec(v: RuntimeValue): v is Dec {
  return typeof v === "object" && v !== null;
}

/** An output in JSON: money "50000.00", rates "0.01"→"1%"-free decimals ("0.01"), dates ISO. */
export function outputToJson(value: RuntimeValue, format: string): string | boolean | null {
  if (value === null || typeof value === "boolean") return value;
  if (format === "money" && typeof value === "number") return formatYuan(value);
  if (isDec(value)) return decToString(format === "percent" ? decMul(value, decOf("100")) : value) + (format === "percent" ? "%" : "");
  return typeof value === "number" ? String(value) : value;
}

export function outputDisplay(value: RuntimeValue, format: string): Bilingual {
  return formatValue(value, format);
}

export function decisionToJson(decision: Decision, formats: Readonly<Record<string, string>>): DecisionJson {
  const outputs: Record<string, string | boolean | null> = Object.create(null) as Record<string, string | boolean | null>;
  for (const [name, value] of Object.entries(decision.outputs)) outputs[name] = outputToJson(value, Object.prototype.hasOwnProperty.call(formats, name) ? (formats[name] as string) : "text");
  return {
    policy: decision.policy,
    version: decision.version,
    asOf: decision.asOf,
    outcome: decision.outcome,
    outputs,
    ruleOutcomes: decision.ruleOutcomes,
    grants: decision.grants.map(grantToJson),
    clawbacks: decision.clawbacks.map(grantToJson),
    reasons: decision.reasons.map((r) => ({ article: r.article.label, reason: r.text })),
    trace: decision.trace.map((t) => ({ article: t.article?.label ?? null, rule: t.rule, span: t.span, text: traceText(t) })),
  };
}
