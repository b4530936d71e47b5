/**
 * Random well-typed policies (./well-typed-policy.ts) compile with no diagnostic at all, and
 * however one is written — Chinese, English or mixed keywords, spaced or run together, ASCII or
 * full-width punctuation and digits — it compiles to the same IR: the spelling never changes the
 * meaning. Spans, source texts (and the reasons' templates made of them) and article labels (第4条 / article 4) are left out of the
 * comparison; everything else, names, values, types, caps, limits, splits, must match.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileChecked } from "./invariants.js";
import { generatePolicy, printPolicy, type Style } from "./well-typed-policy.js";

const seed = Number(process.env["KUAN_SEED"] ?? 20_251_125);

/** What may differ between two spellings of one policy. */
const SPELLING_KEYS = new Set(["span", "formula", "conditionText", "text", "label", "title", "id", "reason", "source", "explain"]);

function meaning(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(meaning);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !SPELLING_KEYS.has(key)).map(([key, v]) => [key, meaning(v)]));
  }
  return value;
}

const style = (names: "zh" | "en"): fc.Arbitrary<Style> =>
  fc.record({
    names: fc.constant(names),
    keywords: fc.constantFrom("zh", "en", "mixed"),
    spacing: fc.constantFrom("spaced", "tight", "random"),
    punctuation: fc.constantFrom("ascii", "full-width", "random"),
    seed: fc.nat(),
  });

const policyInStyles = fc
  .tuple(fc.nat(), fc.constantFrom("zh" as const, "en" as const))
  .chain(([policySeed, names]) => fc.tuple(fc.constant(policySeed), fc.constant(names), fc.array(style(names), { minLength: 4, maxLength: 4 })));

describe("random well-typed policies", () => {
  it("compile cleanly and mean the same in any spelling (1,000 policies, 5,000 sources)", () => {
    fc.assert(
      fc.property(policyInStyles, ([policySeed, names, styles]) => {
        const policy = generatePolicy(policySeed);
        const plain = printPolicy(policy, { names, keywords: names, spacing: "spaced", punctuation: "ascii", seed: policySeed });
        const reference = compileChecked(plain);
        expect(reference.diagnostics, plain).toEqual([]);
        const expected = meaning(reference.ir);
        for (const s of styles) {
          const source = printPolicy(policy, s);
          const result = compileChecked(source);
          expect(result.diagnostics, source).toEqual([]);
          expect(meaning(result.ir), `${JSON.stringify(s)}\n${source}\n--- written plainly:\n${plain}`).toEqual(expected);
        }
      }),
      { numRuns: 1_000, seed },
    );
  });

  it("cover the language: every kind of statement and expression appears", () => {
    const sources = Array.from({ length: 300 }, (_, i) => printPolicy(generatePolicy(i), { names: "zh", keywords: "zh", spacing: "spaced", punctuation: "ascii", seed: i })).join("\n");
    for (const word of ["奖励", "补贴", "资格", "期限", "目标", "定义", "上限", "限", "分担", "除外", "条件", "复核", "追回", "名额", "例", "预期", "最小", "最大", "如果", "则", "否则", "且", "或", "非", "属于", "个工作日", "万元", "%"]) {
      expect(sources, word).toContain(word);
    }
  });
});
