/**
 * Deciding an award: the one implementation of caps with history, once-only and N-years limits,
 * exclusions, preconditions, reviews, clawbacks and splits. The interpreter and every emitted
 * module call these functions with the figures they computed, so each rule means one thing.
 *
 * Amounts are integer fen (safe integers) inside; grants come in and go out as ledger rows in yuan
 * (docs/runtime.md, "History"), so a caller keeps the ledger. The trace is structured data;
 * `traceText` renders it, and every reason carries its words with the values.
 */
import { grantOf } from "./evaluation.js";
import { formatYuan, moneyWords } from "./exact.js";
import { capUsedMessage, grantedMessage, limitMessage, type Bilingual, type RuntimeValue } from "./trace-text.js";

import type { InputError } from "./evaluation.js";

/** "computed": a policy with no award and no test (a tax, a ratio) is neither granted nor refused. */
export type Outcome = "eligible" | "not-eligible" | "needs-review" | "not-applicable" | "computed";

/**
 * A grant, as an evaluation returns it and as `history` takes it back: the one JSON shape of a
 * ledger row (docs/runtime.md, "History"). Amounts are yuan as decimal strings ("50000.00").
 */
export interface Grant {
  /** The policy's id (PolicyInfo.id), not its display title. */
  readonly policy: string;
  readonly version: string;
  /** The article as written (第五条); checked against the rule when the version is this one. */
  readonly article: string;
  readonly rule: string;
  /** The firm's id; absent only when the evaluation was given none. */
  readonly firm?: string;
  /** The project's id, for per-project caps and one-off limits. */
  readonly project?: string;
  /** The application's id: what tells two otherwise identical grants apart. */
  readonly application?: string;
  /** The application date it was granted on, YYYY-MM-DD. */
  readonly date: string;
  readonly amount: string;
  readonly payers?: readonly { readonly payer: string; readonly amount: string }[];
}

/** What `history` takes: a Grant whose amounts may also be numbers of yuan. */
export interface GrantInput extends Omit<Grant, "amount" | "payers"> {
  readonly amount: string | number;
  readonly payers?: readonly { readonly payer: string; readonly amount: string | number }[];
}

/** An earlier grant as caps and limits count it: validated, this policy's, amount in fen. */
export interface PriorGrant {
  readonly rule: string;
  readonly firm: string | undefined;
  readonly project: string | undefined;
  readonly year: number;
  readonly fen: number;
  /** As it was given (listed back for recovery). */
  readonly grant: Grant;
}

/** A failure during evaluation that names its field (or rule and article); never a number. */
export class EvaluationFailure extends Error {
  constructor(readonly error: InputError) {
    super(`${error.field}: ${error.message.en}`);
  }
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

export type ReasonKind =
  | "granted" | "met" | "unmet" | "excluded" | "notApplicable" | "limit" | "cap" | "zero" | "review" | "quota" | "clawback" | "outOfForce" | "computed";

/**
 * Why an award (or the decision) came out as it did: what was required and what was found, with
 * the values, in both languages (`message`). `text` is the officer's reason or the condition as
 * written; `rules` the awards it concerns (every award an exclusion stops, listed once).
 */
export interface Reason {
  readonly kind: ReasonKind;
  readonly article: ArticleInfo;
  readonly text: string;
  readonly span: Span;
  readonly rules: readonly string[];
  readonly message: Bilingual;
}

export type TraceEntry =
  /**
   * A rule's formula with the values it was computed from: `line` is the formula as written, the
   * same object in every evaluation (its text with hole numbers and each hole's display format);
   * `values` are this evaluation's values of its holes, by hole number, and `result` the rule's value
   * (money in fen), recorded as computed and worded only when rendered (`traceText`).
   */
  | { readonly kind: "formula"; readonly article: ArticleInfo | null; readonly rule: string; readonly span: Span; readonly line: FormulaLine; readonly values: readonly RuntimeValue[]; readonly result: RuntimeValue }
  | { readonly kind: "cap"; readonly article: ArticleInfo; readonly rule: string; readonly span: Span; readonly cap: CapSpec; readonly capAmount: number; readonly used: number; readonly year: number; readonly before: number; readonly after: number }
  | { readonly kind: "limit"; readonly article: ArticleInfo; readonly rule: string; readonly span: Span; readonly limit: LimitSpec; readonly years: readonly number[]; readonly count: number }
  | { readonly kind: "excluded" | "unmet" | "review" | "clawback" | "quota"; readonly article: ArticleInfo; readonly rule: string | null; readonly span: Span; readonly reason: string; readonly message: Bilingual }
  | { readonly kind: "notApplicable"; readonly article: ArticleInfo | null; readonly rule: string; readonly span: Span; readonly condition: string; readonly message: Bilingual }
  /** Several definitions of one name applied: which ones, and what decided (a priority, or the highest). */
  | { readonly kind: "choice"; readonly article: ArticleInfo | null; readonly rule: string; readonly span: Span; readonly held: readonly { readonly label: { readonly zh: string; readonly en: string }; readonly value: TraceValue | null }[]; readonly chosen: number; readonly by: "priority" | "highest" }
  /** An award split between payers: `shares` the split as written (the award's), `amounts` each payer's fen, in the same order. */
  | { readonly kind: "split"; readonly article: ArticleInfo; readonly rule: string; readonly span: Span; readonly shares: readonly ShareSpec[]; readonly amounts: readonly number[] }
  | { readonly kind: "target"; readonly article: ArticleInfo | null; readonly rule: string; readonly span: Span; readonly actual: TraceValue; readonly goal: TraceValue; readonly cmp: string; readonly met: boolean; readonly gap: TraceValue | null };

/** What a formula line shows that does not change between evaluations (RuleTraceSpec is one). */
export interface FormulaLine {
  /** The formula's text with hole numbers ("最小(", 0, " × 1%, 10万元)"). */
  readonly parts: readonly (string | number)[];
  /** Each hole's display format, by hole number. */
  readonly holeFormats: readonly string[];
  /** The result's display format. */
  readonly format: string;
}

/** A value as a choice or target line shows it: formatted by kind at render time. */
export type TraceValue =
  | { readonly kind: "money"; readonly fen: number }
  | { readonly kind: "text"; readonly zh: string; readonly en: string };

export interface AwardResult {
  readonly outcome: Outcome;
  /** Fen granted now (0 when not granted). */
  readonly amount: number;
  readonly grant: Grant | null;
  /** The award's own reasons (an exclusion's reason is the decision's, listed once). */
  readonly reasons: readonly Reason[];
  readonly clawback: readonly Grant[];
  /** Whether an exclusion stopped it. */
  readonly excluded: boolean;
}

export interface EvaluationContext {
  readonly firm: string | undefined;
  readonly project: string | undefined;
  readonly application: string | undefined;
  /** The application date, YYYY-MM-DD, and its year. */
  readonly date: string;
  readonly year: number;
  /** Earlier grants of this policy (any version), none dated after the application date. */
  readonly history: readonly PriorGrant[];
  /** The same grants by rule, indexed once per evaluation (see indexHistory). */
  readonly byRule: ReadonlyMap<string, readonly PriorGrant[]>;
}

const NO_INDEX: ReadonlyMap<string, readonly PriorGrant[]> = new Map();

/** The history by rule: each award's caps and limits then look at its own grants only. */
export function indexHistory(history: readonly PriorGrant[]): ReadonlyMap<string, readonly PriorGrant[]> {
  if (history.length === 0) return NO_INDEX;
  const byRule = new Map<string, PriorGrant[]>();
  for (const g of history) {
    const list = byRule.get(g.rule);
    if (list) list.push(g);
    else byRule.set(g.rule, [g]);
  }
  return byRule;
}

const NO_GRANTS: readonly PriorGrant[] = [];
const NO_YEARS: readonly number[] = [];

function ruleAt(spec: AwardSpec): string {
  return `${spec.article.label} ${spec.rule}`;
}

/**
 * Earlier grants of this rule to this firm (or project). The history holds only this policy's
 * grants (checked when it was read). Without the firm's (project's) id nothing can be matched,
 * so that is an error, never a silent "not granted before".
 */
function matching(spec: AwardSpec, ctx: EvaluationContext, scope: "firm" | "project", what: string): readonly PriorGrant[] {
  if (scope === "project" && ctx.project === undefined) {
    throw new EvaluationFailure({
      code: "K5209",
      field: "project",
      message: { zh: `${ruleAt(spec)}「${what}」按项目计，须给出项目标识（project）`, en: `${ruleAt(spec)} '${what}' counts per project: give the project's id (project)` },
    });
  }
  if (ctx.history.length === 0) return NO_GRANTS;
  if (scope === "firm" && ctx.firm === undefined) {
    throw new EvaluationFailure({
      code: "K5208",
      field: "firm",
      message: { zh: `给出了此前的奖补记录，但没有企业标识（firm），${ruleAt(spec)}「${what}」无法与记录对应`, en: `earlier grants were given but no firm id (firm): ${ruleAt(spec)} '${what}' cannot be matched to them` },
    });
  }
  const own = ctx.byRule.get(spec.rule) ?? NO_GRANTS;
  // readHistory kept only this firm's grants (the firm is known here): per firm, that is all of them.
  return scope === "firm" ? own : own.filter((g) => g.project === ctx.project);
}

/** The distinct years of some grants, in order (each put in its place: no sort, no Set). */
function yearsOf(grants: readonly PriorGrant[]): number[] {
  const years: number[] = [];
  for (let i = 0; i < grants.length; i++) {
    const year = (grants[i] as PriorGrant).year;
    let at = years.length;
    while (at > 0 && (years[at - 1] as number) > year) at--;
    if (at > 0 && years[at - 1] === year) continue;
    years.splice(at, 0, year);
  }
  return years;
}

/** How many distinct years other than `year` the grants were made in (yearsOf's, counted without a list). */
function otherYearsOf(grants: readonly PriorGrant[], year: number): number {
  let count = 0;
  for (let i = 0; i < grants.length; i++) {
    const y = (grants[i] as PriorGrant).year;
    if (y === year) continue;
    let seen = false;
    for (let k = 0; k < i && !seen; k++) seen = (grants[k] as PriorGrant).year === y;
    if (!seen) count++;
  }
  return count;
}

function sum(grants: readonly PriorGrant[]): number {
  let total = 0;
  for (const g of grants) total = checkedAdd(total, g.fen);
  return total;
}

function sumInYear(grants: readonly PriorGrant[], year: number): number {
  let total = 0;
  for (const g of grants) if (g.year === year) total = checkedAdd(total, g.fen);
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
  const parts = splitFen(total, shares);
  return shares.map((s, i) => ({ payer: s.payer, amount: parts[i] as number }));
}

/** splitByShares' parts, in fen, in the order of the shares. */
export function splitFen(total: number, shares: readonly ShareSpec[]): number[] {
  return splitFenInto(total, shares, new Array<number>(shares.length));
}

/** splitFen's parts written into parts[0 .. shares.length); returns `parts`. */
function splitFenInto(total: number, shares: readonly ShareSpec[], parts: number[]): number[] {
  // Two payers whose shares make the whole (市级 50%，区级 50%): the floors leave at most one fen, which goes to the larger remainder, ties to the first.
  if (shares.length === 2 && total >= 0 && total <= 9_007_199_254) {
    const a = (shares[0] as ShareSpec).millionths;
    const b = (shares[1] as ShareSpec).millionths;
    if (a >= 0 && b >= 0 && a + b === 1_000_000) {
      // As splitSmallInto: the products are safe integers and the quotients' floors exact below 2^34.
      const pa = Math.floor((total * a) / 1_000_000);
      const pb = Math.floor((total * b) / 1_000_000);
      parts[0] = pa;
      parts[1] = pb;
      if (pa + pb < total) {
        if (total * a - pa * 1_000_000 >= total * b - pb * 1_000_000) parts[0] = pa + 1;
        else parts[1] = pb + 1;
      }
      return parts;
    }
  }
  // Up to 9,007,199,254 fen (90 million yuan) and shares up to 100 % the products are exact in a double: no BigInt.
  if (total >= 0 && total <= 9_007_199_254 && sharesAtMostWhole(shares)) {
    splitSmallInto(total, shares, parts);
    return parts;
  }
  const exact = shares.map((s) => BigInt(total) * BigInt(s.millionths));
  let left = total;
  for (let i = 0; i < exact.length; i++) {
    parts[i] = Number((exact[i] as bigint) / 1_000_000n);
    left -= parts[i] as number;
  }
  const byRemainder = exact.map((e, i) => ({ i, r: e % 1_000_000n })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0 && k < byRemainder.length; k++, left--) {
    const i = (byRemainder[k] as { i: number }).i;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

function sharesAtMostWhole(shares: readonly ShareSpec[]): boolean {
  for (const s of shares) if (!(s.millionths >= 0 && s.millionths <= 1_000_000)) return false;
  return true;
}

/** A scratch list for a split's parts that are only read to make the payers (grantedAward). */
let SCRATCH: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
function scratch(n: number): number[] {
  if (SCRATCH.length < n) SCRATCH = new Array<number>(n).fill(0);
  return SCRATCH;
}

/** splitFen for a total whose products by a share (≤ 10^6) stay safe integers: the same parts, into parts[0 .. shares.length). */
function splitSmallInto(total: number, shares: readonly ShareSpec[], parts: number[]): void {
  let left = total;
  for (let i = 0; i < shares.length; i++) {
    const amount = Math.floor((total * (shares[i] as ShareSpec).millionths) / 1_000_000);
    parts[i] = amount;
    left -= amount;
  }
  // The fen left over, one each, to the largest remainders; ties to the payer listed first.
  while (left > 0) {
    let best = -1;
    let bestRemainder = -1;
    for (let i = 0; i < shares.length; i++) {
      if ((parts[i] as number) * 1_000_000 > total * (shares[i] as ShareSpec).millionths) continue; // has had its fen
      const r = (total * (shares[i] as ShareSpec).millionths) % 1_000_000;
      if (r > bestRemainder) {
        best = i;
        bestRemainder = r;
      }
    }
    if (best < 0) break;
    parts[best] = (parts[best] as number) + 1;
    left--;
  }
}

export interface AwardInputs {
  /** Raw amount in fen from the first applicable definition; null when no definition applies. */
  readonly raw: number | null;
  /** The cap amounts, in the order of spec.caps (fen). */
  readonly caps: readonly number[];
  readonly unmet: readonly Reason[];
  /** The exclusions that hold for this award. */
  readonly excluded: readonly Reason[];
  readonly reviews: readonly Reason[];
  readonly clawbacks: readonly Reason[];
  /** Why no definition applied: each definition's condition explained. */
  readonly notApplicable: Reason;
}

const NO_ROWS: readonly Grant[] = [];

function notEligible(reasons: readonly Reason[], clawback: readonly Grant[], excluded: boolean): AwardResult {
  return { outcome: "not-eligible", amount: 0, grant: null, reasons, clawback, excluded };
}

/** What a cap or limit counts: the earlier grants of this firm or project (and year). */
function usedUnder(spec: AwardSpec, ctx: EvaluationContext, cap: CapSpec): number {
  switch (cap.scope) {
    case "each": return 0;
    case "firm": return sum(matching(spec, ctx, "firm", cap.text));
    case "firm-year": return sumInYear(matching(spec, ctx, "firm", cap.text), ctx.year);
    case "project": return sum(matching(spec, ctx, "project", cap.text));
    case "project-year": return sumInYear(matching(spec, ctx, "project", cap.text), ctx.year);
  }
}

/** The reasons of an award that do not depend on the application: made once per award (reasons are read-only). */
interface ConstantReasons {
  /** The granted message's words before the amount: `给予 ${rule} `, `granted ${rule}: `. */
  readonly grantedZh: string;
  readonly grantedEn: string;
  /** The trace's line for each limit when nothing was granted before (freshAmount). */
  readonly freshLimits: readonly TraceEntry[];
  /** [spec.rule]: a reason's list of the awards it concerns, shared (reasons are read-only). */
  readonly rules: readonly string[];
  readonly zero: Reason;
  readonly quota: Reason;
  /** The result of an award that comes to 0 with no cap used (zeroAward). */
  readonly zeroResult: AwardResult;
  /** The session's not-applicable results of the award, by its condition's yes/no values as bits (see notApplicableSlots). */
  readonly notApplicable: unknown[];
}
const CONSTANT_REASONS = new WeakMap<AwardSpec, ConstantReasons>();

/**
 * The last few awards' constant reasons, found by identity before the WeakMap (an evaluation asks
 * for each of a policy's awards in turn). Holds at most RECENT awards' specs alive.
 */
const RECENT = 8;
const recentSpecs: (AwardSpec | null)[] = new Array<AwardSpec | null>(RECENT).fill(null);
const recentReasons: (ConstantReasons | null)[] = new Array<ConstantReasons | null>(RECENT).fill(null);
let recentNext = 0;

function constantReasons(spec: AwardSpec): ConstantReasons {
  for (let i = 0; i < RECENT; i++) if (recentSpecs[i] === spec) return recentReasons[i] as ConstantReasons;
  const known = constantReasonsOf(spec);
  recentSpecs[recentNext] = spec;
  recentReasons[recentNext] = known;
  recentNext = (recentNext + 1) % RECENT;
  return known;
}

function constantReasonsOf(spec: AwardSpec): ConstantReasons {
  let known = CONSTANT_REASONS.get(spec);
  if (!known) {
    const quota = spec.quota?.text ?? "";
    const zero: Reason = { kind: "zero", article: spec.article, text: spec.rule, span: spec.span, rules: [spec.rule], message: { zh: `${spec.rule} 计算为 0元，不予给予`, en: `${spec.rule} comes to 0 yuan: nothing granted` } };
    known = {
      grantedZh: `给予 ${spec.rule} `,
      grantedEn: `granted ${spec.rule}: `,
      rules: zero.rules,
      freshLimits: spec.limits.map((limit): TraceEntry => ({ kind: "limit", article: spec.article, rule: spec.rule, span: limit.span, limit, years: NO_YEARS, count: 0 })),
      zero,
      quota: { kind: "quota", article: spec.article, text: quota, span: spec.span, rules: [spec.rule], message: { zh: `${spec.rule}：${quota}，须按得分排名确定`, en: `${spec.rule}: ${quota}, decided by ranking` } },
      zeroResult: { outcome: "not-eligible", amount: 0, grant: null, reasons: [zero], clawback: NO_ROWS, excluded: false },
      notApplicable: [],
    };
    CONSTANT_REASONS.set(spec, known);
  }
  return known;
}

/**
 * Decides one award. Order: preconditions and exclusions (not eligible), clawback (not eligible,
 * earlier grants listed), no applicable definition (not applicable), then its amount (decideAmount).
 */
export function decideAward(spec: AwardSpec, input: AwardInputs, ctx: EvaluationContext, trace: TraceEntry[] | null): AwardResult {
  if (input.unmet.length > 0 || input.excluded.length > 0) {
    if (trace) {
      for (const r of input.unmet) trace.push({ kind: "unmet", article: r.article, rule: spec.rule, span: r.span, reason: r.text, message: r.message });
      for (const r of input.excluded) trace.push({ kind: "excluded", article: r.article, rule: spec.rule, span: r.span, reason: r.text, message: r.message });
    }
    return notEligible(input.unmet, NO_ROWS, input.excluded.length > 0);
  }
  if (input.clawbacks.length > 0) {
    const recovered = matching(spec, ctx, "firm", input.clawbacks[0]?.text ?? "").map((g) => g.grant);
    if (trace) for (const r of input.clawbacks) trace.push({ kind: "clawback", article: r.article, rule: spec.rule, span: r.span, reason: r.text, message: r.message });
    return notEligible(input.clawbacks, recovered, false);
  }
  if (input.raw === null) {
    const r = input.notApplicable;
    if (trace) trace.push({ kind: "notApplicable", article: spec.article, rule: spec.rule, span: spec.span, condition: r.text, message: r.message });
    return { outcome: "not-applicable", amount: 0, grant: null, reasons: [r], clawback: NO_ROWS, excluded: false };
  }
  return decideAmount(spec, input.raw, input.caps, input.reviews, ctx, trace);
}

/**
 * The amount of an award that nothing stopped and that has a value (`raw`, fen): caps against
 * history, limits against history, quota and reviews (needs review), zero, split, the grant.
 */
export function decideAmount(spec: AwardSpec, raw: number, caps: readonly number[], reviews: readonly Reason[], ctx: EvaluationContext, trace: TraceEntry[] | null): AwardResult {
  // Most evaluations: no earlier grant of this award, no quota, nothing to review (see freshAmount).
  if (reviews.length === 0 && freshFor(spec, ctx) && decidedFresh(spec)) return freshAmount(spec, raw, caps, ctx, trace);
  return generalAmount(spec, raw, caps, reviews, ctx, trace);
}

/**
 * Whether an award decidedFresh accepts is decided as with no earlier grant: none was given, or
 * none of its rule to a known firm (the history is then that firm's: its caps and limits per firm
 * count nothing). Earlier grants without a firm id go the general way, which says they cannot be
 * matched (K5208).
 */
export function freshFor(spec: AwardSpec, ctx: EvaluationContext): boolean {
  return ctx.history.length === 0 || (ctx.firm !== undefined && (ctx.byRule.get(spec.rule)?.length ?? 0) === 0);
}

/** decideAmount without its shortcut for an award with no earlier grant (freshAmount), which the tests compare with it. */
export function generalAmount(spec: AwardSpec, raw: number, caps: readonly number[], reviews: readonly Reason[], ctx: EvaluationContext, trace: TraceEntry[] | null): AwardResult {
  let amount = Math.max(0, raw);
  // The cap the amount now stands at (reduced to it, or exactly on it): its index, amount and use.
  let atCap = -1;
  let atCapAmount = 0;
  let atCapUsed = 0;
  // No earlier grant: what matching would find for a firm (a project's cap or limit still checks the project id).
  const fresh = ctx.history.length === 0;
  for (let i = 0; i < spec.caps.length; i++) {
    const cap = spec.caps[i] as CapSpec;
    const capAmount = caps[i] ?? 0;
    const used = fresh && (cap.scope === "firm" || cap.scope === "firm-year" || cap.scope === "each") ? 0 : usedUnder(spec, ctx, cap);
    const room = Math.max(0, capAmount - used);
    const before = amount;
    if (amount > room) amount = room;
    if (amount === room) {
      atCap = i;
      atCapAmount = capAmount;
      atCapUsed = used;
    }
    if (trace) trace.push(capLine(spec, i, capAmount, used, ctx.year, before, amount));
  }
  let limited: Reason[] | null = null;
  for (let i = 0; i < spec.limits.length; i++) {
    const limit = spec.limits[i] as LimitSpec;
    const prior = fresh && limit.scope === "firm" ? NO_GRANTS : matching(spec, ctx, limit.scope, limit.text);
    const reached = limit.kind === "times" ? prior.length >= limit.n : otherYearsOf(prior, ctx.year) >= limit.n;
    // The years are listed only where they are shown: the trace, and the reason of a limit reached.
    const years = prior.length === 0 || (!trace && !reached) ? NO_YEARS : yearsOf(prior);
    if (trace) trace.push({ kind: "limit", article: spec.article, rule: spec.rule, span: limit.span, limit, years, count: prior.length });
    if (reached) {
      amount = 0;
      (limited ??= []).push({ kind: "limit", article: spec.article, text: limit.text, span: limit.span, rules: [spec.rule], message: limitMessage(spec.rule, limit, years, prior.length, sum(prior)) });
    }
  }
  if (limited !== null) return notEligible(limited, NO_ROWS, false);
  let outcome: Outcome = "eligible";
  const reasons: Reason[] = [];
  if (spec.quota) {
    outcome = "needs-review";
    const reason = constantReasons(spec).quota;
    reasons.push(reason);
    if (trace) trace.push({ kind: "quota", article: spec.article, rule: spec.rule, span: spec.span, reason: spec.quota.text, message: reason.message });
  }
  for (let i = 0; i < reviews.length; i++) {
    const r = reviews[i] as Reason;
    outcome = "needs-review";
    reasons.push(r);
    if (trace) trace.push({ kind: "review", article: r.article, rule: spec.rule, span: r.span, reason: r.text, message: r.message });
  }
  if (amount === 0) {
    const cap = atCap >= 0 ? (spec.caps[atCap] as CapSpec) : null;
    if (cap && atCapUsed > 0) reasons.push({ kind: "cap", article: spec.article, text: cap.text, span: cap.span, rules: [spec.rule], message: capUsedMessage(spec.rule, cap, atCapAmount, atCapUsed, ctx.year) });
    else reasons.push(constantReasons(spec).zero);
    return { outcome: outcome === "needs-review" ? outcome : "not-eligible", amount: 0, grant: null, reasons, clawback: NO_ROWS, excluded: false };
  }
  // Granted (no quota or review gave a reason): the reason, the grant and its split, as for a fresh award.
  if (outcome === "eligible") return grantedAward(spec, raw, amount, atCap, ctx, trace);
  // Needs review: the trace still shows the split in fen; nothing is granted yet.
  if (trace && spec.split) trace.push({ kind: "split", article: spec.article, rule: spec.rule, span: spec.span, shares: spec.split, amounts: splitFen(amount, spec.split) });
  return { outcome, amount, grant: null, reasons, clawback: NO_ROWS, excluded: false };
}

/**
 * Whether, with no earlier grant, the award is decided without the history: no quota, caps per
 * firm (firm-year, each) that count nothing, limits per firm of at least one that find nothing (a
 * project's cap or limit still checks the project id, so it takes the general path). decideAmount
 * then takes freshAmount, and the emitter writes the same steps out for such an award.
 */
export function decidedFresh(spec: AwardSpec): boolean {
  if (spec.quota !== null) return false;
  const caps = spec.caps;
  for (let i = 0; i < caps.length; i++) {
    const scope = (caps[i] as CapSpec).scope;
    if (scope !== "firm" && scope !== "firm-year" && scope !== "each") return false;
  }
  const limits = spec.limits;
  for (let i = 0; i < limits.length; i++) {
    const limit = limits[i] as LimitSpec;
    if (limit.scope !== "firm" || !(limit.n >= 1)) return false;
  }
  return true;
}

/**
 * decideAmount with no earlier grant, no quota and no review, for an award decidedFresh accepts:
 * the same result and trace, in one pass (each cap's use is 0, no limit is reached), allocating
 * only what the result holds.
 */
function freshAmount(spec: AwardSpec, raw: number, caps: readonly number[], ctx: EvaluationContext, trace: TraceEntry[] | null): AwardResult {
  let amount = raw > 0 ? raw : 0;
  let atCap = -1;
  for (let i = 0; i < spec.caps.length; i++) {
    const room = Math.max(0, caps[i] ?? 0);
    if (amount > room) amount = room;
    if (amount === room) atCap = i;
  }
  if (trace) freshLines(spec, raw, caps, ctx.year, trace);
  // No cap was used before, so an amount of 0 is the award's zero (never a cap used up).
  if (amount === 0) return zeroAward(spec);
  return grantedAward(spec, raw, amount, atCap, ctx, trace);
}

/**
 * freshAmount's trace before the split: each cap's line (its room is its amount: nothing was
 * granted before) and each limit's (none reached). An emitted module's direct path, which works
 * the caps out itself, writes the same lines with capLine and freshLimitLines.
 */
export function freshLines(spec: AwardSpec, raw: number, caps: readonly number[], year: number, trace: TraceEntry[]): void {
  let amount = raw > 0 ? raw : 0;
  for (let i = 0; i < spec.caps.length; i++) {
    const capAmount = caps[i] ?? 0;
    const room = Math.max(0, capAmount);
    const before = amount;
    if (amount > room) amount = room;
    trace.push(capLine(spec, i, capAmount, 0, year, before, amount));
  }
  // With no earlier grant each limit's line is the same every time: made once (trace entries are read-only).
  const lines = constantReasons(spec).freshLimits;
  for (let i = 0; i < lines.length; i++) trace.push(lines[i] as TraceEntry);
}

/** Cap `i`'s line: `used` granted before, the amount `before` it and `after` it (decideAmount's, freshLines'). */
export function capLine(spec: AwardSpec, i: number, capAmount: number, used: number, year: number, before: number, after: number): TraceEntry {
  const cap = spec.caps[i] as CapSpec;
  return { kind: "cap", article: spec.article, rule: spec.rule, span: cap.span, cap, capAmount, used, year, before, after };
}

/**
 * freshLines' limit lines: the same objects every time (an emitted module's direct path, which
 * writes the caps' lines itself with capLine, takes them once when it loads).
 */
export function freshLimitLines(spec: AwardSpec): readonly TraceEntry[] {
  return constantReasons(spec).freshLimits;
}

/**
 * An award that comes to 0 with no cap used before (decideAmount's "zero"): one result per award,
 * made once (results are read-only). An emitted module's direct path calls it as freshAmount does.
 */
export function zeroAward(spec: AwardSpec): AwardResult {
  return constantReasons(spec).zeroResult;
}

/**
 * An award granted `amount` fen (> 0) with no quota or review, standing at cap `atCap` (-1: at
 * none): the reason, and the grant with its split (decideAmount's last step, for freshAmount and an
 * emitted module's direct path, which has worked the caps out itself as freshAmount does).
 */
export function grantedAward(spec: AwardSpec, raw: number, amount: number, atCap: number, ctx: EvaluationContext, trace: TraceEntry[] | null = null): AwardResult {
  const grant = grantMade(spec, amount, ctx, trace);
  return { outcome: "eligible", amount, grant, reasons: [grantedReason(spec, raw, amount, atCap)], clawback: NO_ROWS, excluded: false };
}

/**
 * grantedAward's reason and grant, pushed onto the decision's lists (`reasons`, `grants`) instead
 * of kept in a result: an emitted module's direct path, which assembles the decision itself.
 */
export function grantInto(spec: AwardSpec, raw: number, amount: number, atCap: number, ctx: EvaluationContext, trace: TraceEntry[] | null, reasons: Reason[], grants: Grant[]): void {
  grants.push(grantMade(spec, amount, ctx, trace));
  reasons.push(grantedReason(spec, raw, amount, atCap));
}

/** An award's result pushed onto the decision's lists: its reasons, then its grant (as Evaluation.finish lists them). */
export function awardInto(result: AwardResult, reasons: Reason[], grants: Grant[]): void {
  const own = result.reasons;
  for (let i = 0; i < own.length; i++) reasons.push(own[i] as Reason);
  if (result.grant !== null) grants.push(result.grant);
}

/**
 * A list kept with the award's constant reasons, found as fast as they are, for notApplicableAward
 * to keep its results in (by its condition's values as bits; read-only once made).
 */
export function notApplicableSlots(spec: AwardSpec): unknown[] {
  return constantReasons(spec).notApplicable;
}

/** zeroAward's reason (the one object every such decision lists). */
export function zeroReason(spec: AwardSpec): Reason {
  return constantReasons(spec).zero;
}

/** The grant of `amount` fen with its split (the split's line written to the trace, when on). */
function grantMade(spec: AwardSpec, amount: number, ctx: EvaluationContext, trace: TraceEntry[] | null): Grant {
  const split = spec.split;
  let payers: Grant["payers"] | null = null;
  if (split !== null) {
    // The split in fen: with the trace on, its line keeps the parts; else they are worked out in a scratch list, only to make the payers.
    const parts = splitFenInto(amount, split, trace === null ? scratch(split.length) : split.length === 2 ? [0, 0] : new Array<number>(split.length));
    if (trace !== null) trace.push({ kind: "split", article: spec.article, rule: spec.rule, span: spec.span, shares: split, amounts: parts });
    payers = payersOf(split, parts);
  }
  return grantOf(spec.policy, spec.version, spec.article.label, spec.rule, ctx, amount, payers);
}

/** The reason of an award granted `amount` fen, standing at cap `atCap` (-1: at none). */
function grantedReason(spec: AwardSpec, raw: number, amount: number, atCap: number): Reason {
  const cap = atCap >= 0 ? (spec.caps[atCap] as CapSpec) : null;
  const known = constantReasons(spec);
  const message = cap === null ? moneyWords(known.grantedZh, known.grantedEn, amount) : grantedMessage(spec.rule, amount, { text: cap.text, reduced: raw > amount });
  return { kind: "granted", article: spec.article, text: spec.rule, span: spec.span, rules: known.rules, message };
}

function payersOf(shares: readonly ShareSpec[], parts: readonly number[]): Grant["payers"] {
  // City and district (the common split): one literal, packed, no holes to fill.
  if (shares.length === 2) {
    return [{ payer: (shares[0] as ShareSpec).payer, amount: formatYuan(parts[0] as number) }, { payer: (shares[1] as ShareSpec).payer, amount: formatYuan(parts[1] as number) }];
  }
  const payers: { payer: string; amount: string }[] = new Array(shares.length);
  for (let i = 0; i < shares.length; i++) payers[i] = { payer: (shares[i] as ShareSpec).payer, amount: formatYuan(parts[i] as number) };
  return payers;
}

/** What the decision's outcome needs to know of the awards and tests decided. */
export interface OutcomeTally {
  awards: number;
  eligible: number;
  needsReview: number;
  notApplicable: number;
  /** Decisive eligibility tests and targets, and how many of them failed. */
  tests: number;
  testsFailed: number;
}

/** The decision's outcome: a person must look if any award needs review; else granted or not; not applicable when nothing applied. */
export function overallOutcome(tally: OutcomeTally, excluded: boolean, reviewed: boolean): Outcome {
  if (tally.needsReview > 0 || reviewed) return "needs-review";
  if (excluded) return "not-eligible";
  if (tally.awards > 0) {
    if (tally.eligible > 0) return "eligible";
    return tally.notApplicable === tally.awards && tally.testsFailed === 0 ? "not-applicable" : "not-eligible";
  }
  if (tally.tests === 0) return "computed";
  return tally.testsFailed === 0 ? "eligible" : "not-eligible";
}
