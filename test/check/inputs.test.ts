/**
 * Inputs as officers and systems give them: declared defaults (eval, examples, schema and the
 * emitted module agree), decimal quantities, the application date in rules, definitions computed
 * only where they are needed, and policies that only compute.
 */
import { describe, expect, it } from "vitest";
import { compile, emit, evaluate, runExamples } from "../../compiler/pipeline.js";
import { loadEmitted } from "../helpers/emitted.js";

function ok(source: string): ReturnType<typeof compile> {
  const result = compile(source);
  expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual([]);
  return result;
}

describe("defaults", () => {
  const zh = "政策 默认 版本 2021\n申报 企业:\n  专利数: 件\n  境外申请: 件 默认 2件\n  评价结果: 之一(优秀, 合格) 默认 合格\n  立项日期: 日期 默认 2021-06-01\n  年限: 年 默认 3年\n  贷款: 金额 默认 10万元\n第五条:\n  奖励 奖金 = 贷款 × 1% 如果 专利数 + 境外申请 ≥ 3件 且 评价结果 = 合格 且 立项日期 < 2022-01-01 且 年限 ≥ 36个月\n";

  it("fill what the application leaves out, in kuan eval and in the emitted module alike", async () => {
    const result = ok(zh);
    const r = evaluate(result, { 专利数: 1 }, { asOf: "2021-06-01" });
    expect(r.ok && r.decision.outputs["奖金"]).toBe("1000.00");
    const emitted = await loadEmitted(result);
    const e = emitted.evaluate({ 专利数: 1 }, { asOf: "2021-06-01" });
    expect(e.ok && e.decision.outputs["奖金"]).toBe(100000);
    // A given value wins over the default.
    const given = evaluate(result, { 专利数: 1, 境外申请: 0 }, { asOf: "2021-06-01" });
    expect(given.ok && given.decision.outputs["奖金"]).toBe("0.00");
  });

  it("leave a field without a default required", () => {
    const r = evaluate(ok(zh), {}, { asOf: "2021-06-01" });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(["专利数"]);
  });

  it("are what examples take, and the schema says so", () => {
    const result = ok(`${zh}例 "a":\n  专利数 = 1件\n  预期 奖金 = 1000元\n`);
    expect(runExamples(result).map((x) => x.passed)).toEqual([true]);
    const schema = JSON.parse(emit(result)?.schema ?? "{}") as { required: string[]; properties: Record<string, { default?: unknown }> };
    expect(schema.required).toEqual(["专利数"]);
    expect(schema.properties["年限"]?.default).toBe("3");
    expect(schema.properties["贷款"]?.default).toBe("100000");
    expect(schema.properties["评价结果"]?.default).toBe("合格");
  });

  it("must have the field's type", () => {
    const codes = compile("policy p version 2021\napplication firm:\n  patents: items default 0 entries\n  age: years default 6 months\neligibility e = patents >= 1 items and age >= 1 years\n").diagnostics.map((d) => d.code);
    expect(codes).toEqual(["K3025"]);
    const years = compile("policy p version 2021\napplication firm:\n  age: years default 6 months\neligibility e = age >= 1 years\n").diagnostics.map((d) => d.code);
    expect(years).toEqual(["K5003"]);
  });
});

describe("quantities", () => {
  const source = "政策 指标 版本 2021\n申报 统计:\n  每万人口拥有量: 数值\n  专利数: 件\n  人口: 数值\n定义 计算值 = 专利数 ÷ 人口 × 10000\n目标 拥有量目标 = 每万人口拥有量 ≥ 12\n目标 计算目标 = 计算值 ≥ 12.5\n";

  it("take decimals in kuan eval (a count would not)", () => {
    const r = evaluate(ok(source), { 每万人口拥有量: 12.49, 专利数: 1764, 人口: "1412000" }, { asOf: "2021-06-01" });
    expect(r.ok && r.decision.outputs).toMatchObject({ 拥有量目标: true, 计算目标: false, 计算值: "12.492918" });
    const bad = evaluate(ok(source), { 每万人口拥有量: "多", 专利数: 1, 人口: 1 }, { asOf: "2021-06-01" });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(["每万人口拥有量"]);
  });

  it("do not mix with money", () => {
    expect(compile("policy p version 2021\napplication s:\n  q: quantity\n  m: money\ntarget t = q + m >= 1 yuan\n").diagnostics.map((d) => d.code)).toEqual(["K3001"]);
  });
});

describe("the application date", () => {
  const zh = "政策 申报日期 版本 2021\n  有效期 2021-01-01 至 2023-12-31\n申报 企业:\n  成立日期: 日期\n资格 设立三年以上 = 成立日期 + 3年 ≤ 申报日期\n";
  const en = "policy p version 2021\n  valid 2021-01-01 to 2023-12-31\napplication firm:\n  founded: date\neligibility three_years = founded + 3 years <= application date\n";

  it("is the date the application is decided at, in both spellings", () => {
    const at = (source: string, input: object, asOf: string) => {
      const r = evaluate(ok(source), input, { asOf });
      return r.ok ? r.decision.outcome : r.errors;
    };
    expect(at(zh, { 成立日期: "2019-03-01" }, "2022-03-01")).toBe("eligible");
    expect(at(zh, { 成立日期: "2019-03-01" }, "2022-02-28")).toBe("not-eligible");
    expect(at(en, { founded: "2019-03-01" }, "2022-03-01")).toBe("eligible");
    expect(at(en, { founded: "2019-03-02" }, "2022-03-01")).toBe("not-eligible");
  });
});

describe("definitions", () => {
  const source = "政策 按需 版本 2021\n申报 统计:\n  专利数: 件\n  人口: 件\n定义 人均 = 专利数 ÷ 人口\n资格 达标 = 如果 人口 > 0件 则 人均 ≥ 10% 否则 否\n资格 必算 = 人均 ≥ 10%\n";

  it("are computed only where they are needed: a branch not taken does not divide by zero", async () => {
    const result = ok(source.replace("资格 必算 = 人均 ≥ 10%\n", ""));
    const r = evaluate(result, { 专利数: 5, 人口: 0 }, { asOf: "2021-06-01" });
    expect(r.ok && r.decision.outputs).toMatchObject({ 达标: false, 人均: null });
    const emitted = await loadEmitted(result);
    const e = emitted.evaluate({ 专利数: 5, 人口: 0 }, { asOf: "2021-06-01" });
    expect(e.ok && e.decision.outputs["达标"]).toBe(false);
  });

  it("still fail where their value is used", () => {
    const r = evaluate(ok(source), { 专利数: 5, 人口: 0 }, { asOf: "2021-06-01" });
    expect(r.ok).toBe(false);
  });
});

describe("a policy that only computes", () => {
  it("has its definitions as its results: nothing is reported unused", () => {
    const result = compile("政策 税额 版本 2021\n申报 企业:\n  收入: 金额\n  成本: 金额\n定义 利润 = 收入 - 成本\n定义 应纳税额 = 利润 × 25%\n");
    expect(result.diagnostics).toEqual([]);
    const en = compile("policy tax version 2021\napplication firm:\n  income: money\nlet tax = income × 25%\n");
    expect(en.diagnostics).toEqual([]);
  });

  it("is neither eligible nor not eligible: its outcome is computed", () => {
    const r = evaluate(ok("policy tax version 2021\napplication firm:\n  income: money\nlet tax = income × 25%\n"), { income: 100 }, { asOf: "2021-06-01" });
    expect(r.ok && [r.decision.outcome, r.decision.outputs["tax"]]).toEqual(["computed", "25.00"]);
  });

  it("still warns about an unused input when other rules decide", () => {
    const result = compile("政策 p 版本 2021\n申报 企业:\n  收入: 金额\n  成本: 金额\n定义 利润 = 成本\n第五条:\n  奖励 = 收入 × 1%\n");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["K4003", "K4007"]);
  });
});
