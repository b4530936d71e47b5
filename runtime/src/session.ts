/**
 * One evaluation of a policy, step by step. The interpreter and every emitted module compute the
 * expressions and call these steps in the same order (rules in dependency order; exclusions just
 * before the first award), so validity, history, exclusions, outcomes, reasons and the trace are
 * written once.
 */
import { CN_CALENDAR } from "./calendars/cn.js";
import { CalendarRangeError, DateRangeError, parseDate, yearOf, type WorkingDayCalendar } from "./dates.js";
import { decideAmount, decideAward, EvaluationFailure, indexHistory, notApplicableSlots, overallOutcome, type ArticleInfo, type AwardResult, type AwardSpec, type OutcomeTally, type EvaluationContext, type FormulaLine, type Grant, type Outcome, type PriorGrant, type Reason, type ReasonKind, type Span, type TraceEntry, type TraceValue } from "./decide.js";
import { dec, decSub, type Dec } from "./exact.js";
import { inputError, readHistory, type Decision, type DecisionWarning, type EvaluationOptions, type EvaluationResult, type InputError, type InputErrorCode } from "./evaluation.js";
import { GrantLog, SharedHistory } from "./history.js";
import { explainCondition, formatValue, joinRules, traceText, traceValue, type Bilingual, type ExplainNode, type ExplainSpec, type RuntimeValue } from "./trace-text.js";

export interface PolicyInfo {
  /** The key of the policy's grants (see `policyId`), the same in every version. */
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** Every rule in evaluation order, with its article (run-time errors name them) and how its value reads. */
  readonly rules: readonly { readonly rule: string; readonly article: string; readonly format: string }[];
  /** The awards (rewards and subsidies) and their articles: what a grant in the history may name. */
  readonly awards: readonly { readonly rule: string; readonly article: string }[];
}

/** A condition with its article and reason (a precondition, an exclusion, a review, a clawback, a definition's condition). */
export interface ReasonSpec {
  readonly article: ArticleInfo;
  /** The officer's reason, or the condition as written. */
  readonly text: string;
  /** The condition as written. */
  readonly condition: string;
  readonly span: Span;
  /** How to explain it with its values; null for a review without a condition. */
  readonly explain: ExplainSpec | null;
}

export interface ExclusionSpec extends ReasonSpec {
  readonly targets: readonly string[] | null;
}

/** A definition's formula as its trace line shows it: made once (at compile time), the `line` of every formula entry of it. */
export interface RuleTraceSpec extends FormulaLine {
  readonly rule: string;
  readonly article: ArticleInfo | null;
  readonly span: Span;
}

export interface FullAwardSpec extends AwardSpec {
  readonly requires: readonly ReasonSpec[];
  readonly clawbacks: readonly ReasonSpec[];
  readonly reviews: readonly ReasonSpec[];
  /** The conditions of the rule's definitions, for "does not apply". */
  readonly conditions: readonly ReasonSpec[];
  /**
   * The article of each definition, when an award is defined in more than one article: its grant,
   * cap and "granted" reason are the article whose definition gave the amount. Left out otherwise.
   */
  readonly articles?: readonly ArticleInfo[];
}

/** The award as its definition `d`'s article grants it (the same spec when that is the rule's article). */
const BY_DEFINITION = new WeakMap<FullAwardSpec, FullAwardSpec[]>();
function inArticleOf(spec: FullAwardSpec, d: number): FullAwardSpec {
  const articles = spec.articles;
  const article = articles === undefined || d < 0 ? undefined : articles[d];
  if (article === undefined || article.label === spec.article.label) return spec;
  let list = BY_DEFINITION.get(spec);
  if (!list) BY_DEFINITION.set(spec, (list = []));
  return (list[d] ??= { ...spec, article });
}

/** A rule's value is needed but none of its definitions applied. */
export function need<T extends RuntimeValue>(value: T, name: string): Exclude<T, null> {
  if (value === null) throw new EvaluationFailure(inputError("K5106", name, { zh: `“${name}”没有适用的定义，无法取值`, en: `'${name}' has no value: none of its definitions applies` }));
  return value as Exclude<T, null>;
}

export function asWholeNumber(d: Dec): number {
  if (d.scale !== 0 || d.small === null) throw new EvaluationFailure(inputError("K5107", "(duration)", { zh: "期限应为整数", en: "a duration should be a whole number" }));
  return d.small;
}

/** year ± a whole number of years given in months. */
export function yearPlus(year: number, months: Dec, sign: 1 | -1): number {
  const m = asWholeNumber(months);
  if (m % 12 !== 0) throw new EvaluationFailure(inputError("K5107", "(year)", { zh: "年份只能加减整年", en: "a year moves by whole years only" }));
  return year + (sign * m) / 12;
}

export type Start = { readonly done: true; readonly result: EvaluationResult } | { readonly done: false; readonly evaluation: Evaluation };

// undefined until the first evaluation: "" is a date someone can pass (and is refused with a message).
let lastAsOfText: unknown = undefined;
let lastAsOf: ReturnType<typeof parseDate> = parseDate("");
let lastYear = 0;

function optionalId(value: unknown, field: string, errors: InputError[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && value.trim() !== "") return value;
  errors.push(inputError("K5210", field, { zh: "应为非空文本", en: "should be non-empty text" }));
  return undefined;
}

/** The options of an evaluation, checked and read: the context its awards are decided in. */
export type OptionsRead =
  | { readonly done: true; readonly result: EvaluationResult }
  | (EvaluationContext & {
      readonly done: false;
      readonly warnings: readonly DecisionWarning[];
      /** The application date and the calendar, as expressions read them (`s.asOf`, `s.calendar`). */
      readonly asOf: string;
      readonly calendar: WorkingDayCalendar;
      readonly trace: boolean;
      /** Whether the application date is in the policy's validity. */
      readonly inForce: boolean;
    });

type Read = Extract<OptionsRead, { readonly done: false }>;
/** The last options read without history, and its policy: the next evaluation with the same options shares it (it is read-only). */
let lastRead: Read | null = null;
let lastPolicy: PolicyInfo | null = null;
let lastReadAsOf: unknown = undefined;

/** Checks the options (the application date is required) and reads the history. */
export function readOptions(policy: PolicyInfo, options: EvaluationOptions): OptionsRead {
  const history = options.history;
  const last = lastRead;
  if (
    last !== null && policy === lastPolicy && options.asOf === lastReadAsOf && options.firm === last.firm && options.project === last.project && options.application === last.application &&
    (history === undefined || (Array.isArray(history) && history.length === 0)) && (options.trace !== false) === last.trace && (options.calendar ?? CN_CALENDAR) === last.calendar
  ) {
    return last;
  }
  const read = readAll(policy, options);
  if (!read.done && read.history.length === 0 && read.warnings.length === 0) {
    lastRead = read;
    lastPolicy = policy;
    lastReadAsOf = options.asOf;
  }
  return read;
}

function readAll(policy: PolicyInfo, options: EvaluationOptions): OptionsRead {
  if (options.asOf === undefined) {
    return { done: true, result: { ok: false, errors: [inputError("K5210", "asOf", { zh: "缺少申报日期（YYYY-MM-DD）", en: "the application date is missing (YYYY-MM-DD)" })] } };
  }
  // Bulk evaluations share one date: parse it once.
  if (options.asOf !== lastAsOfText) {
    lastAsOf = parseDate(options.asOf);
    lastAsOfText = options.asOf;
    if (lastAsOf.ok) lastYear = yearOf(lastAsOf.value);
  }
  const parsed = lastAsOf;
  if (!parsed.ok) return { done: true, result: { ok: false, errors: [inputError("K5210", "asOf", parsed)] } };
  const asOf = parsed.value;
  let errors: InputError[] | null = null;
  const firm = options.firm === undefined ? undefined : optionalId(options.firm, "firm", (errors ??= []));
  const project = options.project === undefined ? undefined : optionalId(options.project, "project", (errors ??= []));
  const application = options.application === undefined ? undefined : optionalId(options.application, "application", (errors ??= []));
  let history: readonly PriorGrant[] = NO_HISTORY;
  let byRule: ReadonlyMap<string, readonly PriorGrant[]> | null = null;
  let warnings: readonly DecisionWarning[] = NO_WARNINGS;
  if (options.history instanceof SharedHistory || options.history instanceof GrantLog) {
    // Read once for many evaluations: this firm's rows, already checked and indexed.
    const read = options.history.forFirm(policy, asOf, firm, application);
    if (!read.ok) (errors ??= []).push(...read.errors);
    else {
      history = read.grants;
      byRule = read.byRule;
      warnings = read.warnings;
    }
  } else if (options.history !== undefined && (!Array.isArray(options.history) || options.history.length > 0)) {
    const read = readHistory(options.history, policy, asOf, firm, application);
    if (!read.ok) (errors ??= []).push(...read.errors);
    else {
      history = read.grants;
      warnings = read.warnings;
    }
  }
  if (errors !== null && errors.length > 0) return { done: true, result: { ok: false, errors } };
  const inForce = !((policy.validFrom && asOf < policy.validFrom) || (policy.validTo && asOf > policy.validTo));
  // One object: the context awards are decided in, and the rest of what was read.
  return { done: false, firm, project, application, date: asOf, year: lastYear, history, byRule: byRule ?? indexHistory(history), warnings, asOf, calendar: options.calendar ?? CN_CALENDAR, trace: options.trace !== false, inForce };
}

/** Checks the options and reads the history (or takes them read already); then the evaluation can start. */
export function startEvaluation(policy: PolicyInfo, exclusions: readonly ExclusionSpec[], options: EvaluationOptions, read: OptionsRead = readOptions(policy, options)): Start {
  if (read.done) return read;
  const evaluation = new Evaluation(policy, exclusions, read, read.warnings, options);
  if (!read.inForce) return { done: true, result: evaluation.outOfForce() };
  return { done: false, evaluation };
}

/**
 * The policy's first valid day (or its version's year's first day): where a tool that needs some
 * date starts, e.g. an example without 截至 / as of. An evaluation never takes it by default.
 */
export function defaultAsOf(policy: Pick<PolicyInfo, "version" | "validFrom">): string {
  return policy.validFrom ?? (/^\d{4}$/.test(policy.version) ? `${policy.version}-01-01` : "2021-01-01");
}

const NO_HISTORY: readonly PriorGrant[] = [];
const NO_WARNINGS: readonly DecisionWarning[] = [];
const NO_REASONS: readonly Reason[] = [];
const NO_INDEXES: readonly number[] = [];
// A decision's lists are read-only: one empty list serves every decision that has none.
const NO_GRANTS: readonly Grant[] = [];
const NO_TRACE: readonly TraceEntry[] = [];
/** Stands for a reason decideAward does not read (see award). */
const NOT_NEEDED: Reason = { kind: "notApplicable", article: { label: "", number: 0, title: null }, text: "", span: { start: 0, end: 0 }, rules: [], message: { zh: "", en: "" } };
const POLICY_ARTICLE: ArticleInfo = { label: "", number: 0, title: null };

function allTrue(holds: readonly boolean[]): boolean {
  for (let i = 0; i < holds.length; i++) if (holds[i] !== true) return false;
  return true;
}

function noneTrue(holds: readonly boolean[]): boolean {
  for (let i = 0; i < holds.length; i++) if (holds[i] === true) return false;
  return true;
}

/** Sets a property even when the policy calls a rule `__proto__` (plain objects stay fast). */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

function both(make: (lang: "zh" | "en") => string): Bilingual {
  return { zh: make("zh"), en: make("en") };
}

/**
 * The words of a condition whose values are all yes/no, by its values: at most 2^8 of them, so
 * each is worded once per process, not once per evaluation (the words explainCondition gives).
 * Keyed by the condition's shape (an IR node, the same object for every evaluation of a policy).
 */
const flagWords = new WeakMap<ExplainNode, (Bilingual | undefined)[]>();
/**
 * The words of other conditions, by their values: a cohort repeats the same few amounts and counts,
 * so each combination is worded once and its text shared by the decisions (up to MAX_WORDINGS per
 * condition, then worded each time).
 */
const wordings = new WeakMap<ExplainSpec, Map<string, Bilingual>>();
const MAX_WORDINGS = 4096;
/** A precondition's "not met" message, by its words. */
const UNMET_MESSAGES = new WeakMap<ReasonSpec, WeakMap<Bilingual, Bilingual>>();

function wordsByValues(e: ExplainSpec, values: readonly RuntimeValue[], holds: boolean): Bilingual {
  const key = valuesKey(values, holds);
  let known = wordings.get(e);
  if (!known) wordings.set(e, (known = new Map()));
  let words = known.get(key);
  if (words === undefined) {
    words = both((lang) => explainCondition(e, values, holds, lang));
    if (known.size < MAX_WORDINGS) known.set(key, words);
  }
  return words;
}

/** Values as a key that tells any two apart: each tagged by its kind, text with its length. */
function valuesKey(values: readonly RuntimeValue[], holds: boolean): string {
  let key = holds ? "+" : "-";
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? null;
    if (v === null) key += "|n";
    else if (typeof v === "number") key += `|f${v}`;
    else if (typeof v === "boolean") key += v ? "|t" : "|F";
    else if (typeof v === "string") key += `|s${v.length}:${v}`;
    else key += `|d${v.small ?? v.units}e${v.scale}`;
  }
  return key;
}

/** "Does not apply" of an award with one such condition, by those words. */
const notApplicableByWords = new WeakMap<Bilingual, Reason>();
const MAX_FLAGS = 8;

/** A condition explained with its values (undefined: not explained; null: they could not be computed). */
function detailOf(spec: ReasonSpec, values: readonly RuntimeValue[] | null | undefined, holds: boolean): Bilingual {
  if (!spec.explain || !values) return { zh: spec.condition || spec.text, en: spec.condition || spec.text };
  const e = spec.explain;
  const mask = flagMask(values);
  if (mask < 0) return wordsByValues(e, values, holds);
  let words = flagWords.get(e.node);
  if (!words) flagWords.set(e.node, (words = []));
  const key = 2 * mask + (holds ? 1 : 0);
  return (words[key] ??= both((lang) => explainCondition(e, values, holds, lang)));
}

/** Why an award does not apply: each of its definitions' conditions explained, with the values they had. */
function notApplicableReason(spec: FullAwardSpec, values: readonly (readonly RuntimeValue[] | null | undefined)[]): Reason {
  if (spec.conditions.length !== 1) return notApplicableWith(spec, spec.conditions.map((c, i) => detailOf(c, values[i], false)));
  // One condition: its words are kept (see flagWords, wordings), and so is this reason.
  const c = spec.conditions[0] as ReasonSpec;
  const given = values[0];
  const words = detailOf(c, given, false);
  if (!c.explain || !given) return notApplicableWith(spec, [words]);
  const known = notApplicableByWords.get(words);
  if (known && known.rules[0] === spec.rule && known.span === spec.span) return known;
  const reason = notApplicableWith(spec, [words]);
  notApplicableByWords.set(words, reason);
  return reason;
}

function notApplicableWith(spec: FullAwardSpec, details: readonly Bilingual[]): Reason {
  const message = both((lang) => {
    const text = details.map((d) => d[lang]).join(lang === "zh" ? "；" : "; ");
    return lang === "zh" ? `${spec.rule} 不适用——不满足：${text}` : `${spec.rule} does not apply — not met: ${text}`;
  });
  const condition = spec.conditions.map((c) => c.condition).join(" / ");
  return { kind: "notApplicable", article: spec.article, text: condition, span: spec.span, rules: [spec.rule], message };
}

const NO_CLAWBACK: readonly Grant[] = [];

interface TestReasons {
  readonly unmet: Reason;
  readonly met: Reason;
}
const TEST_REASONS = new WeakMap<PolicyInfo, Map<string, TestReasons>>();

/**
 * An award none of whose definitions applies, decided outside a session (an emitted module's
 * direct path): the values of each definition's condition, as Evaluation.explain records them.
 */
export function notApplicableAward(spec: FullAwardSpec, values: readonly (readonly RuntimeValue[] | null)[], trace: TraceEntry[] | null = null): AwardResult {
  // One condition of yes/no values (是重点企业): at most 2^8 results, each made once with its trace line (both read-only).
  const given = values[0];
  const mask = spec.conditions.length === 1 && (spec.conditions[0] as ReasonSpec).explain && given ? flagMask(given) : -1;
  const made = mask >= 0 ? notApplicableMade(spec, mask, values) : notApplicableOf(spec, values);
  if (trace) trace.push(made.line);
  return made.result;
}

/**
 * notApplicableAward for an award of one condition whose values are all yes/no, given as bits
 * (`mask`: the first value is bit 0, true = 1): an emitted module's direct path, which forms the
 * bits from the inputs without making a list of them.
 */
export function notApplicableFlagged(spec: FullAwardSpec, mask: number, trace: TraceEntry[] | null = null): AwardResult {
  const made = notApplicableMade(spec, mask, null);
  if (trace) trace.push(made.line);
  return made.result;
}

/** The result of `mask` (see flagMask), made once per award and mask; `values`, when given, are the mask's. */
function notApplicableMade(spec: FullAwardSpec, mask: number, values: readonly (readonly RuntimeValue[] | null)[] | null): NotApplicable {
  const known = notApplicableSlots(spec) as (NotApplicable | undefined)[];
  let made = known[mask];
  if (made === undefined) {
    const holes = ((spec.conditions[0] as ReasonSpec).explain as ExplainSpec).holes.length;
    const flags = values ?? [Array.from({ length: holes }, (_, i) => ((mask >> i) & 1) === 1)];
    made = known[mask] = notApplicableOf(spec, flags);
  }
  return made;
}

function notApplicableOf(spec: FullAwardSpec, values: readonly (readonly RuntimeValue[] | null)[]): NotApplicable {
  const reason = notApplicableReason(spec, values);
  const result: AwardResult = { outcome: "not-applicable", amount: 0, grant: null, reasons: [reason], clawback: NO_CLAWBACK, excluded: false };
  // The entry decideAward writes for it.
  return { result, line: { kind: "notApplicable", article: spec.article, rule: spec.rule, span: spec.span, condition: reason.text, message: reason.message } };
}

interface NotApplicable {
  readonly result: AwardResult;
  readonly line: TraceEntry;
}

/**
 * A rule's formula line in the trace: the formula as written (the spec, shared by every evaluation),
 * the values of its holes (`holes`, by hole number, kept as given: read-only) and the result.
 */
export function formulaEntry(spec: RuleTraceSpec, holes: readonly RuntimeValue[], result: RuntimeValue): TraceEntry {
  return { kind: "formula", article: spec.article, rule: spec.rule, span: spec.span, line: spec, values: holes, result };
}

/**
 * exclusionWords shared by the decisions that give them: by the exclusion, its condition's words
 * (one object for the same values: see detailOf) and the awards it names.
 */
const EXCLUSION_WORDS = new WeakMap<ExclusionSpec, WeakMap<Bilingual, Map<string, Bilingual>>>();
function sharedExclusionWords(spec: ExclusionSpec, d: Bilingual, rules: readonly string[]): Bilingual {
  let byDetail = EXCLUSION_WORDS.get(spec);
  if (!byDetail) EXCLUSION_WORDS.set(spec, (byDetail = new WeakMap()));
  let byRules = byDetail.get(d);
  if (!byRules) byDetail.set(d, (byRules = new Map()));
  const key = rules.length === 1 ? (rules[0] as string) : rules.join("\u0000");
  let words = byRules.get(key);
  if (!words) byRules.set(key, (words = exclusionWords(spec, d, rules)));
  return words;
}

/** An exclusion's message: the condition explained (`d`), and the awards it stops. */
function exclusionWords(spec: ExclusionSpec, d: Bilingual, rules: readonly string[]): Bilingual {
  return both((lang) => {
    const zh = lang === "zh";
    const what = spec.text !== spec.condition ? `${spec.text}${zh ? "：" : ": "}${d[lang]}` : d[lang];
    if (rules.length === 0) return zh ? `${what}，不予支持` : `excluded: ${what}`;
    return zh ? `${what}，不予支持：${joinRules(rules, lang)}` : `excluded: ${what}; stops ${joinRules(rules, lang)}`;
  });
}

/**
 * The decision of a policy made of awards only, none with a precondition, when
 * exclusions that stop every award hold (`holds`; `values`: each holding one's values, as
 * explainWith records them): what Evaluation.finish gives then, each award not eligible and each
 * exclusion that holds listed once, naming them all. An emitted module's direct path calls it.
 */
export function excludedDecision(policy: PolicyInfo, exclusions: readonly ExclusionSpec[], holds: readonly boolean[], values: readonly (readonly RuntimeValue[] | null)[], read: OptionsRead): EvaluationResult {
  if (read.done) return read.result;
  const awards = policy.awards;
  const rules: string[] = new Array(awards.length);
  const outputs: Record<string, RuntimeValue> = {};
  const ruleOutcomes: Record<string, Outcome> = {};
  for (let i = 0; i < awards.length; i++) {
    const rule = (awards[i] as { readonly rule: string }).rule;
    rules[i] = rule;
    setOwn(outputs, rule, 0);
    setOwn(ruleOutcomes, rule, "not-eligible");
  }
  const reasons: Reason[] = [];
  const details: (Bilingual | null)[] = new Array(exclusions.length).fill(null);
  for (let i = 0; i < exclusions.length; i++) {
    if (holds[i] !== true) continue;
    const x = exclusions[i] as ExclusionSpec;
    const detail = (details[i] = detailOf(x, values[i] ?? undefined, true));
    reasons.push({ kind: "excluded", article: x.article, text: x.text, span: x.span, rules: rules.slice(), message: sharedExclusionWords(x, detail, rules) });
  }
  // The trace the session writes: award by award, each exclusion that stops it (every one that holds), worded for that award.
  let trace: readonly TraceEntry[] = NO_TRACE;
  if (read.trace) {
    const entries: TraceEntry[] = [];
    for (const rule of rules) {
      for (let i = 0; i < exclusions.length; i++) {
        const detail = details[i] as Bilingual | null;
        if (detail === null) continue;
        const x = exclusions[i] as ExclusionSpec;
        entries.push({ kind: "excluded", article: x.article, rule, span: x.span, reason: x.text, message: sharedExclusionWords(x, detail, [rule]) });
      }
    }
    trace = entries;
  }
  const decision: Decision = {
    policy: policy.id,
    title: policy.title,
    version: policy.version,
    asOf: read.asOf,
    year: read.year,
    inForce: true,
    outcome: "not-eligible",
    outputs,
    ruleOutcomes,
    grants: NO_GRANTS,
    clawbacks: NO_GRANTS,
    reasons,
    warnings: read.warnings,
    trace,
  };
  return { ok: true, decision };
}

/** The values as bits (true = 1), or -1 when some value is not yes/no (or there are too many). */
function flagMask(values: readonly RuntimeValue[]): number {
  if (values.length > MAX_FLAGS) return -1;
  let mask = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === true) mask |= 1 << i;
    else if (v !== false) return -1;
  }
  return mask;
}

export class Evaluation {
  readonly trace: TraceEntry[] | null;
  readonly calendar: WorkingDayCalendar;
  readonly asOf: string;
  private readonly outputs: Record<string, RuntimeValue> = {};
  private readonly ruleOutcomes: Record<string, Outcome> = {};
  /** The awards decided so far, counted by outcome (what the decision's outcome needs of them). */
  private readonly tally: OutcomeTally = { awards: 0, eligible: 0, needsReview: 0, notApplicable: 0, tests: 0, testsFailed: 0 };
  // Made when the first item comes: most decisions have no clawback, many no grant.
  private grants: Grant[] | null = null;
  private clawbacks: Grant[] | null = null;
  private readonly reasons: Reason[] = [];
  /** Reasons kept for a decision that would otherwise have none (a test that held, a target). */
  private fallback: Reason[] | null = null;
  private unmetBySpec: Map<number, { readonly reason: { -readonly [K in keyof Reason]: Reason[K] } }> | null = null;
  /** Values of the conditions explained so far, by spec. */
  private explained: Map<ReasonSpec, readonly RuntimeValue[] | null> | null = null;
  private exclusionHolds: readonly boolean[] | null = null;
  private anyExclusion = false;
  /** For each exclusion, the awards it stopped (only when one holds). */
  private stopped: string[][] | null = null;
  private reviewed = false;
  /** The rule being evaluated (its position in PolicyInfo.rules), for run-time errors. */
  current = -1;

  constructor(
    private readonly policy: PolicyInfo,
    private readonly exclusions: readonly ExclusionSpec[],
    readonly context: EvaluationContext,
    private readonly warnings: readonly DecisionWarning[],
    options: EvaluationOptions,
  ) {
    this.asOf = context.date;
    this.trace = options.trace === false ? null : [];
    this.calendar = options.calendar ?? CN_CALENDAR;
  }

  outOfForce(): EvaluationResult {
    const p = this.policy;
    const message = {
      zh: `本办法有效期${p.validFrom ? `自 ${p.validFrom} ` : ""}${p.validTo ? `至 ${p.validTo}` : "起"}，申报日期 ${this.asOf} 不在其内，不适用`,
      en: `the measure is in force ${p.validFrom ? `from ${p.validFrom} ` : ""}${p.validTo ? `to ${p.validTo}` : "on"}; the application date ${this.asOf} is outside it: not applicable`,
    };
    const reason: Reason = { kind: "outOfForce", article: { label: p.title, number: 0, title: null }, text: `${p.validFrom ?? ""} ~ ${p.validTo ?? ""}`, span: { start: 0, end: 0 }, rules: [], message };
    this.trace?.push({ kind: "unmet", article: reason.article, rule: null, span: reason.span, reason: reason.text, message });
    return { ok: true, decision: { ...this.base(), inForce: false, outcome: "not-applicable", outputs: {}, ruleOutcomes: {}, grants: NO_GRANTS, clawbacks: NO_GRANTS, reasons: [reason], warnings: this.warnings, trace: this.trace ?? NO_TRACE } };
  }

  private base() {
    return { policy: this.policy.id, title: this.policy.title, version: this.policy.version, asOf: this.asOf, year: this.context.year };
  }

  /** Before each rule: run-time errors then name it and its article. */
  at(rule: number): void {
    this.current = rule;
  }

  /**
   * Records the values a condition is explained with. Called only where it is needed (a
   * precondition that failed, an exclusion that holds, …); a value that cannot be computed leaves
   * the condition as written.
   */
  explain(spec: ReasonSpec, values: () => readonly RuntimeValue[]): void {
    const explained = (this.explained ??= new Map());
    try {
      explained.set(spec, values());
    } catch {
      explained.set(spec, null);
    }
  }

  /** `explain` with values computed already (ones whose computation cannot fail: inputs, constants). */
  explainWith(spec: ReasonSpec, values: readonly RuntimeValue[]): void {
    (this.explained ??= new Map()).set(spec, values);
  }

  /** The condition explained: why it fails (`holds` false) or why it holds. */
  private detail(spec: ReasonSpec, holds: boolean): Bilingual {
    return detailOf(spec, this.explained?.get(spec), holds);
  }

  private reason(kind: ReasonKind, spec: ReasonSpec, rules: readonly string[], message: Bilingual): Reason {
    return { kind, article: spec.article, text: spec.text, span: spec.span, rules, message };
  }

  private officer(spec: ReasonSpec, lang: "zh" | "en"): string {
    return spec.text !== spec.condition ? (lang === "zh" ? `——${spec.text}` : ` — ${spec.text}`) : "";
  }

  private unmet(spec: ReasonSpec, rules: readonly string[]): Reason {
    const d = this.detail(spec, false);
    // The words are shared (see detailOf): so is the message made of them.
    let bySpec = UNMET_MESSAGES.get(spec);
    if (!bySpec) UNMET_MESSAGES.set(spec, (bySpec = new WeakMap()));
    let message = bySpec.get(d);
    if (!message) bySpec.set(d, (message = both((lang) => `${lang === "zh" ? "不满足：" : "not met: "}${d[lang]}${this.officer(spec, lang)}`)));
    return this.reason("unmet", spec, rules, message);
  }

  /** A precondition that fails for several awards is one reason naming them all. */
  private unmetOnce(spec: ReasonSpec, rule: string): Reason {
    // Each award has its own copy of its article's preconditions: the same one is the same place.
    const key = spec.span.start * 4_294_967_296 + spec.span.end; // offsets in a source file: below 2^32 each, so the key is exact
    const bySpec = (this.unmetBySpec ??= new Map());
    const seen = bySpec.get(key);
    if (seen) {
      // A new list of the exact size (a list pushed to keeps room for 16: a cohort holds many).
      if (!seen.reason.rules.includes(rule)) seen.reason.rules = [...seen.reason.rules, rule];
      return seen.reason;
    }
    const reason: { -readonly [K in keyof Reason]: Reason[K] } = this.unmet(spec, [rule]);
    bySpec.set(key, { reason });
    return reason;
  }

  private reviewReason(spec: ReasonSpec, rules: readonly string[]): Reason {
    const d = spec.explain ? this.detail(spec, true) : null;
    return this.reason("review", spec, rules, both((lang) => {
      const zh = lang === "zh";
      const extra = d && d[lang] !== spec.text ? (zh ? `——${d[lang]}` : ` — ${d[lang]}`) : "";
      return `${zh ? "需复核：" : "needs review: "}${spec.text}${extra}`;
    }));
  }

  private clawbackReason(spec: ReasonSpec, rule: string): Reason {
    const d = this.detail(spec, true);
    return this.reason("clawback", spec, [rule], both((lang) =>
      lang === "zh" ? `${d.zh}${this.officer(spec, lang)}：${rule} 不予支持，并追回已获资金` : `${d.en}${this.officer(spec, lang)}: nothing for ${rule}, earlier grants to be recovered`,
    ));
  }

  private exclusionMessage(spec: ExclusionSpec, rules: readonly string[]): Bilingual {
    return sharedExclusionWords(spec, this.detail(spec, true), rules);
  }

  get exclusionsDecided(): boolean {
    return this.exclusionHolds !== null;
  }

  /** Which exclusions hold, in the policy's order; decided once, before the first award. */
  decideExclusions(holds: readonly boolean[]): void {
    this.exclusionHolds = holds;
    this.anyExclusion = holds.includes(true);
    if (this.anyExclusion) this.stopped = holds.map(() => []);
  }

  private exclusionsFor(rule: string): readonly number[] {
    const holds = this.exclusionHolds;
    if (holds === null || !this.anyExclusion) return NO_INDEXES;
    const result: number[] = [];
    for (let i = 0; i < this.exclusions.length; i++) {
      const x = this.exclusions[i] as ExclusionSpec;
      if (holds[i] === true && (x.targets === null || x.targets.includes(rule))) result.push(i);
    }
    return result;
  }

  /** Preconditions and exclusions and clawbacks: true when the award can go on to its amount. */
  open(spec: FullAwardSpec, requireHolds: readonly boolean[], clawbackHolds: readonly boolean[]): boolean {
    for (let i = 0; i < requireHolds.length; i++) if (!requireHolds[i]) return false;
    for (let i = 0; i < clawbackHolds.length; i++) if (clawbackHolds[i]) return false;
    return !this.anyExclusion || this.exclusionsFor(spec.rule).length === 0;
  }

  /** The award's formula line in the trace. */
  formula(spec: RuleTraceSpec, holes: readonly RuntimeValue[], result: RuntimeValue): void {
    if (this.trace) this.trace.push(formulaEntry(spec, holes, result));
  }

  /** Decides an award; returns the amount granted now (fen), which later rules see. */
  award(ruleSpec: FullAwardSpec, requireHolds: readonly boolean[], clawbackHolds: readonly boolean[], raw: number | null, caps: readonly number[], reviewHolds: readonly boolean[], definition = -1): number {
    const spec = ruleSpec.articles === undefined ? ruleSpec : inArticleOf(ruleSpec, definition);
    // Nothing stops it and it has a value: straight to its amount (most awards, most of the time).
    if (raw !== null && !this.anyExclusion && allTrue(requireHolds) && noneTrue(clawbackHolds) && noneTrue(reviewHolds)) {
      return this.record(spec.rule, decideAmount(spec, raw, caps, NO_REASONS, this.context, this.trace), NO_INDEXES);
    }
    const rule = spec.rule;
    // Loops rather than filter and map: an award that does not apply is most awards of a decision.
    let unmet: Reason[] | null = null;
    for (let i = 0; i < spec.requires.length; i++) if (requireHolds[i] === false) (unmet ??= []).push(this.unmetOnce(spec.requires[i] as ReasonSpec, rule));
    const excludedBy = this.anyExclusion ? this.exclusionsFor(rule) : NO_INDEXES;
    // decideAward reads an exclusion's words only for the trace (the decision lists it once, in finish).
    const excluded = excludedBy.length === 0 ? NO_REASONS : this.trace === null ? excludedBy.map(() => NOT_NEEDED) : excludedBy.map((i) => {
      const x = this.exclusions[i] as ExclusionSpec;
      return this.reason("excluded", x, [rule], this.exclusionMessage(x, [rule]));
    });
    let clawbacks: Reason[] | null = null;
    for (let i = 0; i < spec.clawbacks.length; i++) if (clawbackHolds[i] === true) (clawbacks ??= []).push(this.clawbackReason(spec.clawbacks[i] as ReasonSpec, rule));
    let reviews: Reason[] | null = null;
    for (let i = 0; i < spec.reviews.length; i++) if (reviewHolds[i] === true) (reviews ??= []).push(this.reviewReason(spec.reviews[i] as ReasonSpec, [rule]));
    // Explained only when no definition applied and nothing stopped the award first (it words every condition: too dear to make and drop).
    const notApplicable = raw === null && unmet === null && excluded.length === 0 && clawbacks === null ? this.notApplicable(spec) : NOT_NEEDED;
    const result = decideAward(
      spec,
      { raw, caps, unmet: unmet ?? NO_REASONS, excluded, reviews: reviews ?? NO_REASONS, clawbacks: clawbacks ?? NO_REASONS, notApplicable },
      this.context,
      this.trace,
    );
    return this.record(rule, result, excludedBy);
  }

  /** An award decided: its outcome counted, its value and outcome kept, its grant, clawbacks and reasons listed. */
  private record(rule: string, result: AwardResult, excludedBy: readonly number[]): number {
    // An exclusion's reason is listed once, naming every award it stopped (see finish).
    if (result.excluded) for (const i of excludedBy) this.stopped?.[i]?.push(rule);
    const tally = this.tally;
    tally.awards++;
    if (result.outcome === "eligible") tally.eligible++;
    else if (result.outcome === "needs-review") tally.needsReview++;
    else if (result.outcome === "not-applicable") tally.notApplicable++;
    setOwn(this.outputs, rule, result.amount);
    setOwn(this.ruleOutcomes, rule, result.outcome);
    if (result.grant) (this.grants ??= []).push(result.grant);
    for (let i = 0; i < result.clawback.length; i++) (this.clawbacks ??= []).push(result.clawback[i] as Grant);
    // Only a precondition's reason is shared between awards (unmetOnce): list it once.
    for (let i = 0; i < result.reasons.length; i++) {
      const r = result.reasons[i] as Reason;
      if (r.kind !== "unmet" || !this.reasons.includes(r)) this.reasons.push(r);
    }
    return result.amount;
  }

  private notApplicable(spec: FullAwardSpec): Reason {
    return notApplicableReason(spec, spec.conditions.map((c) => this.explained?.get(c)));
  }

  /** A rule that is not an award: a definition, a deadline, an eligibility test, a target. */
  value(name: string, value: RuntimeValue): RuntimeValue {
    setOwn(this.outputs, name, value);
    return value;
  }

  /** An eligibility test: false when a precondition of its article fails; reviews make the decision needs-review. */
  eligibility(name: string, value: boolean, requires: readonly ReasonSpec[], requireHolds: readonly boolean[], reviews: readonly ReasonSpec[], reviewHolds: readonly boolean[], decisive = true): boolean {
    let result = value;
    for (let i = 0; i < requires.length; i++) {
      if (requireHolds[i] === true) continue;
      const r = requires[i] as ReasonSpec;
      result = false;
      const reason = this.unmet(r, [name]);
      this.reasons.push(reason);
      this.trace?.push({ kind: "unmet", article: r.article, rule: name, span: r.span, reason: r.text, message: reason.message });
    }
    this.reviews(name, reviews, reviewHolds);
    if (decisive) {
      this.tally.tests++;
      if (!result) this.tally.testsFailed++;
      if (!value) this.reasons.push(this.testReasons(name).unmet);
      else if (result) (this.fallback ??= []).push(this.testReasons(name).met);
    }
    setOwn(this.ruleOutcomes, name, result ? "eligible" : "not-eligible");
    setOwn(this.outputs, name, result);
    return result;
  }

  /** A test's "not met" and "met" reasons: the same words in every evaluation, so made once per policy (reasons are read-only). */
  private testReasons(name: string): TestReasons {
    let byName = TEST_REASONS.get(this.policy);
    if (!byName) TEST_REASONS.set(this.policy, (byName = new Map()));
    let known = byName.get(name);
    if (!known) {
      const label = this.policy.rules.find((r) => r.rule === name)?.article ?? "";
      const article = label === "" ? POLICY_ARTICLE : { label, number: 0, title: null };
      known = {
        unmet: { kind: "unmet", article, text: name, span: { start: 0, end: 0 }, rules: [name], message: { zh: `不满足：${name}（计算为 否）`, en: `not met: ${name} (computed as no)` } },
        met: { kind: "met", article, text: name, span: { start: 0, end: 0 }, rules: [name], message: { zh: `满足：${name}`, en: `met: ${name}` } },
      };
      byName.set(name, known);
    }
    return known;
  }

  /** Reviews that hold make the decision needs-review (`name`: the rule, or null for the policy's own). */
  reviews(name: string | null, reviews: readonly ReasonSpec[], holds: readonly boolean[]): void {
    for (let i = 0; i < reviews.length; i++) {
      if (holds[i] !== true) continue;
      const r = reviews[i] as ReasonSpec;
      this.reviewed = true;
      const reason = this.reviewReason(r, name === null ? [] : [name]);
      this.reasons.push(reason);
      this.trace?.push({ kind: "review", article: r.article, rule: name, span: r.span, reason: r.text, message: reason.message });
    }
  }

  /** A target: met or not, and the gap to it. */
  target(name: string, article: ArticleInfo | null, span: Span, met: boolean, domain: string, actual: RuntimeValue, goal: RuntimeValue, cmp: string, format: string, reviews: readonly ReasonSpec[], reviewHolds: readonly boolean[], decisive = true): boolean {
    this.reviews(name, reviews, reviewHolds);
    if (decisive) {
      this.tally.tests++;
      if (!met) this.tally.testsFailed++;
    }
    setOwn(this.ruleOutcomes, name, met ? "eligible" : "not-eligible");
    setOwn(this.outputs, name, met);
    if (this.trace || decisive) {
      const gap: TraceValue | null = met ? null : traceValue(targetGap(domain, actual, goal), format);
      const entry: TraceEntry = { kind: "target", article, rule: name, span, actual: traceValue(actual, format), goal: traceValue(goal, format), cmp, met, gap };
      this.trace?.push(entry);
      if (decisive) {
        const text = traceText(entry);
        const strip = (t: string) => t.replace(/^[^：:]*[：:]\s*/, "");
        const reason: Reason = { kind: met ? "met" : "unmet", article: article ?? POLICY_ARTICLE, text: name, span, rules: [name], message: { zh: strip(text.zh), en: strip(text.en) } };
        (met ? (this.fallback ??= []) : this.reasons).push(reason);
      }
    }
    return met;
  }

  finish(): EvaluationResult {
    const excluded = this.anyExclusion;
    if (excluded) {
      const holds = this.exclusionHolds ?? [];
      const awards = this.tally.awards;
      // Each exclusion that holds is listed once, naming the awards it stopped.
      for (let i = 0; i < this.exclusions.length; i++) {
        const x = this.exclusions[i] as ExclusionSpec;
        if (holds[i] !== true) continue;
        const rules = this.stopped?.[i] ?? [];
        if (rules.length === 0 && awards > 0) continue;
        this.reasons.push(this.reason("excluded", x, rules, this.exclusionMessage(x, rules)));
        if (awards === 0) this.trace?.push({ kind: "excluded", article: x.article, rule: null, span: x.span, reason: x.text, message: this.exclusionMessage(x, []) });
      }
    }
    const outcome = overallOutcome(this.tally, excluded, this.reviewed);
    // The list of the exact size (see unmetOnce).
    const reasons = this.reasons.length > 0 ? this.reasons.slice() : outcome === "computed" ? this.computedReasons() : (this.fallback ?? this.reasons);
    // A plain literal, not a spread: V8 builds it as a fast object (a spread here cost a third of an evaluation).
    const decision: Decision = {
      policy: this.policy.id,
      title: this.policy.title,
      version: this.policy.version,
      asOf: this.asOf,
      year: this.context.year,
      inForce: true,
      outcome,
      outputs: this.outputs,
      ruleOutcomes: this.ruleOutcomes,
      grants: this.grants ?? NO_GRANTS,
      clawbacks: this.clawbacks ?? NO_GRANTS,
      reasons,
      warnings: this.warnings,
      trace: this.trace ?? NO_TRACE,
    };
    return { ok: true, decision };
  }

  /** A policy that only computes: its results, each with its value (or that it could not be computed). */
  private computedReasons(): Reason[] {
    const reasons: Reason[] = [];
    for (const r of this.policy.rules) {
      if (!Object.prototype.hasOwnProperty.call(this.outputs, r.rule)) continue;
      const value = this.outputs[r.rule] ?? null;
      const shown = formatValue(value, r.format);
      const message = value === null
        ? { zh: `${r.rule} 未能计算（如除数为零），结果中无值`, en: `${r.rule} could not be computed (e.g. a division by zero): no value among the results` }
        : { zh: `已计算：${r.rule} = ${shown.zh}`, en: `computed: ${r.rule} = ${shown.en}` };
      reasons.push({ kind: "computed", article: r.article === "" ? POLICY_ARTICLE : { label: r.article, number: 0, title: null }, text: r.rule, span: { start: 0, end: 0 }, rules: [r.rule], message });
    }
    return reasons;
  }

  /** The first result computed so far whose value is `value` (to name the field a failure started from). */
  resultWithValue(value: RuntimeValue): string | null {
    for (const name of Object.keys(this.outputs)) if (this.outputs[name] === value) return name;
    return null;
  }

  /** Where a run-time failure happened: the rule and its article, for the error's text. */
  where(): { readonly rule: string; readonly article: string } | null {
    return this.policy.rules[this.current] ?? null;
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
 * Turns an arithmetic or data failure during evaluation into an error naming the rule and its
 * article, in Chinese and English; never a number. A date pushed past the years 1–9999 or out of
 * the working-day calendar names the input (or the earlier result) it was computed from; the
 * interpreter and emitted modules pass the same inputs.
 */
export function evaluationError(error: unknown, s?: Evaluation, inputs: readonly { readonly name: string }[] = [], values: readonly RuntimeValue[] = []): EvaluationResult {
  const at = s?.where() ?? null;
  const prefix = (lang: "zh" | "en"): string => (at ? `${at.article ? `${at.article} ` : ""}${at.rule}${lang === "zh" ? "：" : ": "}` : "");
  if (error instanceof EvaluationFailure) {
    const e = error.error;
    // An id missing for a cap or limit names the option, not the rule (its text already says which).
    if (e.field === "firm" || e.field === "project") return { ok: false, errors: [e] };
    return { ok: false, errors: [inputError(e.code, at?.rule ?? e.field, { zh: `${prefix("zh")}${e.message.zh}`, en: `${prefix("en")}${e.message.en}` })] };
  }
  if (error instanceof DateRangeError || error instanceof CalendarRangeError) {
    const field = fieldOf(error.from, s, inputs, values);
    const start = error.from === null || (error instanceof CalendarRangeError && error.from === error.date) ? { zh: "", en: "" } : { zh: `从 ${error.from} 起`, en: `from ${error.from}, ` };
    // A date computed from an input names that input (the field to correct); otherwise the rule and article.
    const lead = (lang: "zh" | "en") => (field === null ? prefix(lang) : "");
    return { ok: false, errors: [inputError(error.code, field ?? at?.rule ?? "(date)", { zh: `${lead("zh")}${start.zh}${error.zh}（${error.code}）`, en: `${lead("en")}${start.en}${error.en} (${error.code})` })] };
  }
  if (error instanceof RangeError) {
    const known = (error as { code?: string }).code;
    const code: InputErrorCode = known === "K5101" || known === "K5102" || known === "K5103" || known === "K5104" ? known : "K5100";
    const text = error as { zh?: unknown; en?: unknown };
    const zh = typeof text.zh === "string" ? text.zh : "计算超出可精确表示的范围";
    const en = typeof text.en === "string" ? text.en : error.message;
    return { ok: false, errors: [inputError(code, at?.rule ?? "(evaluation)", { zh: `${prefix("zh")}无法精确计算（${code}）：${zh}`, en: `${prefix("en")}cannot compute exactly (${code}): ${en}` })] };
  }
  throw error;
}
