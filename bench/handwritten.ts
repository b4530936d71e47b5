/**
 * The yardstick for the emitted module: bench/suzhou-art4-6-12.kuan written by hand, for speed,
 * the way a good engineer would write it, with the same inputs and outputs as the emitted
 * `evaluate`: the application object validated field by field (missing, mistyped and unknown
 * fields are errors naming the field), the firm's earlier grants, and the same Decision (outcome,
 * outputs, rule outcomes, grants with their city/district split, reasons; no trace).
 *
 * Exact integer fen throughout. The fast paths are written out (a number of yuan with at most two
 * decimals, a boolean, one pass over the history); the rare ones (money as text such as "500万元",
 * 是/否 as text, a new application date) use the runtime's parsers, as a hand-written service would
 * use a library for them.
 */
import { capUsedMessage, evaluationError, formatYuan, grantedMessage, limitMessage, parseBool, parseDate, parseMoney, policyId, readHistory, type CapSpec, type Decision, type DecisionWarning, type EvaluationOptions, type EvaluationResult, type Grant, type InputError, type LimitSpec, type PriorGrant, type Reason } from "@kuan/runtime";

const TITLE = "苏州市知识产权金融奖励补贴实施办法（试行）";
const POLICY = policyId(TITLE);
const VERSION = "2021";
const VALID_FROM = "2021-01-01";
const VALID_TO = "2023-12-31";
const AWARDS = [
  { rule: "质押奖励", article: "第四条" },
  { rule: "服务费补贴", article: "第五条" },
  { rule: "保险补贴", article: "第六条" },
];

const ART4 = { label: "第四条", number: 4, title: "质押融资奖励" };
const ART5 = { label: "第五条", number: 5, title: "服务费补贴" };
const ART6 = { label: "第六条", number: 6, title: "知识产权保险补贴" };
const ART12 = { label: "第十二条", number: 12, title: "不予支持" };
const PLEDGE_SPAN = { start: 206, end: 236 };
const SERVICE_SPAN = { start: 263, end: 283 };
const INSURANCE_SPAN = { start: 348, end: 379 };
const ONCE: LimitSpec = { kind: "times", n: 1, scope: "firm", text: "限 每家企业 一次", span: { start: 239, end: 248 } };
const TWO_YEARS: LimitSpec = { kind: "years", n: 2, scope: "firm", text: "限 累计 2年", span: { start: 304, end: 311 } };
const ONE_YEAR: LimitSpec = { kind: "years", n: 1, scope: "firm", text: "限 累计 1年", span: { start: 382, end: 389 } };
const SERVICE_CAP: CapSpec = { scope: "firm-year", text: "上限 每家企业 每年 10万元", span: { start: 286, end: 301 } };
const NOT_KEY_FIRM: Reason = {
  kind: "notApplicable", article: ART6, text: "是重点企业", span: INSURANCE_SPAN, rules: ["保险补贴"],
  message: { zh: "保险补贴 不适用——不满足：是重点企业（申报为 否）", en: "保险补贴 does not apply — not met: 是重点企业 (given as no)" },
};
const OUT_OF_FORCE = (asOf: string): Reason => ({
  kind: "outOfForce", article: { label: TITLE, number: 0, title: null }, text: `${VALID_FROM} ~ ${VALID_TO}`, span: { start: 0, end: 0 }, rules: [],
  message: {
    zh: `本办法有效期自 ${VALID_FROM} 至 ${VALID_TO}，申报日期 ${asOf} 不在其内，不适用`,
    en: `the measure is in force from ${VALID_FROM} to ${VALID_TO}; the application date ${asOf} is outside it: not applicable`,
  },
});

function excluded(disputed: boolean, breach: boolean): Reason {
  const zh = [disputed ? "权属有争议（申报为 是）" : "", breach ? "严重失信（申报为 是）" : ""].filter((t) => t !== "").join("；");
  const en = [disputed ? "权属有争议 (given as yes)" : "", breach ? "严重失信 (given as yes)" : ""].filter((t) => t !== "").join("; ");
  return {
    kind: "excluded", article: ART12, text: "权属有争议 或 严重失信", span: { start: 423, end: 441 }, rules: ["质押奖励", "服务费补贴", "保险补贴"],
    message: { zh: `${zh}，不予支持：质押奖励、服务费补贴、保险补贴`, en: `excluded: ${en}; stops 质押奖励, 服务费补贴, 保险补贴` },
  };
}

function limitReached(article: Reason["article"], rule: string, limit: LimitSpec, prior: readonly PriorGrant[]): Reason {
  const years = [...new Set(prior.map((g) => g.year))].sort((a, b) => a - b);
  const fen = prior.reduce((a, g) => checked(a + g.fen), 0);
  return { kind: "limit", article, text: limit.text, span: limit.span, rules: [rule], message: limitMessage(rule, limit, years, prior.length, fen) };
}

function zero(article: Reason["article"], rule: string, span: Reason["span"]): Reason {
  return { kind: "zero", article, text: rule, span, rules: [rule], message: { zh: `${rule} 计算为 0元，不予给予`, en: `${rule} comes to 0 yuan: nothing granted` } };
}

function granted(article: Reason["article"], rule: string, span: Reason["span"], fen: number, cap: { readonly text: string; readonly reduced: boolean } | null): Reason {
  return { kind: "granted", article, text: rule, span, rules: [rule], message: grantedMessage(rule, fen, cap) };
}

const FIELDS = ["质押融资额", "担保费", "评估费", "是重点企业", "保费", "权属有争议", "严重失信"] as const;
const NO_WARNINGS: readonly DecisionWarning[] = [];
const NO_PRIOR: readonly PriorGrant[] = [];
const NO_TRACE: Decision["trace"] = [];
const hasOwn = Object.prototype.hasOwnProperty;

/** Fen from a number of yuan with at most two decimals (exact: see the runtime's parseMoney); -1 when not. */
function fenOf(value: unknown): number {
  if (typeof value === "number" && value >= 0 && value < 90_000_000_000_000) {
    const fen = Math.round(value * 100);
    if (fen / 100 === value) return fen;
  }
  return -1;
}

function checked(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError("amount out of range");
  return fen;
}

function split(amount: number): Grant["payers"] {
  const district = Math.floor(amount / 2);
  return [
    { payer: "市级", amount: formatYuan(amount - district) },
    { payer: "区级", amount: formatYuan(district) },
  ];
}

function grant(article: string, rule: string, firm: string | undefined, project: string | undefined, application: string | undefined, date: string, amount: number, payers: Grant["payers"] | undefined): Grant {
  return {
    policy: POLICY, version: VERSION, article, rule,
    ...(firm !== undefined ? { firm } : {}),
    ...(project !== undefined ? { project } : {}),
    ...(application !== undefined ? { application } : {}),
    date, amount: formatYuan(amount),
    ...(payers ? { payers } : {}),
  };
}

let lastAsOf = "";
let lastIso = "";
let lastYear = 0;
let lastAsOfOk = false;

/** The slow path: some field is not a plain number or boolean, or is missing, or there are others. */
function readSlowly(record: Record<string, unknown>): { values: unknown[] } | { errors: InputError[] } {
  const errors: InputError[] = [];
  const values: unknown[] = [];
  for (const name of FIELDS) {
    const value = hasOwn.call(record, name) ? record[name] : undefined;
    if (value === undefined) {
      errors.push({ field: name, zh: "缺少此项", en: "is missing" });
      continue;
    }
    const parsed = name === "是重点企业" || name === "权属有争议" || name === "严重失信" ? parseBool(value) : parseMoney(value);
    if (parsed.ok) values.push(parsed.value);
    else errors.push({ field: name, zh: parsed.zh, en: parsed.en });
  }
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key)) errors.push({ field: key, zh: "不是本政策的申报项", en: "is not an input of this policy" });
  }
  return errors.length > 0 ? { errors } : { values };
}

export function evaluate(application: unknown, options: EvaluationOptions = {}): EvaluationResult {
  if (typeof application !== "object" || application === null || Array.isArray(application)) {
    return { ok: false, errors: [{ field: "(input)", zh: "申报数据应为一个对象", en: "the application must be an object" }] };
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
    !hasOwn.call(app, "质押融资额") || !hasOwn.call(app, "担保费") || !hasOwn.call(app, "评估费") || !hasOwn.call(app, "保费")
  ) {
    const slow = readSlowly(app);
    if ("errors" in slow) return { ok: false, errors: slow.errors };
    [loan, guarantee, appraisal, keyFirm, premium, disputed, breach] = slow.values as [number, number, number, boolean, number, boolean, boolean];
  }

  // Bulk evaluations share one date: read it when it changes.
  const asOfText = options.asOf;
  if (asOfText === undefined) return { ok: false, errors: [{ code: "K5210", field: "asOf", zh: "缺少申报日期（YYYY-MM-DD）", en: "the application date is missing (YYYY-MM-DD)" }] };
  if (asOfText !== lastAsOf || !lastAsOfOk) {
    const parsed = parseDate(asOfText);
    lastAsOf = asOfText;
    lastAsOfOk = parsed.ok;
    if (!parsed.ok) return { ok: false, errors: [{ code: "K5210", field: "asOf", zh: parsed.zh, en: parsed.en }] };
    lastYear = Number(parsed.value.slice(0, 4));
    lastIso = parsed.value;
  }
  const asOf = lastIso;
  const year = lastYear;
  const project = options.project;
  const firm = options.firm;
  const applicationId = options.application;
  // The history through the runtime's reader (its checks and warnings are the contract).
  let prior: readonly PriorGrant[] = NO_PRIOR;
  let warnings: readonly DecisionWarning[] = NO_WARNINGS;
  if (options.history !== undefined && options.history.length > 0) {
    const read = readHistory(options.history, { id: POLICY, version: VERSION, awards: AWARDS }, asOf, firm);
    if (!read.ok) return { ok: false, errors: read.errors };
    prior = read.grants;
    warnings = read.warnings;
  }
  if (asOf < VALID_FROM || asOf > VALID_TO) {
    return { ok: true, decision: { policy: POLICY, title: TITLE, version: VERSION, asOf, year, inForce: false, outcome: "not-applicable", outputs: {}, ruleOutcomes: {}, grants: [], clawbacks: [], reasons: [OUT_OF_FORCE(asOf)], warnings, trace: NO_TRACE } };
  }

  if (disputed || breach) {
    return {
      ok: true,
      decision: {
        policy: POLICY, title: TITLE, version: VERSION, asOf, year, inForce: true, outcome: "not-eligible",
        outputs: { 质押奖励: 0, 服务费补贴: 0, 保险补贴: 0 },
        ruleOutcomes: { 质押奖励: "not-eligible", 服务费补贴: "not-eligible", 保险补贴: "not-eligible" },
        grants: [], clawbacks: [], reasons: [excluded(disputed as boolean, breach as boolean)], warnings, trace: NO_TRACE,
      },
    };
  }

  try {
    if (prior.length > 0 && firm === undefined) throw new Error("K5208: history without a firm id (the bench always gives one)");
    // One pass over the history: what this firm already had from this policy, by rule.
    const pledges: PriorGrant[] = [];
    const services: PriorGrant[] = [];
    const insurances: PriorGrant[] = [];
    let serviceThisYear = 0;
    for (let i = 0; i < prior.length; i++) {
      const g = prior[i] as PriorGrant;
      if (g.firm !== firm) continue;
      if (g.rule === "质押奖励") pledges.push(g);
      else if (g.rule === "服务费补贴") {
        services.push(g);
        if (g.year === year) serviceThisYear = checked(serviceThisYear + g.fen);
      } else if (g.rule === "保险补贴") insurances.push(g);
    }
    const otherYears = (gs: readonly PriorGrant[]) => new Set(gs.filter((g) => g.year !== year).map((g) => g.year)).size;

    const reasons: Reason[] = [];
    const grants: Grant[] = [];
    // Art. 4: 1% of the loan, half a fen up, at most 100,000 yuan, once per firm.
    let pledge = Math.min(Math.floor(loan / 100) + (loan % 100 >= 50 ? 1 : 0), 10_000_000);
    if (pledges.length >= 1) {
      pledge = 0;
      reasons.push(limitReached(ART4, "质押奖励", ONCE, pledges));
    } else if (pledge > 0) {
      reasons.push(granted(ART4, "质押奖励", PLEDGE_SPAN, pledge, null));
      grants.push(grant("第四条", "质押奖励", firm, project, applicationId, asOf, pledge, undefined));
    } else reasons.push(zero(ART4, "质押奖励", PLEDGE_SPAN));
    // Art. 5: fees, at most 100,000 yuan a firm a year, in at most two years; city and district halve it.
    const fees = checked(guarantee + appraisal);
    const room = Math.max(0, 10_000_000 - serviceThisYear);
    let service = Math.min(fees, room);
    if (otherYears(services) >= 2) {
      service = 0;
      reasons.push(limitReached(ART5, "服务费补贴", TWO_YEARS, services));
    } else if (service > 0) {
      reasons.push(granted(ART5, "服务费补贴", SERVICE_SPAN, service, service === room ? { text: SERVICE_CAP.text, reduced: fees > service } : null));
      grants.push(grant("第五条", "服务费补贴", firm, project, applicationId, asOf, service, split(service)));
    } else if (service === room && serviceThisYear > 0) {
      reasons.push({ kind: "cap", article: ART5, text: SERVICE_CAP.text, span: SERVICE_CAP.span, rules: ["服务费补贴"], message: capUsedMessage("服务费补贴", SERVICE_CAP, 10_000_000, serviceThisYear, year) });
    } else reasons.push(zero(ART5, "服务费补贴", SERVICE_SPAN));
    // Art. 6: key firms' premium, at most 300,000 yuan, in one year only.
    let insurance = 0;
    if (!keyFirm) reasons.push(NOT_KEY_FIRM);
    else if (otherYears(insurances) >= 1) reasons.push(limitReached(ART6, "保险补贴", ONE_YEAR, insurances));
    else {
      insurance = Math.min(premium, 30_000_000);
      if (insurance > 0) {
        reasons.push(granted(ART6, "保险补贴", INSURANCE_SPAN, insurance, null));
        grants.push(grant("第六条", "保险补贴", firm, project, applicationId, asOf, insurance, split(insurance)));
      } else reasons.push(zero(ART6, "保险补贴", INSURANCE_SPAN));
    }

    const pledgeOk = pledge > 0;
    const serviceOk = service > 0;
    const insuranceOk = insurance > 0;
    return {
      ok: true,
      decision: {
        policy: POLICY, title: TITLE, version: VERSION, asOf, year, inForce: true,
        outcome: pledgeOk || serviceOk || insuranceOk ? "eligible" : "not-eligible",
        outputs: { 质押奖励: pledge, 服务费补贴: service, 保险补贴: insurance },
        ruleOutcomes: { 质押奖励: pledgeOk ? "eligible" : "not-eligible", 服务费补贴: serviceOk ? "eligible" : "not-eligible", 保险补贴: insuranceOk ? "eligible" : keyFirm ? "not-eligible" : "not-applicable" },
        grants, clawbacks: [], reasons, warnings, trace: NO_TRACE,
      },
    };
  } catch (error) {
    return evaluationError(error); // a sum of earlier grants past 2^53 fen
  }
}
