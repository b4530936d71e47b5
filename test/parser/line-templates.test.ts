/**
 * A line parsed before is not parsed again: its parse is kept as a template (grammar/parser.ts,
 * parseLine) and made again with the new line's tokens and offsets. A file parsed from templates —
 * as it stands, and moved down by a line so that every offset differs — equals the same file
 * parsed afresh, AST and diagnostics, for every seed policy and sketch and random edits of them
 * (broken lines included: the recovery's errors and virtual tokens come from templates too).
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/index.js";
import { forgetLineTemplates } from "../../grammar/parser.js";
import { applyEdit, PIECES, type Edit } from "../property/mutations.js";

const seed = Number(process.env["KUAN_SEED"] ?? 20_261_203);
const corpus = ["policies", "test/fixtures"].flatMap((dir) =>
  readdirSync(new URL(`../../${dir}/`, import.meta.url))
    .filter((f) => f.endsWith(".kuan"))
    .map((f) => readFileSync(new URL(`../../${dir}/${f}`, import.meta.url), "utf8")),
);
const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.nat({ max: 10 }), at: fc.nat(), to: fc.nat(), piece: fc.constantFrom(...PIECES) });

function fresh(source: string): ReturnType<typeof parse> {
  forgetLineTemplates();
  return parse(source);
}

describe("line templates", () => {
  it("give the parse of a fresh parser, in place and moved", () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(edit, { maxLength: 6 }), (original, edits) => {
        const source = edits.reduce(applyEdit, original);
        const first = fresh(source);
        // Every line of the second parse comes from a template.
        expect(parse(source)).toEqual(first);
        const moved = `# 注释\n${source}`;
        const fromTemplates = parse(moved);
        expect(fromTemplates).toEqual(fresh(moved));
      }),
      { numRuns: 150, seed },
    );
  });

  it("keep nothing of the text: two lines alike but for their words share one template", () => {
    forgetLineTemplates();
    const a = parse("第一条 甲:\n  奖励 甲奖励 = 1元\n");
    const b = parse("第一条 乙:\n  奖励 乙奖励 = 2元\n");
    expect(a.ast.items[0]?.kind).toBe("Article");
    // Same layout, other words: the second file's names are its own.
    expect(JSON.stringify(b.ast)).toContain("乙奖励");
    expect(JSON.stringify(b.ast)).not.toContain("甲");
    expect(b).toEqual(fresh("第一条 乙:\n  奖励 乙奖励 = 2元\n"));
  });
});
