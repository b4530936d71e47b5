/**
 * The reference interpreter: walks the IR. Used by `kuan eval`, `kuan test` and the playground's
 * live preview, and checked against every emitted module by the differential tests. All meaning
 * lives in the runtime (the Evaluation steps, decideAward, exact arithmetic); this file walks the
 * IR in the order the emitter writes its code.
 */
import type { IrExpr, IrPolicy, IrRule } from "../ir/ir.js";
import { awardSpec, exclusionSpecs, policyInfo, reasonSpecs, traceSpec } from "../ir/specs.js";
import { CN_CALENDAR } from "@kuan/runtime/internal";
import { addDays, addMonths, addWorkingDays, daysBetween, type WorkingDayCalendar } from "@kuan/runtime/internal";
import { addFen, decAdd, decCompare, decDiv, decFromInt, decMul, decNeg, decOf, decSub, divFen, mulFen, ratioFen, subFen, type Dec } from "@kuan/runtime/internal";
import type { EvaluationOptions, EvaluationResult } from "@kuan/runtime/internal";
import { inputError, validateInput } from "@kuan/runtime/internal";
import { asWholeNumber, EvaluationFailure, evaluationError, need, startEvaluation, yearPlus, type Evaluation } from "@kuan/runtime/internal";
import type { RuntimeValue } from "@kuan/runtime/internal";

export type { Decision, EvaluationOptions, EvaluationResult, InputError } from "@kuan/runtime/internal";

function asDec(v: RuntimeValue): Dec {
  if (typeof v === "object" && v !== null) return v;
  throw new EvaluationFailure(inputError("K5210", "(value)", { zh: "此处应为数值", en: "a number is needed here" }));
}

function asFen(v: RuntimeValue): number {
  if (typeof v === "number") return v;
  throw new EvaluationFailure(inputError("K5210", "(value)", { zh: "此处应为金额", en: "an amount is needed here" }));
}

function asDate(v: RuntimeValue): string {
  if (typeof v === "string") return v;
  throw new EvaluationFailure(inputError("K5210", "(value)", { zh: "此处应为日期", en: "a date is needed here" }));
}

function compareValues(domain: string, a: RuntimeValue, b: RuntimeValue): number {
  if (domain === "dec") return decCompare(asDec(a), asDec(b));
  return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
}

class Interpreter {
  private readonly inputs: Readonly<Record<string, RuntimeValue>>;
  private readonly rules = new Map<string, RuntimeValue>();
  private readonly constants = new Map<string, Dec>();

  constructor(
    readonly ir: IrPolicy,
    inputs: Readonly<Record<string, RuntimeValue>>,
    readonly calendar: WorkingDayCalendar,
  ) {
    this.inputs = inputs;
  }

  setRule(name: string, value: RuntimeValue): void {
    this.rules.set(name, value);
  }

  private dec(text: string): Dec {
    let d = this.constants.get(text);
    if (!d) {
      d = decOf(text);
      this.constants.set(text, d);
    }
    return d;
  }

  compute(e: IrExpr): RuntimeValue {
    switch (e.op) {
      case "money": return Number(e.fen);
      case "dec": return this.dec(e.value);
      case "date": case "text": case "bool": case "year": return e.value;
      case "input": return this.inputs[e.name] ?? null;
      case "rule": return need(this.rules.get(e.name) ?? null, e.name);
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

  holds(e: IrExpr | null): boolean {
    return e === null || this.compute(e) === true;
  }

  /** Index of the first definition whose condition holds (exceptions come before the default), or -1. */
  applicable(rule: IrRule): number {
    return rule.definitions.findIndex((d) => this.holds(d.condition));
  }
}

function runRule(ir: IrPolicy, rule: IrRule, it: Interpreter, s: Evaluation): void {
  if (rule.kind === "reward" || rule.kind === "subsidy") {
    if (!s.exclusionsDecided) s.decideExclusions(ir.exclusions.map((x) => it.holds(x.condition)));
    const spec = awardSpec(ir, rule);
    const requires = rule.requires.map((r) => it.holds(r.condition));
    const clawbacks = rule.clawbacks.map((c) => it.holds(c.condition));
    let raw: number | null = null;
    let caps: number[] = [];
    let reviews: boolean[] = [];
    if (s.open(spec, requires, clawbacks)) {
      const d = it.applicable(rule);
      const definition = rule.definitions[d];
      if (definition) {
        raw = asFen(it.compute(definition.value));
        s.formula(traceSpec(rule, definition), definition.formula.holes.map((h) => it.compute(h.expr)), raw);
        caps = rule.caps.map((c) => asFen(it.compute(c.amount)));
        reviews = rule.reviews.map((r) => it.holds(r.condition));
      }
    }
    it.setRule(rule.name, s.award(spec, requires, clawbacks, raw, caps, reviews));
    return;
  }
  const d = it.applicable(rule);
  const definition = rule.definitions[d];
  let value: RuntimeValue = definition ? it.compute(definition.value) : rule.kind === "eligibility" ? false : null;
  if (rule.kind === "eligibility") {
    value = s.eligibility(rule.name, value === true, reasonSpecs(rule.requires), rule.requires.map((r) => it.holds(r.condition)), reasonSpecs(rule.reviews), rule.reviews.map((r) => it.holds(r.condition)), rule.decisive);
  } else if (rule.kind === "target" && rule.target) {
    const t = rule.target;
    const format = definition?.formula.holes[0]?.format ?? "number";
    value = s.target(rule.name, rule.article, rule.span, value === true, t.domain, it.compute(t.actual), it.compute(t.goal), t.cmp, format, reasonSpecs(rule.reviews), rule.reviews.map((r) => it.holds(r.condition)), rule.decisive);
  } else {
    s.value(rule.name, value);
  }
  if (definition && rule.kind !== "target") s.formula(traceSpec(rule, definition), definition.formula.holes.map((h) => it.compute(h.expr)), value);
  it.setRule(rule.name, value);
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
  const start = startEvaluation(policyInfo(ir), exclusionSpecs(ir), options);
  if (start.done) return start.result;
  const s = start.evaluation;
  const it = new Interpreter(ir, values, options.calendar ?? CN_CALENDAR);
  try {
    for (const rule of ir.rules) runRule(ir, rule, it, s);
    if (!s.exclusionsDecided) s.decideExclusions(ir.exclusions.map((x) => it.holds(x.condition)));
    if (ir.reviews.length > 0) s.reviews(null, reasonSpecs(ir.reviews), ir.reviews.map((r) => it.holds(r.condition)));
    return s.finish();
  } catch (error) {
    return evaluationError(error, s, ir.inputs, ir.inputs.map((i) => (Object.prototype.hasOwnProperty.call(values, i.name) ? (values[i.name] ?? null) : null)));
  }
}

/** Evaluates a constant expression (an example's given value or expectation). */
export function evaluateConstant(ir: IrPolicy, e: IrExpr): RuntimeValue {
  return new Interpreter(ir, {}, CN_CALENDAR).compute(e);
}
