/**
 * Impact over a population and synthetic populations: the figures of a small population worked
 * out by hand, a bad row named by line and field, JSON Lines read like CSV, and gen-population
 * deterministic for a seed, readable by compiler/applications, weighted on the policy's turning
 * points.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseApplications } from "../../compiler/applications/index.js";
import { generatePopulation } from "../../compiler/diff/gen-population.js";
import { compile, diffImpact, type CompileResult } from "../../compiler/pipeline.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const load = (file: string): CompileResult => compile(readFileSync(join(repo, file), "utf8"), { fileName: file });
const oldAmount = load("test/cases/diff/amount/old.kuan");
const newAmount = load("test/cases/diff/amount/new.kuan");

const CSV = [
  "id,firm,date,贷款,已放款,担保费,失信",
  "A1,F1,2022-03-01,3000万元,是,0,否", // 10万 → 20万
  "A2,F2,2022-03-01,500万元,是,2万元,否", // 5万 + 2万 both times
  "A3,F3,2022-03-01,1500万元,是,0,否", // 10万 → 15万
  "A4,F4,2022-03-01,3000万元,否,0,否", // not paid out: nothing either time
].join("\n");

describe("impact over a population", () => {
  it("counts changed amounts, winners, totals per payer and the largest changes", () => {
    const result = diffImpact(oldAmount, newAmount, "population.csv", CSV);
    const r = result?.report;
    if (!r) throw new Error(JSON.stringify(result?.errors));
    expect(r.applications).toBe(4);
    expect([r.changedAmount, r.winners, r.losers, r.changedOutcome]).toEqual([2, 2, 0, 0]);
    // Unsplit (Art. 4): 10万 + 5万 + 10万 → 20万 + 5万 + 15万; the 2万 of Art. 5 split 50/50.
    expect(r.payers).toEqual([
      { payer: "—", before: 25_000_000, after: 40_000_000, delta: 15_000_000 },
      { payer: "市级", before: 1_000_000, after: 1_000_000, delta: 0 },
      { payer: "区级", before: 1_000_000, after: 1_000_000, delta: 0 },
    ]);
    expect([r.totalBefore, r.totalAfter]).toEqual([27_000_000, 42_000_000]);
    expect(r.largest.map((l) => [l.line, l.id, l.delta])).toEqual([
      [2, "A1", 10_000_000],
      [4, "A3", 5_000_000],
    ]);
    expect(r.largest[0]?.reasons.map((x) => x.zh)).toEqual(["第四条 质押奖励 10万元 → 20万元"]);
    expect(r.histogram.reduce((s, b) => s + b.count, 0)).toBe(2);
    expect(r.defaulted).toEqual([]);
  });

  it("refuses totals beyond the exact range (2^53 fen) instead of rounding them", () => {
    const source = "政策 巨额 版本 2021\n申报 企业:\n  投资额: 金额\n第一条 奖励:\n  奖励 奖金 = 投资额\n";
    const policy = compile(source, { fileName: "huge.kuan" });
    expect(policy.ok).toBe(true);
    // Each amount is exact (4 × 10^15 fen); three of them are past 2^53 ≈ 9.007 × 10^15.
    const rows = (n: number) => ["id,firm,date,投资额", ...Array.from({ length: n }, (_, i) => `A${i},F${i},2022-03-01,40000000000000`)].join("\n");
    const two = diffImpact(policy, policy, "population.csv", rows(2));
    expect(two?.report?.totalBefore).toBe(8_000_000_000_000_000);
    const three = diffImpact(policy, policy, "population.csv", rows(3));
    expect(three?.report).toBeNull();
    expect(three?.errors.map((e) => [e.line, e.field])).toEqual([[1, "(total)"]]);
    expect(three?.errors[0]?.en).toMatch(/beyond the exact range/);
  });

  it("names a bad row by line and field", () => {
    const bad = `${CSV}\nA5,F5,2022-03-01,很多,是,0,否\n`;
    const result = diffImpact(oldAmount, newAmount, "population.csv", bad);
    expect(result?.report).toBeNull();
    expect(result?.errors.map((e) => [e.line, e.field])).toEqual([[6, "贷款"]]);
  });

  it("counts the measure's earlier grants and refuses another measure's, by line and field, never renamed into this one", () => {
    const grant = (policy: string) => JSON.stringify([{ policy, version: "2021", article: "第四条", rule: "质押奖励", firm: "F1", date: "2021-05-01", amount: "50000.00" }]).replace(/"/g, '""');
    const withHistory = (policy: string) => [`${CSV.split("\n")[0]},history`, ...CSV.split("\n").slice(1).map((row, i) => (i === 0 ? `${row},"${grant(policy)}"` : `${row},`))].join("\n");
    for (const read of [(t: string) => t, (t: string) => new TextEncoder().encode(t)]) {
      // The measure's own grant: once per firm, so A1 gets nothing either time.
      const own = diffImpact(oldAmount, newAmount, "population.csv", read(withHistory("示例")));
      if (!own?.report) throw new Error(JSON.stringify(own?.errors));
      expect(own.report.largest.map((l) => l.id)).toEqual(["A3"]);
      // Another measure's grant of a rule of the same name: not this measure's to count.
      const other = diffImpact(oldAmount, newAmount, "population.csv", read(withHistory("另一项政策")));
      expect(other?.report).toBeNull();
      expect(other?.errors.map((e) => [e.line, e.field])).toEqual([[2, "history[0].policy"]]);
    }
  });

  it("reads JSON Lines, and takes an input one version lacks as no, saying so", () => {
    const oldSuzhou = load("policies/suzhou-ip-finance-2021.kuan");
    const newSuzhou = load("policies/suzhou-ip-finance-2024.kuan");
    const inputs = (oldSuzhou.ir?.inputs ?? []).map((i) => [i.name, i.spec.type === "bool" ? false : 0] as const);
    const row = (id: string, extra: Record<string, unknown>) => JSON.stringify({ id, firm: id, date: "2024-05-01", ...Object.fromEntries(inputs), ...extra });
    const jsonl = [row("B1", { 质押融资额: 20_000_000, 已放款: true }), row("B2", { 担保费: 40_000, 已放款: true })].join("\n");
    const r = diffImpact(oldSuzhou, newSuzhou, "population.jsonl", jsonl)?.report;
    if (!r) throw new Error("no report");
    expect(r.defaulted).toEqual([{ version: "new", input: "材料弄虚作假", value: "否/no" }]);
    expect([r.changedAmount, r.totalBefore, r.totalAfter]).toEqual([1, 14_000_000, 24_000_000]);
  });
});

describe("impact of a population given as bytes", () => {
  it("is the impact of its text", () => {
    const oldSuzhou = load("policies/suzhou-ip-finance-2021.kuan");
    const newSuzhou = load("policies/suzhou-ip-finance-2024.kuan");
    const ir = oldSuzhou.ir;
    if (!ir) throw new Error("the seed policy does not compile");
    const bytes = (text: string) => new TextEncoder().encode(text);
    const generated = generatePopulation(ir, { count: 2000, seed: 5, date: "2024-06-30" });
    const cases: [CompileResult, CompileResult, string, string][] = [
      [oldAmount, newAmount, "population.csv", CSV],
      [oldAmount, newAmount, "population.txt", `\uFEFF${CSV}\n`],
      [oldAmount, newAmount, "population.csv", CSV.replace("A2,", '"A2",')],
      [oldAmount, newAmount, "population.csv", CSV.replace("A3", "A1")],
      [oldAmount, newAmount, "population.csv", CSV.replace(/\n/g, "\r\n")],
      [oldSuzhou, newSuzhou, "population.csv", generated],
      [oldSuzhou, newSuzhou, "population", generated],
      [oldSuzhou, newSuzhou, "population.jsonl", '{"id":"B1","firm":"B1","date":"2024-05-01","质押融资额":20000000,"已放款":true}\n'],
    ];
    for (const [a, b, name, text] of cases) expect(diffImpact(a, b, name, bytes(text))).toEqual(diffImpact(a, b, name, text));
    // Reports and problems both compared: the generated population has a report, a repeated id a problem.
    expect(diffImpact(oldSuzhou, newSuzhou, "population.csv", bytes(generated))?.report?.applications).toBe(2000);
    expect(diffImpact(oldAmount, newAmount, "population.csv", bytes(CSV.replace("A3", "A1")))?.errors.map((e) => e.line)).toEqual([4]);
    // Ids rising row by row are all different; a repeat right after itself, or after a longer id that sorts after it, is still found.
    const repeatLast = `${CSV}\nA4,F5,2022-03-01,0,否,0,否`;
    const shorter = CSV.replace("A2,", "A10,").replace("A3,", "A2,").replace("A4,", "A10,");
    for (const text of [repeatLast, shorter]) {
      expect(diffImpact(oldAmount, newAmount, "population.csv", bytes(text))).toEqual(diffImpact(oldAmount, newAmount, "population.csv", text));
      expect(diffImpact(oldAmount, newAmount, "population.csv", bytes(text))?.errors.map((e) => e.field)).toEqual(["id"]);
    }
  });
});

describe("kuan gen-population", () => {
  const ir = load("policies/suzhou-ip-finance-2021.kuan").ir;
  if (!ir) throw new Error("the seed policy does not compile");

  it("is deterministic for a seed and differs between seeds", () => {
    const a = generatePopulation(ir, { count: 300, seed: 11 });
    expect(generatePopulation(ir, { count: 300, seed: 11 })).toBe(a);
    expect(generatePopulation(ir, { count: 300, seed: 12 })).not.toBe(a);
    expect(a.trimEnd().split("\n")).toHaveLength(301);
  });

  it("writes what compiler/applications reads, with earlier grants, weighted on caps and thresholds", () => {
    const text = generatePopulation(ir, { count: 2000, seed: 5 });
    const file = parseApplications(text, ir.inputs.map((i) => ({ name: i.name, spec: i.spec })), { format: "csv" });
    expect(file.problems).toEqual([]);
    expect(file.applications).toHaveLength(2000);
    expect(file.applications.filter((a) => a.history.length > 0).length).toBeGreaterThan(300);
    // The loan that just reaches Art. 4's cap (10万元 at 1% = 1000万元) and a fen either side.
    const loans = new Set(file.applications.map((a) => a.values["质押融资额"]));
    expect([999_999_999, 1_000_000_000, 1_000_000_001].filter((fen) => loans.has(fen)).length).toBeGreaterThan(0);
    // Excluding yes/no inputs are rare, the others common.
    const share = (name: string) => file.applications.filter((a) => a.values[name] === true).length / 2000;
    expect(share("严重失信")).toBeLessThan(0.1);
    expect(share("已放款")).toBeGreaterThan(0.4);
  });
});
