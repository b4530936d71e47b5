/**
 * One evaluation of a policy, step by step. The interpreter and every emitted module compute the
 * expressions and call these steps in the same order (rules in dependency order; exclusions just
 * before the first award), so validity, exclusions, outcomes and the trace are written once.
 */
import { CN_CALENDAR } from "./calendars/cn.js";
import { CalendarRangeError, DateRangeError, parseDate, yearOf, type WorkingDayCalendar } from "./dates.js";
import { decideAward, overallOutcome, type ArticleInfo, type AwardResult, type AwardSpec, type EvaluationContext, type Grant, type Outcome, type Reason, type Span, type TraceEntry, type TraceValue } from "./decide.js";
import { dec, decSub, type Dec } from "./exact.js";
import { inputError, type Decision, type InputErrorCode, type EvaluationOptions, type EvaluationResult, type InputError } from "./evaluation.js";
import { traceValue, type RuntimeValue } from "./trace-text.js";

export interface PolicyInfo {
  readonly id: string;
  readonly version: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** A condition with its article and reason (a precondition, an exclusion, a review, a clawback). */
export interface ReasonSpec {
  readonly article: ArticleInfo;
  readonly text: string;
  readonly span: Span;
}

export interface ExclusionSpec extends ReasonSpec {
  readonly targets: readonly string[] | null;
}

export interface RuleTraceSpec {
  readonly rule: string;
  readonly article: ArticleInfo | null;
  readonly span: Span;
  readonly format: string;
  /** The formula's text with hole numbers; holes are filled with values at run time. */
  readonly parts: readonly (string | number)[];
  readonly holeFormats: readonly string[];
}

export interface FullAwardSpec extends AwardSpec {
  readonly requires: readonly ReasonSpec[];
  readonly clawbacks: readonly ReasonSpec[];
  readonly reviews: readonly ReasonSpec[];
  /** The conditions of the rule's definitions as written, for "does not apply". */
  readonly notApplicable: string | null;
}

export class EvaluationFailure extends Error {
  constructor(readonly error: InputError) {
    super(`${error.field}: ${error.message.en}`);
  }
}

/** A rule's value is needed but none of its definitions applied. */
export function need<T extends RuntimeValue>(value: T, name: string): Exclude<T, null> {
  if (value === null) throw new EvaluationFailure(inputError("K5207", name, { zh: "没有适用的定义，无法取值", en: "has no value: none of its definitions applies" }));
  return value as Exclude<T, null>;
}

export function asWholeNumber(d: Dec): number {
  if (d.scale !== 0 || d.small === null) throw new EvaluationFailure(inputError("K5208", "(duration)", { zh: "应为整数", en: "should be a whole number" }));
  return d.small;
}

/** year ± a whole number of years given in months. */
export function yearPlus(year: number, months: Dec, sign: 1 | -1): number {
  const m = asWholeNumber(months);
  if (m % 12 !== 0) throw new EvaluationFailure(inputError("K5208", "(year)", { zh: "年份只能加减整年", en: "a year moves by whole years only" }));
  return year + (sign * m) / 12;
}

export type Start = { readonly done: true; readonly result: EvaluationResult } | { readonly done: false; readonly evaluation: Evaluation };

// null until the first evaluation: "" is a date someone can pass (and is refused with a message).
let lastAsOfText: string | null = null;
let lastAsOf: ReturnType<typeof parseDate> = parseDate("");

export function startEvaluation(policy: PolicyInfo, exclusions: readonly ExclusionSpec[], options: EvaluationOptions): Start {
  const text = options.asOf ?? defaultAsOf(policy);
  // Bulk evaluations share one date: parse it once.
  if (text !== lastAsOfText) {
    lastAsOf = parseDate(text);
    lastAsOfText = text;
  }
  const parsed = lastAsOf;
  if (!parsed.ok) return { done: true, result: { ok: false, errors: [inputError("K5206", "asOf", parsed)] } };
  const asOf = parsed.value;
  const evaluation = new Evaluation(policy, exclusions, asOf, options);
  if ((policy.validFrom && asOf < policy.validFrom) || (policy.validTo && asOf > policy.validTo)) {
    return { done: true, result: evaluation.outOfForce() };
  }
  return { done: false, evaluation };
}

export function defaultAsOf(policy: PolicyInfo): string {
  return policy.validFrom ?? (/^\d{4}$/.test(policy.version) ? `${policy.version}-01-01` : "2021-01-01");
}

const NO_REASONS: readonly Reason[] = [];
const NO_HISTORY: readonly Grant[] = [];

/** Sets a property even when the policy calls a rule `__proto__` (plain objects stay fast). */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

export class Evaluation {
  readonly context: EvaluationContext;
  readonly trace: TraceEntry[] | null;
  readonly calendar: WorkingDayCalendar;
  private readonly outputs: Record<string, RuntimeValue> = {};
  private readonly ruleOutcomes: Record<string, Outcome> = {};
  private readonly awards: AwardResult[] = [];
  private readonly eligibilities: boolean[] = [];
  private readonly grants: Grant[] = [];
  private readonly clawbacks: Grant[] = [];
  private readonly reasons: Reason[] = [];
  private exclusionHolds: readonly boolean[] | null = null;
  private reviewed = false;

  constructor(
    private readonly policy: PolicyInfo,
    private readonly exclusions: readonly ExclusionSpec[],
    readonly asOf: string,
    options: EvaluationOptions,
  ) {
    const year = yearOf(asOf);
    this.context =
      options.project !== undefined
        ? { firm: options.firm ?? "firm", project: options.project, year, history: options.history ?? NO_HISTORY }
        : { firm: options.firm ?? "firm", year, history: options.history ?? NO_HISTORY };
    this.trace = options.trace === false ? null : [];
    this.calendar = options.calendar ?? CN_CALENDAR;
  }

  outOfForce(): EvaluationResult {
    const reason: Reason = { article: { label: this.policy.id, number: 0, title: null }, text: `${this.policy.validFrom ?? ""} ~ ${this.policy.validTo ?? ""}`, span: { start: 0, end: 0 } };
    this.trace?.push({ kind: "unmet", article: reason.article, rule: null, span: reason.span, reason: reason.text });
    return { ok: true, decision: { ...this.base(), inForce: false, outcome: "not-eligible", outputs: {}, ruleOutcomes: {}, grants: [], clawbacks: [], reasons: [reason], trace: this.trace ?? [] } };
  }

  private base() {
    return { policy: this.policy.id, version: this.policy.version, asOf: this.asOf, year: this.context.year };
  }

  get exclusionsDecided(): boolean {
    return this.exclusionHolds !== null;
  }

  /** Which exclusions hold, in the policy's order; decided once, before the first award. */
  decideExclusions(holds: readonly boolean[]): void {
    this.exclusionHolds = holds;
  }

  private exclusionsFor(rule: string): Reason[] {
    const holds = this.exclusionHolds ?? [];
    const result: Reason[] = [];
    this.exclusions.forEach((x, i) => {
      if (holds[i] === true && (x.targets === null || x.targets.includes(rule))) result.push({ article: x.article, text: x.text, span: x.span });
    });
    return result;
  }

  /** Preconditions and exclusions and clawbacks: true when the award can go on to its amount. */
  open(spec: FullAwardSpec, requireHolds: readonly boolean[], clawbackHolds: readonly boolean[]): boolean {
    return requireHolds.every((h) => h) && clawbackHolds.every((h) => !h) && this.exclusionsFor(spec.rule).length === 0;
  }

  /** The award's formula line in the trace. */
  formula(spec: RuleTraceSpec, holes: readonly RuntimeValue[], result: RuntimeValue): void {
    if (!this.trace) return;
    const formula = spec.parts.map((p) => (typeof p === "string" ? p : traceValue(holes[p] ?? null, spec.holeFormats[p] ?? "text")));
    this.trace.push({ kind: "formula", article: spec.article, rule: spec.rule, span: spec.span, formula, result: traceValue(result, spec.format) });
  }

  /** Decides an award; returns the amount granted now (fen), which later rules see. */
  award(spec: FullAwardSpec, requireHolds: readonly boolean[], clawbackHolds: readonly boolean[], raw: number | null, caps: readonly number[], reviewHolds: readonly boolean[]): number {
    const pick = (specs: readonly ReasonSpec[], holds: readonly boolean[], when: boolean): Reason[] =>
      specs.filter((_, i) => holds[i] === when).map((r) => ({ article: r.article, text: r.text, span: r.span }));
    const result = decideAward(
      spec,
      {
        raw,
        caps,
        unmet: requireHolds.length > 0 ? pick(spec.requires, requireHolds, false) : NO_REASONS,
        excluded: this.exclusionsFor(spec.rule),
        reviews: reviewHolds.length > 0 ? pick(spec.reviews, reviewHolds, true) : NO_REASONS,
        clawbacks: clawbackHolds.length > 0 ? pick(spec.clawbacks, clawbackHolds, true) : NO_REASONS,
        notApplicable: spec.notApplicable,
      },
      this.context,
      this.trace,
    );
    this.awards.push(result);
    setOwn(this.outputs, spec.rule, result.amount);
    setOwn(this.ruleOutcomes, spec.rule, result.outcome);
    if (result.grant) this.grants.push(result.grant);
    for (const g of result.clawback) this.clawbacks.push(g);
    for (const r of result.reasons) this.reasons.push(r);
    return result.amount;
  }

  /** The first result computed so far whose value is `value` (to name the field a failure started from). */
  resultWithValue(value: RuntimeValue): string | null {
    for (const name of Object.keys(this.outputs)) if (this.outputs[name] === value) return name;
    return null;
  }

  /** A rule that is not an award: a definition, a deadline, an eligibility test, a target. */
  value(name: string, value: RuntimeValue): RuntimeValue {
    setOwn(this.outputs, name, value);
    return value;
  }

  /** An eligibility test: false when a precondition of its article fails; reviews make the decision needs-review. */
  eligibility(name: string, value: boolean, requires: readonly ReasonSpec[], requireHolds: readonly boolean[], reviews: readonly ReasonSpec[], reviewHolds: readonly boolean[], decisive = true): boolean {
    let result = value;
    requires.forEach((r, i) => {
      if (requireHolds[i] !== true) {
        result = false;
        this.reasons.push({ article: r.article, text: r.text, span: r.span });
        this.trace?.push({ kind: "unmet", article: r.article, rule: name, span: r.span, reason: r.text });
      }
    });
    this.reviews(name, reviews, reviewHolds);
    if (decisive) this.eligibilities.push(result);
    setOwn(this.ruleOutcomes, name, result ? "eligible" : "not-eligible");
    setOwn(this.outputs, name, result);
    return result;
  }

  /** Reviews that hold make the decision needs-review (`name`: the rule, or null for the policy's own). */
  reviews(name: string | null, reviews: readonly ReasonSpec[], holds: readonly boolean[]): void {
    reviews.forEach((r, i) => {
      if (holds[i] === true) {
        this.reviewed = true;
        this.reasons.push({ article: r.article, text: r.text, span: r.span });
        this.trace?.push({ kind: "review", article: r.article, rule: name, span: r.span, reason: r.text });
      }
    });
  }

  /** A target: met or not, and the gap to it. */
  target(name: string, article: ArticleInfo | null, span: Span, met: boolean, domain: string, actual: RuntimeValue, goal: RuntimeValue, cmp: string, format: string, reviews: readonly ReasonSpec[], reviewHolds: readonly boolean[], decisive = true): boolean {
    this.reviews(name, reviews, reviewHolds);
    if (decisive) this.eligibilities.push(met);
    setOwn(this.ruleOutcomes, name, met ? "eligible" : "not-eligible");
    setOwn(this.outputs, name, met);
    if (this.trace) {
      const gap: TraceValue | null = met ? null : traceValue(targetGap(domain, actual, goal), format);
      this.trace.push({ kind: "target", article, rule: name, span, actual: traceValue(actual, format), goal: traceValue(goal, format), cmp, met, gap });
    }
    return met;
  }

  finish(): EvaluationResult {
    const holds = this.exclusionHolds ?? [];
    const excluded = holds.some((h) => h);
    if (excluded && this.awards.length === 0) {
      this.exclusions.forEach((x, i) => {
        if (holds[i] === true) {
          this.reasons.push({ article: x.article, text: x.text, span: x.span });
          this.trace?.push({ kind: "excluded", article: x.article, rule: null, span: x.span, reason: x.text });
        }
      });
    }
    const outcome = overallOutcome(this.awards, this.eligibilities, excluded, this.reviewed);
    // A plain literal, not a spread: V8 builds it as a fast object (a spread here cost a third of an evaluation).
    const decision: Decision = {
      policy: this.policy.id,
      version: this.policy.version,
      asOf: this.asOf,
      year: this.context.year,
      inForce: true,
      outcome,
      outputs: this.outputs,
      ruleOutcomes: this.ruleOutcomes,
      grants: this.grants,
      clawbacks: this.clawbacks,
      reasons: this.reasons,
      trace: this.trace ?? [],
    };
    return { ok: true, decision };
  }
}

function targetGap(domain: string, actual: RuntimeValue, goal: RuntimeValue): RuntimeValue {
  if ((domain === "money" || domain === "year") && typeof actual === "number" && typeof goal === "number") return Math.abs(goal - actual);
  if (domain === "dec" && typeof actual === "object" && actual !== null && typeof goal === "object" && goal !== null) {
    const d = decSub(goal, actual);
    return d.units < 0n ? dec(-d.units, d.scale) : d;
  }
  return null;
}

/** The field a failing date computation started from: an input, else an earlier result with that value. */
function fieldOf(from: string | null, s: Evaluation | undefined, inputs: readonly { readonly name: string }[], values: readonly RuntimeValue[]): string | null {
  if (from === null) return null;
  for (let i = 0; i < inputs.length; i++) if (values[i] === from) return (inputs[i] as { readonly name: string }).name;
  return s?.resultWithValue(from) ?? null;
}

/**
 * Turns an arithmetic or data failure during evaluation into a field-named error, never a number.
 * A date pushed past the years 1–9999 or out of the working-day calendar names the input (or the
 * earlier result) it was computed from; the interpreter and emitted modules pass the same inputs.
 */
export function evaluationError(error: unknown, s?: Evaluation, inputs: readonly { readonly name: string }[] = [], values: readonly RuntimeValue[] = []): EvaluationResult {
  if (error instanceof EvaluationFailure) return { ok: false, errors: [error.error] };
  if (error instanceof DateRangeError || error instanceof CalendarRangeError) {
    const field = fieldOf(error.from, s, inputs, values);
    const start = error.from === null || (error instanceof CalendarRangeError && error.from === error.date) ? { zh: "", en: "" } : { zh: `从 ${error.from} 起`, en: `from ${error.from}, ` };
    return { ok: false, errors: [inputError(error.code, field ?? "(date)", { zh: `${start.zh}${error.zh}（${error.code}）`, en: `${start.en}${error.en} (${error.code})` })] };
  }
  if (error instanceof RangeError) {
    const known = (error as { code?: string }).code;
    const code: InputErrorCode = known === "K5101" || known === "K5102" || known === "K5103" || known === "K5104" ? known : "K5100";
    const text = error as { zh?: unknown; en?: unknown };
    const zh = typeof text.zh === "string" ? text.zh : "计算超出可精确表示的范围";
    const en = typeof text.en === "string" ? text.en : error.message;
    return { ok: false, errors: [inputError(code, "(evaluation)", { zh: `无法精确计算：${zh}`, en: `cannot compute exactly: ${en}` })] };
  }
  throw error;
}
