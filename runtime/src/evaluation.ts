/**
 * What an evaluation takes and gives, shared by the interpreter and every emitted module, and its
 * JSON form (money as decimal strings in yuan, e.g. "50000.00").
 */
import type { WorkingDayCalendar } from "./dates.js";
import type { GrantLog, SharedHistory } from "./history.js";
import type { Grant, GrantInput, Outcome, PriorGrant, Reason, ReasonKind, TraceEntry } from "./decide.js";
import { isPlainIsoDate, parseDate, yearOf } from "./dates.js";
import { decMul, decOf, decToString, fenOfYuan, formatYuan, parseMoney, quickFen, type Dec } from "./exact.js";
import { formatValue, traceText, type Bilingual, type RuntimeValue } from "./trace-text.js";

export interface EvaluationOptions {
  /** The application date, YYYY-MM-DD: required (caps per year, validity and deadlines count from it). */
  readonly asOf?: string;
  /** The applicant's id: the key of per-firm caps and limits; needed whenever there is history. */
  readonly firm?: string;
  /** The project's id: the key of per-project caps and one-off limits; needed where those apply. */
  readonly project?: string;
  /** The application's id: carried into the grants made, so two equal grants stay two. */
  readonly application?: string;
  /**
   * Earlier grants, in the same shape (and yuan) as `Decision.grants` and `--history` JSON: this
   * applicant's rows, or a SharedHistory of many firms' rows (read once; the evaluation takes its
   * firm's), or a GrantLog of this firm's (a ledger's, added to as grants are made).
   */
  readonly history?: readonly GrantInput[] | SharedHistory | GrantLog;
  /** Working days; default: the official PRC calendar shipped with Kuan. */
  readonly calendar?: WorkingDayCalendar;
  /** The trace costs time; switch it off for bulk evaluation (default on). */
  readonly trace?: boolean;
}

/** Something the evaluation noticed and the reader must see: a grant it did not count, and why. */
export interface DecisionWarning {
  readonly code: string;
  readonly field: string;
  readonly message: Bilingual;
}

export interface Decision {
  /** The policy's id (the key of its grants) and its title as written. */
  readonly policy: string;
  readonly title: string;
  readonly version: string;
  readonly asOf: string;
  readonly year: number;
  readonly inForce: boolean;
  readonly outcome: Outcome;
  /** Every rule's value: money in fen, rates/counts/durations as exact decimals. */
  readonly outputs: Readonly<Record<string, RuntimeValue>>;
  readonly ruleOutcomes: Readonly<Record<string, Outcome>>;
  /** The grants made now, in the ledger's shape: feed them back as `history`. */
  readonly grants: readonly Grant[];
  readonly clawbacks: readonly Grant[];
  readonly reasons: readonly Reason[];
  readonly warnings: readonly DecisionWarning[];
  readonly trace: readonly TraceEntry[];
}

/**
 * The codes of input and evaluation errors: stable, never reused (docs/integration.md lists them).
 * K51xx: an exact computation failed; K52xx: the history of earlier grants; K53xx: the application
 * or the options.
 */
export const INPUT_ERROR_CODES = {
  /** Any other arithmetic that cannot be done exactly. */
  inexact: "K5100",
  /** An amount or count grew too large to compute exactly (KuanRangeError). */
  tooLarge: "K5101",
  /** A division by zero, or one that does not end (KuanDivisionError). */
  division: "K5102",
  /** A working-day question outside the calendar's years (CalendarRangeError). */
  calendar: "K5103",
  /** A date computed past the years 1–9999 (DateRangeError). */
  dateRange: "K5104",
  /** A rule's value is needed but none of its definitions applies. */
  noValue: "K5106",
  /** A duration or year step that must be whole is not. */
  notWhole: "K5107",
  /** The history (earlier grants): a malformed row. */
  historyRow: "K5201",
  /** A grant of another policy. */
  historyPolicy: "K5202",
  /** A grant of a rule that is not an award of this policy. */
  historyRule: "K5203",
  /** A grant whose article is not its rule's in this version. */
  historyArticle: "K5204",
  /** The same grant twice. */
  historyDuplicate: "K5205",
  /** Warning: a grant dated after the application date (not counted). */
  historyLater: "K5206",
  /** Warning: a grant of another firm (not counted). */
  historyOtherFirm: "K5207",
  /** Earlier grants were given but no firm id to match them to. */
  noFirm: "K5208",
  /** A per-project cap or limit and no project id. */
  noProject: "K5209",
  /** An option is wrong: the application date (asOf) missing or not a date, an empty firm or project id. */
  badOption: "K5210",
  /** The policy has errors, so nothing can be evaluated. */
  policyErrors: "K5211",
  /** Warning: a grant of the application being decided (re-deciding it; not counted). */
  historyOwnGrant: "K5212",
  /** The application is not a JSON object. */
  notAnObject: "K5301",
  /** An input is missing. */
  missing: "K5302",
  /** A field that is not an input of the policy. */
  unknownInput: "K5303",
  /** A value that does not fit its input (its JSON Schema says the same). */
  badValue: "K5304",
  /** A working-day calendar given as JSON is malformed. */
  badCalendar: "K5305",
  /** A value of the wrong kind during evaluation: a bug in Kuan, reported rather than guessed around. */
  wrongKind: "K5306",
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

/** The policy id of a title: the same for titles that differ only in full-width forms or spaces. */
export function policyId(title: string): string {
  return title.normalize("NFKC").replace(/\s+/g, "");
}

/** What the history reader needs of the policy: its id and version and every award's article. */
export interface HistoryPolicy {
  readonly id: string;
  readonly version: string;
  readonly awards: readonly { readonly rule: string; readonly article: string }[];
}

export type HistoryRead =
  | { readonly ok: true; readonly grants: readonly PriorGrant[]; readonly warnings: readonly DecisionWarning[] }
  | { readonly ok: false; readonly errors: readonly InputError[] };

/** Whether `key` is a field of a grant (GrantInput's). A switch: a history's rows ask it for each of their keys. */
function isGrantField(key: string): boolean {
  switch (key) {
    case "policy":
    case "version":
    case "article":
    case "rule":
    case "firm":
    case "project":
    case "application":
    case "date":
    case "amount":
    case "payers":
      return true;
    default:
      return false;
  }
}

/**
 * Reads the earlier grants against this policy and application (the contract is in
 * docs/runtime.md, "History"). Errors (nothing is decided): a malformed row, another policy, a rule
 * that is not an award here, an article that is not the rule's in this version, the same row twice.
 * Warnings (the row is not counted, and the decision says so): a grant dated after the
 * application date, a grant of the application being decided, a grant of another firm.
 */
export function readHistory(value: unknown, policy: HistoryPolicy, asOf: string, firm: string | undefined, application?: string): HistoryRead {
  const rows = checkHistory(value, policy);
  return rows.ok ? selectHistory(rows.rows, asOf, firm, application) : rows;
}

/** A row of the history that passed the checks, with its place in the list (for the warnings' field) and its amount in fen. */
export interface CheckedRow {
  readonly index: number;
  readonly grant: Grant;
  readonly fen: number;
}

/** The checks of readHistory that do not depend on the application: each row's shape, policy, rule and article, and no row twice. */
export function checkHistory(value: unknown, policy: HistoryPolicy): { readonly ok: true; readonly rows: readonly CheckedRow[] } | { readonly ok: false; readonly errors: readonly InputError[] } {
  if (!Array.isArray(value)) return { ok: false, errors: [inputError("K5201", "history", { zh: "应为数组", en: "should be an array" })] };
  const checker = new HistoryChecker(policy);
  checker.add(value);
  return checker.errors.length > 0 ? { ok: false, errors: checker.errors } : { ok: true, rows: checker.rows };
}

/**
 * checkHistory row by row, so that rows can be added to a list already checked (SharedHistory.add)
 * and each is checked once: adding rows gives the rows and errors checking the whole list gives.
 */
export class HistoryChecker {
  readonly rows: CheckedRow[] = [];
  readonly errors: InputError[] = [];
  private count = 0;
  /** Each row's key, made only once there are two rows (one row cannot repeat another). */
  private seen: Map<string, number> | null = null;

  constructor(readonly policy: HistoryPolicy) {}

  /**
   * `wellFormed`: the rows are grants in the one shape already, as grantsFromJson returns them (a
   * ledger's own grants, made by the runtime or read back from its rows), so their fields are not
   * read again; whether they belong to the policy, and repeats, are still checked.
   */
  add(value: readonly unknown[], wellFormed = false): void {
    const offset = this.count;
    this.count += value.length;
    const parsed = wellFormed ? { ok: true as const, grants: value as readonly Grant[] } : grantsFromJson(value, offset);
    if (!parsed.ok) {
      this.errors.push(...parsed.errors);
      return;
    }
    const policy = this.policy;
    const bad = (code: InputErrorCode, field: string, zh: string, en: string) => this.errors.push(inputError(code, field, { zh, en }));
    // A few rows (a firm's history) are compared with each other; from SMALL_HISTORY on, by key.
    if (this.seen === null && this.count > SMALL_HISTORY) {
      this.seen = new Map();
      for (const row of this.rows) this.seen.set(grantKey(row.grant), row.index);
    }
    const grants = parsed.grants;
    for (let k = 0; k < grants.length; k++) {
      const grant = grants[k] as Grant;
      const i = offset + k;
      if (historyPolicyId(grant.policy) !== policy.id) {
        bad("K5202", `history[${i}].policy`, `“${grant.policy}”不是本政策（${policy.id}）`, `'${grant.policy}' is not this policy (${policy.id})`);
        continue;
      }
      const award = awardOf(policy, grant.rule);
      if (!award) {
        const names = policy.awards.map((a) => a.rule).join("、");
        bad("K5203", `history[${i}].rule`, `本政策没有名为“${grant.rule}”的奖补（有：${names || "无"}）`, `this policy has no award named '${grant.rule}' (it has: ${names || "none"})`);
        continue;
      }
      if (grant.version === policy.version && award.article !== "") {
        const written = articleAsWritten(grant.article);
        if (!policy.awards.some((a) => a.rule === grant.rule && a.article === written)) {
          const articles = policy.awards.filter((a) => a.rule === grant.rule).map((a) => a.article);
          bad("K5204", `history[${i}].article`, `${grant.version} 版中“${grant.rule}”属于${articles.join("、")}，不是${grant.article}`, `in version ${grant.version}, '${grant.rule}' belongs to ${articles.join(", ")}, not ${grant.article}`);
          continue;
        }
      }
      const first = this.seen !== null ? this.seen.get(grantKey(grant)) : this.earlierCopy(grant);
      if (first !== undefined) {
        bad("K5205", `history[${i}]`, `与 history[${first}] 重复（同一笔奖补记了两次？确为两笔时请给出各自的 application）`, `repeats history[${first}] (the same grant twice? if they are two grants, give each its application id)`);
        continue;
      }
      if (this.seen !== null) this.seen.set(grantKey(grant), i);
      this.rows.push({ index: i, grant, fen: fenOfYuan(grant.amount) });
    }
  }

  /** The index of the first row kept that is the same grant as `grant` (what grantKey compares), by a scan. */
  private earlierCopy(grant: Grant): number | undefined {
    const rows = this.rows;
    for (let r = 0; r < rows.length; r++) {
      if (sameGrant((rows[r] as CheckedRow).grant, grant)) return (rows[r] as CheckedRow).index;
    }
    return undefined;
  }
}

/** The policy's first award of a rule (policies have a few awards: a scan). */
function awardOf(policy: HistoryPolicy, rule: string): { readonly rule: string; readonly article: string } | undefined {
  const awards = policy.awards;
  for (let i = 0; i < awards.length; i++) if ((awards[i] as { rule: string }).rule === rule) return awards[i];
  return undefined;
}

/** policyId of a history row's policy: the rows of a history name one policy, over and over. */
function historyPolicyId(title: string): string {
  if (title !== lastTitle) {
    lastTitle = title;
    lastId = policyId(title);
  }
  return lastId;
}

let lastTitle = "";
let lastId = policyId("");

/** An article label as the policy's awards name it (full-width forms and runs of spaces as one). */
function articleAsWritten(article: string): string {
  let written = ARTICLES.get(article);
  if (written === undefined) {
    written = article.normalize("NFKC").replace(/\s+/g, " ").trim();
    // A history names a policy's few articles, over and over: a bound keeps odd input from growing it.
    if (ARTICLES.size < 1000) ARTICLES.set(article, written);
  }
  return written;
}

const ARTICLES = new Map<string, string>();

/** Up to this many rows, repeats are found by comparing rows (HistoryChecker.earlierCopy), not by key. */
const SMALL_HISTORY = 8;

/** Whether two rows are the same grant (what grantKey compares, field by field). */
export function sameGrant(a: Grant, b: Grant): boolean {
  return a.amount === b.amount && a.date === b.date && a.rule === b.rule && a.firm === b.firm && a.version === b.version && a.project === b.project && a.application === b.application;
}

/** What makes two rows the same grant: each field with its length (absent: "-"), so no two rows share a key by accident. */
function grantKey(grant: Grant): string {
  return `${keyPart(grant.version)}${keyPart(grant.rule)}${keyPart(grant.firm)}${keyPart(grant.project)}${keyPart(grant.application)}${keyPart(grant.date)}${keyPart(grant.amount)}`;
}

function keyPart(text: string | undefined): string {
  return text === undefined ? "-" : `${text.length}:${text}`;
}

/** The checked rows that count for this application: none dated after it, none of its own, none of another firm (each a warning). */
export function selectHistory(rows: readonly CheckedRow[], asOf: string, firm: string | undefined, application?: string): HistoryRead {
  const warnings: DecisionWarning[] = [];
  const grants: PriorGrant[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as CheckedRow;
    const grant = row.grant;
    if (grant.date <= asOf && (application === undefined || grant.application !== application) && (firm === undefined || grant.firm === firm)) {
      grants.push({ rule: grant.rule, firm: grant.firm, project: grant.project, year: yearOf(grant.date), fen: row.fen, grant });
      continue;
    }
    const at = `history[${row.index}]`;
    if (grant.date > asOf) {
      warnings.push({ code: "K5206", field: at, message: { zh: `该笔奖补日期 ${grant.date} 晚于申报日期 ${asOf}，不计入`, en: `this grant is dated ${grant.date}, after the application date ${asOf}: not counted` } });
      continue;
    }
    // Re-deciding an application: its own earlier grant is what is being decided again, not an earlier one.
    if (application !== undefined && grant.application === application) {
      warnings.push({ code: "K5212", field: `${at}.application`, message: { zh: `该笔奖补出自本次申报“${application}”本身（重新决定），不计入`, en: `this grant comes from this very application '${application}' (decided again): not counted` } });
      continue;
    }
    if (firm !== undefined && grant.firm !== firm) {
      warnings.push({ code: "K5207", field: `${at}.firm`, message: { zh: `该笔奖补属于企业“${grant.firm ?? ""}”，不是本次申报的“${firm}”，不计入`, en: `this grant is firm '${grant.firm ?? ""}''s, not the applicant '${firm}''s: not counted` } });
      continue;
    }
  }
  return { ok: true, grants, warnings: warnings.length === 0 ? NO_WARNINGS : warnings };
}

const NO_WARNINGS: readonly DecisionWarning[] = [];

/**
 * Reads ledger rows in the one grant shape, naming the field of any bad one (`history[2].amount`);
 * amounts come back as yuan strings ("50000.00"). Whether a row belongs to a policy is
 * `readHistory`'s to say.
 */
export function grantsFromJson(value: unknown, offset = 0): { readonly ok: true; readonly grants: readonly Grant[] } | { readonly ok: false; readonly errors: readonly InputError[] } {
  if (!Array.isArray(value)) return { ok: false, errors: [inputError("K5201", "history", { zh: "应为数组", en: "should be an array" })] };
  const errors: InputError[] = [];
  const grants: Grant[] = [];
  const list = value as readonly unknown[];
  for (let k = 0; k < list.length; k++) {
    const entry = list[k];
    const quick = typeof entry === "object" && entry !== null && !Array.isArray(entry) ? quickGrant(entry as Record<string, unknown>) : null;
    if (quick !== null) grants.push(quick);
    else readGrant(entry, `history[${offset + k}]`, errors, grants);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, grants };
}

/** grantsFromJson with every row read by the full checks (no quick path): what the quick path must agree with (tests). */
export function grantsFromJsonChecked(value: readonly unknown[], offset = 0): { readonly ok: true; readonly grants: readonly Grant[] } | { readonly ok: false; readonly errors: readonly InputError[] } {
  const errors: InputError[] = [];
  const grants: Grant[] = [];
  for (let k = 0; k < value.length; k++) readGrant(value[k], `history[${offset + k}]`, errors, grants);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, grants };
}

/** Non-empty text that is not all white space (an id, a policy's title, a version). */
function nonBlank(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0) return false;
  const c = value.charCodeAt(0);
  return (c > 32 && c < 127) || value.trim().length > 0;
}

/**
 * A ledger row in the common form, read without the full reader's bookkeeping: grant fields only,
 * non-blank ids, a YYYY-MM-DD date, amounts as quickFen reads them. The grant readGrant makes of
 * it; null for anything else, which readGrant reads, naming what is wrong.
 */
function quickGrant(e: Record<string, unknown>): Grant | null {
  // Every key for-in lists (own and inherited enumerable ones, so Object.keys' among them): grant fields only.
  for (const key in e) if (!isGrantField(key)) return null;
  const policy = e["policy"];
  const version = e["version"];
  const article = e["article"];
  const rule = e["rule"];
  const firm = e["firm"];
  const project = e["project"];
  const application = e["application"];
  const date = e["date"];
  if (!nonBlank(policy) || !nonBlank(version) || !nonBlank(article) || !nonBlank(rule) || !nonBlank(firm)) return null;
  if ((project !== undefined && !nonBlank(project)) || (application !== undefined && !nonBlank(application))) return null;
  if (typeof date !== "string" || !isPlainIsoDate(date)) return null;
  const fen = quickFen(e["amount"]);
  if (fen < 0) return null;
  const amount = formatYuan(fen);
  let payers: { payer: string; amount: string }[] | null = null;
  const given = e["payers"];
  if (given !== undefined) {
    if (!Array.isArray(given)) return null;
    for (let i = 0; i < given.length; i++) {
      const p = given[i] as unknown;
      if (typeof p !== "object" || p === null) return null;
      const payer = (p as Record<string, unknown>)["payer"];
      const share = quickFen((p as Record<string, unknown>)["amount"]);
      if (typeof payer !== "string" || share < 0) return null;
      (payers ??= []).push({ payer, amount: formatYuan(share) });
    }
  }
  if (project === undefined && application === undefined) {
    return payers === null ? { policy, version, article, rule, firm, date, amount } : { policy, version, article, rule, firm, date, amount, payers };
  }
  return {
    policy, version, article, rule, firm,
    ...(project !== undefined ? { project } : {}),
    ...(application !== undefined ? { application } : {}),
    date, amount,
    ...(payers !== null ? { payers } : {}),
  };
}

/** One ledger row, every field checked: its grant pushed onto `grants`, or what is wrong onto `errors`. */
function readGrant(entry: unknown, at: string, errors: InputError[], grants: Grant[]): void {
  const bad = (field: string, zh: string, en: string) => errors.push(inputError("K5201", field, { zh, en }));
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    bad(at, "应为对象", "should be an object");
    return;
  }
  const e = entry as Record<string, unknown>;
  const before = errors.length;
  for (const key of Object.keys(e)) {
    if (isGrantField(key)) continue;
    if (key === "year") bad(`${at}.year`, "奖补记录写日期（date: YYYY-MM-DD），不写年份", "a grant gives its date (date: YYYY-MM-DD), not a year");
    else bad(`${at}.${key}`, "不是奖补记录的字段", "is not a field of a grant");
  }
  const text = (key: string, required: boolean): string | undefined => {
    const v = e[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== "string" || v.trim().length === 0) {
      bad(`${at}.${key}`, v === undefined ? "缺少此项" : "应为非空文本", v === undefined ? "is missing" : "should be non-empty text");
      return undefined;
    }
    return v;
  };
  const policyText = text("policy", true);
  const version = text("version", true);
  const article = text("article", true);
  const rule = text("rule", true);
  const grantFirm = text("firm", true);
  const project = text("project", false);
  const application = text("application", false);
  let date: string | undefined;
  if (e["date"] === undefined) bad(`${at}.date`, "缺少此项", "is missing");
  else {
    const d = parseDate(e["date"]);
    if (d.ok) date = d.value;
    else bad(`${at}.date`, d.zh, d.en);
  }
  const amount = parseMoney(e["amount"]);
  if (!amount.ok) bad(`${at}.amount`, e["amount"] === undefined ? "缺少此项" : amount.zh, e["amount"] === undefined ? "is missing" : amount.en);
  const payers: { payer: string; amount: string }[] = [];
  if (e["payers"] !== undefined) {
    if (!Array.isArray(e["payers"])) bad(`${at}.payers`, "应为数组", "should be an array");
    else
      (e["payers"] as readonly unknown[]).forEach((p, k) => {
        const pe = (typeof p === "object" && p !== null ? p : {}) as Record<string, unknown>;
        const money = parseMoney(pe["amount"]);
        if (typeof pe["payer"] !== "string" || !money.ok) bad(`${at}.payers[${k}]`, "应为 { payer, amount }", "should be { payer, amount }");
        else payers.push({ payer: pe["payer"], amount: formatYuan(money.value) });
      });
  }
  if (errors.length > before || !policyText || !version || !article || !rule || !grantFirm || !date || !amount.ok) return;
  grants.push({
    policy: policyText,
    version,
    article,
    rule,
    firm: grantFirm,
    ...(project !== undefined ? { project } : {}),
    ...(application !== undefined ? { application } : {}),
    date,
    amount: formatYuan(amount.value),
    ...(payers.length > 0 ? { payers } : {}),
  });
}

/** A grant made now, in the ledger's shape (payers, when split, are added after the amount). */
export function grantOf(policy: string, version: string, article: string, rule: string, ctx: { readonly firm: string | undefined; readonly project: string | undefined; readonly application: string | undefined; readonly date: string }, fen: number, payers: Grant["payers"] | null = null): Grant {
  const date = ctx.date;
  const amount = formatYuan(fen);
  // Built as one literal in the ledger's order for the common cases (a firm, with or without an
  // application id, no project): adding fields one by one costs more than the rest of a grant.
  if (ctx.project === undefined && ctx.firm !== undefined) {
    const firm = ctx.firm;
    if (ctx.application === undefined) return payers === null ? { policy, version, article, rule, firm, date, amount } : { policy, version, article, rule, firm, date, amount, payers };
    const application = ctx.application;
    return payers === null ? { policy, version, article, rule, firm, application, date, amount } : { policy, version, article, rule, firm, application, date, amount, payers };
  }
  // (The cast: date and amount are set below, after the optional ids, to keep that order.)
  const grant = { policy, version, article, rule } as { -readonly [K in keyof Grant]: Grant[K] };
  if (ctx.firm !== undefined) grant.firm = ctx.firm;
  if (ctx.project !== undefined) grant.project = ctx.project;
  if (ctx.application !== undefined) grant.application = ctx.application;
  grant.date = date;
  grant.amount = amount;
  if (payers !== null) grant.payers = payers;
  return grant;
}

export interface ReasonJson {
  readonly kind: ReasonKind;
  readonly article: string;
  readonly rules: readonly string[];
  /** The officer's reason, or the condition as written. */
  readonly reason: string;
  /** What was required and what was found, with the values. */
  readonly message: Bilingual;
}

export interface DecisionJson {
  readonly policy: string;
  readonly title: string;
  readonly version: string;
  readonly asOf: string;
  readonly outcome: Outcome;
  readonly outputs: Readonly<Record<string, string | boolean | null>>;
  readonly ruleOutcomes: Readonly<Record<string, Outcome>>;
  readonly grants: readonly Grant[];
  readonly clawbacks: readonly Grant[];
  readonly reasons: readonly ReasonJson[];
  readonly warnings: readonly DecisionWarning[];
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
    title: decision.title,
    version: decision.version,
    asOf: decision.asOf,
    outcome: decision.outcome,
    outputs,
    ruleOutcomes: decision.ruleOutcomes,
    grants: decision.grants,
    clawbacks: decision.clawbacks,
    reasons: decision.reasons.map((r) => ({ kind: r.kind, article: r.article.label, rules: r.rules, reason: r.text, message: r.message })),
    warnings: decision.warnings,
    trace: decision.trace.map((t) => ({ article: t.article?.label ?? null, rule: t.rule, span: t.span, text: traceText(t) })),
  };
}
