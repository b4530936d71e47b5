/**
 * The meaning of a decision, case by case: caps against history, once-only, N years in all,
 * splits, exclusions, reviews, clawbacks, targets, working days, input errors, cohorts.
 */
import { describe, expect, it } from "vitest";
import { compile, evaluate as evaluateWith, evaluateCohort, type EvalResult } from "../../compiler/pipeline.js";

/** One applicant ("firm") on 2022-03-01 unless a case says otherwise: the date and the firm are explicit options. */
const evaluate = (p: Parameters<typeof evaluateWith>[0], input: unknown, context: Parameters<typeof evaluateWith>[2] = {}) => evaluateWith(p, input, { asOf: "2022-03-01", firm: "firm", ...context });

const SUZHOU = `政策 苏州市知识产权金融奖励补贴 版本 2021
  有效期 2021-01-01 至 2023-12-31
申报 企业:
  质押融资额: 金额
  担保费: 金额
  评估费: 金额
  是重点企业: 是否
  保费: 金额
  提前退保: 是否
  权属有争议: 是否
  严重失信: 是否
第四条 质押融资奖励:
  奖励 质押奖励 = 最小(质押融资额 × 1%, 10万元)
  限 每家企业 一次
第五条 服务费补贴:
  补贴 服务费补贴 = 担保费 + 评估费
  上限 每家企业 每年 10万元
  限 累计 2年
  分担 市级 50%，区级 50%
第六条 保险补贴:
  补贴 保险补贴 = 保费 如果 是重点企业
  上限 每家企业 30万元
  限 累计 1年
  追回 如果 提前退保 理由 "保险期内提前退保"
第八条 创新奖:
  奖励 创新奖 = 0元
  复核 理由 "择优评定"
第十二条 不予支持:
  除外 如果 权属有争议 或 严重失信 理由 "权属争议或严重失信"
`;

const policy = compile(SUZHOU, { fileName: "suzhou.kuan" });
const base = { 质押融资额: "500万元", 担保费: 30000, 评估费: 10000, 是重点企业: false, 保费: 0, 提前退保: false, 权属有争议: false, 严重失信: false };
const ARTICLES: Record<string, string> = { 质押奖励: "第四条", 服务费补贴: "第五条", 保险补贴: "第六条", 创新奖: "第八条" };
const grant = (rule: string, year: number, amount: string) => ({ policy: "苏州市知识产权金融奖励补贴", version: "2021", article: ARTICLES[rule] ?? "", rule, firm: "firm", date: `${year}-01-01`, amount });

function decided(r: EvalResult) {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.decision;
}

describe("evaluation", () => {
  it("compiles", () => expect(policy.diagnostics.filter((d) => d.severity === "error")).toEqual([]));

  it("Art. 4: 1% of the loan, cited in the trace, money as yuan strings", () => {
    const d = decided(evaluate(policy, base, { asOf: "2022-03-01" }));
    expect(d.outputs["质押奖励"]).toBe("50000.00");
    expect(d.trace.find((t) => t.rule === "质押奖励")?.text.zh).toBe("第四条（质押融资奖励）：质押奖励 = 最小(500万元 × 1%, 10万元) = 5万元");
  });

  it("Art. 4: capped at 100,000, and once per firm", () => {
    expect(decided(evaluate(policy, { ...base, 质押融资额: "2000万元" }, { asOf: "2022-03-01" })).outputs["质押奖励"]).toBe("100000.00");
    const again = decided(evaluate(policy, base, { asOf: "2022-03-01", history: [grant("质押奖励", 2021, "50000")] }));
    expect(again.outputs["质押奖励"]).toBe("0.00");
    expect(again.ruleOutcomes["质押奖励"]).toBe("not-eligible");
  });

  it("Art. 5: 70,000 already this year leaves at most 30,000, split exactly 50/50", () => {
    const d = decided(evaluate(policy, { ...base, 担保费: 60000, 评估费: 20000 }, { asOf: "2022-06-01", history: [grant("服务费补贴", 2022, "70000")] }));
    expect(d.outputs["服务费补贴"]).toBe("30000.00");
    expect(d.grants.find((g) => g.rule === "服务费补贴")?.payers).toEqual([{ payer: "市级", amount: "15000.00" }, { payer: "区级", amount: "15000.00" }]);
  });

  it("Art. 5: the odd fen of a split goes to the first payer", () => {
    const d = decided(evaluate(policy, { ...base, 担保费: "0.01", 评估费: "1000.00" }, { asOf: "2022-06-01" }));
    expect(d.grants.find((g) => g.rule === "服务费补贴")?.payers).toEqual([{ payer: "市级", amount: "500.01" }, { payer: "区级", amount: "500.00" }]);
  });

  it("Art. 5: subsidised in 2021 and 2022 means nothing in 2023 (two years in all)", () => {
    const d = decided(evaluate(policy, base, { asOf: "2023-03-01", history: [grant("服务费补贴", 2021, "40000"), grant("服务费补贴", 2022, "40000")] }));
    expect(d.outputs["服务费补贴"]).toBe("0.00");
    const second = decided(evaluate(policy, base, { asOf: "2022-03-01", history: [grant("服务费补贴", 2021, "40000")] }));
    expect(second.outputs["服务费补贴"]).toBe("40000.00");
  });

  it("Art. 6: clawback on early surrender lists the earlier grant", () => {
    const d = decided(evaluate(policy, { ...base, 是重点企业: true, 保费: 100000, 提前退保: true }, { asOf: "2022-03-01", history: [grant("保险补贴", 2021, "100000")] }));
    expect(d.outputs["保险补贴"]).toBe("0.00");
    expect(d.clawbacks).toEqual([expect.objectContaining({ rule: "保险补贴", amount: "100000.00", date: "2021-01-01" })]);
  });

  it("Art. 8: a discretionary award makes the decision needs-review", () => {
    expect(decided(evaluate(policy, base, { asOf: "2022-03-01" })).outcome).toBe("needs-review");
  });

  it("Art. 12: an exclusion overrides every award, with its article and reason", () => {
    const d = decided(evaluate(policy, { ...base, 严重失信: true }, { asOf: "2022-03-01" }));
    expect(d.grants).toEqual([]);
    expect(d.reasons.filter((r) => r.kind === "excluded")).toEqual([expect.objectContaining({ article: "第十二条", reason: "权属争议或严重失信", rules: ["质押奖励", "服务费补贴", "保险补贴", "创新奖"] })]);
    expect(d.trace.some((t) => t.text.en.includes("excluded"))).toBe(true);
  });

  it("outside the validity period nothing is granted", () => {
    const d = decided(evaluate(policy, base, { asOf: "2024-01-02" }));
    expect(d.outcome).toBe("not-applicable");
    expect(d.grants).toEqual([]);
  });

  it("bad input gets an error naming the field, never a number", () => {
    const r = evaluate(policy, { ...base, 质押融资额: -5, 担保费: "三万", 是重点企业: "maybe", 多余: 1, 评估费: undefined }, { asOf: "2022-03-01" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual(["多余", "担保费", "是重点企业", "评估费", "质押融资额"].sort());
    expect(r.errors.find((e) => e.field === "质押融资额")?.message.en).toBe("an amount cannot be negative");
  });

  it("amounts finer than a fen are refused; magnitudes are read exactly", () => {
    const r = evaluate(policy, { ...base, 担保费: 0.001 }, { asOf: "2022-03-01" });
    expect(r.ok).toBe(false);
    expect(decided(evaluate(policy, { ...base, 质押融资额: "2.5亿元" }, { asOf: "2022-03-01" })).outputs["质押奖励"]).toBe("100000.00");
  });

  it("a malformed history entry is an error naming it", () => {
    const r = evaluate(policy, base, { history: [grant("服务费补贴", 2022, "abc")] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.field).toBe("history[0].amount");
  });
});

describe("rounding", () => {
  const policy = compile(`政策 舍入 版本 2021
  舍入 舍去 至 分
申报 企业:
  贷款: 金额
第一条:
  奖励 按元 = 贷款 × 1.5% 舍入 四舍五入 至 元
  奖励 按分 = 贷款 × 1.5%
`);
  it("a rule may round its own way; the others follow the policy", () => {
    const d = decided(evaluate(policy, { 贷款: "12345.67" }));
    // 12345.67 × 1.5% = 185.18505: half up to the yuan → 185; down to the fen → 185.18
    expect(d.outputs["按元"]).toBe("185.00");
    expect(d.outputs["按分"]).toBe("185.18");
  });
});

describe("targets and working days", () => {
  const plan = compile(`政策 规划 版本 2025
申报 统计:
  专利密集型产业占比: 比例
  立项日期: 日期
目标 占比目标 = 专利密集型产业占比 ≥ 13%
期限 验收申请截止 = 立项日期 + 3年 + 10个工作日
`);
  it("says met or not and the gap", () => {
    const d = decided(evaluate(plan, { 专利密集型产业占比: "12.4%", 立项日期: "2021-09-24" }));
    expect(d.outputs["占比目标"]).toBe(false);
    expect(d.trace.find((t) => t.rule === "占比目标")?.text.zh).toContain("差 0.6%");
  });
  it("counts working days over the National Day holiday with its make-up days", () => {
    expect(decided(evaluate(plan, { 专利密集型产业占比: "13%", 立项日期: "2021-09-24" })).outputs["验收申请截止"]).toBe("2024-10-12");
  });
});

describe("cohort", () => {
  const peak = compile(`政策 登峰 版本 2021
  有效期 2021-01-01 至 2023-12-31
申报 企业:
  评审得分: 个
  合格: 是否
第六条 项目支持:
  补贴 立项资助 = 30万元 如果 合格
  名额 每年 2个 按 评审得分
`);
  it("funds the best two and leaves a tie at the cut for review", () => {
    const apps = [["a", 90], ["b", 80], ["c", 95], ["d", 80]].map(([id, s]) => ({ id: String(id), input: { 评审得分: s, 合格: true } }));
    const top = evaluateCohort(peak, apps, { asOf: "2022-01-01" }).placements;
    expect(top.filter((p) => p.outcome === "eligible").map((p) => p.id)).toEqual(["c", "a"]);
    const tie = evaluateCohort(peak, apps.filter((a) => a.id !== "c"), { asOf: "2022-01-01" }).placements;
    expect(tie.map((p) => `${p.id}:${p.outcome}`)).toEqual(["a:eligible", "b:needs-review", "d:needs-review"]);
  });
});
