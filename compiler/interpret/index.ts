/**
 * The reference interpreter: walks the IR. Used by `kuan eval`, `kuan test` and the playground's
 * live preview, and checked against every emitted module by the differential tests. All meaning
 * lives in the runtime (the Evaluation steps, decideAward, exact arithmetic); this file walks the
 * IR in the order the emitter writes its code.
 */
import type { IrExplain, IrExpr, IrPolicy, IrRule } from "../ir/ir.js";
import { awardSpec, choiceSpec, exclusionSpecs, policyInfo, reasonSpecs, traceSpec } from "../ir/specs.js";
import { CN_CALENDAR } from "@kuan/runtime/internal";
import { addDays, addMonths, addWorkingDays, daysBetween, type WorkingDayCalendar } from "@kuan/runtime/internal";
import { addFen, decAdd, decCompare, decDiv, decFromInt, decMul, decNeg, decOf, decSub, divFen, mulFen, ratioFen, subFen, type Dec } from "@kuan/runtime/internal";
import type { EvaluationOptions, EvaluationResult } from "@kuan/runtime/internal";
import { inputError, validateInput } from "@kuan/runtime/internal";
import { asWholeNumber, EvaluationFailure, evaluationError, need, startEvaluation, yearPlus, type Evaluation, type ExclusionSpec, type ReasonSpec } from "@kuan/runtime/internal";
import type { RuntimeValue } from "@kuan/runtime/internal";
import { deferred, force, highestIndex, holdsSafely, shown, traceChoice, type ChoiceSpec, type Deferred } from "@kuan/runtime/internal";

export type { Decision, EvaluationOptions, EvaluationResult, InputError } from "@kuan/runtime/internal";

function asDec(v: RuntimeValue): Dec {
  if (typeof v === "object" && v !== null) return v;
  throw new EvaluationFailure(inputError("K5306", "(value)", { zh: "此处应为数值", en: "a number is needed here" }));
}

function asFen(v: RuntimeValue): number {
  if (typeof v === "number") return v;
  throw new EvaluationFailure(inputError("K5306", "(value)", { zh: "此处应为金额", en: "an amount is needed here" }));
}

function asDate(v: RuntimeValue): string {
  if (typeof v === "string") return v;
  throw new EvaluationFailure(inputError("K5306", "(value)", { zh: "此处应为日期", en: "a date is needed here" }));
}

function compareValues(domain: string, a: RuntimeValue, b: RuntimeValue): number {
  if (domain === "dec") return decCompare(asDec(a), asDec(b));
  return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
}

/** Decimal constants of every policy, parsed once per process (a Dec is immutable). */
const CONSTANTS = new Map<string, Dec>();

class Interpreter {
  private readonly inputs: Readonly<Record<string, RuntimeValue>>;
  private readonly rules = new Map<string, RuntimeValue>();
  /** Definitions (定义): a failure counts only where the value is used. */
  private readonly definitions = new Map<string, Deferred<RuntimeValue>>();

  constructor(
    readonly ir: IrPolicy,
    inputs: Readonly<Record<string, RuntimeValue>>,
    readonly calendar: WorkingDayCalendar,
    /** The application's date (申报日期). */
    readonly asOf: string,
  ) {
    this.inputs = inputs;
  }

  setRule(name: string, value: RuntimeValue): void {
    this.rules.set(name, value);
  }

  setDefinition(name: string, value: Deferred<RuntimeValue>): void {
    this.definitions.set(name, value);
  }

  private dec(text: string): Dec {
    let d = CONSTANTS.get(text);
    if (!d) {
      d = decOf(text);
      CONSTANTS.set(text, d);
    }
    return d;
  }

  compute(e: IrExpr): RuntimeValue {
    switch (e.op) {
      case "money": return Number(e.fen);
      case "dec": return this.dec(e.value);
      case "date": case "text": case "bool": case "year": return e.value;
      case "input": return this.inputs[e.name] ?? null;
      case "applicationDate": return this.asOf;
      case "rule": {
        const d = this.definitions.get(e.name);
        return need(d ? force(d) : (this.rules.get(e.name) ?? null), e.name);
      }
      case "moneyAdd": return addFen(asFen(this.compute(e.a)), asFen(this.compute(e.b)));
      case "moneySub": return subFen(asFen(this.compute(e.a)), asFen(this.compute(e.b)));
      case "decAdd": return decAdd(asDec(this.compute(e.a)), asDec(this.compute(e.b)));
      case "decSub": return decSub(asDec(this.compute(e.a)), asDec(this.compute(e.b)));
      case "decMul": return decMul(asDec(this.compute(e.a)), asDec(this.compute(e.b)));
      case "decDiv": return decDiv(asDec(this.compute(e.a)), asDec(this.compute(e.b)));
      case "moneyMul": return mulFen(asFen(this.compute(e.money)), asDec(this.compute(e.factor)), e.rounding);
      case "moneyDiv": return divFen(asFen(this.compute(e.money)), asDec(this.compute(e.divisor)), e.rounding);
      case "moneyRatio": return ratioFen(asFen(this.compute(e.a)), asFen(this.compute(e.b)));
      case "moneyNeg": return subFen(0, asFen(this.compute(e.a)));
      case "decNeg": return decNeg(asDec(this.compute(e.a)));
      case "compare": {
        const c = compareValues(e.domain, this.compute(e.a), this.compute(e.b));
        switch (e.cmp) {
          case "eq": return c === 0;
          case "ne": return c !== 0;
          case "lt": return c < 0;
          case "le": return c <= 0;
          case "gt": return c > 0;
          case "ge": return c >= 0;
        }
        return false;
      }
      case "and": return this.compute(e.a) === true && this.compute(e.b) === true;
      case "or": return this.compute(e.a) === true || this.compute(e.b) === true;
      case "not": return this.compute(e.a) !== true;
      case "min":
      case "max": {
        let best = this.compute(e.args[0] as IrExpr);
        for (let i = 1; i < e.args.length; i++) {
          const v = this.compute(e.args[i] as IrExpr);
          const c = compareValues(e.domain, v, best);
          if (e.op === "min" ? c < 0 : c > 0) best = v;
        }
        return best;
      }
      case "if": return this.compute(e.cond) === true ? this.compute(e.then) : this.compute(e.otherwise);
      case "in": {
        const v = this.compute(e.value);
        return e.options.some((o) => compareValues(e.domain, v, this.compute(o)) === 0);
      }
      case "dateAdd": {
        const date = asDate(this.compute(e.date));
        const n = asWholeNumber(asDec(this.compute(e.amount))) * e.sign;
        if (e.unit === "months") return addMonths(date, n);
        if (e.unit === "days") return addDays(date, n);
        return addWorkingDays(date, n, this.calendar);
      }
      case "yearAdd": return yearPlus(asFen(this.compute(e.year)), asDec(this.compute(e.months)), e.sign);
      case "dateDiff": return decFromInt(daysBetween(asDate(this.compute(e.b)), asDate(this.compute(e.a))));
      case "yearDiff": return decFromInt((asFen(this.compute(e.a)) - asFen(this.compute(e.b))) * 12);
    }
  }

  /** A value shown in the trace: a definition that could not be computed shows as no value, it does not fail here. */
  hole(e: IrExpr): RuntimeValue {
    const d = e.op === "rule" ? this.definitions.get(e.name) : undefined;
    return d ? shown(d) : this.compute(e);
  }

  holds(e: IrExpr | null): boolean {
    return e === null || this.compute(e) === true;
  }

  /**
   * The definition that gives the value, and the value when choosing it needed it: the first
   * whose condition holds (the one that prevails comes first, the default last), or with
   * 按最高标准 the highest of those that hold. -1: none applies.
   */
  choose(rule: IrRule): { readonly index: number; readonly value?: RuntimeValue; readonly values?: readonly RuntimeValue[] } {
    if (rule.combine === "first") return { index: rule.definitions.findIndex((d) => this.holds(d.condition)) };
    const values = rule.definitions.map((d) => (this.holds(d.condition) ? this.compute(d.value) : null));
    const index = highestIndex(values, domainOf(rule));
    return index < 0 ? { index, values } : { index, value: values[index] ?? null, values };
  }

  /** Chooses, and when several definitions held, says so in the trace. */
  chooseTraced(rule: IrRule, s: Evaluation): { readonly index: number; readonly value?: RuntimeValue } {
    const choice = this.choose(rule);
    const spec = s.trace ? choiceOf(rule) : null;
    if (spec) {
      const values = choice.values ?? null;
      const held = values ? values.map((v) => v !== null) : rule.definitions.map((d) => d.condition !== null && holdsSafely(() => this.holds(d.condition)));
      traceChoice(s.trace, spec, choice.index, held, values);
    }
    return choice;
  }

  /** The value of the chosen definition. */
  valueOf(rule: IrRule, choice: { readonly index: number; readonly value?: RuntimeValue }): RuntimeValue {
    const definition = rule.definitions[choice.index];
    if (!definition) return null;
    return choice.value !== undefined ? choice.value : this.compute(definition.value);
  }
}

const CHOICES = new WeakMap<IrRule, ChoiceSpec | null>();

function choiceOf(rule: IrRule): ChoiceSpec | null {
  let spec = CHOICES.get(rule);
  if (spec === undefined) CHOICES.set(rule, (spec = choiceSpec(rule)));
  return spec;
}

function domainOf(rule: IrRule): "money" | "dec" | "date" | "year" {
  return rule.valueKind === "money" || rule.valueKind === "date" || rule.valueKind === "year" ? rule.valueKind : "dec";
}

/** Records a condition's values for its reason, where the reason is given (see Evaluation.explain). */
function explain(s: Evaluation, it: Interpreter, spec: ReasonSpec | undefined, e: IrExplain | null): void {
  if (spec && e) s.explain(spec, () => e.holes.map((h) => it.compute(h.expr)));
}

function runRule(ir: IrPolicy, rule: IrRule, it: Interpreter, s: Evaluation, exclusions: readonly ExclusionSpec[]): void {
  if (rule.kind === "reward" || rule.kind === "subsidy") {
    if (!s.exclusionsDecided) decideExclusions(ir, it, s, exclusions);
    const spec = awardSpec(ir, rule);
    const requires = rule.requires.map((r) => it.holds(r.condition));
    const clawbacks = rule.clawbacks.map((c) => it.holds(c.condition));
    requires.forEach((h, i) => !h && explain(s, it, spec.requires[i], rule.requires[i]?.explain ?? null));
    clawbacks.forEach((h, i) => h && explain(s, it, spec.clawbacks[i], rule.clawbacks[i]?.explain ?? null));
    let raw: number | null = null;
    let caps: number[] = [];
    let reviews: boolean[] = [];
    if (s.open(spec, requires, clawbacks)) {
      const choice = it.chooseTraced(rule, s);
      const definition = rule.definitions[choice.index];
      if (definition) {
        raw = asFen(it.valueOf(rule, choice));
        s.formula(traceSpec(rule, definition), definition.formula.holes.map((h) => it.hole(h.expr)), raw);
        caps = rule.caps.map((c) => asFen(it.compute(c.amount)));
        reviews = rule.reviews.map((r) => it.holds(r.condition));
        reviews.forEach((h, i) => h && explain(s, it, spec.reviews[i], rule.reviews[i]?.explain ?? null));
      } else {
        rule.definitions.filter((x) => x.explain !== null).forEach((x, i) => explain(s, it, spec.conditions[i], x.explain));
      }
    }
    it.setRule(rule.name, s.award(spec, requires, clawbacks, raw, caps, reviews));
    return;
  }
  if (rule.kind === "let") {
    const d = deferred(() => {
      const choice = it.chooseTraced(rule, s);
      const definition = rule.definitions[choice.index];
      const value = s.value(rule.name, it.valueOf(rule, choice));
      if (definition) s.formula(traceSpec(rule, definition), definition.formula.holes.map((h) => it.hole(h.expr)), value);
      return value;
    });
    if (!d.ok) s.value(rule.name, null);
    it.setDefinition(rule.name, d);
    return;
  }
  const choice = it.chooseTraced(rule, s);
  const definition = rule.definitions[choice.index];
  let value: RuntimeValue = definition ? it.valueOf(rule, choice) : rule.kind === "eligibility" ? false : null;
  const reviewSpecs = reasonSpecs(rule.reviews);
  const reviewHolds = rule.reviews.map((r) => it.holds(r.condition));
  reviewHolds.forEach((h, i) => h && explain(s, it, reviewSpecs[i], rule.reviews[i]?.explain ?? null));
  if (rule.kind === "eligibility") {
    const requireSpecs = reasonSpecs(rule.requires);
    const requireHolds = rule.requires.map((r) => it.holds(r.condition));
    requireHolds.forEach((h, i) => !h && explain(s, it, requireSpecs[i], rule.requires[i]?.explain ?? null));
    value = s.eligibility(rule.name, value === true, requireSpecs, requireHolds, reviewSpecs, reviewHolds, rule.decisive);
  } else if (rule.kind === "target" && rule.target) {
    const t = rule.target;
    const format = definition?.formula.holes[0]?.format ?? "number";
    value = s.target(rule.name, rule.article, rule.span, value === true, t.domain, it.compute(t.actual), it.compute(t.goal), t.cmp, format, reviewSpecs, reviewHolds, rule.decisive);
  } else {
    s.value(rule.name, value);
  }
  if (definition && rule.kind !== "target") s.formula(traceSpec(rule, definition), definition.formula.holes.map((h) => it.hole(h.expr)), value);
  it.setRule(rule.name, value);
}

function decideExclusions(ir: IrPolicy, it: Interpreter, s: Evaluation, exclusions: readonly ExclusionSpec[]): void {
  const holds = ir.exclusions.map((x) => it.holds(x.condition));
  s.decideExclusions(holds);
  holds.forEach((h, i) => h && explain(s, it, exclusions[i], ir.exclusions[i]?.explain ?? null));
}

export function evaluate(ir: IrPolicy, raw: unknown, options: EvaluationOptions = {}): EvaluationResult {
  const input = validateInput(ir.inputs, raw);
  if (!input.ok) return input;
  const values: Record<string, RuntimeValue> = Object.create(null) as Record<string, RuntimeValue>;
  ir.inputs.forEach((spec, i) => (values[spec.name] = input.values[i] ?? null));
  return evaluateValues(ir, values, options);
}

/** Evaluates already validated inputs (keyed by input name). */
export function evaluateValues(ir: IrPolicy, values: Readonly<Record<string, RuntimeValue>>, options: EvaluationOptions = {}): EvaluationResult {
  const exclusions = exclusionSpecs(ir);
  const start = startEvaluation(policyInfo(ir), exclusions, options);
  if (start.done) return start.result;
  const s = start.evaluation;
  const it = new Interpreter(ir, values, options.calendar ?? CN_CALENDAR, s.asOf);
  try {
    ir.rules.forEach((rule, i) => {
      s.at(i);
      runRule(ir, rule, it, s, exclusions);
    });
    s.at(-1);
    if (!s.exclusionsDecided) decideExclusions(ir, it, s, exclusions);
    if (ir.reviews.length > 0) {
      const specs = reasonSpecs(ir.reviews);
      const holds = ir.reviews.map((r) => it.holds(r.condition));
      holds.forEach((h, i) => h && explain(s, it, specs[i], ir.reviews[i]?.explain ?? null));
      s.reviews(null, specs, holds);
    }
    return s.finish();
  } catch (error) {
    return evaluationError(error, s, ir.inputs, ir.inputs.map((i) => (Object.prototype.hasOwnProperty.call(values, i.name) ? (values[i.name] ?? null) : null)));
  }
}

/** Evaluates a constant expression (an example's given value or expectation). */
export function evaluateConstant(ir: IrPolicy, e: IrExpr): RuntimeValue {
  return new Interpreter(ir, {}, CN_CALENDAR, "").compute(e);
}
