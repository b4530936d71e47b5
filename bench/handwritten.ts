/**
 * The yardstick for the emitted module: bench/suzhou-art4-6-12.kuan written by hand, for speed,
 * the way a good engineer would write it, with the same inputs and outputs as the emitted
 * `evaluate`: the application object validated field by field (missing, mistyped and unknown
 * fields are errors naming the field), the options checked, the firm's earlier grants in the
 * ledger shape, and the same Decision (outcome, outputs, rule outcomes, grants in the ledger shape
 * with their city/district split, reasons with their bilingual messages, warnings; no trace).
 *
 * Exact integer fen throughout. The fast paths are written out (a whole number of yuan or plain
 * text such as "12345.67", a boolean, one pass over the history); the rest uses the runtime as a
 * hand-written service would use a library: reading money in other forms ("500万元", "1,000.00")
 * and the errors for bad fields (checkInput), a new application date, the history's checks
 * (readHistory), and the wording of amounts in messages.
 */
import {
  capUsedMessage, checkInput, formatYuan, inputError, grantedMessage, limitMessage, moneyWords, parseDate, readHistory,
  type Bilingual, type CapSpec, type InputSpec, type Decision, type DecisionWarning, type EvaluationOptions, type EvaluationResult, type Grant, type InputError, type LimitSpec, type Outcome, type PriorGrant, type Reason,
} from "@kuan/runtime/internal";

const TITLE = "苏州市知识产权金融奖励补贴实施办法（试行）";
const POLICY = "苏州市知识产权金融奖励补贴实施办法(试行)"; // the id: the title in NFKC, without spaces
const VERSION = "2021";
const VALID_FROM = "2021-01-01";
const VALID_TO = "2023-12-31";
const HISTORY_POLICY = { id: POLICY, version: VERSION, awards: [{ rule: "质押奖励", article: "第四条" }, { rule: "服务费补贴", article: "第五条" }, { rule: "保险补贴", article: "第六条" }] };

const ART4 = { label: "第四条", number: 4, title: "质押融资奖励" };
const ART5 = { label: "第五条", number: 5, title: "服务费补贴" };
const ART6 = { label: "第六条", number: 6, title: "知识产权保险补贴" };
const ART12 = { label: "第十二条", number: 12, title: "不予支持" };
const SPAN4 = { start: 206, end: 236 };
const SPAN5 = { start: 263, end: 283 };
const SPAN6 = { start: 348, end: 379 };
const ONCE: LimitSpec = { kind: "times", n: 1, scope: "firm", text: "限 每家企业 一次", span: { start: 239, end: 248 } };
const SERVICE_CAP: CapSpec = { scope: "firm-year", text: "上限 每家企业 每年 10万元", span: { start: 286, end: 301 } };
const TWO_YEARS: LimitSpec = { kind: "years", n: 2, scope: "firm", text: "限 累计 2年", span: { start: 304, end: 311 } };
const ONE_YEAR: LimitSpec = { kind: "years", n: 1, scope: "firm", text: "限 累计 1年", span: { start: 382, end: 389 } };
const ALL_RULES = ["质押奖励", "服务费补贴", "保险补贴"];
// Each reason's list of the awards it concerns, shared (decisions are read-only).
const RULES4 = ["质押奖励"];
const RULES5 = ["服务费补贴"];
const RULES6 = ["保险补贴"];

const NOT_KEY_FIRM: Reason = {
  kind: "notApplicable", article: ART6, text: "是重点企业", span: SPAN6, rules: ["保险补贴"],
  message: { zh: "保险补贴 不适用——不满足：是重点企业（申报为 否）", en: "保险补贴 does not apply — not met: 是重点企业 (given as no)" },
};
const ZERO = (rule: string, article: Reason["article"], span: Reason["span"]): Reason => ({
  kind: "zero", article, text: rule, span, rules: [rule], message: { zh: `${rule} 计算为 0元，不予给予`, en: `${rule} comes to 0 yuan: nothing granted` },
});
const ZERO4 = ZERO("质押奖励", ART4, SPAN4);
const ZERO5 = ZERO("服务费补贴", ART5, SPAN5);
const ZERO6 = ZERO("保险补贴", ART6, SPAN6);

const MONEY: InputSpec = { type: "money" };
const BOOL: InputSpec = { type: "bool" };
const FIELDS = ["质押融资额", "担保费", "评估费", "是重点企业", "保费", "权属有争议", "严重失信"] as const;
const NO_HISTORY: readonly PriorGrant[] = [];
const NO_WARNINGS: readonly DecisionWarning[] = [];
const NO_TRACE: Decision["trace"] = [];
const NO_GRANTS: readonly Grant[] = [];
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Fen from an amount in its common forms: a JSON number of whole yuan, or plain text "12345.67"
 * (ASCII digits, at most two decimals, at most 13 digits of yuan, so always within range); -1 for
 * anything else, which the slow path reads with the runtime (grouped digits, 万元, full-width…).
 */
function fenOf(value: unknown): number {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 && value <= 89_999_999_999_999 ? value * 100 : -1;
  if (typeof value !== "string") return -1;
  const n = value.length;
  let yuan = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    yuan = yuan * 10 + c;
  }
  if (i === 0 || i > 13) return -1;
  if (i === n) return yuan * 100;
  if (value.charCodeAt(i) !== 46 || n - i < 2 || n - i > 3) return -1;
  const d1 = value.charCodeAt(i + 1) - 48;
  const d2 = n - i === 3 ? value.charCodeAt(i + 2) - 48 : 0;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  return yuan * 100 + d1 * 10 + d2;
}

function checked(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError("amount out of range");
  return fen;
}

/** The slow path: some field is not a plain number or boolean, or is missing, or there are others. */
function readSlowly(record: Record<string, unknown>): { values: unknown[] } | { errors: InputError[] } {
  const errors: InputError[] = [];
  const values: unknown[] = [];
  for (const name of FIELDS) {
    const value = hasOwn.call(record, name) ? record[name] : undefined;
    if (value === undefined) {
      errors.push(inputError("K5302", name, { zh: "缺少此项", en: "is missing" }));
      continue;
    }
    const parsed = checkInput(value, name === "是重点企业" || name === "权属有争议" || name === "严重失信" ? BOOL : MONEY);
    if (parsed.ok) values.push(parsed.value);
    else errors.push(inputError("K5304", name, parsed));
  }
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key)) errors.push(inputError("K5303", key, { zh: "不是本政策的申报项", en: "is not an input of this policy" }));
  }
  return errors.length > 0 ? { errors } : { values };
}

function optionalId(value: unknown, field: string, errors: InputError[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && value.trim() !== "") return value;
  errors.push(inputError("K5210", field, { zh: "应为非空文本", en: "should be non-empty text" }));
  return undefined;
}

let lastAsOf: unknown = undefined;
let lastDate = "";
let lastYear = 0;
let lastAsOfError: InputError | null = null;

/** An earlier grant's years and total, for the limit's message. */
function limitReason(rule: string, article: Reason["article"], limit: LimitSpec, prior: readonly PriorGrant[]): Reason {
  const years: number[] = [];
  let fen = 0;
  for (const g of prior) {
    if (!years.includes(g.year)) years.push(g.year);
    fen = checked(fen + g.fen);
  }
  years.sort((a, b) => a - b);
  return { kind: "limit", article, text: limit.text, span: limit.span, rules: [rule], message: limitMessage(rule, limit, years, prior.length, fen) };
}

function grant(article: string, rule: string, firm: string | undefined, project: string | undefined, application: string | undefined, date: string, fen: number, split: boolean): Grant {
  // The common case as one literal, in the ledger's field order.
  if (firm !== undefined && project === undefined && application === undefined) {
    const amount = formatYuan(fen);
    if (!split) return { policy: POLICY, version: VERSION, article, rule, firm, date, amount };
    const district = Math.floor(fen / 2);
    return { policy: POLICY, version: VERSION, article, rule, firm, date, amount, payers: [{ payer: "市级", amount: formatYuan(fen - district) }, { payer: "区级", amount: formatYuan(district) }] };
  }
  const g = { policy: POLICY, version: VERSION, article, rule } as { -readonly [K in keyof Grant]: Grant[K] };
  if (firm !== undefined) g.firm = firm;
  if (project !== undefined) g.project = project;
  if (application !== undefined) g.application = application;
  g.date = date;
  g.amount = formatYuan(fen);
  if (split) {
    const district = Math.floor(fen / 2);
    g.payers = [{ payer: "市级", amount: formatYuan(fen - district) }, { payer: "区级", amount: formatYuan(district) }];
  }
  return g;
}

export function evaluate(application: unknown, options: EvaluationOptions = {}): EvaluationResult {
  if (typeof application !== "object" || application === null || Array.isArray(application)) {
    return { ok: false, errors: [inputError("K5301", "(input)", { zh: "申报数据应为一个对象", en: "the application must be an object" })] };
  }
  const app = application as Record<string, unknown>;
  let loan = fenOf(app["质押融资额"]);
  let guarantee = fenOf(app["担保费"]);
  let appraisal = fenOf(app["评估费"]);
  let keyFirm = app["是重点企业"];
  let premium = fenOf(app["保费"]);
  let disputed = app["权属有争议"];
  let breach = app["严重失信"];
  let keys = 0;
  for (const key in app) if (hasOwn.call(app, key)) keys++;
  if (
    keys !== 7 || loan < 0 || guarantee < 0 || appraisal < 0 || premium < 0 ||
    typeof keyFirm !== "boolean" || typeof disputed !== "boolean" || typeof breach !== "boolean" ||
    // Seven own keys, and these seven among them (not inherited): exactly these.
    !hasOwn.call(app, "质押融资额") || !hasOwn.call(app, "担保费") || !hasOwn.call(app, "评估费") || !hasOwn.call(app, "是重点企业") ||
    !hasOwn.call(app, "保费") || !hasOwn.call(app, "权属有争议") || !hasOwn.call(app, "严重失信")
  ) {
    const slow = readSlowly(app);
    if ("errors" in slow) return { ok: false, errors: slow.errors };
    [loan, guarantee, appraisal, keyFirm, premium, disputed, breach] = slow.values as [number, number, number, boolean, number, boolean, boolean];
  }

  // Bulk evaluations share one date: read it when it changes.
  if (options.asOf === undefined) return { ok: false, errors: [inputError("K5210", "asOf", { zh: "缺少申报日期（YYYY-MM-DD）", en: "the application date is missing (YYYY-MM-DD)" })] };
  if (options.asOf !== lastAsOf) {
    const parsed = parseDate(options.asOf);
    lastAsOf = options.asOf;
    lastAsOfError = parsed.ok ? null : inputError("K5210", "asOf", parsed);
    lastDate = parsed.ok ? parsed.value : "";
    lastYear = parsed.ok ? Number(parsed.value.slice(0, 4)) : 0;
  }
  if (lastAsOfError) return { ok: false, errors: [lastAsOfError] };
  const date = lastDate;
  const year = lastYear;
  let errors: InputError[] | null = null;
  const firm = options.firm === undefined ? undefined : optionalId(options.firm, "firm", (errors ??= []));
  const project = options.project === undefined ? undefined : optionalId(options.project, "project", (errors ??= []));
  const applicationId = options.application === undefined ? undefined : optionalId(options.application, "application", (errors ??= []));
  let history = NO_HISTORY;
  let warnings = NO_WARNINGS;
  if (options.history !== undefined && (!Array.isArray(options.history) || options.history.length > 0)) {
    const read = readHistory(options.history, HISTORY_POLICY, date, firm);
    if (!read.ok) (errors ??= []).push(...read.errors);
    else {
      history = read.grants;
      warnings = read.warnings;
    }
  }
  if (errors !== null && errors.length > 0) return { ok: false, errors };

  if (date < VALID_FROM || date > VALID_TO) {
    const reason: Reason = {
      kind: "outOfForce", article: { label: TITLE, number: 0, title: null }, text: `${VALID_FROM} ~ ${VALID_TO}`, span: { start: 0, end: 0 }, rules: [],
      message: { zh: `本办法有效期自 ${VALID_FROM} 至 ${VALID_TO}，申报日期 ${date} 不在其内，不适用`, en: `the measure is in force from ${VALID_FROM} to ${VALID_TO}; the application date ${date} is outside it: not applicable` },
    };
    return { ok: true, decision: { policy: POLICY, title: TITLE, version: VERSION, asOf: date, year, inForce: false, outcome: "not-applicable", outputs: {}, ruleOutcomes: {}, grants: [], clawbacks: [], reasons: [reason], warnings, trace: NO_TRACE } };
  }

  if (disputed || breach) {
    const zh = disputed && breach ? "权属有争议（申报为 是）；严重失信（申报为 是）" : disputed ? "权属有争议（申报为 是）" : "严重失信（申报为 是）";
    const en = disputed && breach ? "权属有争议 (given as yes); 严重失信 (given as yes)" : disputed ? "权属有争议 (given as yes)" : "严重失信 (given as yes)";
    const message: Bilingual = { zh: `${zh}，不予支持：质押奖励、服务费补贴、保险补贴`, en: `excluded: ${en}; stops 质押奖励, 服务费补贴, 保险补贴` };
    return {
      ok: true,
      decision: {
        policy: POLICY, title: TITLE, version: VERSION, asOf: date, year, inForce: true, outcome: "not-eligible",
        outputs: { 质押奖励: 0, 服务费补贴: 0, 保险补贴: 0 },
        ruleOutcomes: { 质押奖励: "not-eligible", 服务费补贴: "not-eligible", 保险补贴: "not-eligible" },
        grants: NO_GRANTS, clawbacks: [], reasons: [{ kind: "excluded", article: ART12, text: "权属有争议 或 严重失信", span: { start: 423, end: 441 }, rules: ALL_RULES, message }], warnings, trace: NO_TRACE,
      },
    };
  }
  if (history.length > 0 && firm === undefined) {
    return { ok: false, errors: [inputError("K5208", "firm", { zh: `给出了此前的奖补记录，但没有企业标识（firm），第四条 质押奖励「${ONCE.text}」无法与记录对应`, en: `earlier grants were given but no firm id (firm): 第四条 质押奖励 '${ONCE.text}' cannot be matched to them` })] };
  }

  try {
    // One pass over the history (readHistory kept only this firm's grants of this policy), by rule.
    let pledged: PriorGrant[] | null = null;
    let service: PriorGrant[] | null = null;
    let insured: PriorGrant[] | null = null;
    let serviceThisYear = 0;
    let serviceYear1 = 0;
    let serviceYear2 = 0;
    let insuredBefore = false;
    for (let i = 0; i < history.length; i++) {
      const g = history[i] as PriorGrant;
      if (g.rule === "质押奖励") (pledged ??= []).push(g);
      else if (g.rule === "服务费补贴") {
        (service ??= []).push(g);
        if (g.year === year) serviceThisYear = checked(serviceThisYear + g.fen);
        else if (serviceYear1 === 0 || serviceYear1 === g.year) serviceYear1 = g.year;
        else if (serviceYear2 === 0) serviceYear2 = g.year;
      } else if (g.rule === "保险补贴") {
        (insured ??= []).push(g);
        if (g.year !== year) insuredBefore = true;
      }
    }

    const reasons: Reason[] = [];
    const grants: Grant[] = [];
    // Art. 4: 1% of the loan, half a fen up, at most 100,000 yuan, once per firm.
    let pledge = Math.min(Math.floor(loan / 100) + (loan % 100 >= 50 ? 1 : 0), 10_000_000);
    let pledgeOutcome: Outcome = "not-eligible";
    if (pledged !== null) {
      pledge = 0;
      reasons.push(limitReason("质押奖励", ART4, ONCE, pledged));
    } else if (pledge === 0) reasons.push(ZERO4);
    else {
      pledgeOutcome = "eligible";
      reasons.push({ kind: "granted", article: ART4, text: "质押奖励", span: SPAN4, rules: RULES4, message: moneyWords("给予 质押奖励 ", "granted 质押奖励: ", pledge) });
      grants.push(grant("第四条", "质押奖励", firm, project, applicationId, date, pledge, false));
    }
    // Art. 5: fees, at most 100,000 yuan a firm a year, in at most two years; city and district halve it.
    const fees = checked(guarantee + appraisal);
    const room = Math.max(0, 10_000_000 - serviceThisYear);
    let subsidy = Math.min(fees, room);
    let serviceOutcome: Outcome = "not-eligible";
    if (serviceYear2 !== 0) {
      subsidy = 0;
      reasons.push(limitReason("服务费补贴", ART5, TWO_YEARS, service ?? NO_HISTORY));
    } else if (subsidy === 0) {
      reasons.push(room === 0 ? { kind: "cap", article: ART5, text: SERVICE_CAP.text, span: SERVICE_CAP.span, rules: ["服务费补贴"], message: capUsedMessage("服务费补贴", SERVICE_CAP, 10_000_000, serviceThisYear, year) } : ZERO5);
    } else {
      serviceOutcome = "eligible";
      reasons.push({ kind: "granted", article: ART5, text: "服务费补贴", span: SPAN5, rules: RULES5, message: subsidy === room ? grantedMessage("服务费补贴", subsidy, { text: SERVICE_CAP.text, reduced: fees > subsidy }) : moneyWords("给予 服务费补贴 ", "granted 服务费补贴: ", subsidy) });
      grants.push(grant("第五条", "服务费补贴", firm, project, applicationId, date, subsidy, true));
    }
    // Art. 6: key firms' premium, at most 300,000 yuan, in one year only.
    let insurance = 0;
    let insuranceOutcome: Outcome = "not-eligible";
    if (!keyFirm) {
      insuranceOutcome = "not-applicable";
      reasons.push(NOT_KEY_FIRM);
    } else if (insuredBefore) reasons.push(limitReason("保险补贴", ART6, ONE_YEAR, insured ?? NO_HISTORY));
    else {
      insurance = Math.min(premium, 30_000_000);
      if (insurance === 0) reasons.push(ZERO6);
      else {
        insuranceOutcome = "eligible";
        reasons.push({ kind: "granted", article: ART6, text: "保险补贴", span: SPAN6, rules: RULES6, message: moneyWords("给予 保险补贴 ", "granted 保险补贴: ", insurance) });
        grants.push(grant("第六条", "保险补贴", firm, project, applicationId, date, insurance, true));
      }
    }

    return {
      ok: true,
      decision: {
        policy: POLICY, title: TITLE, version: VERSION, asOf: date, year, inForce: true,
        outcome: grants.length > 0 ? "eligible" : "not-eligible",
        outputs: { 质押奖励: pledge, 服务费补贴: subsidy, 保险补贴: insurance },
        ruleOutcomes: { 质押奖励: pledgeOutcome, 服务费补贴: serviceOutcome, 保险补贴: insuranceOutcome },
        grants, clawbacks: [], reasons, warnings, trace: NO_TRACE,
      },
    };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, errors: [inputError("K5100", "(evaluation)", { zh: `无法精确计算（K5100）：计算超出可精确表示的范围`, en: `cannot compute exactly (K5100): ${error.message}` })] };
  }
}
