/**
 * The reference interpreter, staged: each policy's IR is compiled once into closures (cached per
 * IR), which then decide applications without walking the IR again and without eval/Function.
 * Used by `kuan eval`, `kuan test`, `kuan run`, `kuan diff` and the playground's live preview, and
 * checked against every emitted module by the differential tests. All meaning lives in the
 * runtime (the Evaluation steps, decideAward, exact arithmetic); the closures compute what the
 * emitted module computes and call the same steps in the same order (compiler/emit/typescript.ts
 * is the model: one closure here per expression written there).
 */
import type { IrExplain, IrExpr, IrPolicy, IrRule } from "../ir/ir.js";
import { awardSpec, choiceSpec, exclusionSpecs, inputSpecs, policyInfo, reasonSpecs, traceSpec } from "../ir/specs.js";
import { CN_CALENDAR } from "@kuan/runtime/internal";
import { addDays, addMonths, addWorkingDays, daysBetween, earliest, latest, type WorkingDayCalendar } from "@kuan/runtime/internal";
import { addFen, decAdd, decCompare, decDiv, decFromInt, decMax, decMin, decMul, decNeg, decOf, decSub, divFen, mulFen, ratioFen, subFen, type Dec } from "@kuan/runtime/internal";
import type { EvaluationOptions, EvaluationResult, FullAwardSpec, NamedInputSpec, PolicyInfo, RuleTraceSpec } from "@kuan/runtime/internal";
import { inputError, validateInput } from "@kuan/runtime/internal";
import { asWholeNumber, EvaluationFailure, evaluationError, need, startEvaluation, yearPlus, type Evaluation, type ExclusionSpec, type ReasonSpec } from "@kuan/runtime/internal";
import type { RuntimeValue } from "@kuan/runtime/internal";
import { overallOutcome, type CapScope, type CapSpec, type EvaluationContext, type Outcome, type OutcomeTally, type PriorGrant } from "@kuan/runtime/internal";
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

/**
 * What one evaluation's closures read: the inputs (in the policy's order) and, per rule (in the
 * policy's order), its value so far or, for a definition (定义), its deferred value.
 */
export class Frame {
  /** The values of a 按最高标准 rule's definitions, between choosing and taking the value. */
  held: readonly RuntimeValue[] = NONE;

  constructor(
    readonly inputs: readonly RuntimeValue[],
    readonly slots: (RuntimeValue | Deferred<RuntimeValue>)[],
    /** The application's date (申报日期). */
    readonly asOf: string,
    readonly calendar: WorkingDayCalendar,
  ) {}
}

export type Code = (f: Frame) => RuntimeValue;
export type Flags = (f: Frame) => readonly RuntimeValue[];
type Step = (f: Frame, s: Evaluation) => void;

export const NONE: readonly never[] = [];
const NULL: Code = () => null;
export const TRUE: Code = () => true;

/** Names resolved to their places in the frame. */
export interface Scope {
  readonly inputs: ReadonlyMap<string, number>;
  readonly rules: ReadonlyMap<string, number>;
  /** Definitions (定义): deferred, so a failure counts only where the value is used. */
  readonly lets: ReadonlySet<string>;
  /** Names that may have no value (a definition or deadline without a default). */
  readonly nullable: ReadonlySet<string>;
}

function constant(v: RuntimeValue): Code {
  return () => v;
}

function compare(cmp: "eq" | "ne" | "lt" | "le" | "gt" | "ge", a: Code, b: Code): Code {
  switch (cmp) {
    case "eq": return (f) => a(f) === b(f);
    case "ne": return (f) => a(f) !== b(f);
    // Only numbers and dates (ISO text) are ordered; the casts say what the checker proved.
    case "lt": return (f) => (a(f) as number) < (b(f) as number);
    case "le": return (f) => (a(f) as number) <= (b(f) as number);
    case "gt": return (f) => (a(f) as number) > (b(f) as number);
    case "ge": return (f) => (a(f) as number) >= (b(f) as number);
  }
}

function decTest(cmp: "eq" | "ne" | "lt" | "le" | "gt" | "ge", a: Code, b: Code): Code {
  switch (cmp) {
    case "eq": return (f) => decCompare(asDec(a(f)), asDec(b(f))) === 0;
    case "ne": return (f) => decCompare(asDec(a(f)), asDec(b(f))) !== 0;
    case "lt": return (f) => decCompare(asDec(a(f)), asDec(b(f))) < 0;
    case "le": return (f) => decCompare(asDec(a(f)), asDec(b(f))) <= 0;
    case "gt": return (f) => decCompare(asDec(a(f)), asDec(b(f))) > 0;
    case "ge": return (f) => decCompare(asDec(a(f)), asDec(b(f))) >= 0;
  }
}

/** The closure that computes an expression: the emitter's `expr`, as a function instead of text. */
export function compileExpr(e: IrExpr, scope: Scope): Code {
  const sub = (x: IrExpr) => compileExpr(x, scope);
  switch (e.op) {
    case "money": return constant(Number(e.fen));
    case "dec": return constant(decOf(e.value));
    case "date": case "text": case "bool": case "year": return constant(e.value);
    case "input": {
      const i = scope.inputs.get(e.name);
      return i === undefined ? NULL : (f) => f.inputs[i] ?? null;
    }
    case "applicationDate": return (f) => f.asOf;
    case "rule": {
      const name = e.name;
      const i = scope.rules.get(name);
      if (i === undefined) return () => need(null, name);
      const nullable = scope.nullable.has(name);
      if (scope.lets.has(name)) {
        const value = (f: Frame): RuntimeValue => {
          const d = f.slots[i] as Deferred<RuntimeValue> | null;
          return d === null ? need(null, name) : force(d);
        };
        return nullable ? (f) => need(value(f), name) : value;
      }
      return nullable ? (f) => need(f.slots[i] as RuntimeValue, name) : (f) => f.slots[i] as RuntimeValue;
    }
    case "moneyAdd": { const a = sub(e.a), b = sub(e.b); return (f) => addFen(asFen(a(f)), asFen(b(f))); }
    case "moneySub": { const a = sub(e.a), b = sub(e.b); return (f) => subFen(asFen(a(f)), asFen(b(f))); }
    case "decAdd": { const a = sub(e.a), b = sub(e.b); return (f) => decAdd(asDec(a(f)), asDec(b(f))); }
    case "decSub": { const a = sub(e.a), b = sub(e.b); return (f) => decSub(asDec(a(f)), asDec(b(f))); }
    case "decMul": { const a = sub(e.a), b = sub(e.b); return (f) => decMul(asDec(a(f)), asDec(b(f))); }
    case "decDiv": { const a = sub(e.a), b = sub(e.b); return (f) => decDiv(asDec(a(f)), asDec(b(f))); }
    case "moneyMul": { const m = sub(e.money), x = sub(e.factor), r = e.rounding; return (f) => mulFen(asFen(m(f)), asDec(x(f)), r); }
    case "moneyDiv": { const m = sub(e.money), x = sub(e.divisor), r = e.rounding; return (f) => divFen(asFen(m(f)), asDec(x(f)), r); }
    case "moneyRatio": { const a = sub(e.a), b = sub(e.b); return (f) => ratioFen(asFen(a(f)), asFen(b(f))); }
    case "moneyNeg": { const a = sub(e.a); return (f) => subFen(0, asFen(a(f))); }
    case "decNeg": { const a = sub(e.a); return (f) => decNeg(asDec(a(f))); }
    case "compare": return e.domain === "dec" ? decTest(e.cmp, sub(e.a), sub(e.b)) : compare(e.cmp, sub(e.a), sub(e.b));
    case "and": { const a = sub(e.a), b = sub(e.b); return (f) => a(f) && b(f); }
    case "or": { const a = sub(e.a), b = sub(e.b); return (f) => a(f) || b(f); }
    case "not": { const a = sub(e.a); return (f) => !a(f); }
    case "min":
    case "max": {
      const args = e.args.map(sub);
      const pick = e.domain === "money" || e.domain === "year" ? (e.op === "min" ? Math.min : Math.max) : null;
      if (pick) {
        if (args.length === 2) {
          const [a, b] = args as [Code, Code];
          return (f) => pick(a(f) as number, b(f) as number);
        }
        return (f) => pick(...args.map((a) => a(f) as number));
      }
      if (e.domain === "dec") {
        const best = e.op === "min" ? decMin : decMax;
        return (f) => best(...args.map((a) => asDec(a(f))));
      }
      const best = e.op === "min" ? earliest : latest;
      return (f) => best(...args.map((a) => asDate(a(f))));
    }
    case "if": { const c = sub(e.cond), a = sub(e.then), b = sub(e.otherwise); return (f) => (c(f) ? a(f) : b(f)); }
    case "in": {
      const value = sub(e.value);
      const options = e.options.map(sub);
      if (e.domain === "dec") {
        return (f) => {
          const x = asDec(value(f));
          for (const o of options) if (decCompare(x, asDec(o(f))) === 0) return true;
          return false;
        };
      }
      return (f) => {
        const x = value(f);
        for (const o of options) if (x === o(f)) return true;
        return false;
      };
    }
    case "dateAdd": {
      const date = sub(e.date), amount = sub(e.amount), sign = e.sign;
      if (e.unit === "months") return (f) => addMonths(asDate(date(f)), asWholeNumber(asDec(amount(f))) * sign);
      if (e.unit === "days") return (f) => addDays(asDate(date(f)), asWholeNumber(asDec(amount(f))) * sign);
      return (f) => addWorkingDays(asDate(date(f)), asWholeNumber(asDec(amount(f))) * sign, f.calendar);
    }
    case "yearAdd": { const y = sub(e.year), m = sub(e.months), sign = e.sign; return (f) => yearPlus(asFen(y(f)), asDec(m(f)), sign); }
    // The later date first, as the emitted module computes it: daysBetween(b, a).
    case "dateDiff": { const a = sub(e.a), b = sub(e.b); return (f) => { const later = asDate(b(f)); return decFromInt(daysBetween(later, asDate(a(f)))); }; }
    case "yearDiff": { const a = sub(e.a), b = sub(e.b); return (f) => decFromInt((asFen(a(f)) - asFen(b(f))) * 12); }
  }
}

/** A value shown in the trace: a definition that could not be computed shows as no value, it does not fail here. */
function compileHole(e: IrExpr, scope: Scope): Code {
  if (e.op === "rule" && scope.lets.has(e.name)) {
    const i = scope.rules.get(e.name);
    if (i !== undefined) return (f) => { const d = f.slots[i] as Deferred<RuntimeValue> | null; return d === null ? null : shown(d); };
  }
  return compileExpr(e, scope);
}

/** The values of a list of conditions (null: holds) or amounts, in order: what the runtime's steps take. */
export function compileFlags(conditions: readonly (IrExpr | null)[], scope: Scope): Flags {
  const codes = conditions.map((c) => (c === null ? TRUE : compileExpr(c, scope)));
  if (codes.length === 0) return () => NONE;
  if (codes.length === 1) {
    const [a] = codes as [Code];
    return (f) => [a(f)];
  }
  if (codes.length === 2) {
    const [a, b] = codes as [Code, Code];
    return (f) => [a(f), b(f)];
  }
  return (f) => codes.map((c) => c(f));
}

/**
 * For each condition of a list that came out `when`, records the values its reason shows
 * (computed only then). Null when no condition of the list is explained.
 */
function compileExplains(explains: readonly (IrExplain | null)[], specs: readonly ReasonSpec[], when: boolean, scope: Scope): ((f: Frame, s: Evaluation, flags: readonly RuntimeValue[]) => void) | null {
  const each = explains.flatMap((e, i) => {
    const spec = specs[i];
    if (!e || !spec) return [];
    const holes = e.holes.map((h) => compileExpr(h.expr, scope));
    return [{ i, spec, holes }];
  });
  if (each.length === 0) return null;
  return (f, s, flags) => {
    for (const x of each) if (flags[x.i] === when) s.explain(x.spec, () => x.holes.map((h) => h(f)));
  };
}

/** Which definition gives a rule's value, and the value: the emitter's `choose` and `valueOf`. */
interface Chooser {
  /** The index of the definition that gives the value (-1: none applies); says so in the trace when several applied. */
  readonly choose: (f: Frame, s: Evaluation) => number;
  readonly value: (f: Frame, d: number) => RuntimeValue;
  /** The formula line of the trace. */
  readonly formula: (f: Frame, s: Evaluation, d: number, value: RuntimeValue) => void;
}

function domainOf(rule: IrRule): "money" | "dec" | "date" | "year" {
  return rule.valueKind === "money" || rule.valueKind === "date" || rule.valueKind === "year" ? rule.valueKind : "dec";
}

export function compileChooser(rule: IrRule, scope: Scope): Chooser {
  const defs = rule.definitions;
  const conditions = defs.map((d) => (d.condition === null ? null : compileExpr(d.condition, scope)));
  const values = defs.map((d) => compileExpr(d.value, scope));
  const spec: ChoiceSpec | null = choiceSpec(rule);
  const traces: readonly RuleTraceSpec[] = defs.map((d) => traceSpec(rule, d));
  const holes = defs.map((d) => d.formula.holes.map((h) => compileHole(h.expr, scope)));
  const formula = (f: Frame, s: Evaluation, d: number, value: RuntimeValue): void => {
    const t = traces[d];
    const h = holes[d];
    if (t && h) s.formula(t, h.map((x) => x(f)), value);
  };
  if (rule.combine === "highest") {
    // 按最高标准: every definition that holds is computed, and the highest counts.
    const domain = domainOf(rule);
    return {
      choose: (f, s) => {
        const held = defs.map((_, i) => {
          const c = conditions[i];
          return c === null || c === undefined || c(f) ? (values[i] as Code)(f) : null;
        });
        f.held = held;
        const d = highestIndex(held, domain);
        if (spec && s.trace) traceChoice(s.trace, spec, d, held.map((v) => v !== null), held);
        return d;
      },
      value: (f, d) => (d >= 0 ? (f.held[d] as RuntimeValue) : null),
      formula,
    };
  }
  const first = (f: Frame): number => {
    for (let i = 0; i < conditions.length; i++) {
      const c = conditions[i];
      if (c === null || (c as Code)(f)) return i;
    }
    return -1;
  };
  const single = defs.length === 1 && defs[0]?.condition === null;
  const only = values[0] as Code;
  return {
    choose: spec
      ? (f, s) => {
          const d = first(f);
          if (s.trace) traceChoice(s.trace, spec, d, conditions.map((c) => c !== null && holdsSafely(() => c(f) === true)), null);
          return d;
        }
      : first,
    value: single ? (f) => only(f) : (f, d) => (d >= 0 ? (values[d] as Code)(f) : null),
    formula,
  };
}

export function isAward(rule: IrRule): boolean {
  return rule.kind === "reward" || rule.kind === "subsidy";
}

function compileAward(ir: IrPolicy, rule: IrRule, slot: number, scope: Scope): Step {
  const spec: FullAwardSpec = awardSpec(ir, rule);
  const requires = compileFlags(rule.requires.map((r) => r.condition), scope);
  const clawbacks = compileFlags(rule.clawbacks.map((c) => c.condition), scope);
  const explainRequires = compileExplains(rule.requires.map((r) => r.explain), spec.requires, false, scope);
  const explainClawbacks = compileExplains(rule.clawbacks.map((c) => c.explain), spec.clawbacks, true, scope);
  const chooser = compileChooser(rule, scope);
  const caps = compileFlags(rule.caps.map((c) => c.amount), scope);
  const reviews = compileFlags(rule.reviews.map((r) => r.condition), scope);
  const explainReviews = compileExplains(rule.reviews.map((r) => r.explain), spec.reviews, true, scope);
  const conditions = rule.definitions.map((d) => d.explain).filter((e): e is IrExplain => e !== null);
  const explainConditions = compileExplains(conditions, spec.conditions, true, scope);
  const always: readonly RuntimeValue[] = conditions.map(() => true);
  return (f, s) => {
    const req = requires(f) as readonly boolean[];
    const claw = clawbacks(f) as readonly boolean[];
    if (explainRequires) explainRequires(f, s, req);
    if (explainClawbacks) explainClawbacks(f, s, claw);
    let raw: number | null = null;
    let capAmounts: readonly number[] = NONE;
    let reviewHolds: readonly boolean[] = NONE;
    let d = -1;
    if (s.open(spec, req, claw)) {
      d = chooser.choose(f, s);
      if (d >= 0) {
        raw = asFen(chooser.value(f, d));
        if (s.trace) chooser.formula(f, s, d, raw);
        capAmounts = caps(f) as readonly number[];
        reviewHolds = reviews(f) as readonly boolean[];
        if (explainReviews) explainReviews(f, s, reviewHolds);
      } else if (explainConditions) {
        explainConditions(f, s, always);
      }
    }
    f.slots[slot] = s.award(spec, req, claw, raw, capAmounts, reviewHolds, d);
  };
}

function compileLet(rule: IrRule, slot: number, scope: Scope): Step {
  const chooser = compileChooser(rule, scope);
  const name = rule.name;
  return (f, s) => {
    const d = deferred(() => {
      const index = chooser.choose(f, s);
      const value = s.value(name, chooser.value(f, index));
      if (s.trace && index >= 0) chooser.formula(f, s, index, value);
      return value;
    });
    if (!d.ok) s.value(name, null);
    f.slots[slot] = d;
  };
}

function compileTest(rule: IrRule, slot: number, scope: Scope): Step {
  const chooser = compileChooser(rule, scope);
  const name = rule.name;
  const reviewSpecs = reasonSpecs(rule.reviews);
  const reviews = compileFlags(rule.reviews.map((r) => r.condition), scope);
  const explainReviews = compileExplains(rule.reviews.map((r) => r.explain), reviewSpecs, true, scope);
  const decisive = rule.decisive;
  if (rule.kind === "eligibility") {
    const requireSpecs = reasonSpecs(rule.requires);
    const requires = compileFlags(rule.requires.map((r) => r.condition), scope);
    const explainRequires = compileExplains(rule.requires.map((r) => r.explain), requireSpecs, false, scope);
    return (f, s) => {
      const d = chooser.choose(f, s);
      const value = d >= 0 ? chooser.value(f, d) : false;
      const reviewHolds = reviews(f) as readonly boolean[];
      if (explainReviews) explainReviews(f, s, reviewHolds);
      const requireHolds = requires(f) as readonly boolean[];
      if (explainRequires) explainRequires(f, s, requireHolds);
      const v = s.eligibility(name, value === true, requireSpecs, requireHolds, reviewSpecs, reviewHolds, decisive);
      f.slots[slot] = v;
      if (s.trace && d >= 0) chooser.formula(f, s, d, v);
    };
  }
  const t = rule.target;
  if (!t) {
    return (f, s) => {
      const d = chooser.choose(f, s);
      const value = d >= 0 ? chooser.value(f, d) : null;
      const reviewHolds = reviews(f) as readonly boolean[];
      if (explainReviews) explainReviews(f, s, reviewHolds);
      f.slots[slot] = s.value(name, value);
    };
  }
  const actual = compileExpr(t.actual, scope);
  const goal = compileExpr(t.goal, scope);
  const format = rule.definitions[0]?.formula.holes[0]?.format ?? "number";
  const article = rule.article;
  const span = rule.span;
  return (f, s) => {
    const d = chooser.choose(f, s);
    const value = d >= 0 ? chooser.value(f, d) : null;
    const reviewHolds = reviews(f) as readonly boolean[];
    if (explainReviews) explainReviews(f, s, reviewHolds);
    f.slots[slot] = s.target(name, article, span, value === true, t.domain, actual(f), goal(f), t.cmp, format, reviewSpecs, reviewHolds, decisive);
  };
}

function compileValue(rule: IrRule, slot: number, scope: Scope): Step {
  const chooser = compileChooser(rule, scope);
  const name = rule.name;
  return (f, s) => {
    const d = chooser.choose(f, s);
    const v = s.value(name, d >= 0 ? chooser.value(f, d) : null);
    f.slots[slot] = v;
    if (s.trace && d >= 0) chooser.formula(f, s, d, v);
  };
}

function compileRule(ir: IrPolicy, rule: IrRule, slot: number, scope: Scope): Step {
  switch (rule.kind) {
    case "reward": case "subsidy": return compileAward(ir, rule, slot, scope);
    case "let": return compileLet(rule, slot, scope);
    case "eligibility": case "target": return compileTest(rule, slot, scope);
    case "deadline": return compileValue(rule, slot, scope);
  }
}

/** Exclusions, decided once before the first award: which hold, and the values their reasons show. */
function compileExclusions(ir: IrPolicy, specs: readonly ExclusionSpec[], scope: Scope): Step {
  const flags = compileFlags(ir.exclusions.map((x) => x.condition), scope);
  const explain = compileExplains(ir.exclusions.map((x) => x.explain), specs, true, scope);
  return (f, s) => {
    const holds = flags(f) as readonly boolean[];
    s.decideExclusions(holds);
    if (explain) explain(f, s, holds);
  };
}

/** The policy's own reviews (of articles without awards), decided after every rule. */
function compileReviews(ir: IrPolicy, scope: Scope): Step | null {
  if (ir.reviews.length === 0) return null;
  const specs = reasonSpecs(ir.reviews);
  const flags = compileFlags(ir.reviews.map((r) => r.condition), scope);
  const explain = compileExplains(ir.reviews.map((r) => r.explain), specs, true, scope);
  return (f, s) => {
    const holds = flags(f) as readonly boolean[];
    if (explain) explain(f, s, holds);
    s.reviews(null, specs, holds);
  };
}

/** A policy compiled: what does not change between evaluations. */
interface Program {
  readonly info: PolicyInfo;
  readonly inputs: readonly NamedInputSpec[];
  readonly names: readonly string[];
  readonly exclusions: readonly ExclusionSpec[];
  readonly scope: Scope;
  /** One step per rule, with the exclusions decided before the first award. */
  readonly steps: readonly Step[];
  /** Where the exclusions are decided: before this rule (rules.length: after every rule). */
  readonly exclusionsAt: number;
  readonly decideExclusions: Step;
  readonly reviews: Step | null;
}

export function scopeOf(ir: IrPolicy): Scope {
  const inputs = new Map<string, number>();
  ir.inputs.forEach((input, i) => {
    if (!inputs.has(input.name)) inputs.set(input.name, i);
  });
  const rules = new Map<string, number>();
  const lets = new Set<string>();
  const nullable = new Set<string>();
  ir.rules.forEach((rule, i) => {
    if (!rules.has(rule.name)) rules.set(rule.name, i);
    const hasDefault = rule.definitions.some((d) => d.condition === null);
    if (!hasDefault && (rule.kind === "let" || rule.kind === "deadline")) nullable.add(rule.name);
    if (rule.kind === "let") lets.add(rule.name);
  });
  return { inputs, rules, lets, nullable };
}

function compileProgram(ir: IrPolicy): Program {
  const scope = scopeOf(ir);
  const exclusions = exclusionSpecs(ir);
  const firstAward = ir.rules.findIndex(isAward);
  return {
    info: policyInfo(ir),
    inputs: inputSpecs(ir),
    names: ir.inputs.map((i) => i.name),
    exclusions,
    scope,
    steps: ir.rules.map((rule, i) => compileRule(ir, rule, i, scope)),
    exclusionsAt: firstAward < 0 ? ir.rules.length : firstAward,
    decideExclusions: compileExclusions(ir, exclusions, scope),
    reviews: compileReviews(ir, scope),
  };
}

const programs = new WeakMap<IrPolicy, Program>();
/**
 * Copies of one IR that differ only in validity (the diff compares versions with validity set
 * aside) share the compiled rules: keyed by the rules, checked against everything else they read.
 */
const byRules = new WeakMap<readonly IrRule[], { readonly ir: IrPolicy; readonly program: Program }>();

function programOf(ir: IrPolicy): Program {
  const known = programs.get(ir);
  if (known) return known;
  const shared = byRules.get(ir.rules);
  let program: Program;
  if (shared && sameBody(shared.ir, ir)) program = { ...shared.program, info: policyInfo(ir) };
  else {
    program = compileProgram(ir);
    byRules.set(ir.rules, { ir, program });
  }
  programs.set(ir, program);
  return program;
}

function sameBody(a: IrPolicy, b: IrPolicy): boolean {
  return a.id === b.id && a.title === b.title && a.version === b.version && a.inputs === b.inputs && a.exclusions === b.exclusions && a.reviews === b.reviews && a.rounding === b.rounding;
}

function run(p: Program, inputs: readonly RuntimeValue[], options: EvaluationOptions): EvaluationResult {
  const start = startEvaluation(p.info, p.exclusions, options);
  if (start.done) return start.result;
  const s = start.evaluation;
  const steps = p.steps;
  const f = new Frame(inputs, new Array<RuntimeValue | Deferred<RuntimeValue>>(steps.length).fill(null), s.asOf, s.calendar);
  try {
    for (let i = 0; i < steps.length; i++) {
      s.at(i);
      if (i === p.exclusionsAt) p.decideExclusions(f, s);
      (steps[i] as Step)(f, s);
    }
    s.at(-1);
    if (p.exclusionsAt === steps.length) p.decideExclusions(f, s);
    if (p.reviews) p.reviews(f, s);
    return s.finish();
  } catch (error) {
    return evaluationError(error, s, p.inputs, inputs);
  }
}

/** Validates an application (a bad field is an error naming it, never a number), then decides it. */
export function evaluate(ir: IrPolicy, raw: unknown, options: EvaluationOptions = {}): EvaluationResult {
  const p = programOf(ir);
  const input = validateInput(p.inputs, raw);
  if (!input.ok) return input;
  return run(p, input.values, options);
}

/** Evaluates already validated inputs (keyed by input name). */
export function evaluateValues(ir: IrPolicy, values: Readonly<Record<string, RuntimeValue>>, options: EvaluationOptions = {}): EvaluationResult {
  const p = programOf(ir);
  const inputs = p.names.map((name) => (Object.prototype.hasOwnProperty.call(values, name) ? (values[name] ?? null) : null));
  return run(p, inputs, options);
}

/**
 * Evaluates already validated inputs given in the policy's order (`ir.inputs`): the bulk path
 * (impact, ledger runs), with no record to build per application.
 */
export function evaluateInputs(ir: IrPolicy, inputs: readonly RuntimeValue[], options: EvaluationOptions = {}): EvaluationResult {
  return run(programOf(ir), inputs, options);
}

/** Nothing is known while constants are computed: an input reads as no value, a rule has none. */
const CONSTANT_SCOPE: Scope = { inputs: new Map(), rules: new Map(), lets: new Set(), nullable: new Set() };

/** Evaluates a constant expression (an example's given value or expectation). */
export function evaluateConstant(_ir: IrPolicy, e: IrExpr): RuntimeValue {
  return compileExpr(e, CONSTANT_SCOPE)(new Frame(NONE, [], "", CN_CALENDAR));
}
