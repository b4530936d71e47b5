/**
 * Random well-typed policies, and a printer that writes one policy in many ways: Chinese, English
 * or mixed keywords; spaces around every word or none where Chinese allows it; ASCII or
 * full-width punctuation and digits. Every way must mean the same and compile cleanly.
 *
 * A policy is generated as lines of pieces (keywords by concept, names, numbers with units,
 * operators); only the printer decides spellings and spacing. Every input and every definition
 * is used, each article has one award, splits add up to 100 %: the checker has nothing to say.
 */
import { KEYWORDS, UNITS, type KeywordName, type UnitId } from "../../grammar/keywords.js";

// ---------------------------------------------------------------- a small seeded generator

export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** xorshift32: fast and good enough to pick among a few choices. */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x100000000;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.next() * xs.length)];
    if (x === undefined) throw new Error("pick from an empty list");
    return x;
  }
}

// ---------------------------------------------------------------- pieces

type Op = "=" | "+" | "-" | "×" | "÷" | "(" | ")" | "," | ":" | "≥" | "≤" | ">" | "<" | "≠" | "%";

export type Piece =
  | { readonly k: "kw"; readonly name: KeywordName }
  | { readonly k: "name"; readonly zh: string; readonly en: string }
  /** A number and its unit; `cn` is the Chinese numeral to use in Chinese spelling, if any. */
  | { readonly k: "num"; readonly digits: string; readonly unit?: UnitId; readonly cn?: string; readonly wan?: boolean }
  | { readonly k: "year"; readonly year: number }
  | { readonly k: "date"; readonly iso: string }
  | { readonly k: "str"; readonly zh: string; readonly en: string }
  | { readonly k: "op"; readonly op: Op }
  /** Text printed as is, e.g. a header's title. */
  | { readonly k: "raw"; readonly zh: string; readonly en: string }
  /** A split payer: its name must stay apart from the share that follows (see the report). */
  | { readonly k: "payer"; readonly zh: string; readonly en: string };

export type Line = readonly Piece[];

const kw = (name: KeywordName): Piece => ({ k: "kw", name });
const op = (o: Op): Piece => ({ k: "op", op: o });

// ---------------------------------------------------------------- types and names

type CountUnit = "件" | "项" | "家" | "个" | "人";
type FieldType =
  | { readonly t: "money" }
  | { readonly t: "rate" }
  | { readonly t: "bool" }
  | { readonly t: "date" }
  | { readonly t: "year" }
  | { readonly t: "text" }
  | { readonly t: "count"; readonly unit: CountUnit }
  | { readonly t: "duration" }
  | { readonly t: "enum"; readonly values: readonly (readonly [string, string])[] };

/** Inputs are declared when first used, so none is ever unused. */
interface Input {
  readonly zh: string;
  readonly en: string;
  readonly type: FieldType;
}

/** Chinese names include ones that contain keywords (或有负债, 非专利技术收入, 每年度补贴额): declared names win. */
const INPUT_NAMES: Record<FieldType["t"], readonly (readonly [string, string])[]> = {
  money: [["质押融资额", "pledge_loan"], ["担保费", "guarantee_fee"], ["评估费", "appraisal_fee"], ["保险费", "premium"], ["研发投入", "rd_spending"], ["或有负债", "contingent_debt"], ["非专利技术收入", "know_how_income"], ["每年度补贴额", "yearly_subsidy"], ["营业收入", "revenue"], ["企业投入", "own_investment"]],
  rate: [["专利密集型产业占比", "patent_intensive_share"], ["代理率", "agency_rate"], ["补助比例", "funding_share"], ["研发强度", "rd_intensity"]],
  bool: [["是重点企业", "key_firm"], ["权属有争议", "ownership_disputed"], ["严重失信", "serious_breach"], ["提前退保", "surrendered_early"], ["已放款", "loan_paid_out"], ["是小巨人企业", "little_giant"]],
  date: [["建设期满日", "build_end"], ["立项日期", "start_date"], ["放款日期", "payout_date"]],
  year: [["申报年度", "application_year"], ["认定年度", "certified_year"]],
  text: [["项目名称", "project_name"], ["所属区县", "district_name"]],
  count: [["有效发明专利", "valid_patents"], ["境外申请", "foreign_applications"], ["评审得分", "review_score"], ["分支机构", "branches"], ["研发人员", "researchers"]],
  duration: [["成立年限", "years_founded"], ["整改时长", "rectification_time"]],
  enum: [["评价结果", "grade"], ["企业类型", "firm_kind"]],
};

const RULE_NAMES: readonly (readonly [string, string])[] = [
  ["质押奖励", "pledge_reward"], ["服务费补贴", "service_subsidy"], ["保费补贴", "premium_subsidy"], ["登峰资助", "peak_funding"], ["创新奖", "innovation_award"],
  ["债券补贴", "bond_subsidy"], ["配套资金", "matching_funds"], ["培育资助", "cultivation_grant"], ["运营奖励", "operation_reward"], ["验收奖励", "acceptance_reward"],
];
const TEST_NAMES: readonly (readonly [string, string])[] = [["可申报", "may_apply"], ["进入下一周期", "next_cycle"], ["满足条件", "qualifies"], ["符合规模", "large_enough"], ["达标", "meets_bar"]];
const DEADLINE_NAMES: readonly (readonly [string, string])[] = [["验收申请截止", "acceptance_due"], ["整改截止", "rectification_due"], ["申请截止", "application_due"]];
const DEFINITION_NAMES: readonly (readonly [string, string])[] = [["服务费合计", "service_fees"], ["奖励基数", "reward_base"], ["费用合计", "total_fees"]];
const TARGET_NAMES: readonly (readonly [string, string])[] = [["占比目标", "share_target"], ["代理率目标", "agency_target"]];
const ENUMS: readonly (readonly (readonly [string, string])[])[] = [
  [["优秀", "excellent"], ["良好", "good"], ["合格", "pass"], ["不合格", "fail"]],
  [["高新技术企业", "high_tech"], ["科技型中小企业", "tech_sme"], ["其他企业", "other_firm"]],
];
const PAYERS: readonly (readonly [string, string])[] = [["市级", "city"], ["区级", "district"], ["省级", "province"]];
const CN_DIGITS = ["", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

// ---------------------------------------------------------------- the generator

export interface Policy {
  readonly lines: readonly Line[];
}

class PolicyGenerator {
  readonly inputs: Input[] = [];
  readonly lines: Line[] = [];
  private readonly usedNames = new Set<string>();
  /** Definitions of money that rewards may use. */
  private readonly moneyDefinitions: Input[] = [];
  private article = 1;
  private readonly rulesForExamples: { name: Piece; type: "money" | "bool" | "date" }[] = [];

  constructor(private readonly r: Random) {}

  private fresh(pool: readonly (readonly [string, string])[]): Piece & { k: "name" } {
    const free = pool.filter(([zh]) => !this.usedNames.has(zh));
    const [zh, en] = free.length > 0 ? this.r.pick(free) : this.r.pick(pool);
    let name = zh;
    let english = en;
    for (let i = 2; this.usedNames.has(name); i++) {
      name = `${zh}${CN_DIGITS[i] ?? i}号`;
      english = `${en}_${i}`;
    }
    this.usedNames.add(name);
    return { k: "name", zh: name, en: english };
  }

  private input(t: FieldType["t"]): Input {
    const existing = this.inputs.filter((i) => i.type.t === t);
    if (existing.length > 0 && (existing.length >= 2 || this.r.chance(0.5))) {
      return this.r.pick(existing);
    }
    const name = this.fresh(INPUT_NAMES[t]);
    const type: FieldType =
      t === "count" ? { t, unit: this.r.pick(["件", "项", "家", "个", "人"] as const) } : t === "enum" ? { t, values: this.r.pick(ENUMS) } : ({ t } as FieldType);
    const created: Input = { zh: name.zh, en: name.en, type };
    this.inputs.push(created);
    return created;
  }

  private ref(i: Input): Piece {
    return { k: "name", zh: i.zh, en: i.en };
  }

  private amount(): Piece[] {
    const wan = this.r.int(1, 200);
    return this.r.chance(0.6) ? [{ k: "num", digits: String(wan), unit: "yuan", wan: true }] : [{ k: "num", digits: String(wan * 10000), unit: "yuan" }];
  }

  private percent(): Piece[] {
    return [{ k: "num", digits: String(this.r.int(1, 99)), unit: "percent" }];
  }

  // Expressions are lists of pieces; `paren` wraps one.
  private paren(e: Piece[]): Piece[] {
    return [op("("), ...e, op(")")];
  }

  money(depth: number): Piece[] {
    const choice = depth <= 0 ? this.r.int(0, 1) : this.r.int(0, 8);
    switch (choice) {
      case 0:
        return [this.ref(this.input("money"))];
      case 1:
        if (this.moneyDefinitions.length > 0 && this.r.chance(0.5)) return [this.ref(this.r.pick(this.moneyDefinitions))];
        return this.amount();
      case 2:
        return [...this.moneyFactor(depth - 1), op("×"), ...(this.r.chance(0.5) ? this.percent() : [this.ref(this.input("rate"))])];
      case 3:
        return [...this.money(depth - 1), op("+"), ...this.moneyFactor(depth - 1)];
      case 4: {
        // The one-liner: a bare number beside money is money.
        const bare: Piece[] = this.r.chance(0.5) ? [{ k: "num", digits: String(this.r.int(1, 50) * 10000) }] : this.amount();
        return [kw(this.r.pick(["Min", "Max"] as const)), op("("), ...this.money(depth - 1), op(","), ...bare, op(")")];
      }
      case 5:
        return [kw("If"), ...this.bool(depth - 1), kw("Then"), ...this.money(depth - 1), kw("Else"), ...this.money(depth - 1)];
      case 6: {
        const inner = this.money(depth - 1);
        return inner[0]?.k === "op" && inner[0].op === "(" ? inner : this.paren(inner);
      }
      case 7: {
        // money × count = money
        const perItem = this.amount();
        return [...perItem, op("×"), this.ref(this.input("count"))];
      }
      default:
        return [kw("Max"), op("("), ...this.moneyFactor(depth - 1), op("-"), ...this.amount(), op(","), { k: "num", digits: "0", unit: "yuan" }, op(")")];
    }
  }

  /** A money operand that binds tighter than + and ×. */
  private moneyFactor(depth: number): Piece[] {
    const m = this.money(depth);
    return m.length === 1 ? m : this.paren(m);
  }

  bool(depth: number): Piece[] {
    const choice = depth <= 0 ? this.r.int(0, 3) : this.r.int(0, 12);
    const cmp = (): Piece[] => [this.r.chance(0.8) ? op(this.r.pick(["≥", "≤", ">", "<"] as const)) : kw(this.r.pick(["AtLeast", "AtMost"] as const))];
    switch (choice) {
      case 0:
        return [this.ref(this.input("bool"))];
      case 1: {
        const i = this.input("count");
        const unit = i.type.t === "count" ? i.type.unit : "件";
        const n = this.r.int(1, 60);
        const cn = n <= 10 && this.r.chance(0.3) ? CN_DIGITS[n] : undefined;
        return [this.ref(i), ...cmp(), { k: "num", digits: String(n), unit, ...(cn ? { cn } : {}) }];
      }
      case 2:
        return [this.ref(this.input("money")), ...cmp(), ...this.amount()];
      case 3: {
        const i = this.input("enum");
        const values = i.type.t === "enum" ? i.type.values : [];
        const [zh, en] = this.r.pick(values);
        if (this.r.chance(0.5)) return [this.ref(i), op("="), { k: "name", zh, en }];
        const chosen = values.filter(() => this.r.chance(0.5));
        const options = chosen.length > 0 ? chosen : [values[0] ?? ["优秀", "excellent"]];
        return [this.ref(i), kw("In"), op("("), ...options.flatMap(([z, e], n) => [...(n > 0 ? [op(",")] : []), { k: "name", zh: z, en: e } as Piece]), op(")")];
      }
      case 4:
        return [kw("Not"), ...this.bool(depth - 1)];
      case 5:
        return [...this.boolOperand(depth - 1), kw("And"), ...this.boolOperand(depth - 1)];
      case 6:
        return [...this.boolOperand(depth - 1), kw("Or"), ...this.boolOperand(depth - 1)];
      case 7:
        return [this.ref(this.input("rate")), ...cmp(), ...this.percent()];
      case 8:
        return [this.ref(this.input("date")), ...cmp(), { k: "date", iso: `20${this.r.int(21, 25)}-0${this.r.int(1, 9)}-${this.r.int(10, 28)}` }];
      case 9:
        return [this.ref(this.input("year")), ...cmp(), { k: "year", year: this.r.int(2021, 2026) }];
      case 10: {
        const n = this.r.int(1, 9);
        const cn = this.r.chance(0.3) ? CN_DIGITS[n] : undefined;
        return [this.ref(this.input("duration")), ...cmp(), { k: "num", digits: String(n), unit: this.r.pick(["year", "month"] as const), ...(cn ? { cn } : {}) }];
      }
      case 11: {
        const i = this.input("text");
        return [this.ref(i), op(this.r.pick(["=", "≠"] as const)), { k: "str", zh: "某项目", en: "some project" }];
      }
      default:
        return [...this.moneyFactor(depth - 1), ...cmp(), ...this.moneyFactor(depth - 1)];
    }
  }

  private boolOperand(depth: number): Piece[] {
    const b = this.bool(depth);
    return b.some((p) => p.k === "kw" && (p.name === "And" || p.name === "Or" || p.name === "Not")) ? this.paren(b) : b;
  }

  date(): Piece[] {
    const base = this.ref(this.input("date"));
    const n = this.r.int(1, 30);
    const unit = this.r.pick(["workday", "month", "year", "day"] as const);
    const cn = n <= 10 && unit !== "day" && this.r.chance(0.3) ? CN_DIGITS[n] : undefined;
    return [base, op("+"), { k: "num", digits: String(n), unit, ...(cn ? { cn } : {}) }];
  }

  // ---------------------------------------------------------------- statements

  private articleHeader(): Line {
    const n = this.article++;
    const title: Piece[] = this.r.chance(0.5) ? [{ k: "raw", zh: this.r.pick(["奖励", "补贴", "资助办法", "支持措施"]), en: `"${this.r.pick(["Reward", "Subsidy", "Support"])}"` }] : [];
    return [{ k: "raw", zh: `第${n}条`, en: `article ${n}` }, ...title, op(":")];
  }

  awardArticle(): void {
    this.lines.push(this.articleHeader());
    const name = this.fresh(RULE_NAMES);
    const line: Piece[] = [kw(this.r.pick(["Reward", "Subsidy"] as const)), name, op("="), ...this.money(this.r.int(1, 3))];
    if (this.r.chance(0.4)) line.push(kw("If"), ...this.bool(2));
    if (this.r.chance(0.3)) line.push(kw("PerFirm"), kw("Limit"), kw("Once"));
    this.lines.push(line);
    this.rulesForExamples.push({ name, type: "money" });
    if (this.r.chance(0.5)) {
      const scopes: Piece[] = [...(this.r.chance(0.6) ? [kw("PerFirm")] : []), ...(this.r.chance(0.4) ? [kw("PerYear")] : [])];
      this.lines.push([kw("Cap"), ...scopes, ...this.amount()]);
    }
    if (this.r.chance(0.4) && !line.some((p) => p.k === "kw" && p.name === "Once")) {
      this.lines.push(
        this.r.pick([
          [kw("Limit"), kw("PerFirm"), kw("Once")],
          [kw("Limit"), kw("InAll"), { k: "num", digits: String(this.r.int(1, 3)), unit: "year" } as Piece],
          [kw("Limit"), kw("OneOff")],
        ]),
      );
    }
    if (this.r.chance(0.4)) {
      const first = this.r.int(1, 99);
      const [a, b] = [this.r.pick(PAYERS), this.r.pick(PAYERS.filter((p) => p !== PAYERS[0]))];
      const [pa, pb] = a === b ? [PAYERS[0] as readonly [string, string], b] : [a, b];
      this.lines.push([
        kw("Split"),
        { k: "payer", zh: pa[0], en: pa[1] }, { k: "num", digits: String(first), unit: "percent" }, op(","),
        { k: "payer", zh: pb[0], en: pb[1] }, { k: "num", digits: String(100 - first), unit: "percent" },
      ]);
    }
    if (this.r.chance(0.3)) this.lines.push([kw("Require"), ...this.bool(1)]);
    if (this.r.chance(0.2)) this.lines.push([kw("Review"), kw("If"), ...this.bool(1), kw("Because"), { k: "str", zh: "可适当放宽", en: "may be relaxed" }]);
    if (this.r.chance(0.15)) this.lines.push([kw("Clawback"), kw("If"), this.ref(this.input("bool"))]);
    if (this.r.chance(0.15)) {
      const score = this.input("count");
      this.lines.push([kw("Quota"), kw("PerYear"), { k: "num", digits: String(this.r.int(1, 20)), unit: "个" }, kw("By"), this.ref(score)]);
    }
  }

  exclusionArticle(): void {
    this.lines.push(this.articleHeader());
    const reason: Piece[] = this.r.chance(0.5) ? [kw("Because"), { k: "str", zh: "存在严重失信行为", en: "serious breach of trust" }] : [];
    this.lines.push([kw("Except"), kw("If"), ...this.bool(2), ...reason]);
  }

  eligibility(): void {
    const name = this.fresh(TEST_NAMES);
    this.lines.push([kw("Eligibility"), name, op("="), ...this.bool(this.r.int(1, 3))]);
    this.rulesForExamples.push({ name, type: "bool" });
  }

  deadline(): void {
    const name = this.fresh(DEADLINE_NAMES);
    this.lines.push([kw("Deadline"), name, op("="), ...this.date()]);
    this.rulesForExamples.push({ name, type: "date" });
  }

  target(): void {
    this.lines.push([kw("Target"), this.fresh(TARGET_NAMES), op("="), this.ref(this.input("rate")), op("≥"), ...this.percent()]);
  }

  definition(): void {
    const name = this.fresh(DEFINITION_NAMES);
    this.lines.push([kw("Let"), name, op("="), ...this.money(2)]);
    const definition: Input = { zh: name.zh, en: name.en, type: { t: "money" } };
    this.moneyDefinitions.push(definition);
    // A definition nothing uses is warned about: one award always uses it.
    this.lines.push(this.articleHeader());
    const award = this.fresh(RULE_NAMES);
    this.lines.push([kw("Reward"), award, op("="), this.ref(definition), op("×"), ...this.percent()]);
    this.rulesForExamples.push({ name: award, type: "money" });
  }

  example(): Line[] {
    const pick = this.r.pick(this.rulesForExamples);
    const givens: Piece[] = [];
    for (const i of this.inputs) {
      // A date, a year, a text or a choice has no stand-in when left out (K2011): always given.
      const required = i.type.t === "date" || i.type.t === "year" || i.type.t === "text" || i.type.t === "enum";
      if (!required && !this.r.chance(0.6)) continue;
      if (givens.length > 0) givens.push(op(","));
      givens.push({ k: "name", zh: i.zh, en: i.en }, op("="), ...this.valueOf(i.type));
    }
    const expected: Piece[] =
      pick.type === "money" ? this.amount() : pick.type === "bool" ? [kw(this.r.chance(0.5) ? "True" : "False")] : [{ k: "date", iso: "2025-03-31" }];
    const lines: Line[] = [[kw("Example"), { k: "str", zh: "典型", en: "typical" }, op(":")]];
    if (givens.length > 0) lines.push(givens);
    lines.push([kw("Expect"), pick.name, op("="), ...expected]);
    return lines;
  }

  private valueOf(t: FieldType): Piece[] {
    switch (t.t) {
      case "money": return this.amount();
      case "rate": return this.percent();
      case "bool": return [kw(this.r.chance(0.5) ? "True" : "False")];
      case "date": return [{ k: "date", iso: "2024-12-31" }];
      case "year": return [{ k: "year", year: 2025 }];
      case "text": return [{ k: "str", zh: "某项目", en: "some project" }];
      case "count": return [{ k: "num", digits: String(this.r.int(0, 80)), unit: t.unit }];
      case "duration": return [{ k: "num", digits: String(this.r.int(1, 9)), unit: "year" }];
      case "enum": {
        const [zh, en] = this.r.pick(t.values);
        return [{ k: "name", zh, en }];
      }
    }
  }

  fieldLine(i: Input): Line {
    const type: Piece[] = (() => {
      switch (i.type.t) {
        case "money": return [kw("MoneyType")];
        case "rate": return [kw("RateType")];
        case "bool": return [kw("BooleanType")];
        case "date": return [kw("DateType")];
        case "year": return [kw("YearType")];
        case "text": return [kw("TextType")];
        case "count": return [{ k: "raw", zh: i.type.unit, en: unitEnglish(i.type.unit) } as Piece];
        case "duration": return [{ k: "raw", zh: "年", en: "years" } as Piece];
        case "enum":
          return [kw("OneOf"), op("("), ...i.type.values.flatMap(([zh, en], n) => [...(n > 0 ? [op(",")] : []), { k: "name", zh, en } as Piece]), op(")")];
      }
    })();
    return [{ k: "name", zh: i.zh, en: i.en }, op(":"), ...type];
  }
}

function unitEnglish(unit: UnitId): string {
  return UNITS.find((u) => u.id === unit)?.en[0] ?? unit;
}

export function generatePolicy(seed: number): Policy {
  const r = new Random(seed);
  const g = new PolicyGenerator(r);
  const statements = r.int(2, 9);
  for (let i = 0; i < statements; i++) {
    const kind = r.int(0, 9);
    if (kind <= 4) g.awardArticle();
    else if (kind === 5) g.exclusionArticle();
    else if (kind === 6) g.eligibility();
    else if (kind === 7) g.deadline();
    else if (kind === 8) g.target();
    else g.definition();
  }
  if (!g.lines.some((l) => l.some((p) => p.k === "kw" && (p.name === "Reward" || p.name === "Subsidy")))) g.awardArticle();
  const examples = r.chance(0.4) ? g.example() : [];
  const header: Line[] = [
    [kw("Policy"), { k: "raw", zh: "随机政策", en: '"random policy"' }, kw("Version"), { k: "raw", zh: "2021", en: "2021" }],
    ...(r.chance(0.5) ? [[kw("Valid"), { k: "date", iso: "2021-01-01" }, kw("To"), { k: "date", iso: "2023-12-31" }] as Line] : []),
    [kw("Application"), { k: "raw", zh: "企业", en: "firm" }, op(":")],
    ...g.inputs.map((i) => g.fieldLine(i)),
  ];
  return { lines: [...header, ...g.lines, ...examples] };
}

// ---------------------------------------------------------------- printing

export interface Style {
  /** Keyword spelling: Chinese, English, or each keyword either way. */
  readonly keywords: "zh" | "en" | "mixed";
  /** Names: Chinese or English (English names need spaces around English keywords). */
  readonly names: "zh" | "en";
  /** Spaces between words: always, never where the words stay apart without them, or either way. */
  readonly spacing: "spaced" | "tight" | "random";
  readonly punctuation: "ascii" | "full-width" | "random";
  /** For the random choices of spellings and spaces. */
  readonly seed: number;
}

const FULL_WIDTH: Record<Op, readonly string[]> = {
  "=": ["＝"], "+": ["＋"], "-": ["－"], "×": ["×"], "÷": ["÷", "／"], "(": ["（"], ")": ["）"], ",": ["，", "、"], ":": ["："],
  "≥": ["≥", "＞＝"], "≤": ["≤", "＜＝"], ">": ["＞"], "<": ["＜"], "≠": ["≠", "！＝"], "%": ["％"],
};
const ASCII: Record<Op, readonly string[]> = {
  "=": ["="], "+": ["+"], "-": ["-"], "×": ["×", "*"], "÷": ["÷", "/"], "(": ["("], ")": [")"], ",": [","], ":": [":"],
  "≥": [">=", "≥"], "≤": ["<=", "≤"], ">": [">"], "<": ["<"], "≠": ["!=", "≠"], "%": ["%"],
};

const keywordSpellings = new Map(KEYWORDS.map((k) => [k.name, k as { zh: readonly string[]; en: readonly string[] }]));

function toFullWidthDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 48 + 0xff10));
}

/** Characters that would run together with an English word (a full-width digit after a letter is refused, see the report). */
const isWordChar = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_０-９]/.test(ch);

export function printPolicy(policy: Policy, style: Style): string {
  const r = new Random(style.seed);
  const fullWidth = () => (style.punctuation === "random" ? r.chance(0.5) : style.punctuation === "full-width");
  const chinese = () => (style.keywords === "mixed" ? r.chance(0.5) : style.keywords === "zh");
  const out: string[] = [];
  for (const line of policy.lines) {
    const words: { text: string; keepApart?: boolean; spaceBefore?: boolean }[] = [];
    const headerLine = line[0]?.k === "kw" && line[0].name === "Policy";
    for (const piece of line) {
      switch (piece.k) {
        case "kw": {
          const spellings = keywordSpellings.get(piece.name);
          const zh = chinese();
          const options = (zh ? spellings?.zh : spellings?.en) ?? [piece.name];
          // Aliases (并且, 不低于, 每户企业, yes/no…) now and then; the canonical spelling otherwise.
          words.push({ text: r.chance(0.25) ? r.pick(options) : (options[0] ?? piece.name) });
          break;
        }
        case "name":
          words.push({ text: style.names === "zh" ? piece.zh : piece.en });
          break;
        case "payer":
          words.push({ text: style.names === "zh" ? piece.zh : piece.en, keepApart: true, spaceBefore: true });
          break;
        case "raw":
          // An English keyword runs into a Chinese title written against it (see the report).
          words.push({ text: style.names === "zh" ? piece.zh : piece.en, spaceBefore: true });
          break;
        case "str":
          words.push({ text: fullWidth() ? `“${style.names === "zh" ? piece.zh : piece.en}”` : `"${style.names === "zh" ? piece.zh : piece.en}"` });
          break;
        case "date":
          words.push({ text: piece.iso });
          break;
        case "year":
          words.push({ text: chinese() ? `${piece.year}年` : String(piece.year) });
          break;
        case "op": {
          const options = fullWidth() ? FULL_WIDTH[piece.op] : ASCII[piece.op];
          words.push({ text: r.pick(options) });
          break;
        }
        case "num": {
          const zh = chinese();
          const wide = fullWidth();
          const digits = wide ? toFullWidthDigits(piece.digits) : piece.digits;
          if (piece.unit === undefined) {
            words.push({ text: digits });
            break;
          }
          if (piece.unit === "percent") {
            words.push({ text: `${digits}${wide ? "％" : "%"}` });
            break;
          }
          const unit = UNITS.find((u) => u.id === piece.unit);
          if (zh) {
            const number = piece.cn ?? digits;
            words.push({ text: `${number}${piece.wan ? "万" : ""}${unit?.zh[0] ?? ""}` });
          } else {
            const value = piece.wan ? `${piece.digits}0000` : piece.digits;
            words.push({ text: `${wide ? toFullWidthDigits(value) : value} ${unit?.en[0] ?? ""}` });
          }
          break;
        }
      }
    }
    let text = line === policy.lines[0] || headerLine ? "" : "  ";
    const topLevel = line[0]?.k === "kw" && ["Policy", "Application", "Example", "Eligibility", "Deadline", "Target", "Let"].includes(line[0].name);
    const isHeader = line[0]?.k === "raw" && /^(第|article)/.test(line[0].zh + line[0].en);
    if (topLevel || isHeader) text = "";
    words.forEach((w, i) => {
      if (i > 0) {
        const previous = words[i - 1];
        const mustSpace = headerLine || previous?.keepApart === true || (isWordChar(previous?.text.at(-1)) && isWordChar(w.text[0])) || (w.spaceBefore === true && /[A-Za-z]$/.test(previous?.text ?? ""));
        const space = mustSpace || style.spacing === "spaced" || (style.spacing === "random" && r.chance(0.5));
        if (space) text += " ";
      }
      text += w.text;
    });
    out.push(text);
  }
  return `${out.join("\n")}\n`;
}
