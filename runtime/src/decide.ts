/**
 * Deciding an award: the one implementation of caps with history, once-only and N-years limits,
 * exclusions, preconditions, reviews, clawbacks and splits. The interpreter and every emitted
 * module call these functions with the figures they computed, so each rule means one thing.
 *
 * Amounts are integer fen (safe integers); history comes in as grants, and the grants made now go
 * out, so a caller can keep a ledger. The trace is structured data; `traceText` renders it.
 */

export type Outcome = "eligible" | "not-eligible" | "needs-review";

export interface Grant {
  readonly policy: string;
  readonly version: string;
  readonly article: string;
  readonly rule: string;
  readonly firm: string;
  readonly project?: string;
  readonly year: number;
  /** Fen. */
  readonly amount: number;
  readonly payers?: readonly { readonly payer: string; readonly amount: number }[];
}

export interface ArticleInfo {
  /** As written: 第四条, article 4. */
  readonly label: string;
  readonly number: number;
  readonly title: string | null;
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type CapScope = "each" | "firm" | "firm-year" | "project" | "project-year";

export interface CapSpec {
  readonly scope: CapScope;
  readonly text: string;
  readonly span: Span;
}

export interface LimitSpec {
  readonly kind: "times" | "years";
  readonly n: number;
  readonly scope: "firm" | "project";
  readonly text: string;
  readonly span: Span;
}

export interface ShareSpec {
  readonly payer: string;
  /** Share in millionths (500000 = 50 %), exact. */
  readonly millionths: number;
}

/** What does not change between evaluations: everything known at compile time about an award. */
export interface AwardSpec {
  readonly policy: string;
  readonly version: string;
  readonly rule: string;
  readonly article: ArticleInfo;
  readonly span: Span;
  readonly caps: readonly CapSpec[];
  readonly limits: readonly LimitSpec[];
  readonly split: readonly ShareSpec[] | null;
  readonly quota: { readonly n: number; readonly text: string } | null;
}

/** A reason something was or was not granted, with the article behind it. */
export interface Reason {
  readonly article: ArticleInfo;
  readonly text: string;
  readonly span: Span;
}

export type TraceEntry =
  | { readonly kind: "formula"; readonly article: ArticleInfo | null; readonly rule: string; readonly span: Span; readonly formula: readonly TraceValuePart[]; readonly result: TraceValue }
  | { readonly kind: "cap"; readonly article: ArticleInfo; readonly rule: string; readonly span: Span; readonly cap: CapSpec; readonly capAmount: number; readonly used: number; readonly year: number; readonly before: number; readonly after: number }
  | { readonly kind: "limit"; readonly article: ArticleInfo; readonly rule: string; readonly span: Span; readonly limit: LimitSpec; readonly years: readonly number[]; readonly count: number }
  | { readonly kind: "excluded" | "unmet" | "review" | "clawback" | "quota"; readonly article: ArticleInfo; readonly rule: string | null; readonly span: Span; readonly reason: string }
  | { readonly kind: "notApplicable"; readonly article: ArticleInfo | null; readonly rule: string; readonly span: Span; readonly condition: string }
  /** Several definitions of one name applied: which ones, and what decided (a priority, or the highest). */
  | { readonly kind: "choice"; readonly article: ArticleInfo | null; readonly rule: string; readonly span: Span; readonly held: readonly { readonly label: { readonly zh: string; readonly en: string }; readonly value: TraceValue | null }[]; readonly chosen: number; readonly by: "priority" | "highest" }
  | { readonly kind: "split"; readonly article: ArticleInfo; readonly rule: string; readonly span: Span; readonly parts: readonly { readonly payer: string; readonly amount: number }[] }
  | { readonly kind: "target"; readonly article: ArticleInfo | null; readonly rule: string; readonly span: Span; readonly actual: TraceValue; readonly goal: TraceValue; readonly cmp: string; readonly met: boolean; readonly gap: TraceValue | null };

/** A value as the trace shows it: formatted by kind at render time. */
export type TraceValue =
  | { readonly kind: "money"; readonly fen: number }
  | { readonly kind: "text"; readonly zh: string; readonly en: string };

export type TraceValuePart = string | TraceValue;

export interface AwardResult {
  readonly outcome: Outcome;
  /** Fen granted now (0 when not granted). */
  readonly amount: number;
  readonly grant: Grant | null;
  readonly reasons: readonly Reason[];
  readonly clawback: readonly Grant[];
}

export interface EvaluationContext {
  readonly firm: string;
  readonly project?: string;
  readonly year: number;
  readonly history: readonly Grant[];
}

const NO_GRANTS: readonly Grant[] = [];
const NO_YEARS: readonly number[] = [];

/** Grants of the same policy (any version: a later version honours earlier grants) and rule. */
function matching(history: readonly Grant[], spec: AwardSpec, ctx: EvaluationContext, scope: "firm" | "project"): readonly Grant[] {
  if (history.length === 0) return NO_GRANTS;
  return history.filter(
    (g) => g.policy === spec.policy && g.rule === spec.rule && (scope === "firm" ? g.firm === ctx.firm : g.project !== undefined && g.project === ctx.project),
  );
}

function sum(grants: readonly Grant[]): number {
  let total = 0;
  for (const g of grants) total = checkedAdd(total, g.amount);
  return total;
}

function checkedAdd(a: number, b: number): number {
  const r = a + b;
  if (!Number.isSafeInteger(r)) throw new RangeError("amount out of range");
  return r;
}

/**
 * Split `total` by shares in millionths, exactly: each payer gets its share rounded down to the
 * fen, then the fen left over go one each to the largest remainders, ties to the payer listed
 * first (so a 50/50 split's odd fen goes to the first payer). Every part is within a fen of its
 * exact share, and the parts add up to the total.
 */
export function splitByShares(total: number, shares: readonly ShareSpec[]): { payer: string; amount: number }[] {
  const exact = shares.map((s) => BigInt(total) * BigInt(s.millionths));
  const parts = shares.map((s, i) => ({ payer: s.payer, amount: Number((exact[i] as bigint) / 1_000_000n) }));
  let left = total - parts.reduce((a, p) => a + p.amount, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e % 1_000_000n })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0 && k < byRemainder.length; k++, left--) (parts[(byRemainder[k] as { i: number }).i] as { amount: number }).amount += 1;
  return parts;
}

export interface AwardInputs {
  /** Raw amount in fen from the first applicable definition; null when no definition applies. */
  readonly raw: number | null;
  /** The cap amounts, in the order of spec.caps (fen). */
  readonly caps: readonly number[];
  readonly unmet: readonly Reason[];
  readonly excluded: readonly Reason[];
  readonly reviews: readonly Reason[];
  readonly clawbacks: readonly Reason[];
  /** Why no definition applied (the condition as written). */
  readonly notApplicable: string | null;
}

/**
 * Decides one award. Order: preconditions and exclusions (not eligible), clawback (not eligible,
 * earlier grants listed), no applicable definition (not eligible), caps against history, limits
 * against history, quota and reviews (needs review), split.
 */
export function decideAward(spec: AwardSpec, input: AwardInputs, ctx: EvaluationContext, trace: TraceEntry[] | null): AwardResult {
  const notEligible = (reasons: readonly Reason[], clawback: readonly Grant[] = []): AwardResult => ({ outcome: "not-eligible", amount: 0, grant: null, reasons, clawback });
  if (input.unmet.length > 0 || input.excluded.length > 0) {
    if (trace) {
      for (const r of input.unmet) trace.push({ kind: "unmet", article: r.article, rule: spec.rule, span: r.span, reason: r.text });
      for (const r of input.excluded) trace.push({ kind: "excluded", article: r.article, rule: spec.rule, span: r.span, reason: r.text });
    }
    return notEligible([...input.unmet, ...input.excluded]);
  }
  if (input.clawbacks.length > 0) {
    const recovered = matching(ctx.history, spec, ctx, "firm");
    if (trace) for (const r of input.clawbacks) trace.push({ kind: "clawback", article: r.article, rule: spec.rule, span: r.span, reason: r.text });
    return notEligible(input.clawbacks, recovered);
  }
  if (input.raw === null) {
    if (trace) trace.push({ kind: "notApplicable", article: spec.article, rule: spec.rule, span: spec.span, condition: input.notApplicable ?? "" });
    return notEligible([{ article: spec.article, text: input.notApplicable ?? "", span: spec.span }]);
  }
  let amount = Math.max(0, input.raw);
  const reasons: Reason[] = [];
  for (let i = 0; i < spec.caps.length; i++) {
    const cap = spec.caps[i] as CapSpec;
    const capAmount = input.caps[i] ?? 0;
    let used = 0;
    if (cap.scope !== "each") {
      const scope = cap.scope.startsWith("project") ? "project" : "firm";
      const prior = matching(ctx.history, spec, ctx, scope);
      used = sum(cap.scope.endsWith("year") ? prior.filter((g) => g.year === ctx.year) : prior);
    }
    const room = Math.max(0, capAmount - used);
    const before = amount;
    if (amount > room) amount = room;
    if (trace) trace.push({ kind: "cap", article: spec.article, rule: spec.rule, span: cap.span, cap, capAmount, used, year: ctx.year, before, after: amount });
  }
  for (const limit of spec.limits) {
    const prior = matching(ctx.history, spec, ctx, limit.scope);
    const years = prior.length === 0 ? NO_YEARS : [...new Set(prior.map((g) => g.year))].sort((a, b) => a - b);
    const reached = limit.kind === "times" ? prior.length >= limit.n : years.filter((y) => y !== ctx.year).length >= limit.n;
    if (trace) trace.push({ kind: "limit", article: spec.article, rule: spec.rule, span: limit.span, limit, years, count: prior.length });
    if (reached) {
      amount = 0;
      reasons.push({ article: spec.article, text: limit.text, span: limit.span });
    }
  }
  if (reasons.length > 0) return notEligible(reasons);
  let outcome: Outcome = "eligible";
  if (spec.quota) {
    outcome = "needs-review";
    reasons.push({ article: spec.article, text: spec.quota.text, span: spec.span });
    if (trace) trace.push({ kind: "quota", article: spec.article, rule: spec.rule, span: spec.span, reason: spec.quota.text });
  }
  for (const r of input.reviews) {
    outcome = "needs-review";
    reasons.push(r);
    if (trace) trace.push({ kind: "review", article: r.article, rule: spec.rule, span: r.span, reason: r.text });
  }
  if (amount === 0) return { outcome: outcome === "needs-review" ? outcome : "not-eligible", amount: 0, grant: null, reasons, clawback: [] };
  const payers = spec.split ? splitByShares(amount, spec.split) : undefined;
  if (trace && payers) trace.push({ kind: "split", article: spec.article, rule: spec.rule, span: spec.span, parts: payers });
  const grant: Grant | null =
    outcome === "eligible"
      ? {
          policy: spec.policy,
          version: spec.version,
          article: spec.article.label,
          rule: spec.rule,
          firm: ctx.firm,
          ...(ctx.project !== undefined ? { project: ctx.project } : {}),
          year: ctx.year,
          amount,
          ...(payers ? { payers } : {}),
        }
      : null;
  return { outcome, amount, grant, reasons, clawback: [] };
}

/** The decision's outcome: a person must look if any award needs review; else granted or not. */
export function overallOutcome(awards: readonly AwardResult[], eligibilities: readonly boolean[], excluded: boolean, reviewed: boolean): Outcome {
  if (awards.some((a) => a.outcome === "needs-review") || reviewed) return "needs-review";
  if (excluded) return "not-eligible";
  if (awards.length > 0) return awards.some((a) => a.outcome === "eligible") ? "eligible" : "not-eligible";
  return eligibilities.every((e) => e) ? "eligible" : "not-eligible";
}
