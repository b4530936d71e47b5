/**
 * docs/coverage.md stays true to policies/: every policy file is listed with its number of
 * examples, every example passes, measure 01 has at least three examples for each article it
 * encodes, and the five seed texts are in policies/sources/.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile, runExamples } from "../../compiler/pipeline.js";

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const coverage = readFileSync(root("docs/coverage.md"), "utf8");
const files = readdirSync(root("policies")).filter((f) => f.endsWith(".kuan")).sort();
const compiled = Object.fromEntries(files.map((f) => [f, compile(readFileSync(root(`policies/${f}`), "utf8"), { fileName: f })]));

describe("policies/ and docs/coverage.md", () => {
  it("lists every policy file with its number of examples", () => {
    const listed = Object.fromEntries([...coverage.matchAll(/^\| `([^`]+\.kuan)` \|[^\n]*\| (\d+) \|$/gm)].map((m) => [m[1], Number(m[2])]));
    expect(Object.keys(listed).sort()).toEqual(files);
    for (const f of files) expect(compiled[f]?.ir?.examples.length, f).toBe(listed[f]);
    const total = files.reduce((n, f) => n + (compiled[f]?.ir?.examples.length ?? 0), 0);
    expect(coverage).toContain(`| ${total} |`);
    expect(total).toBeGreaterThanOrEqual(60);
  });

  it("compiles every policy without a diagnostic, and every example passes", () => {
    for (const f of files) {
      expect(compiled[f]?.diagnostics.map((d) => d.code), f).toEqual([]);
      expect(runExamples(compiled[f]!).filter((r) => !r.passed).map((r) => r.title), f).toEqual([]);
    }
  });

  it("has at least three examples for each article of measure 01", () => {
    const ir = compiled["suzhou-ip-finance-2021.kuan"]?.ir;
    const articles = new Set([...(ir?.rules ?? []), ...(ir?.exclusions ?? [])].flatMap((r) => (r.article ? [r.article.label] : [])));
    expect(articles.size).toBe(9);
    articles.add("第十八条"); // the validity, in the header
    for (const a of articles) expect(ir?.examples.filter((x) => x.title.startsWith(`${a} `)).length, a).toBeGreaterThanOrEqual(3);
  });

  it("keeps the five seed texts", () => {
    expect(readdirSync(root("policies/sources")).sort()).toEqual([
      "01-suzhou-ip-finance-rewards-2021.txt",
      "02-suzhou-ip-peak-action-plan-2021.txt",
      "03-national-ip-power-outline-2021-2035.txt",
      "04-jiangsu-high-value-patent-centers-2021.txt",
      "05-jiangsu-ip-14th-five-year-plan.txt",
    ]);
  });
});
