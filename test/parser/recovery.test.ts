/**
 * Error recovery: statements end at line breaks and the parser re-synchronises there, so one bad
 * line does not hide the errors after it. A policy of many articles with some lines broken in
 * different ways reports an error on every broken line and on no other.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineMap } from "../../compiler/diagnostics/index.js";
import { compile } from "../../compiler/pipeline.js";

/** Ways to break one reward line; none ends with an operator (that continues the line, see the report). */
const BREAKAGES: readonly ((name: string) => string)[] = [
  (name) => `  奖励 ${name} 贷款 × 1%`, // missing =
  (name) => `  奖励 ${name} = 贷款 × × 1%`, // missing operand
  (name) => `  奖励 ${name} = 贷款 × 1% @`, // unexpected character
  (name) => `  奖励 ${name} = 贷款 × 1%)`, // stray )
  (name) => `  奖励 ${name} = 最小(贷款 × 1% 10万元)`, // missing ,
  () => "  上线 每家企业 10万元", // unknown statement word
  (name) => `  奖励 ${name} = 贷款 × 1% 如果 是 是`, // two values
  (name) => `  reward ${name} = loan × 1% $`, // unexpected character, English
  (name) => `  奖励 ${name} = "未完的文字`, // unterminated string
];

function policyWithBrokenLines(broken: readonly (number | null)[]): { source: string; brokenLines: Set<number> } {
  const lines = ["政策 测试 版本 2021", "申报 企业:", "  贷款: 金额", "  loan: money"];
  const brokenLines = new Set<number>();
  broken.forEach((breakage, i) => {
    lines.push(`第${i + 1}条:`);
    const name = `奖励${i + 1}`;
    if (breakage === null) lines.push(`  奖励 ${name} = 贷款 × 1% + loan × 2%`);
    else {
      lines.push((BREAKAGES[breakage] as (n: string) => string)(name));
      brokenLines.add(lines.length);
    }
  });
  return { source: `${lines.join("\n")}\n`, brokenLines };
}

describe("error recovery", () => {
  it("reports every broken line, and only those, however many there are", () => {
    const article = fc.option(fc.nat({ max: BREAKAGES.length - 1 }), { freq: 3 });
    fc.assert(
      fc.property(fc.array(article, { minLength: 1, maxLength: 30 }), (broken) => {
        const { source, brokenLines } = policyWithBrokenLines(broken);
        const lines = new LineMap(source);
        const errorLines = new Set(compile(source).diagnostics.filter((d) => d.severity === "error").map((d) => lines.position(d.span.start).line));
        expect([...errorLines].sort((a, b) => a - b), source).toEqual([...brokenLines].sort((a, b) => a - b));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("reports each kind of breakage after a good line and before another", () => {
    BREAKAGES.forEach((_, breakage) => {
      const { source, brokenLines } = policyWithBrokenLines([null, breakage, null, breakage, null]);
      const lines = new LineMap(source);
      const errorLines = compile(source).diagnostics.filter((d) => d.severity === "error").map((d) => lines.position(d.span.start).line);
      expect(new Set(errorLines), source).toEqual(brokenLines);
    });
  });
});
