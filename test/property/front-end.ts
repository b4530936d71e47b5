/**
 * Fuzzing the front end (lexer, parser, checker and lowering, through `compile`) with text that
 * looks like Kuan: random text over Kuan's alphabet, and mutations of the project's policies and
 * test cases (characters, lines and tokens deleted, inserted, duplicated, swapped). Whatever the
 * source, the invariants of ./invariants.ts hold; and compiling is a function of the source
 * alone (the lexer keeps per-file state: the names a file declares).
 *
 * More than 10,000 sources a run; KUAN_SEED=n tries other ones.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codesAndSpans, compileChecked } from "./invariants.js";
import { applyEdit, PIECES, type Edit } from "./mutations.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const seed = Number(process.env["KUAN_SEED"] ?? 20_251_125);

function kuanFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? kuanFiles(path) : path.endsWith(".kuan") ? [path] : [];
  });
}

const corpus = ["policies", "test/fixtures", "test/cases"].flatMap((d) => kuanFiles(join(ROOT, d))).map((f) => readFileSync(f, "utf8"));
/** The cases and fixtures compile in about a millisecond; the real policies take ten times as long. */
const small = corpus.filter((s) => s.length <= 2_500);
const large = corpus.filter((s) => s.length > 2_500);

const piece = fc.constantFrom(...PIECES);

const randomSource = fc
  .array(fc.oneof({ weight: 6, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }, { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 2 }) }), { maxLength: 80 })
  .map((xs) => xs.join(""));

const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.nat({ max: 10 }), at: fc.nat(), to: fc.nat(), piece });
const mutationOf = (sources: readonly string[]) =>
  fc.tuple(fc.constantFrom(...sources), fc.array(edit, { minLength: 1, maxLength: 8 })).map(([source, edits]) => edits.reduce(applyEdit, source));

describe("the front end on any source", () => {
  it("has a corpus to mutate", () => {
    expect(small.length).toBeGreaterThan(150);
    expect(large.length).toBeGreaterThan(4);
  });

  it("keeps its invariants on random text over Kuan's alphabet (5,000 sources)", () => {
    fc.assert(fc.property(randomSource, (source) => void compileChecked(source)), { numRuns: 5_000, seed });
  });

  it("keeps its invariants on mutated test cases and fixtures (6,000 sources)", () => {
    fc.assert(fc.property(mutationOf(small), (source) => void compileChecked(source)), { numRuns: 6_000, seed: seed + 1 });
  });

  it("keeps its invariants on mutated policies (300 sources)", () => {
    fc.assert(fc.property(mutationOf(large), (source) => void compileChecked(source)), { numRuns: 300, seed: seed + 3 });
  });

  it("answers the same for a source whatever was compiled before it (500 pairs)", () => {
    fc.assert(
      fc.property(mutationOf(small), fc.constantFrom(...small), (source, other) => {
        const first = codesAndSpans(compileChecked(source));
        compileChecked(other);
        expect(codesAndSpans(compileChecked(source))).toEqual(first);
      }),
      { numRuns: 500, seed: seed + 2 },
    );
  });
});
