/**
 * "Did you mean": the bounded search finds what the plain quadratic one found (within MAX_DISTANCE
 * edits), and its work is near-linear: a 10,000-character misspelt name and 3,000 misspelt uses
 * among 3,000 inputs get their suggestions (timings are in the fuzz report and the bench, not here).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closest, editDistance, MAX_DISTANCE, Suggester } from "../../compiler/diagnostics/suggest.js";
import { compile } from "../../compiler/pipeline.js";

/** The unbounded reference: full OSA distance against every candidate. */
function referenceDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      let v = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[x.length] as number[])[y.length] as number;
}

function referenceClosest(word: string, candidates: readonly string[]): string | undefined {
  const length = [...word].length;
  const limit = Math.min(MAX_DISTANCE, /^[\x00-\x7f]*$/.test(word) ? (length >= 3 ? Math.max(1, Math.floor(length / 3)) : 0) : Math.floor(length / 2));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const d = referenceDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

const letters = fc.constantFrom(..."abcdeABC_1𲎰甲乙丙专利资助额");
const word = fc.array(letters, { minLength: 0, maxLength: 12 }).map((a) => a.join(""));

describe("did you mean", () => {
  it("edit distance agrees with the full table (property)", () => {
    fc.assert(fc.property(word, word, (a, b) => {
        expect(editDistance(a, b)).toBe(referenceDistance(a, b));
      }), { numRuns: 3000, seed: 1 });
  });

  it("the bounded search suggests what the unbounded one does (property)", () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 30 }), (w, candidates) => {
        expect(closest(w, candidates)).toBe(referenceClosest(w, candidates));
        // The same list again (cached index) and as an iterator give the same answer.
        expect(closest(w, new Set(candidates).keys())).toBe(referenceClosest(w, [...new Set(candidates)]));
      }),
      { numRuns: 3000, seed: 2 },
    );
  });

  it("the indexed search finds what the unbounded one does among many similar names (property)", () => {
    // Names that share most characters and pairs (the index's worst case), and words one to four
    // edits from one of them, so the closest is often just inside or just outside the limit.
    const edit = fc.tuple(fc.nat(), fc.constantFrom("swap", "delete", "insert", "replace"), letters);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 200 }), fc.nat(), fc.array(edit, { maxLength: 4 }), (candidates, pick, edits) => {
        const chars = [...(candidates[pick % candidates.length] as string)];
        for (const [at, kind, letter] of edits) {
          const i = chars.length === 0 ? 0 : at % chars.length;
          if (kind === "swap" && i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1] as string, chars[i] as string];
          else if (kind === "delete") chars.splice(i, 1);
          else if (kind === "insert") chars.splice(i, 0, letter);
          else chars[i] = letter;
        }
        const w = chars.join("");
        const suggester = new Suggester(candidates);
        expect(suggester.closest(w)).toBe(referenceClosest(w, candidates));
        // Asked again: the remembered answer.
        expect(suggester.closest(w)).toBe(referenceClosest(w, candidates));
      }),
      { numRuns: 1500, seed: 3 },
    );
  });

  it("a 10,000-character name with one typo is found, and a 1 MB name is answered", () => {
    const long = "专利".repeat(2500) + "a".repeat(5000);
    const typo = `${long.slice(0, 4000)}x${long.slice(4001)}`;
    expect(closest(typo, ["资助额", long, "其他"])).toBe(long);
    const huge = "b".repeat(1_000_000);
    expect(closest(`${huge}c`, [huge, "b"])).toBe(huge);
    expect(closest("c".repeat(1_000_000), ["资助额"])).toBeUndefined();
  });

  it("3,000 misspelt uses among 3,000 inputs each get their own suggestion", () => {
    const n = 3000;
    const names = Array.from({ length: n }, (_, i) => `input_${String(i).padStart(4, "0")}_amount`);
    const source = [
      "政策 测试 版本 2022",
      "申报 企业:",
      ...names.map((name) => `  ${name}: 金额`),
      "第一条:",
      ...names.map((name, i) => `  资助 r${i} = ${name.replace("input", "inptu")}`),
    ].join("\n");
    const result = compile(source);
    const unknown = result.diagnostics.filter((d) => d.code === "K2001");
    expect(unknown).toHaveLength(n);
    unknown.forEach((d, i) => expect(d.args).toMatchObject({ name: names[i]?.replace("input", "inptu"), suggestion: names[i] }));
  });
});
