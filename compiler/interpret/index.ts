/**
 * The reference interpreter: walks the IR. Used by `kuan eval`, `kuan test` and the playground's
 * live preview, and checked against every emitted module by the differential tests. All meaning
 * lives in the runtime (decideAward, the exact arithmetic); this file only walks.
 */
import type { IrExpr, IrPolicy, IrRule } from "../ir/ir.js";
import { CN_CALENDAR } from "../runtime/calendars/cn.js";
import { addDays, addMonths, addWorkingDays, daysBetween, parseDate, yearOf, type WorkingDayCalendar } from "../runtime/dates.js";
import { decideAward, overallOutcome, type AwardResult, type AwardSpec, type Grant, type Reason, type TraceEntry } from "../runtime/decide.js";
import {
  addFen,
  dec,
  decAdd,
  decCompare,
  decDiv,
  decFromInt,
  decMul,
  decNeg,
  decOf,
  decSub,
  divFen,
  mulFen,
  parseBool,
  parseEnum,
  parseMoney,
  parseQuantity,
  parseRate,
  parseText,
  parseYear,
  ratioFen,
  subFen,
  type Dec,
  type Parsed,
} from "../runtime/exact.js";
import { inputError, type Decision, type EvaluationOptions, type EvaluationResult, type InputError } from "../runtime/evaluation.js";
import { traceValue, type RuntimeValue } from "../runtime/trace-text.js";

export type { Decision, EvaluationOptions, EvaluationResult, InputError } from "../runtime/evaluation.js";

class EvaluationFailure extends Error {
  constructor(readonly error: InputError) {
    super(error.en);
  }
}

function readInput(value: unknown, rule: IrPolicy["inputs"][number]): Parsed<RuntimeValue> {
  const spec = rule.spec;
  switch (spec.type) {
    case "money": return parseMoney(value);
    case "rate": return parseRate(value);
    case "count": return parseQuantity(value, true);
    case "duration": {
      const q = parseQuantity(value, false);
      if (!q.ok) return q;
      return { ok: true, value: spec.unit === "year" ? decMul(q.value, decFromInt(12)) : q.value };
    }
    case "date": return parseDate(value);
    case "year": return parseYear(value);
    case "bool": return parseBool(value);
    case "enum": return parseEnum(value, spec.values);
    case "text": return parseText(value);
  }
}

export function validateInput(ir: IrPolicy, raw: unknown): { ok: true; values: Map<string, RuntimeValue> } | { ok: false; errors: InputError[] } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, errors: [inputError("(input)", { zh: "申报数据应为一个对象", en: "the application must be an object" })] };
  const record = raw as Record<string, unknown>;
  const errors: InputError[] = [];
  const values = new Map<string, RuntimeValue>();
  for (const input of ir.inputs) {
    if (!Object.prototype.hasOwnProperty.call(record, input.name) || record[input.name] === undefined) {
      errors.push(inputError(input.name, { zh: "缺少此项", en: "is missing" }));
      continue;
    }
    const parsed = readInput(record[input.name], input);
    if (parsed.ok) values.set(input.name, parsed.value);
    else errors.push(inputError(input.name, parsed));
  }
  const known = new Set(ir.inputs.map((i) => i.name));
  for (const key of Object.keys(record)) {
    if (!known.has(key)) errors.push(inputError(key, { zh: "不是本政策的申报项", en: "is not an input of this policy" }));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

function asDec(v: RuntimeValue, what: string): Dec {
  if (typeof v === "object" && v !== null) return v;
  throw new EvaluationFailure({ field: what, zh: "此处没有可用的值", en: "has no value here" });
}

function asFen(v: RuntimeValue, what: string): number {
  if (typeof v === "number") return v;
  throw new EvaluationFailure({ field: what, zh: "此处没有可用的金额", en: "has no amount here" });
}

function wholeNumber(d: Dec, what: string): number {
  if (d.scale !== 0 || d.small === null) throw new EvaluationFailure({ field: what, zh: "应为整数", en: "should be a whole number" });
  return d.small;
}

function compareValues(domain: string, a: RuntimeValue, b: RuntimeValue): number {
  if (domain === "dec") return decCompare(asDec(a, "?"), asDec(b, "?"));
  if (a === null || b === null) throw new EvaluationFailure({ field: "(comparison)", zh: "比较的一边没有值", en: "one side of a comparison has no value" });
  return a < b ? -1 : a > b ? 1 : 0;
}

class Interpreter {
  readonly values = new Map<string, RuntimeValue>();

  constructor(
    readonly ir: IrPolicy,
    inputs: Map<string, RuntimeValue>,
    readonly calendar: WorkingDayCalendar,
  ) {
    for (const [k, v] of inputs) this.values.set(`input:${k}`, v);
  }

  eval(e: IrExpr): RuntimeValue {
    switch (e.op) {
      case "money": return Number(e.fen);
      case "dec": return decOf(e.value);
      case "date": case "text": case "bool": case "year": return e.value;
      case "input": return this.values.get(`input:${e.name}`) ?? null;
      case "rule": return this.values.get(`rule:${e.name}`) ?? null;
      case "moneyAdd": return addFen(asFen(this.eval(e.a), "+"), asFen(this.eval(e.b), "+"));
      case "moneySub": return subFen(asFen(this.eval(e.a), "-"), asFen(this.eval(e.b), "-"));
      case "decAdd": return decAdd(asDec(this.eval(e.a), "+"), asDec(this.eval(e.b), "+"));
      case "decSub": return decSub(asDec(this.eval(e.a), "-"), asDec(this.eval(e.b), "-"));
      case "decMul": return decMul(asDec(this.eval(e.a), "×"), asDec(this.eval(e.b), "×"));
      case "decDiv": return decDiv(asDec(this.eval(e.a), "÷"), asDec(this.eval(e.b), "÷"));
      case "moneyMul": return mulFen(asFen(this.eval(e.money), "×"), asDec(this.eval(e.factor), "×"), this.ir.rounding);
      case "moneyDiv": return divFen(asFen(this.eval(e.money), "÷"), asDec(this.eval(e.divisor), "÷"), this.ir.rounding);
      case "moneyRatio": return ratioFen(asFen(this.eval(e.a), "÷"), asFen(this.eval(e.b), "÷"));
      case "moneyNeg": return subFen(0, asFen(this.eval(e.a), "-"));
      case "decNeg": return decNeg(asDec(this.eval(e.a), "-"));
      case "compare": {
        const c = compareValues(e.domain, this.eval(e.a), this.eval(e.b));
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
      case "and": return this.eval(e.a) === true && this.eval(e.b) === true;
      case "or": return this.eval(e.a) === true || this.eval(e.b) === true;
      case "not": return this.eval(e.a) !== true;
      case "min":
      case "max": {
        let best = this.eval(e.args[0] as IrExpr);
        for (let i = 1; i < e.args.length; i++) {
          const v = this.eval(e.args[i] as IrExpr);
          const c = compareValues(e.domain, v, best);
          if (e.op === "min" ? c < 0 : c > 0) best = v;
        }
        return best;
      }
      case "if": return this.eval(e.cond) === true ? this.eval(e.then) : this.eval(e.otherwise);
      case "in": {
        const v = this.eval(e.value);
        return e.options.some((o) => compareValues(e.domain, v, this.eval(o)) === 0);
      }
      case "dateAdd": {
        const date = this.eval(e.date);
        if (typeof date !== "string") throw new EvaluationFailure({ field: "(date)", zh: "日期没有值", en: "the date has no value" });
        const n = wholeNumber(asDec(this.eval(e.amount), "(duration)"), "(duration)") * e.sign;
        if (e.unit === "months") return addMonths(date, n);
        if (e.unit === "days") return addDays(date, n);
        return addWorkingDays(date, n, this.calendar);
      }
      case "yearAdd": {
        const year = this.eval(e.year);
        const months = wholeNumber(asDec(this.eval(e.months), "(duration)"), "(duration)");
        if (typeof year !== "number" || months % 12 !== 0) throw new EvaluationFailure({ field: "(year)", zh: "年份只能加减整年", en: "a year moves by whole years only" });
        return year + (e.sign * months) / 12;
      }
      case "dateDiff": {
        const a = this.eval(e.a);
        const b = this.eval(e.b);
        if (typeof a !== "string" || typeof b !== "string") throw new EvaluationFailure({ field: "(date)", zh: "日期没有值", en: "the date has no value" });
        return decFromInt(daysBetween(b, a));
      }
      case "yearDiff": return decFromInt(((this.eval(e.a) as number) - (this.eval(e.b) as number)) * 12);
    }
  }

  /** The first definition whose condition holds (exceptions before the default). */
  applicable(rule: IrRule): IrRule["definitions"][number] | undefined {
    return rule.definitions.find((d) => d.condition === null || this.eval(d.condition) === true);
  }
}

/** The static description of an award, for decideAward (the emitter writes the same as a constant). */
export function awardSpec(ir: IrPolicy, rule: IrRule): AwardSpec {
  return {
    policy: ir.id,
    version: ir.version,
    rule: rule.name,
    article: rule.article ?? { label: "", title: null },
    span: rule.span,
    caps: rule.caps.map((c) => ({ scope: c.scope, text: c.text, span: c.span })),
    limits: rule.limits.map((l) => ({ kind: l.kind, n: l.n, scope: l.scope, text: l.text, span: l.span })),
    split: rule.split ? rule.split.map((s) => ({ payer: s.payer, millionths: millionths(s.share) })) : null,
    quota: rule.quota ? { n: rule.quota.n, text: rule.quota.text } : null,
  };
}

export function millionths(share: string): number {
  const d = decMul(decOf(share), decOf("1000000"));
  return d.scale === 0 && d.small !== null ? d.small : Math.round(Number(share) * 1e6);
}

export function defaultAsOf(ir: IrPolicy): string {
  return ir.validFrom ?? (/^\d{4}$/.test(ir.version) ? `${ir.version}-01-01` : "2021-01-01");
}

export function evaluate(ir: IrPolicy, raw: unknown, options: EvaluationOptions = {}): EvaluationResult {
  const input = validateInput(ir, raw);
  if (!input.ok) return { ok: false, errors: input.errors };
  return evaluateValues(ir, input.values, options);
}

/** Evaluates already validated inputs (keyed by input name). */
export function evaluateValues(ir: IrPolicy, values: Map<string, RuntimeValue>, options: EvaluationOptions = {}): EvaluationResult {
  const input = { values };
  const asOfParsed = parseDate(options.asOf ?? defaultAsOf(ir));
  if (!asOfParsed.ok) return { ok: false, errors: [inputError("asOf", asOfParsed)] };
  const asOf = asOfParsed.value;
  const ctx = { firm: options.firm ?? "firm", ...(options.project !== undefined ? { project: options.project } : {}), year: yearOf(asOf), history: options.history ?? [] };
  const trace: TraceEntry[] | null = options.trace === false ? null : [];
  const base = { policy: ir.id, version: ir.version, asOf, year: ctx.year };
  if ((ir.validFrom && asOf < ir.validFrom) || (ir.validTo && asOf > ir.validTo)) {
    const reason: Reason = { article: { label: ir.id, title: null }, text: `${ir.validFrom ?? ""} ~ ${ir.validTo ?? ""}`, span: { start: 0, end: 0 } };
    if (trace) trace.push({ kind: "unmet", article: reason.article, rule: null, span: reason.span, reason: reason.text });
    return { ok: true, decision: { ...base, outcome: "not-eligible", inForce: false, outputs: {}, ruleOutcomes: {}, grants: [], clawbacks: [], reasons: [reason], trace: trace ?? [] } };
  }
  const interpreter = new Interpreter(ir, input.values, options.calendar ?? CN_CALENDAR);
  try {
    const outputs: Record<string, RuntimeValue> = {};
    const ruleOutcomes: Record<string, Decision["outcome"]> = {};
    const awards: AwardResult[] = [];
    const eligibilities: boolean[] = [];
    const grants: Grant[] = [];
    const clawbacks: Grant[] = [];
    const reasons: Reason[] = [];
    let excludedAll: Reason[] | undefined;
    let reviewed = false;
    const exclusionsFor = (rule: string): Reason[] => {
      excludedAll ??= ir.exclusions.filter((x) => interpreter.eval(x.condition) === true).map((x) => ({ article: x.article, text: x.reason, span: x.span, targets: x.targets }) as Reason & { targets: readonly string[] | null });
      return (excludedAll as (Reason & { targets: readonly string[] | null })[]).filter((x) => x.targets === null || x.targets.includes(rule)).map(({ article, text, span }) => ({ article, text, span }));
    };
    for (const rule of ir.rules) {
      if (rule.kind === "reward" || rule.kind === "subsidy") {
        const unmet = rule.requires.filter((r) => interpreter.eval(r.condition) !== true).map((r) => ({ article: r.article, text: r.reason, span: r.span }));
        const excluded = exclusionsFor(rule.name);
        const claw = rule.clawbacks.filter((c) => interpreter.eval(c.condition) === true).map((c) => ({ article: c.article, text: c.reason, span: c.span }));
        const blocked = unmet.length > 0 || excluded.length > 0 || claw.length > 0;
        const definition = blocked ? undefined : interpreter.applicable(rule);
        const rawAmount = definition ? asFen(interpreter.eval(definition.value), rule.name) : null;
        if (trace && definition) pushFormula(trace, interpreter, rule, definition, rawAmount);
        const capAmounts = definition ? rule.caps.map((c) => asFen(interpreter.eval(c.amount), rule.name)) : [];
        const reviews = definition ? rule.reviews.filter((r) => r.condition === null || interpreter.eval(r.condition) === true).map((r) => ({ article: r.article, text: r.reason, span: r.span })) : [];
        const notApplicable = rule.definitions.map((d) => d.conditionText).filter((t): t is string => t !== null).join(" / ");
        const result = decideAward(awardSpec(ir, rule), { raw: rawAmount, caps: capAmounts, unmet, excluded, reviews, clawbacks: claw, notApplicable: notApplicable || null }, ctx, trace);
        awards.push(result);
        interpreter.values.set(`rule:${rule.name}`, result.amount);
        outputs[rule.name] = result.amount;
        ruleOutcomes[rule.name] = result.outcome;
        if (result.grant) grants.push(result.grant);
        clawbacks.push(...result.clawback);
        reasons.push(...result.reasons);
        continue;
      }
      const definition = interpreter.applicable(rule);
      let value: RuntimeValue = definition ? interpreter.eval(definition.value) : rule.kind === "eligibility" ? false : null;
      if (rule.kind === "eligibility") {
        const unmet = rule.requires.filter((r) => interpreter.eval(r.condition) !== true);
        if (unmet.length > 0) {
          value = false;
          for (const r of unmet) {
            reasons.push({ article: r.article, text: r.reason, span: r.span });
            if (trace) trace.push({ kind: "unmet", article: r.article, rule: rule.name, span: r.span, reason: r.reason });
          }
        }
        eligibilities.push(value === true);
        ruleOutcomes[rule.name] = value === true ? "eligible" : "not-eligible";
      }
      if (rule.kind === "eligibility" || rule.kind === "target") {
        for (const r of rule.reviews) {
          if (r.condition === null || interpreter.eval(r.condition) === true) {
            reviewed = true;
            reasons.push({ article: r.article, text: r.reason, span: r.span });
            if (trace) trace.push({ kind: "review", article: r.article, rule: rule.name, span: r.span, reason: r.reason });
          }
        }
      }
      interpreter.values.set(`rule:${rule.name}`, value);
      outputs[rule.name] = value;
      if (rule.kind === "target" && rule.target) {
        const actual = interpreter.eval(rule.target.actual);
        const goal = interpreter.eval(rule.target.goal);
        const met = value === true;
        eligibilities.push(met);
        ruleOutcomes[rule.name] = met ? "eligible" : "not-eligible";
        if (trace) {
          const format = rule.definitions[0]?.formula.holes[0]?.format ?? "number";
          const gap = met ? null : traceValue(targetGap(rule.target.domain, actual, goal), format);
          trace.push({ kind: "target", article: rule.article, rule: rule.name, span: rule.span, actual: traceValue(actual, format), goal: traceValue(goal, format), cmp: rule.target.cmp, met, gap });
        }
      } else if (trace && definition) pushFormula(trace, interpreter, rule, definition, value);
    }
    const excluded = (excludedAll ?? ir.exclusions.filter((x) => interpreter.eval(x.condition) === true)).length > 0;
    if (excluded && awards.length === 0) {
      for (const x of ir.exclusions) {
        if (interpreter.eval(x.condition) === true) {
          reasons.push({ article: x.article, text: x.reason, span: x.span });
          if (trace) trace.push({ kind: "excluded", article: x.article, rule: null, span: x.span, reason: x.reason });
        }
      }
    }
    const outcome = overallOutcome(awards, eligibilities, excluded, reviewed);
    return { ok: true, decision: { ...base, outcome, inForce: true, outputs, ruleOutcomes, grants, clawbacks, reasons, trace: trace ?? [] } };
  } catch (error) {
    if (error instanceof EvaluationFailure) return { ok: false, errors: [error.error] };
    if (error instanceof RangeError) {
      const code = (error as { code?: string }).code ?? "K5100";
      return { ok: false, errors: [{ field: "(evaluation)", zh: `无法精确计算（${code}）：${error.message}`, en: `cannot compute exactly (${code}): ${error.message}` }] };
    }
    throw error;
  }
}

/** Evaluates a constant expression (an example's given value or expectation). */
export function evaluateConstant(ir: IrPolicy, e: IrExpr): RuntimeValue {
  return new Interpreter(ir, new Map(), CN_CALENDAR).eval(e);
}

function targetGap(domain: string, actual: RuntimeValue, goal: RuntimeValue): RuntimeValue {
  if (domain === "money") return Math.abs((goal as number) - (actual as number));
  if (domain === "dec") {
    const d = decSub(goal as Dec, actual as Dec);
    return d.units < 0n ? dec(-d.units, d.scale) : d;
  }
  if (domain === "year") return Math.abs((goal as number) - (actual as number));
  return null;
}

function pushFormula(trace: TraceEntry[], interpreter: Interpreter, rule: IrRule, definition: IrRule["definitions"][number], result: RuntimeValue): void {
  const formula = definition.formula.parts.map((p) => {
    if (typeof p === "string") return p;
    const hole = definition.formula.holes[p];
    return hole ? traceValue(interpreter.eval(hole.expr), hole.format) : "";
  });
  trace.push({ kind: "formula", article: definition.article, rule: rule.name, span: definition.span, formula, result: traceValue(result, rule.format) });
}
