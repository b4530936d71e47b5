/**
 * The one bilingual keyword table. Each concept is one token; each has Chinese and English
 * spellings (several are allowed; the first is the canonical one, used in docs, completion and
 * error messages). The lexer, the language reference (docs/language.md), the playground's
 * highlighting and completion are all generated from this table.
 *
 * English spellings are matched case-insensitively and only as whole words; a spelling with a
 * space ("per firm") matches any run of spaces or tabs there. Chinese spellings are matched
 * longest-first; a name declared in the file that is longer than a keyword at the same place
 * wins (so `或有负债` stays one name), see grammar/lexer.ts.
 */

export type KeywordGroup =
  | "structure"
  | "statement"
  | "scope"
  | "operator"
  | "function"
  | "type"
  | "literal"
  | "example";

export interface KeywordEntry {
  /** Token name, also the concept's stable id. */
  readonly name: string;
  readonly zh: readonly string[];
  readonly en: readonly string[];
  readonly group: KeywordGroup;
  /** One line on what it means, for the reference and for hover. */
  readonly doc: { readonly zh: string; readonly en: string };
  /** A short example, for the reference. */
  readonly example?: { readonly zh: string; readonly en: string };
}

export const KEYWORDS = [
  // structure
  {
    name: "Policy", zh: ["政策"], en: ["policy"], group: "structure",
    doc: { zh: "政策（措施）的标题，文件的开头", en: "the measure's title, first line of a file" },
    example: { zh: "政策 苏州市知识产权金融奖励补贴 版本 2021", en: 'policy "Suzhou IP finance rewards" version 2021' },
  },
  {
    name: "Version", zh: ["版本"], en: ["version"], group: "structure",
    doc: { zh: "政策的版本（通常是年份）", en: "the measure's version (usually a year)" },
    example: { zh: "版本 2021", en: "version 2021" },
  },
  {
    name: "Valid", zh: ["有效期"], en: ["valid"], group: "structure",
    doc: { zh: "有效期：起止日期", en: "validity: first and last day" },
    example: { zh: "有效期 2021-01-01 至 2023-12-31", en: "valid 2021-01-01 to 2023-12-31" },
  },
  {
    name: "To", zh: ["至"], en: ["to"], group: "structure",
    doc: { zh: "区间的终点", en: "end of a range" },
    example: { zh: "有效期 2021-01-01 至 2023-12-31", en: "valid 2021-01-01 to 2023-12-31" },
  },
  {
    name: "Issuer", zh: ["发布单位", "发文机关", "发布机关", "印发单位"], en: ["issuer"], group: "structure",
    doc: { zh: "发布单位", en: "the issuing body" },
    example: { zh: '发布单位 "苏州市市场监督管理局"', en: 'issuer "Suzhou Administration for Market Regulation"' },
  },
  {
    name: "Repeals", zh: ["废止"], en: ["repeals"], group: "structure",
    doc: { zh: "本政策废止的文件", en: "measures this one repeals" },
    example: { zh: '废止 "苏财科字〔2009〕88号"', en: 'repeals "Su Cai Ke Zi [2009] No. 88"' },
  },
  {
    name: "Rounding", zh: ["舍入"], en: ["rounding"], group: "structure",
    doc: { zh: "金额的舍入方式（默认四舍五入到分）", en: "how amounts are rounded (default: half up to the fen)" },
    example: { zh: "舍入 四舍五入 至 元", en: "rounding half-up to yuan" },
  },
  {
    name: "Application", zh: ["申报"], en: ["application"], group: "structure",
    doc: { zh: "申报材料：申请人填写的各项输入及其类型", en: "the application: the inputs an applicant supplies, with their types" },
    example: { zh: "申报 企业:\n  质押融资额: 金额", en: "application firm:\n  pledge_loan: money" },
  },
  {
    name: "Let", zh: ["定义"], en: ["let"], group: "statement",
    doc: { zh: "命名一个中间值", en: "names an intermediate value" },
    example: { zh: "定义 服务费 = 担保费 + 评估费", en: "let service_fees = guarantee_fee + appraisal_fee" },
  },
  {
    name: "Example", zh: ["例"], en: ["example"], group: "example",
    doc: { zh: "例子：一组输入及预期结果，由 kuan test 运行", en: "an example: inputs and expected results, run by kuan test" },
    example: { zh: '例 "典型企业":\n  质押融资额 = 500万元\n  预期 质押奖励 = 5万元', en: 'example "typical firm":\n  pledge_loan = 5000000 yuan\n  expect pledge_reward = 50000 yuan' },
  },
  {
    name: "Expect", zh: ["预期"], en: ["expect"], group: "example",
    doc: { zh: "例子中的预期结果", en: "an expected result in an example" },
    example: { zh: "预期 质押奖励 = 5万元", en: "expect pledge_reward = 50000 yuan" },
  },
  {
    name: "History", zh: ["已获"], en: ["granted"], group: "example",
    doc: { zh: "例子中的历史记录：某年已获得的奖补", en: "in an example, an earlier grant: the rule, the year and the amount" },
    example: { zh: "已获 服务费补贴 2022年 7万元", en: "granted service_subsidy 2022 70000 yuan" },
  },
  {
    name: "AsOf", zh: ["截至"], en: ["as of"], group: "example",
    doc: { zh: "例子的申报日期（决定年度与有效期）", en: "the date of an example's application (sets the year and the validity check)" },
    example: { zh: "截至 2023-06-01", en: "as of 2023-06-01" },
  },
  {
    name: "Outcome", zh: ["结果"], en: ["outcome"], group: "example",
    doc: { zh: "决定的结果：符合 / 不符合 / 需复核", en: "a decision's outcome: eligible / not eligible / needs review" },
    example: { zh: "预期 结果 = 不符合", en: "expect outcome = not eligible" },
  },
  // statements inside an article
  {
    name: "Reward", zh: ["奖励"], en: ["reward"], group: "statement",
    doc: { zh: "奖励：一笔金额", en: "a reward: an amount of money" },
    example: { zh: "奖励 质押奖励 = 最小(质押融资额 × 1%, 10万元)", en: "reward pledge_reward = min(pledge_loan × 1%, 100000 yuan)" },
  },
  {
    name: "Subsidy", zh: ["补贴", "资助"], en: ["subsidy"], group: "statement",
    doc: { zh: "补贴：一笔金额", en: "a subsidy: an amount of money" },
    example: { zh: "补贴 服务费补贴 = 担保费 + 评估费", en: "subsidy service_subsidy = guarantee_fee + appraisal_fee" },
  },
  {
    name: "Eligibility", zh: ["资格"], en: ["eligibility"], group: "statement",
    doc: { zh: "资格：一个是/否的结论", en: "an eligibility test: a yes/no result" },
    example: { zh: "资格 可申报 = 有效发明专利 ≥ 50件", en: "eligibility may_apply = valid_patents >= 50 items" },
  },
  {
    name: "Deadline", zh: ["期限"], en: ["deadline"], group: "statement",
    doc: { zh: "期限：一个日期", en: "a deadline: a date" },
    example: { zh: "期限 验收申请截止 = 建设期满日 + 10个工作日", en: "deadline acceptance_due = build_end + 10 working days" },
  },
  {
    name: "Target", zh: ["目标"], en: ["target"], group: "statement",
    doc: { zh: "目标（预期性指标）：一个比较，评估时给出是否达成及差距", en: "a target (indicator): a comparison; evaluation says met or not and the gap" },
    example: { zh: "目标 专利密集型产业占比目标 = 专利密集型产业增加值占比 ≥ 13%", en: "target patent_intensive_target = patent_intensive_share >= 13%" },
  },
  {
    name: "Quota", zh: ["名额"], en: ["quota"], group: "statement",
    doc: { zh: "名额：每年至多资助N个，按得分择优（单个申请结果为需复核）", en: "a quota: at most N funded a year, ranked by a score (a single application needs review)" },
    example: { zh: "名额 每年 10个 按 评审得分", en: "quota 10 per year by review_score" },
  },
  {
    name: "By", zh: ["按"], en: ["by"], group: "statement",
    doc: { zh: "名额的排序依据", en: "what a quota ranks by" },
    example: { zh: "名额 每年 10个 按 评审得分", en: "quota 10 per year by review_score" },
  },
  {
    name: "Clawback", zh: ["追回"], en: ["clawback"], group: "statement",
    doc: { zh: "追回：满足时不再给予，并列出应追回的已获奖补", en: "clawback: when it holds nothing is granted and earlier grants are listed for recovery" },
    example: { zh: '追回 如果 提前退保 理由 "保险期内提前退保"', en: 'clawback if surrendered_early because "policy surrendered early"' },
  },
  {
    name: "Require", zh: ["条件"], en: ["require"], group: "statement",
    doc: { zh: "本条所有奖补的前提条件；不满足即不符合", en: "a precondition of every award in the article; if false, not eligible" },
    example: { zh: "条件 已放款", en: "require loan_paid_out" },
  },
  {
    name: "Except", zh: ["除外"], en: ["except"], group: "statement",
    doc: { zh: "除外情形：满足时不予支持（默认针对本政策全部奖补）", en: "an exclusion: when it holds, no support (by default for every award of the measure)" },
    example: { zh: "除外 如果 权属有争议 或 严重失信", en: "except if ownership_disputed or serious_breach" },
  },
  {
    name: "Review", zh: ["复核"], en: ["review"], group: "statement",
    doc: { zh: "需要人工复核（择优、可适当放宽等裁量条款）", en: "needs review by a person (discretionary clauses)" },
    example: { zh: "复核 如果 是小巨人企业", en: "review if little_giant" },
  },
  {
    name: "Because", zh: ["理由"], en: ["because"], group: "statement",
    doc: { zh: "说明理由，写入决定", en: "a reason, written into the decision" },
    example: { zh: '除外 如果 严重失信 理由 "存在严重失信行为"', en: 'except if serious_breach because "serious breach of trust"' },
  },
  {
    name: "Cap", zh: ["上限"], en: ["cap"], group: "statement",
    doc: { zh: "金额上限，可按企业、项目、年度累计", en: "a cap on the amount, optionally per firm, per project, per year" },
    example: { zh: "上限 每家企业 每年 10万元", en: "cap per firm per year 100000 yuan" },
  },
  {
    name: "Limit", zh: ["限"], en: ["limit"], group: "statement",
    doc: { zh: "次数或年数限制", en: "a limit on how often or for how many years" },
    example: { zh: "限 每家企业 一次", en: "limit once per firm" },
  },
  {
    name: "Split", zh: ["分担"], en: ["split"], group: "statement",
    doc: { zh: "资金分担：各出资方的比例，合计100%", en: "cost split between payers; shares add up to 100%" },
    example: { zh: "分担 市级 50%，区级 50%", en: "split city 50%, district 50%" },
  },
  {
    name: "Overrides", zh: ["优先于"], en: ["overrides"], group: "statement",
    doc: { zh: "本定义与所列条款的定义都适用时，以本定义为准（另有规定的从其规定）", en: "when this definition and one in the listed article both apply, this one prevails" },
    example: { zh: "奖励 认定奖励 = 50万元 如果 国家级 优先于 第五条", en: "reward recognition_award = 500000 yuan if national overrides article 5" },
  },
  {
    name: "Highest", zh: ["按最高标准", "取最高"], en: ["take the highest"], group: "statement",
    doc: { zh: "按最高标准、不重复：同一名称的多处定义都适用时取其最高者", en: "take the highest, do not stack: when several definitions of the name apply, the highest counts" },
    example: { zh: "按最高标准 认定奖励", en: "take the highest recognition_award" },
  },
  {
    name: "If", zh: ["如果"], en: ["if"], group: "operator",
    doc: { zh: "条件", en: "a condition" },
    example: { zh: "奖励 奖金 = 10万元 如果 已验收", en: "reward bonus = 100000 yuan if accepted" },
  },
  {
    name: "Then", zh: ["则"], en: ["then"], group: "operator",
    doc: { zh: "条件表达式：如果 … 则 … 否则 …", en: "conditional expression: if … then … else …" },
    example: { zh: "如果 是重点企业 则 30万元 否则 0元", en: "if key_firm then 300000 yuan else 0 yuan" },
  },
  {
    name: "Else", zh: ["否则"], en: ["else"], group: "operator",
    doc: { zh: "条件表达式的另一分支", en: "the other branch of a conditional expression" },
  },
  // scopes of caps and limits
  {
    name: "PerFirm", zh: ["每家企业", "每个企业", "每户企业"], en: ["per firm"], group: "scope",
    doc: { zh: "按企业计", en: "counted per firm" },
    example: { zh: "限 每家企业 一次", en: "limit once per firm" },
  },
  {
    name: "PerProject", zh: ["每个项目", "单个项目", "每项"], en: ["per project"], group: "scope",
    doc: { zh: "按项目计", en: "counted per project" },
    example: { zh: "上限 每个项目 200万元", en: "cap per project 2000000 yuan" },
  },
  {
    name: "PerYear", zh: ["每年", "年度"], en: ["per year"], group: "scope",
    doc: { zh: "按年度计", en: "counted per year" },
    example: { zh: "上限 每家企业 每年 10万元", en: "cap per firm per year 100000 yuan" },
  },
  {
    name: "InAll", zh: ["累计"], en: ["in all"], group: "scope",
    doc: { zh: "累计（跨年度）", en: "in all (across years)" },
    example: { zh: "限 累计 2年", en: "limit 2 years in all" },
  },
  {
    name: "OneOff", zh: ["一次性"], en: ["one-off"], group: "scope",
    doc: { zh: "一次性（每个项目只给一次）", en: "one-off (once per project)" },
    example: { zh: "限 一次性", en: "limit one-off" },
  },
  {
    name: "Once", zh: ["一次"], en: ["once"], group: "scope",
    doc: { zh: "只给一次", en: "once only" },
    example: { zh: "每家企业限一次", en: "once per firm" },
  },
  // logic and comparison
  {
    name: "And", zh: ["且", "并且", "同时"], en: ["and"], group: "operator",
    doc: { zh: "并且", en: "logical and" },
    example: { zh: "有效发明专利 ≥ 50件 且 境外申请 ≥ 5件", en: "valid_patents >= 50 items and foreign_applications >= 5 items" },
  },
  {
    name: "Or", zh: ["或", "或者"], en: ["or"], group: "operator",
    doc: { zh: "或者", en: "logical or" },
    example: { zh: "权属有争议 或 严重失信", en: "ownership_disputed or serious_breach" },
  },
  {
    name: "Not", zh: ["非"], en: ["not"], group: "operator",
    doc: { zh: "否定", en: "logical not" },
    example: { zh: "非 严重失信", en: "not serious_breach" },
  },
  {
    name: "In", zh: ["属于"], en: ["in"], group: "operator",
    doc: { zh: "取值属于所列之一", en: "the value is one of those listed" },
    example: { zh: "等级 属于 (优秀, 良好, 合格)", en: "grade in (excellent, good, pass)" },
  },
  {
    name: "AtLeast", zh: ["不少于", "不低于", "至少", "不小于", "大于等于", "达到", "不早于"], en: ["at least", "no earlier than"], group: "operator",
    doc: { zh: "≥", en: "≥" },
    example: { zh: "企业投入 不少于 财政投入 × 200%", en: "own_investment at least public_funding × 200%" },
  },
  {
    name: "AtMost", zh: ["不超过", "不高于", "至多", "不大于", "小于等于", "不晚于"], en: ["at most", "no later than"], group: "operator",
    doc: { zh: "≤", en: "≤" },
    example: { zh: "整改时长 不超过 6个月", en: "rectification_time at most 6 months" },
  },
  {
    name: "MoreThan", zh: ["超过", "大于", "高于", "多于", "晚于"], en: ["more than", "greater than", "later than"], group: "operator",
    doc: { zh: ">（不含本数）", en: "> (the number itself excluded)" },
    example: { zh: "主营业务收入 超过 200亿元", en: "revenue more than 20000000000 yuan" },
  },
  {
    name: "LessThan", zh: ["低于", "小于", "少于", "不满", "未满", "不足", "早于"], en: ["less than", "fewer than", "earlier than"], group: "operator",
    doc: { zh: "<（不含本数）", en: "< (the number itself excluded)" },
    example: { zh: "资产负债率 低于 70%", en: "debt_ratio less than 70%" },
  },
  {
    // 民法典第一千二百五十九条：“以上”“以下”“以内”包括本数；“不满”“超过”不包括本数（未满、不足同不满；达到即不少于）。
    name: "OrMore", zh: ["以上"], en: ["or more"], group: "operator",
    doc: { zh: "写在数（或名称）之后：≥（含本数）", en: "after the number (or a name): ≥ (the number itself included)" },
    example: { zh: "研发投入 100万元以上", en: "rnd_spending 1000000 yuan or more" },
  },
  {
    name: "Including", zh: ["含", "含本数"], en: ["inclusive"], group: "operator",
    doc: { zh: "写在比较之后的括号里：（含）即包括本数", en: "in parentheses after a comparison: the number itself included" },
    example: { zh: "研发投入 100万元以上（含）", en: "rnd_spending 1000000 yuan or more (inclusive)" },
  },
  {
    name: "Excluding", zh: ["不含", "不含本数"], en: ["exclusive"], group: "operator",
    doc: { zh: "写在比较之后的括号里：（不含）即不包括本数，以上、以下随之不含本数", en: "in parentheses after a comparison: the number itself excluded, so or more / or less exclude it too" },
    example: { zh: "职工人数 300人以下（不含）", en: "staff 300 persons or less (exclusive)" },
  },
  {
    name: "OrLess", zh: ["以下", "以内"], en: ["or less"], group: "operator",
    doc: { zh: "写在数（或名称）之后：≤（含本数）", en: "after the number (or a name): ≤ (the number itself included)" },
    example: { zh: "职工人数 300人以下", en: "staff 300 persons or less" },
  },
  // functions
  {
    name: "Min", zh: ["最小"], en: ["min"], group: "function",
    doc: { zh: "较小者；各参数量纲须相同", en: "the smaller; all arguments of one dimension" },
    example: { zh: "最小(质押融资额 × 1%, 10万元)", en: "min(pledge_loan × 1%, 100000 yuan)" },
  },
  {
    name: "Max", zh: ["最大", "最高", "最多"], en: ["max"], group: "function",
    doc: { zh: "较大者；各参数量纲须相同。写在上限的金额之前（“最高10万元”）只是原文的措辞，可省略", en: "the larger; all arguments of one dimension. Before a cap's amount (最高 10万元, max 100000 yuan) only the measure's wording, may be left out" },
    example: { zh: "最大(担保费 - 减免, 0元)", en: "max(guarantee_fee - waiver, 0 yuan)" },
  },
  // types
  {
    name: "MoneyType", zh: ["金额"], en: ["money"], group: "type",
    doc: { zh: "金额（元，精确到分）", en: "money (yuan, exact to the fen)" },
    example: { zh: "质押融资额: 金额", en: "pledge_loan: money" },
  },
  {
    name: "RateType", zh: ["比例"], en: ["rate"], group: "type",
    doc: { zh: "比例（%）", en: "a rate (%)" },
    example: { zh: "占比: 比例", en: "share: rate" },
  },
  {
    name: "BooleanType", zh: ["是否"], en: ["yes/no", "boolean"], group: "type",
    doc: { zh: "是/否", en: "yes/no" },
    example: { zh: "权属有争议: 是否", en: "ownership_disputed: yes/no" },
  },
  {
    name: "DateType", zh: ["日期"], en: ["date"], group: "type",
    doc: { zh: "日期", en: "a date" },
    example: { zh: "放款日期: 日期", en: "payout_date: date" },
  },
  {
    name: "YearType", zh: ["年份"], en: ["year"], group: "type",
    doc: { zh: "年份", en: "a calendar year" },
    example: { zh: "申报年度: 年份", en: "application_year: year" },
  },
  {
    name: "TextType", zh: ["文本"], en: ["text"], group: "type",
    doc: { zh: "文本", en: "text" },
    example: { zh: "项目名称: 文本", en: "project_name: text" },
  },
  {
    name: "OneOf", zh: ["之一"], en: ["one of"], group: "type",
    doc: { zh: "枚举：取值为所列之一", en: "an enumeration: one of the listed values" },
    example: { zh: "评价结果: 之一(优秀, 良好, 合格, 不合格)", en: "grade: one of (excellent, good, pass, fail)" },
  },
  {
    name: "QuantityType", zh: ["数值"], en: ["quantity"], group: "type",
    doc: { zh: "数值：可带小数的统计量（如每万人口拥有量），无单位", en: "a quantity: a statistic that may have decimals (e.g. per 10,000 people), no unit" },
    example: { zh: "每万人口高价值发明专利拥有量: 数值", en: "high_value_patents_per_10k: quantity" },
  },
  {
    name: "Default", zh: ["默认"], en: ["default"], group: "type",
    doc: { zh: "申报项未填写时取的值", en: "the value an input takes when the application leaves it out" },
    example: { zh: "境外申请数: 件 默认 0件", en: "foreign_applications: items default 0 items" },
  },
  // literals
  {
    name: "ApplicationDate", zh: ["申报日期", "申请日期"], en: ["application date"], group: "literal",
    doc: { zh: "申报日期（例子的 截至 日期，或计算时给出的日期）", en: "the date of the application (an example's as of, or the date given to the evaluator)" },
    example: { zh: "成立日期 + 3年 ≤ 申报日期", en: "founded + 3 years <= application date" },
  },
  {
    name: "True", zh: ["是"], en: ["yes", "true"], group: "literal",
    doc: { zh: "是", en: "yes" },
    example: { zh: "是重点企业 = 是", en: "key_firm = yes" },
  },
  {
    name: "False", zh: ["否"], en: ["no", "false"], group: "literal",
    doc: { zh: "否", en: "no" },
    example: { zh: "严重失信 = 否", en: "serious_breach = no" },
  },
  {
    name: "Eligible", zh: ["符合"], en: ["eligible"], group: "literal",
    doc: { zh: "结果：符合条件", en: "outcome: eligible" },
    example: { zh: "预期 结果 = 符合", en: "expect outcome = eligible" },
  },
  {
    name: "NotEligible", zh: ["不符合"], en: ["not eligible"], group: "literal",
    doc: { zh: "结果：不符合条件（含被除外）", en: "outcome: not eligible (including excluded)" },
    example: { zh: "预期 结果 = 不符合", en: "expect outcome = not eligible" },
  },
  {
    name: "NeedsReview", zh: ["需复核"], en: ["needs review"], group: "literal",
    doc: { zh: "结果：需要人工复核", en: "outcome: needs review" },
    example: { zh: "预期 结果 = 需复核", en: "expect outcome = needs review" },
  },
  {
    name: "NotApplicable", zh: ["不适用"], en: ["not applicable"], group: "literal",
    doc: { zh: "结果：不适用（不在有效期内或不在本办法范围内）", en: "outcome: not applicable (outside the validity period or the measure's scope)" },
    example: { zh: "预期 结果 = 不适用", en: "expect outcome = not applicable" },
  },
  {
    name: "Computed", zh: ["已计算"], en: ["computed"], group: "literal",
    doc: { zh: "结果：只计算、不作资格判断的政策（税额、比例）已得出各项结果", en: "outcome: a policy that only computes (a tax, a ratio) has its results; nothing is granted or refused" },
    example: { zh: "预期 结果 = 已计算", en: "expect outcome = computed" },
  },
  {
    name: "HalfUp", zh: ["四舍五入"], en: ["half-up"], group: "literal",
    doc: { zh: "舍入方式：四舍五入", en: "rounding: half up" },
  },
  {
    name: "HalfEven", zh: ["银行家舍入"], en: ["half-even"], group: "literal",
    doc: { zh: "舍入方式：四舍六入五成双", en: "rounding: half to even" },
  },
  {
    name: "RoundDown", zh: ["舍去"], en: ["down"], group: "literal",
    doc: { zh: "舍入方式：舍去尾数", en: "rounding: toward zero" },
  },
  {
    name: "RoundUp", zh: ["进位"], en: ["up"], group: "literal",
    doc: { zh: "舍入方式：进位", en: "rounding: away from zero" },
  },
] as const satisfies readonly KeywordEntry[];

export type KeywordName = (typeof KEYWORDS)[number]["name"];

/**
 * Units of measure. A unit follows a number (`10万元`, `3 years`) or stands as a field's type
 * (`有效发明专利: 件`). Counts of different units do not mix; durations convert between years
 * and months but never to or from working days.
 */
export type UnitDimension = "money" | "rate" | "count" | "duration";

export interface UnitEntry {
  readonly id: string;
  readonly zh: readonly string[];
  readonly en: readonly string[];
  readonly dimension: UnitDimension;
  readonly doc: { readonly zh: string; readonly en: string };
}

export const UNITS = [
  { id: "yuan", zh: ["元"], en: ["yuan"], dimension: "money", doc: { zh: "元", en: "yuan" } },
  { id: "percent", zh: ["%", "％"], en: ["percent"], dimension: "rate", doc: { zh: "百分比", en: "percent" } },
  { id: "件", zh: ["件"], en: ["items", "item"], dimension: "count", doc: { zh: "件（专利、申请等）", en: "items (patents, applications…)" } },
  { id: "项", zh: ["项"], en: ["entries", "entry"], dimension: "count", doc: { zh: "项", en: "entries" } },
  { id: "家", zh: ["家"], en: ["firms"], dimension: "count", doc: { zh: "家（单位）", en: "firms, units" } },
  { id: "个", zh: ["个"], en: ["units", "unit"], dimension: "count", doc: { zh: "个", en: "units" } },
  { id: "次", zh: ["次"], en: ["times"], dimension: "count", doc: { zh: "次", en: "times" } },
  { id: "人", zh: ["人"], en: ["people", "persons"], dimension: "count", doc: { zh: "人", en: "people" } },
  { id: "year", zh: ["年"], en: ["years", "year"], dimension: "duration", doc: { zh: "年", en: "years" } },
  { id: "month", zh: ["个月", "月"], en: ["months", "month"], dimension: "duration", doc: { zh: "月", en: "months" } },
  { id: "day", zh: ["日", "天"], en: ["days", "day"], dimension: "duration", doc: { zh: "日（自然日）", en: "calendar days" } },
  { id: "workday", zh: ["个工作日", "工作日"], en: ["working days", "working day"], dimension: "duration", doc: { zh: "工作日", en: "working days" } },
] as const satisfies readonly UnitEntry[];

export type UnitId = (typeof UNITS)[number]["id"];

/** Chinese magnitudes allowed right after a number: `10万元`, `2.5亿元`. */
export const MAGNITUDES: Readonly<Record<string, number>> = { 千: 3, 万: 4, 亿: 8 };

/** Every spelling of every keyword, for the lexer's longest-match and for "is this a keyword?". */
export function allSpellings(entry: KeywordEntry): readonly string[] {
  return [...entry.zh, ...entry.en];
}
