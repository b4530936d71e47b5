/**
 * A rate in words, as measures write it: 百分之五十 is 50%, 百分之12.5 is 12.5%, in a formula and
 * in a split, the same amounts as the symbol on any amount (the rounding included).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, evaluate } from "../../compiler/pipeline.js";

function policy(rate: string, share: string): string {
  return `政策 比例 版本 2024\n申报 企业:\n  担保费: 金额\n第五条 补贴:\n  补贴 服务费补贴 = 担保费 × ${rate}\n  分担 市级 ${share}，区级 ${share}\n`;
}

function decide(source: string, fen: number): unknown {
  const result = compile(source);
  expect(result.diagnostics.map((d) => d.code), source).toEqual([]);
  const yuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
  const decision = evaluate(result, { 担保费: yuan }, { asOf: "2024-06-01", firm: "f", trace: false });
  if (!decision.ok) throw new Error(JSON.stringify(decision.errors));
  return [decision.decision.outputs, decision.decision.grants.map((g) => g.payers)];
}

describe("百分之… (a rate in words)", () => {
  for (const [words, symbol] of [["百分之五十", "50%"], ["百分之50", "50%"], ["百分之12.5", "12.5%"], ["百分之一百二十", "120%"], ["百分之３", "3%"]] as const) {
    it(`${words} decides as ${symbol}`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => {
          expect(decide(policy(words, "百分之五十"), fen)).toEqual(decide(policy(symbol, "50%"), fen));
        }),
        { numRuns: 50, seed: 7 },
      );
    });
  }

  it("another unit after it is one error on the number", () => {
    const result = compile(policy("百分之五十元", "50%"));
    expect(result.diagnostics.map((d) => [d.code, d.args["text"]])).toEqual([["K1005", "百分之五十元"]]);
  });
});
