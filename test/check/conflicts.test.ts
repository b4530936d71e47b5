/**
 * Definitions of one name from different places: the checker sees disjoint conditions, asks for
 * a priority (优先于 / overrides) or 按最高标准 (take the highest) otherwise, and the evaluator
 * honours the order it found. The property test checks the disjointness prover is sound: two
 * conditions it calls disjoint never hold together, and a witness of overlap makes both hold.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, evaluate } from "../../compiler/pipeline.js";
import { relation } from "../../compiler/check/conflicts.js";
import type * as A from "../../grammar/ast.js";

/** Errors only: the test programs leave most of their inputs unused (K4002). */
function errors(source: string): ReturnType<typeof compile>["diagnostics"] {
  return compile(source).diagnostics.filter((d) => d.severity === "error");
}

function codes(source: string): string[] {
  return errors(source).map((d) => d.code);
}

const ZH_HEADER = "政策 冲突 版本 2021\n申报 企业:\n  专利数: 件\n  是重点企业: 是否\n  等级: 之一(优秀, 良好, 合格)\n  成立日期: 日期\n  年限: 年\n  占比: 比例\n  投入: 金额\n  财政: 金额\n";

/** Two definitions of 奖金 in 第五条 and 第六条 under the conditions given. */
function pair(a: string, b: string, extra = ""): string {
  return `${ZH_HEADER}第五条:\n  奖励 奖金 = 10万元 如果 ${a}\n第六条:\n  奖励 奖金 = 20万元 如果 ${b}${extra}\n`;
}

describe("conflicting definitions", () => {
  it.each([
    ["是重点企业", "非 是重点企业"],
    ["是重点企业 = 是", "是重点企业 = 否"],
    ["专利数 ≥ 50件", "专利数 < 50件"],
    ["专利数 > 49件", "专利数 ≤ 49件"],
    ["专利数 ≥ 20件 且 专利数 < 50件", "专利数 ≥ 50件"],
    ["非 (专利数 ≥ 50件)", "专利数 ≥ 50件"],
    ["等级 = 优秀", "等级 属于 (良好, 合格)"],
    ["等级 = 优秀", "等级 ≠ 优秀"],
    ["成立日期 < 2021-01-01", "成立日期 ≥ 2021年1月1日"],
    ["年限 ≥ 3年", "年限 < 36个月"],
    ["占比 ≥ 10%", "占比 < 10.00%"],
    ["投入 > 100万元", "投入 ≤ 1000000元"],
    ["是重点企业 且 专利数 ≥ 50件", "非 是重点企业 或 专利数 < 50件"],
  ])("accepts %s / %s: they never both hold", (a, b) => {
    expect(codes(pair(a, b))).toEqual([]);
  });

  it.each([
    ["是重点企业", "是重点企业", "K4011"],
    ["专利数 ≥ 50件 且 是重点企业", "专利数 ≥ 五十件 并且 是重点企业", "K4011"],
    ["专利数 ≥ 20件", "专利数 ≥ 50件", "K4012"],
    ["专利数 < 50件", "专利数 > 48件", "K4012"],
    ["等级 属于 (优秀, 良好)", "等级 ≠ 优秀", "K4012"],
    ["是重点企业", "专利数 ≥ 1件", "K4012"],
    ["投入 > 财政", "是重点企业", "K4013"],
    ["投入 > 财政", "投入 ≤ 财政 × 2", "K4013"],
  ])("rejects %s / %s with %s, naming both places", (a, b, code) => {
    const result = compile(pair(a, b));
    const d = result.diagnostics.find((x) => x.code === code);
    expect(codes(pair(a, b))).toEqual([code]);
    expect(d?.args).toMatchObject({ name: "奖金", first: "第五条", second: "第六条" });
    expect(d?.related?.length).toBe(1);
    const related = d?.related?.[0];
    expect(related && result.source.slice(related.span.start, related.span.end)).toBe(a);
    expect(d && result.source.slice(d.span.start, d.span.end)).toBe(b);
  });

  it("accepts the same overlap once a priority or the highest is given", () => {
    expect(codes(pair("专利数 ≥ 20件", "专利数 ≥ 50件 优先于 第五条"))).toEqual([]);
    expect(codes(pair("专利数 ≥ 20件", "专利数 ≥ 50件", "\n按最高标准 奖金"))).toEqual([]);
    expect(codes(pair("投入 > 财政 优先于 第六条", "是重点企业"))).toEqual([]);
  });

  it("says where two conditions meet", () => {
    const d = errors(pair("专利数 ≥ 20件 且 是重点企业", "专利数 < 30件 且 等级 = 良好"))[0];
    expect(d?.args["witness"]).toBe("专利数 = 20件，是重点企业 = 是，等级 = 良好");
    expect(d?.args["witnessEn"]).toBe("专利数 = 20 items, 是重点企业 = yes, 等级 = 良好");
  });

  it("orders three definitions by their priorities and takes the first that holds", () => {
    const source = `${ZH_HEADER}第五条:\n  奖励 奖金 = 10万元 如果 专利数 ≥ 10件\n第六条:\n  奖励 奖金 = 20万元 如果 专利数 ≥ 20件 优先于 第五条\n第七条:\n  奖励 奖金 = 30万元 如果 是重点企业 优先于 第六条\n`;
    // 第七条 over 第六条 over 第五条: 第七条 also prevails over 第五条 (priorities are transitive).
    const result = compile(source);
    expect(codes(source)).toEqual([]);
    expect(result.ir?.rules.find((r) => r.name === "奖金")?.definitions.map((d) => d.article?.label)).toEqual(["第七条", "第六条", "第五条"]);
    const base = { 专利数: 25, 等级: "合格", 成立日期: "2020-01-01", 年限: 1, 占比: "1%", 投入: 0, 财政: 0 };
    const outputs = (app: object) => {
      const r = evaluate(result, app, { asOf: "2021-06-01" });
      return r.ok ? r.decision.outputs["奖金"] : r.errors;
    };
    expect(outputs({ ...base, 是重点企业: true })).toBe("300000.00");
    expect(outputs({ ...base, 是重点企业: false })).toBe("200000.00");
    expect(outputs({ ...base, 专利数: 12, 是重点企业: false })).toBe("100000.00");
  });

  it("reports a cycle of priorities, a priority naming no definition, a default with a priority, and a priority beside the highest", () => {
    expect(codes(pair("是重点企业 优先于 第六条", "专利数 ≥ 1件 优先于 第五条"))).toEqual(["K4014"]);
    expect(codes(pair("是重点企业 优先于 第九条", "专利数 ≥ 1件"))).toEqual(["K2015", "K4012"]);
    expect(codes(`${ZH_HEADER}第五条:\n  奖励 奖金 = 10万元 优先于 第六条\n第六条:\n  奖励 奖金 = 20万元 如果 是重点企业\n`)).toEqual(["K4015"]);
    expect(codes(pair("是重点企业 优先于 第六条", "专利数 ≥ 1件", "\n按最高标准 奖金"))).toEqual(["K4016"]);
  });

  it("keeps the English keywords and the Chinese ones alike", () => {
    const en = "policy p version 2021\napplication firm:\n  patents: items\narticle 5:\n  reward bonus = 100000 yuan if patents >= 20 items\narticle 6:\n  reward bonus = 200000 yuan if patents >= 50 items\n";
    expect(codes(en)).toEqual(["K4012"]);
    expect(codes(en.replace("50 items\n", "50 items overrides article 5\n"))).toEqual([]);
    expect(codes(`${en}take the highest bonus\n`)).toEqual([]);
    expect(codes(en.replace(">= 50 items", "< 20 items"))).toEqual([]);
  });

  it("takes the highest definition that holds, and says so in the trace", () => {
    const source = pair("专利数 ≥ 20件", "专利数 ≥ 50件", "\n按最高标准 奖金").replace("10万元 如果", "专利数 × 5000元 如果");
    const result = compile(source);
    expect(codes(source)).toEqual([]);
    const app = { 专利数: 60, 是重点企业: false, 等级: "合格", 成立日期: "2020-01-01", 年限: 1, 占比: "1%", 投入: 0, 财政: 0 };
    const r = evaluate(result, app, { asOf: "2021-06-01" });
    expect(r.ok && r.decision.outputs["奖金"]).toBe("300000.00");
    const choice = r.ok ? r.decision.trace.find((t) => t.text.zh.includes("按最高标准")) : undefined;
    expect(choice?.text).toEqual({
      zh: "第五条：奖金：第五条 30万元、第六条 20万元 都适用，按最高标准取 第五条 30万元（不重复）",
      en: "第五条: 奖金: 第五条 300,000 yuan and 第六条 200,000 yuan all apply; the highest counts: 第五条 300,000 yuan (not stacked)",
    });
  });

  it("names the priority that decided in the trace", () => {
    const result = compile(pair("专利数 ≥ 20件", "是重点企业 优先于 第五条"));
    const app = { 专利数: 60, 是重点企业: true, 等级: "合格", 成立日期: "2020-01-01", 年限: 1, 占比: "1%", 投入: 0, 财政: 0 };
    const r = evaluate(result, app, { asOf: "2021-06-01" });
    expect(r.ok && r.decision.outputs["奖金"]).toBe("200000.00");
    expect(r.ok && r.decision.trace.map((t) => t.text.zh)).toContain("第六条：奖金：第六条、第五条 的定义都适用，按 第六条（优先于 第五条）");
  });
});

// ---------------------------------------------------------------- soundness of the prover

const ATOMS: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("是重点企业", "非 是重点企业", "等级 = 优秀", "等级 ≠ 良好", "等级 属于 (良好, 合格)"),
  fc.tuple(fc.constantFrom("<", "≤", ">", "≥", "=", "≠"), fc.integer({ min: 0, max: 6 })).map(([op, n]) => `专利数 ${op} ${n}件`),
  fc.tuple(fc.constantFrom("<", "≥"), fc.integer({ min: 0, max: 4 })).map(([op, n]) => `投入 ${op} ${n}元`),
);

const CONDITION: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    ATOMS,
    fc.tuple(tie("c"), fc.constantFrom("且", "或"), tie("c")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie("c").map((a) => `非 (${a})`),
  ),
})).c;

const PROPERTY_HEADER = "政策 性质 版本 2021\n申报 企业:\n  专利数: 件\n  是重点企业: 是否\n  等级: 之一(优秀, 良好, 合格)\n  投入: 金额\n";

function conditionsOf(source: string): [A.Expr, A.Expr, ReturnType<typeof compile>] {
  const result = compile(source);
  const rules = result.ast.items.filter((i): i is A.RuleDecl => i.kind === "Rule");
  return [rules[0]?.value as A.Expr, rules[1]?.value as A.Expr, result];
}

describe("the disjointness prover", () => {
  it("is sound: disjoint conditions never hold together, an overlap's witness makes both hold", () => {
    const applications: Record<string, unknown>[] = [];
    for (let n = 0; n <= 7; n++) for (const key of [true, false]) for (const grade of ["优秀", "良好", "合格"]) for (const money of [0, 1, 2, 3, 4, 5]) applications.push({ 专利数: n, 是重点企业: key, 等级: grade, 投入: money });
    fc.assert(
      fc.property(CONDITION, CONDITION, (a, b) => {
        const source = `${PROPERTY_HEADER}资格 甲 = ${a}\n资格 乙 = ${b}\n`;
        const [ea, eb, result] = conditionsOf(source);
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const r = relation(ea, eb, { types: result.program.types, refs: result.program.refs });
        const both = applications.filter((app) => {
          const d = evaluate(result, app, { trace: false, asOf: "2021-06-01" });
          return d.ok && d.decision.outputs["甲"] === true && d.decision.outputs["乙"] === true;
        });
        if (r.kind === "disjoint") expect(both).toEqual([]);
        if (r.kind === "identical") {
          for (const app of applications) {
            const d = evaluate(result, app, { trace: false, asOf: "2021-06-01" });
            expect(d.ok && d.decision.outputs["甲"]).toBe(d.ok && d.decision.outputs["乙"]);
          }
        }
        if (r.kind === "overlap") {
          // The witness names a value for each input the two conditions constrain; the rest may be anything.
          const app: Record<string, unknown> = { 专利数: 0, 是重点企业: false, 等级: "合格", 投入: 0 };
          for (const part of r.witness.zh.split("，")) {
            const [name = "", value = ""] = part.split(" = ");
            app[name] = value.endsWith("件") ? Number(value.slice(0, -1)) : value.endsWith("元") ? value.slice(0, -1) : value === "是" ? true : value === "否" ? false : value;
          }
          const d = evaluate(result, app, { trace: false, asOf: "2021-06-01" });
          expect(d.ok && [d.decision.outputs["甲"], d.decision.outputs["乙"]], `${a} / ${b} at ${r.witness.zh}`).toEqual([true, true]);
        }
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
