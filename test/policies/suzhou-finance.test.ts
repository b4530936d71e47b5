/**
 * What the examples in policies/suzhou-ip-finance-*.kuan cannot state: each payer's part of a split
 * award (第五条, 第六条: 市级 50%, 区级 50%), the grants a clawback lists for recovery (第十条), and
 * how the illustrative 2024 revision decides the same application differently.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile, evaluate, type CompileResult, type DecisionView } from "../../compiler/pipeline.js";

const load = (f: string) => compile(readFileSync(fileURLToPath(new URL(`../../policies/${f}`, import.meta.url)), "utf8"), { fileName: f });
const v2021 = load("suzhou-ip-finance-2021.kuan");
const v2024 = load("suzhou-ip-finance-2024.kuan");

/** An application: every input left out is 否 / 0, as in the examples. */
function decide(policy: CompileResult, given: Record<string, unknown>, context: Parameters<typeof evaluate>[2] = {}): DecisionView {
  const input: Record<string, unknown> = {};
  for (const i of policy.ir?.inputs ?? []) input[i.name] = i.spec.type === "bool" ? false : 0;
  const r = evaluate(policy, { ...input, ...given }, { firm: "f1", project: "p1", asOf: "2021-06-01", ...context });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.decision;
}

const articleOf = (rule: string) => v2021.ir?.rules.find((r) => r.name === rule)?.article?.label ?? "";
const grant = (rule: string, year: number, amount: string) => ({ policy: "苏州市知识产权金融奖励补贴实施办法（试行）", version: "2021", rule, article: articleOf(rule), firm: "f1", project: "p1", date: `${year}-01-01`, amount });

describe("苏州 2021: splits between city and district", () => {
  it("第五条 halves the service subsidy", () => {
    const d = decide(v2021, { 已放款: true, 担保费: "3万元", 评估费: "1万元" });
    expect(d.grants.find((g) => g.rule === "服务费补贴")?.payers).toEqual([
      { payer: "市级", amount: "20000.00" },
      { payer: "区级", amount: "20000.00" },
    ]);
  });

  it("第五条 gives an odd fen to the payer listed first, and the parts add up", () => {
    const d = decide(v2021, { 已放款: true, 担保费: "0.03元" });
    expect(d.grants.find((g) => g.rule === "服务费补贴")?.payers).toEqual([
      { payer: "市级", amount: "0.02" },
      { payer: "区级", amount: "0.01" },
    ]);
  });

  it("第五条 splits the capped amount, not the fees", () => {
    // 8万 + 2万 fees this year, 7万 granted already: 3万 now, 1.5万 each
    const d = decide(v2021, { 已放款: true, 担保费: "8万元", 评估费: "2万元" }, { asOf: "2022-06-01", history: [grant("服务费补贴", 2022, "70000")] });
    const g = d.grants.find((x) => x.rule === "服务费补贴");
    expect(g?.amount).toBe("30000.00");
    expect(g?.payers?.map((p) => p.amount)).toEqual(["15000.00", "15000.00"]);
  });

  it("第六条 halves the insurance subsidy at its cap", () => {
    const d = decide(v2021, { 是重点企业: true, 已付清保费: true, 保险保费: "45万元" });
    const g = d.grants.find((x) => x.rule === "保险补贴");
    expect(g?.amount).toBe("300000.00");
    expect(g?.payers?.map((p) => [p.payer, p.amount])).toEqual([["市级", "150000.00"], ["区级", "150000.00"]]);
  });

  it("第四条 and 第七条 are not split", () => {
    const d = decide(v2021, { 已放款: true, 质押融资额: "500万元", 是债券发行人: true, 债券利息: "100万元" });
    expect(d.grants.map((g) => [g.rule, g.amount, g.payers ?? null])).toEqual([
      ["质押奖励", "50000.00", null],
      ["债券补贴", "500000.00", null],
    ]);
  });
});

describe("苏州 2021: 第十条 clawback of the insurance subsidy on early surrender", () => {
  it("lists the earlier insurance grant for recovery and grants nothing now", () => {
    const earlier = grant("保险补贴", 2021, "200000");
    const d = decide(v2021, { 是重点企业: true, 已付清保费: true, 保险保费: "20万元", 提前退保: true }, { asOf: "2022-04-01", history: [earlier, grant("服务费补贴", 2021, "50000")] });
    expect(d.outcome).toBe("not-eligible");
    expect(d.grants.filter((g) => g.rule === "保险补贴")).toEqual([]);
    expect(d.clawbacks.map((g) => [g.rule, g.date, g.amount])).toEqual([["保险补贴", "2021-01-01", "200000.00"]]);
  });

  it("has nothing to recover when nothing was granted before", () => {
    const d = decide(v2021, { 是重点企业: true, 已付清保费: true, 保险保费: "20万元", 提前退保: true });
    expect(d.outcome).toBe("not-eligible");
    expect(d.clawbacks).toEqual([]);
    expect(d.grants).toEqual([]);
  });

  it("does not touch the other awards", () => {
    const d = decide(v2021, { 已放款: true, 质押融资额: "500万元", 是重点企业: true, 已付清保费: true, 保险保费: "20万元", 提前退保: true });
    expect(d.grants.map((g) => g.rule)).toEqual(["质押奖励"]);
    expect(d.ruleOutcomes["保险补贴"]).toBe("not-eligible");
  });
});

describe("the illustrative 2024 revision against 2021", () => {
  it("is marked as made up in its header", () => {
    expect(v2024.source.split("\n").slice(0, 3).join("\n")).toContain("示例修订，非真实文件");
    expect(v2024.ok).toBe(true);
  });

  it("raises the 第四条 cap to 200,000 yuan", () => {
    const app = { 已放款: true, 质押融资额: "3000万元" };
    expect(decide(v2021, app, { asOf: "2023-06-01" }).outputs["质押奖励"]).toBe("100000.00");
    expect(decide(v2024, app, { asOf: "2024-06-01" }).outputs["质押奖励"]).toBe("200000.00");
  });

  it("allows a third year of 第五条", () => {
    const app = { 已放款: true, 担保费: "4万元" };
    const two = [grant("服务费补贴", 2021, "50000"), grant("服务费补贴", 2022, "50000")];
    expect(decide(v2021, app, { asOf: "2023-06-01", history: two }).outputs["服务费补贴"]).toBe("0.00");
    const twoLater = [grant("服务费补贴", 2024, "50000"), grant("服务费补贴", 2025, "50000")];
    expect(decide(v2024, app, { asOf: "2026-06-01", history: twoLater }).outputs["服务费补贴"]).toBe("40000.00");
  });

  it("adds an exclusion the 2021 version does not have", () => {
    expect(v2021.ir?.inputs.some((i) => i.name === "材料弄虚作假")).toBe(false);
    const d = decide(v2024, { 已放款: true, 质押融资额: "500万元", 材料弄虚作假: true }, { asOf: "2024-06-01" });
    expect(d.outcome).toBe("not-eligible");
    expect(d.reasons.map((r) => r.article)).toContain("第十二条");
  });
});
