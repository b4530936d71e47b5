/**
 * The 2025 targets of the national outline (03) and of the Jiangsu 14th five-year plan (05):
 * evaluated on given statistics, each says met or not met and, when not met, the gap — which the
 * examples in the policy files cannot state (they check met / not met only).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile, evaluate, type CompileResult } from "../../compiler/pipeline.js";

const load = (f: string) => compile(readFileSync(fileURLToPath(new URL(`../../policies/${f}`, import.meta.url)), "utf8"));
const outline = load("national-ip-outline-2021-2035.kuan");
const jiangsu = load("jiangsu-ip-14th-five-year-plan.kuan");

/** Each target's line of the trace, in Chinese, keyed by the target's name. */
function targets(policy: CompileResult, stats: Record<string, unknown>, asOf = "2025-12-31") {
  const input: Record<string, unknown> = {};
  for (const i of policy.ir?.inputs ?? []) input[i.name] = 0;
  const r = evaluate(policy, { ...input, ...stats }, { asOf });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const lines: Record<string, { met: boolean | string | null; text: string }> = {};
  for (const t of r.decision.trace) if (t.rule && policy.ir?.rules.find((x) => x.name === t.rule)?.kind === "target") lines[t.rule] = { met: r.decision.outputs[t.rule] ?? null, text: t.text.zh };
  return { outcome: r.decision.outcome, lines };
}

describe("知识产权强国建设纲要: four 2025 targets", () => {
  it("has every target as a target rule", () => {
    expect(outline.ir?.rules.filter((r) => r.kind === "target").map((r) => r.name)).toEqual(["专利密集型产业占比达标", "版权产业占比达标", "知识产权使用费达标", "高价值发明专利拥有量达标"]);
  });

  it("says met / not met and the gap for each", () => {
    const t = targets(outline, { 专利密集型产业增加值占GDP比重: "12.4%", 版权产业增加值占GDP比重: "7.6%", 知识产权使用费年进出口总额: "3200亿元", 每万人口高价值发明专利拥有量: 6.3 });
    expect(t.outcome).toBe("not-eligible");
    expect(t.lines["专利密集型产业占比达标"]).toEqual({ met: false, text: expect.stringContaining("未达成，差 0.6%") });
    expect(t.lines["版权产业占比达标"]).toEqual({ met: true, text: expect.stringContaining("已达成") });
    expect(t.lines["知识产权使用费达标"]).toEqual({ met: false, text: expect.stringContaining("未达成，差 300亿元") });
    expect(t.lines["高价值发明专利拥有量达标"]).toEqual({ met: false, text: expect.stringContaining("未达成，差 5.7") });
  });

  it("is met when every indicator reaches its goal exactly", () => {
    const t = targets(outline, { 专利密集型产业增加值占GDP比重: "13%", 版权产业增加值占GDP比重: "7.5%", 知识产权使用费年进出口总额: "3500亿元", 每万人口高价值发明专利拥有量: 12 });
    expect(t.outcome).toBe("eligible");
    expect(Object.values(t.lines).every((l) => l.met === true && !l.text.includes("差"))).toBe(true);
  });
});

describe("江苏省“十四五”知识产权发展规划: 2025 targets", () => {
  const goals: Record<string, unknown> = {
    万人高价值发明专利拥有量: 17, 新增海外发明专利授权量: 20000, 万人作品著作权登记量: 400, 马德里商标有效注册量: 6000, 集成电路布图设计登记量: 40000,
    新增国家级知识产权保护中心: 3, 新增快速维权中心: 4, 新增国家级知识产权保护规范化市场: 10, 新增省级知识产权保护示范区: 10, 新增省级正版正货示范街区和行业: 80, 知识产权保护社会满意度: 80,
    专利密集型产业增加值占GDP比重: "17%", 版权产业增加值占GDP比重: "8.6%", 地理标志产品年度销售额: "2000亿元", 知识产权质押登记担保金额: "800亿元",
    新增贯标单位: 10000, 新增知识产权优势示范企业: 1000, 万企有效注册商标企业数: 1300,
    知识产权服务机构从业人员: 40000, 知识产权服务机构主营业务收入: "200.01亿元", 专利代理率: "80%",
    新增知识产权高层次人才: 500, 培养专利代理师: 3000, 培训各类人员: 65000, 省级地理标志保护和促进试验区: 20,
  };

  it("has 25 targets, one for each quantitative goal of the plan", () => {
    expect(jiangsu.ir?.rules.filter((r) => r.kind === "target")).toHaveLength(25);
  });

  it("is met at the goals", () => {
    const t = targets(jiangsu, goals);
    expect(t.outcome).toBe("eligible");
    expect(Object.keys(t.lines)).toHaveLength(25);
  });

  it("gives the gap of each target missed", () => {
    const t = targets(jiangsu, { ...goals, 专利密集型产业增加值占GDP比重: "16.95%", 知识产权质押登记担保金额: "799.99亿元", 新增国家级知识产权保护中心: 2, 培训各类人员: 60000, 专利代理率: "79.9%" });
    expect(t.outcome).toBe("not-eligible");
    const missed = Object.entries(t.lines).filter(([, l]) => l.met === false).map(([name, l]) => [name, l.text.replace(/^.*未达成，/, "")]);
    expect(missed).toEqual([
      ["保护中心达标", "差 1个"],
      ["专利密集型产业占比达标", "差 0.05%"],
      ["质押担保金额达标", "差 100万元"],
      ["专利代理率达标", "差 0.1%"],
      ["培训人次达标", "差 5000次"],
    ]);
  });
});
