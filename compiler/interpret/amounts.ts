/**
 * The reference interpreter's closures compiled for amounts only (`kuan diff --population`): moved
 * out of compiler/interpret/index.ts, whose expression, flag and chooser closures it reuses.
 */
import type { IrExpr, IrPolicy, IrRule } from "../ir/ir.js";
import { awardSpec, exclusionSpecs } from "../ir/specs.js";
import { CN_CALENDAR, overallOutcome, type CapScope, type CapSpec, type Deferred, type EvaluationContext, type Evaluation, type ExclusionSpec, type FullAwardSpec, type Outcome, type OutcomeTally, type PriorGrant, type RuntimeValue } from "@kuan/runtime/internal";
import { EvaluationFailure } from "@kuan/runtime/internal";
import { compileChooser, compileExpr, Frame, isAward, NONE, scopeOf, TRUE, type Code, type Scope } from "./index.js";


/**
 * What a bulk comparison (`kuan diff --population`) needs of a decision: its outcome and the fen
 * each award grants, nothing else (no reasons, outputs, grants in yuan, trace). The same closures
 * compute the same values; the runtime's session steps are mirrored here without the words, so
 * an application costs a fraction of a full evaluation. Anything out of the ordinary (a failure
 * while computing, a value of an unexpected kind, an amount too large to add exactly, a policy
 * out of force) gives null: the caller then evaluates in full, which says what happened.
 * test/diff/fast-impact.test.ts checks amounts ≡ evaluate on the populations of every diff case and seed policy.
 */
export interface AmountsProgram {
  /** The policy's awards (rewards and subsidies), in its order: `granted[k]` is award k's fen. */
  readonly awards: readonly FullAwardSpec[];
  /**
   * Decides one application: its inputs in the policy's order, the context its awards are decided
   * in (as readOptions makes it: history already checked, this firm's, dated no later). Writes
   * the fen each award grants into `granted` (0: none) and returns the decision's outcome, or
   * null when only a full evaluation can say.
   */
  readonly decide: (inputs: readonly RuntimeValue[], ctx: EvaluationContext, granted: Float64Array) => Outcome | null;
}

/** The tally of one amounts-only decision (what overallOutcome reads), and the per-award results. */
class Tally implements OutcomeTally {
  awards = 0;
  eligible = 0;
  needsReview = 0;
  notApplicable = 0;
  tests = 0;
  testsFailed = 0;
  /** An exclusion holds for some award (decided before the first award). */
  excluded = false;
  reviewed = false;
  /** Which exclusions hold. */
  holds: readonly RuntimeValue[] = NONE;

  constructor(
    public ctx: EvaluationContext,
    public granted: Float64Array,
  ) {}

  /** Ready for the next decision (one tally serves every decision of a program). */
  reset(ctx: EvaluationContext, granted: Float64Array): void {
    this.ctx = ctx;
    this.granted = granted;
    this.awards = this.eligible = this.needsReview = this.notApplicable = this.tests = this.testsFailed = 0;
    this.excluded = this.reviewed = false;
    this.holds = NONE;
  }
}

type AmountStep = (f: Frame, t: Tally) => void;

/** Not a plain value of a condition: give the decision to the full evaluation. */
class Unusual extends Error {}

function flag(v: RuntimeValue): boolean {
  if (v === true) return true;
  if (v === false) return false;
  throw new Unusual();
}

/**
 * Whether every condition of a list holds (`every`) or some holds: each is computed, as the full
 * step computes the list, and each must be yes or no.
 */
function compileHolds(conditions: readonly (IrExpr | null)[], scope: Scope, every: boolean): (f: Frame) => boolean {
  const codes = conditions.map((c) => (c === null ? TRUE : compileExpr(c, scope)));
  if (codes.length === 0) return () => every;
  if (codes.length === 1) {
    const a = codes[0] as Code;
    return (f) => flag(a(f));
  }
  return (f) => {
    let all = true;
    let some = false;
    for (let i = 0; i < codes.length; i++) {
      if (flag((codes[i] as Code)(f))) some = true;
      else all = false;
    }
    return every ? all : some;
  };
}

/** The codes of a list of conditions (null: holds) or amounts, in order. */
function codesOf(conditions: readonly (IrExpr | null)[], scope: Scope): readonly Code[] {
  return conditions.map((c) => (c === null ? TRUE : compileExpr(c, scope)));
}

/**
 * compileFlags without its array: every value of the list computed in order (as the full step
 * computes them, so a failure fails here too) into `into`, which is returned.
 */
function compileInto(conditions: readonly (IrExpr | null)[], scope: Scope): (f: Frame) => readonly RuntimeValue[] {
  const codes = codesOf(conditions, scope);
  if (codes.length === 0) return () => NONE;
  const into = new Array<RuntimeValue>(codes.length).fill(null);
  return (f) => {
    for (let i = 0; i < codes.length; i++) into[i] = (codes[i] as Code)(f);
    return into;
  };
}

/** Whether some value of the list is yes (each computed, in order). */
function compileSomeYes(conditions: readonly (IrExpr | null)[], scope: Scope): (f: Frame) => boolean {
  const codes = codesOf(conditions, scope);
  if (codes.length === 0) return () => false;
  return (f) => {
    let some = false;
    for (let i = 0; i < codes.length; i++) if ((codes[i] as Code)(f) === true) some = true;
    return some;
  };
}

/** Whether every value of the list is yes (each computed, in order). */
function compileAllYes(conditions: readonly (IrExpr | null)[], scope: Scope): (f: Frame) => boolean {
  const codes = codesOf(conditions, scope);
  if (codes.length === 0) return () => true;
  return (f) => {
    let all = true;
    for (let i = 0; i < codes.length; i++) if ((codes[i] as Code)(f) !== true) all = false;
    return all;
  };
}

function safeAdd(a: number, b: number): number {
  const r = a + b;
  if (!Number.isSafeInteger(r)) throw new Unusual();
  return r;
}

const NO_PRIOR: readonly PriorGrant[] = [];

/** decide.ts's `matching`: the grants of this rule to this firm or project (a missing id: unusual, the full evaluation names it). */
function priorOf(rule: string, ctx: EvaluationContext, scope: "firm" | "project"): readonly PriorGrant[] {
  if (scope === "project" && ctx.project === undefined) throw new Unusual();
  if (ctx.history.length === 0) return NO_PRIOR;
  if (scope === "firm" && ctx.firm === undefined) throw new Unusual();
  const own = ctx.byRule.get(rule) ?? NO_PRIOR;
  return scope === "firm" ? own : own.filter((g) => g.project === ctx.project);
}

function usedOf(rule: string, ctx: EvaluationContext, scope: CapScope): number {
  if (scope === "each") return 0;
  const prior = priorOf(rule, ctx, scope === "firm" || scope === "firm-year" ? "firm" : "project");
  const perYear = scope === "firm-year" || scope === "project-year";
  let total = 0;
  for (const g of prior) if (!perYear || g.year === ctx.year) total = safeAdd(total, g.fen);
  return total;
}

/** Distinct years of the grants other than this one. */
function otherYears(prior: readonly PriorGrant[], year: number): number {
  const seen: number[] = [];
  for (const g of prior) if (g.year !== year && !seen.includes(g.year)) seen.push(g.year);
  return seen.length;
}

/**
 * What amountOf reads of the context for an award, apart from the application's values: the fen
 * each cap has used already (into `used[at + i]` for cap i) and whether a limit is reached (1) or
 * not (0); -1 where amountOf would give up (a project-wide cap or limit without a project, a sum
 * out of the safe range). The columnar impact (compiler/diff/columnar.ts) reads these once per row.
 */
export function priorTerms(spec: FullAwardSpec, ctx: EvaluationContext, used: Float64Array, at: number): number {
  try {
    for (let i = 0; i < spec.caps.length; i++) used[at + i] = usedOf(spec.rule, ctx, (spec.caps[i] as CapSpec).scope);
    let limited = 0;
    for (const limit of spec.limits) {
      const prior = priorOf(spec.rule, ctx, limit.scope);
      if (limit.kind === "times" ? prior.length >= limit.n : otherYears(prior, ctx.year) >= limit.n) limited = 1;
    }
    return limited;
  } catch (error) {
    if (error instanceof Unusual) return -1;
    throw error;
  }
}

/**
 * decideAmount without its words: the outcome and the amount (which later rules see) of an award
 * nothing stopped, and whether it is granted.
 */
function amountOf(spec: FullAwardSpec, raw: number, caps: readonly RuntimeValue[], reviewed: boolean, t: Tally, k: number): number {
  const ctx = t.ctx;
  let amount = Math.max(0, raw);
  for (let i = 0; i < spec.caps.length; i++) {
    const cap = caps[i] ?? 0;
    if (typeof cap !== "number") throw new Unusual();
    const room = Math.max(0, cap - usedOf(spec.rule, ctx, (spec.caps[i] as CapSpec).scope));
    if (amount > room) amount = room;
  }
  let limited = false;
  for (const limit of spec.limits) {
    const prior = priorOf(spec.rule, ctx, limit.scope);
    if (limit.kind === "times" ? prior.length >= limit.n : otherYears(prior, ctx.year) >= limit.n) limited = true;
  }
  t.awards++;
  if (limited) return 0;
  const review = spec.quota !== null || reviewed;
  if (review) t.needsReview++;
  if (amount === 0) return 0;
  if (review) return amount;
  t.eligible++;
  t.granted[k] = amount;
  return amount;
}

function compileAwardAmount(ir: IrPolicy, rule: IrRule, slot: number, k: number, scope: Scope, exclusions: readonly ExclusionSpec[]): AmountStep {
  const spec = awardSpec(ir, rule);
  const requires = compileHolds(rule.requires.map((r) => r.condition), scope, true);
  const clawbacks = compileHolds(rule.clawbacks.map((c) => c.condition), scope, false);
  const chooser = compileChooser(rule, scope);
  const caps = compileInto(rule.caps.map((c) => c.amount), scope);
  const reviews = compileHolds(rule.reviews.map((r) => r.condition), scope, false);
  // The exclusions that stop this award when they hold.
  const stoppedBy = exclusions.flatMap((x, i) => (x.targets === null || x.targets.includes(rule.name) ? [i] : []));
  return (f, t) => {
    const open = requires(f);
    const clawedBack = clawbacks(f);
    let excluded = false;
    if (t.excluded) for (const i of stoppedBy) if (t.holds[i] === true) excluded = true;
    let amount = 0;
    if (!open || excluded) t.awards++;
    else if (clawedBack) {
      // Recovering earlier grants needs the firm to match them (decideAward's clawback).
      priorOf(spec.rule, t.ctx, "firm");
      t.awards++;
    } else {
      const d = chooser.choose(f, NO_SESSION);
      if (d < 0) {
        t.awards++;
        t.notApplicable++;
      } else {
        const raw = chooser.value(f, d);
        if (typeof raw !== "number") throw new Unusual();
        const capAmounts = caps(f);
        amount = amountOf(spec, raw, capAmounts, reviews(f), t, k);
      }
    }
    f.slots[slot] = amount;
  };
}

function compileLetAmount(rule: IrRule, slot: number, scope: Scope): AmountStep {
  const chooser = compileChooser(rule, scope);
  // deferred() without its allocation: one cell per definition, filled anew for each decision
  // (the value now, or the failure kept for whoever needs the value).
  const cell: { ok: boolean; value: RuntimeValue; error: unknown } = { ok: true, value: null, error: undefined };
  return (f) => {
    try {
      cell.value = chooser.value(f, chooser.choose(f, NO_SESSION));
      cell.ok = true;
      cell.error = undefined;
    } catch (error) {
      if (!(error instanceof EvaluationFailure || error instanceof RangeError)) throw error;
      cell.ok = false;
      cell.value = null;
      cell.error = error;
    }
    f.slots[slot] = cell as Deferred<RuntimeValue>;
  };
}

function compileTestAmount(rule: IrRule, slot: number, scope: Scope): AmountStep {
  const chooser = compileChooser(rule, scope);
  const reviews = compileSomeYes(rule.reviews.map((r) => r.condition), scope);
  const decisive = rule.decisive;
  const review = (f: Frame, t: Tally): void => {
    if (reviews(f)) t.reviewed = true;
  };
  if (rule.kind === "eligibility") {
    const requires = compileAllYes(rule.requires.map((r) => r.condition), scope);
    return (f, t) => {
      const d = chooser.choose(f, NO_SESSION);
      let result = (d >= 0 ? chooser.value(f, d) : false) === true;
      review(f, t);
      if (!requires(f)) result = false;
      if (decisive) {
        t.tests++;
        if (!result) t.testsFailed++;
      }
      f.slots[slot] = result;
    };
  }
  const target = rule.target;
  const actual = target ? compileExpr(target.actual, scope) : null;
  const goal = target ? compileExpr(target.goal, scope) : null;
  return (f, t) => {
    const d = chooser.choose(f, NO_SESSION);
    const value = d >= 0 ? chooser.value(f, d) : null;
    review(f, t);
    if (!actual || !goal) {
      f.slots[slot] = value;
      return;
    }
    const met = value === true;
    // Computed as the full step computes them (for the gap), so a failure there fails here too.
    actual(f);
    goal(f);
    if (decisive) {
      t.tests++;
      if (!met) t.testsFailed++;
    }
    f.slots[slot] = met;
  };
}

function compileValueAmount(rule: IrRule, slot: number, scope: Scope): AmountStep {
  const chooser = compileChooser(rule, scope);
  return (f) => {
    const d = chooser.choose(f, NO_SESSION);
    f.slots[slot] = d >= 0 ? chooser.value(f, d) : null;
  };
}

/**
 * The closures' session when only amounts are wanted: choosers read `trace` (null: nothing to
 * record) and nothing else of it.
 */
const NO_SESSION = { trace: null } as unknown as Evaluation;

const EMPTY_CONTEXT: EvaluationContext = { firm: undefined, project: undefined, application: undefined, date: "", year: 0, history: [], byRule: new Map() };

const amountPrograms = new WeakMap<IrPolicy, AmountsProgram>();

/** The policy compiled for amounts only (cached per IR). */
export function amountsProgram(ir: IrPolicy): AmountsProgram {
  const known = amountPrograms.get(ir);
  if (known) return known;
  const scope = scopeOf(ir);
  const exclusions = exclusionSpecs(ir);
  const awards: FullAwardSpec[] = [];
  const steps: AmountStep[] = ir.rules.map((rule, i) => {
    switch (rule.kind) {
      case "reward":
      case "subsidy":
        awards.push(awardSpec(ir, rule));
        return compileAwardAmount(ir, rule, i, awards.length - 1, scope, exclusions);
      case "let": return compileLetAmount(rule, i, scope);
      case "eligibility": case "target": return compileTestAmount(rule, i, scope);
      case "deadline": return compileValueAmount(rule, i, scope);
    }
  });
  const firstAward = ir.rules.findIndex(isAward);
  const exclusionsAt = firstAward < 0 ? ir.rules.length : firstAward;
  const exclusionFlags = compileInto(ir.exclusions.map((x) => x.condition), scope);
  const policyReviews = compileSomeYes(ir.reviews.map((r) => r.condition), scope);
  const decideExclusions = (f: Frame, t: Tally): void => {
    const holds = exclusionFlags(f);
    t.holds = holds;
    t.excluded = holds.includes(true);
  };
  const { validFrom, validTo } = ir;
  // One tally and one frame serve every decision (a decision runs to its end before the next
  // starts); the frame is made anew only when the inputs come in another array.
  const t = new Tally(EMPTY_CONTEXT, new Float64Array(awards.length));
  let frame: Frame | null = null;
  const decide = (inputs: readonly RuntimeValue[], ctx: EvaluationContext, granted: Float64Array): Outcome | null => {
    if ((validFrom && ctx.date < validFrom) || (validTo && ctx.date > validTo)) return null;
    granted.fill(0);
    t.reset(ctx, granted);
    let f = frame;
    if (f === null || f.inputs !== inputs) f = frame = new Frame(inputs, new Array<RuntimeValue | Deferred<RuntimeValue>>(steps.length).fill(null), ctx.date, CN_CALENDAR);
    else {
      f.slots.fill(null);
      f.held = NONE;
      (f as { asOf: string }).asOf = ctx.date;
    }
    try {
      for (let i = 0; i < steps.length; i++) {
        if (i === exclusionsAt) decideExclusions(f, t);
        (steps[i] as AmountStep)(f, t);
      }
      if (exclusionsAt === steps.length) decideExclusions(f, t);
      if (policyReviews(f)) t.reviewed = true;
    } catch {
      granted.fill(0);
      return null;
    }
    return overallOutcome(t, t.excluded, t.reviewed);
  };
  const program = { awards, decide };
  amountPrograms.set(ir, program);
  return program;
}
