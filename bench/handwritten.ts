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
import { evaluationError, inputError, parseBool, parseDate, parseMoney, type Decision, type EvaluationOptions, type EvaluationResult, type Grant, type InputError, type Reason } from "@kuan/runtime/internal";

const POLICY = "苏州市知识产权金融奖励补贴实施办法（试行）";
const VERSION = "2021";
const VALID_FROM = "2021-01-01";
const VALID_TO = "2023-12-31";

const ART4 = { label: "第四条", number: 4, title: "质押融资奖励" };
const ART5 = { label: "第五条", number: 5, title: "服务费补贴" };
const ART6 = { label: "第六条", number: 6, title: "知识产权保险补贴" };
const ART12 = { label: "第十二条", number: 12, title: "不予支持" };
const EXCLUDED: Reason = { article: ART12, text: "权属有争议 或 严重失信", span: { start: 423, end: 441 } };
const ONCE: Reason = { article: ART4, text: "限 每家企业 一次", span: { start: 239, end: 248 } };
const TWO_YEARS: Reason = { article: ART5, text: "限 累计 2年", span: { start: 304, end: 311 } };
const ONE_YEAR: Reason = { article: ART6, text: "限 累计 1年", span: { start: 382, end: 389 } };
const NOT_KEY_FIRM: Reason = { article: ART6, text: "是重点企业", span: { start: 348, end: 379 } };
const OUT_OF_FORCE: Reason = { article: { label: POLICY, number: 0, title: null }, text: `${VALID_FROM} ~ ${VALID_TO}`, span: { start: 0, end: 0 } };

const FIELDS = ["质押融资额", "担保费", "评估费", "是重点企业", "保费", "权属有争议", "严重失信"] as const;
const NO_GRANTS: readonly Grant[] = [];
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
    { payer: "市级", amount: amount - district },
    { payer: "区级", amount: district },
  ];
}

function grant(article: string, rule: string, firm: string, project: string | undefined, year: number, amount: number, payers: Grant["payers"] | undefined): Grant {
  if (project !== undefined) return payers ? { policy: POLICY, version: VERSION, article, rule, firm, project, year, amount, payers } : { policy: POLICY, version: VERSION, article, rule, firm, project, year, amount };
  return payers ? { policy: POLICY, version: VERSION, article, rule, firm, year, amount, payers } : { policy: POLICY, version: VERSION, article, rule, firm, year, amount };
}

let lastAsOf = "";
let lastYear = 0;
let lastAsOfOk = false;

/** The slow path: some field is not a plain number or boolean, or is missing, or there are others. */
function readSlowly(record: Record<string, unknown>): { values: unknown[] } | { errors: InputError[] } {
  const errors: InputError[] = [];
  const values: unknown[] = [];
  for (const name of FIELDS) {
    const value = hasOwn.call(record, name) ? record[name] : undefined;
    if (value === undefined) {
      errors.push(inputError("K5202", name, { zh: "缺少此项", en: "is missing" }));
      continue;
    }
    const parsed = name === "是重点企业" || name === "权属有争议" || name === "严重失信" ? parseBool(value) : parseMoney(value);
    if (parsed.ok) values.push(parsed.value);
    else errors.push(inputError("K5204", name, parsed));
  }
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key)) errors.push(inputError("K5203", key, { zh: "不是本政策的申报项", en: "is not an input of this policy" }));
  }
  return errors.length > 0 ? { errors } : { values };
}

export function evaluate(application: unknown, options: EvaluationOptions = {}): EvaluationResult {
  if (typeof application !== "object" || application === null || Array.isArray(application)) {
    return { ok: false, errors: [inputError("K5201", "(input)", { zh: "申报数据应为一个对象", en: "the application must be an object" })] };
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
  const asOf = options.asOf ?? VALID_FROM;
  if (asOf !== lastAsOf || !lastAsOfOk) {
    const parsed = parseDate(asOf);
    lastAsOf = asOf;
    lastAsOfOk = parsed.ok;
    if (!parsed.ok) return { ok: false, errors: [inputError("K5206", "asOf", parsed)] };
    lastYear = Number(parsed.value.slice(0, 4));
  }
  const year = lastYear;
  const project = options.project;
  const firm = options.firm ?? "firm";
  if (asOf < VALID_FROM || asOf > VALID_TO) {
    return { ok: true, decision: { policy: POLICY, version: VERSION, asOf, year, inForce: false, outcome: "not-eligible", outputs: {}, ruleOutcomes: {}, grants: [], clawbacks: [], reasons: [OUT_OF_FORCE], trace: NO_TRACE } };
  }

  if (disputed || breach) {
    return {
      ok: true,
      decision: {
        policy: POLICY, version: VERSION, asOf, year, inForce: true, outcome: "not-eligible",
        outputs: { 质押奖励: 0, 服务费补贴: 0, 保险补贴: 0 },
        ruleOutcomes: { 质押奖励: "not-eligible", 服务费补贴: "not-eligible", 保险补贴: "not-eligible" },
        grants: [], clawbacks: [], reasons: [EXCLUDED, EXCLUDED, EXCLUDED], trace: NO_TRACE,
      },
    };
  }

  try {
    // One pass over the history: what this firm already had from this policy, by rule.
    const history = options.history ?? NO_GRANTS;
    let pledgedBefore = false;
    let serviceThisYear = 0;
    let serviceYear1 = 0;
    let serviceYear2 = 0;
    let insuredBefore = false;
    for (let i = 0; i < history.length; i++) {
      const g = history[i] as Grant;
      if (g.policy !== POLICY || g.firm !== firm) continue;
      if (g.rule === "质押奖励") pledgedBefore = true;
      else if (g.rule === "服务费补贴") {
        if (g.year === year) serviceThisYear = checked(serviceThisYear + g.amount);
        else if (serviceYear1 === 0 || serviceYear1 === g.year) serviceYear1 = g.year;
        else serviceYear2 = g.year;
      } else if (g.rule === "保险补贴" && g.year !== year) insuredBefore = true;
    }

    const reasons: Reason[] = [];
    const grants: Grant[] = [];
    // Art. 4: 1% of the loan, half a fen up, at most 100,000 yuan, once per firm.
    let pledge = Math.min(Math.floor(loan / 100) + (loan % 100 >= 50 ? 1 : 0), 10_000_000);
    if (pledgedBefore) {
      pledge = 0;
      reasons.push(ONCE);
    } else if (pledge > 0) grants.push(grant("第四条", "质押奖励", firm, project, year, pledge, undefined));
    // Art. 5: fees, at most 100,000 yuan a firm a year, in at most two years; city and district halve it.
    let service = Math.min(checked(guarantee + appraisal), Math.max(0, 10_000_000 - serviceThisYear));
    if (serviceYear2 !== 0) {
      service = 0;
      reasons.push(TWO_YEARS);
    } else if (service > 0) grants.push(grant("第五条", "服务费补贴", firm, project, year, service, split(service)));
    // Art. 6: key firms' premium, at most 300,000 yuan, in one year only.
    let insurance = 0;
    if (!keyFirm) reasons.push(NOT_KEY_FIRM);
    else if (insuredBefore) reasons.push(ONE_YEAR);
    else {
      insurance = Math.min(premium, 30_000_000);
      if (insurance > 0) grants.push(grant("第六条", "保险补贴", firm, project, year, insurance, split(insurance)));
    }

    const pledgeOk = pledge > 0;
    const serviceOk = service > 0;
    const insuranceOk = insurance > 0;
    return {
      ok: true,
      decision: {
        policy: POLICY, version: VERSION, asOf, year, inForce: true,
        outcome: pledgeOk || serviceOk || insuranceOk ? "eligible" : "not-eligible",
        outputs: { 质押奖励: pledge, 服务费补贴: service, 保险补贴: insurance },
        ruleOutcomes: { 质押奖励: pledgeOk ? "eligible" : "not-eligible", 服务费补贴: serviceOk ? "eligible" : "not-eligible", 保险补贴: insuranceOk ? "eligible" : "not-eligible" },
        grants, clawbacks: [], reasons, trace: NO_TRACE,
      },
    };
  } catch (error) {
    return evaluationError(error); // a sum of earlier grants past 2^53 fen
  }
}
