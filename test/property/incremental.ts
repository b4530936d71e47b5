/**
 * The playground's incremental parse (playground/worker/incremental.ts) equals the parse of the
 * whole file: a policy, then a run of random edits to it (./mutations.ts), each parsed both ways by
 * the same incremental parser in turn, as a drafter's keystrokes are; the AST and the diagnostics
 * must be the same. And it is incremental: an edit inside one article parses that article again,
 * not the file.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../compiler/diagnostics/index.js";
import { parse } from "../../grammar/index.js";
import { IncrementalParser } from "../../playground/worker/incremental.js";
import { applyEdit, PIECES, type Edit } from "./mutations.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const seed = Number(process.env["KUAN_SEED"] ?? 20_251_125);

function kuanFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? kuanFiles(path) : path.endsWith(".kuan") ? [path] : [];
  });
}

const corpus = ["policies", "test/fixtures"].flatMap((d) => kuanFiles(join(ROOT, d))).map((f) => readFileSync(f, "utf8"));
const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.nat({ max: 10 }), at: fc.nat(), to: fc.nat(), piece: fc.constantFrom(...PIECES) });

/** Diagnostics in a fixed order: the parts' lists are joined, the whole file's is in the order found. */
const ordered = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => JSON.stringify(d)).sort();

describe("the playground's incremental parse", () => {
  it("equals parsing the whole file, edit after edit", () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(edit, { minLength: 1, maxLength: 8 }), (original, edits) => {
        const parser = new IncrementalParser();
        let source = original;
        for (const step of [null, ...edits]) {
          if (step) source = applyEdit(source, step);
          const incremental = parser.parse(source);
          const whole = parse(source);
          expect(incremental.ast).toEqual(whole.ast);
          expect(ordered(incremental.diagnostics)).toEqual(ordered(whole.diagnostics));
        }
      }),
      { numRuns: 150, seed },
    );
  });

  it("parses again only the article an edit falls in", () => {
    const suzhou = readFileSync(join(ROOT, "policies/suzhou-ip-finance-2021.kuan"), "utf8");
    const parser = new IncrementalParser();
    const first = parser.parse(suzhou);
    expect(first.parts).toBeGreaterThan(5);
    const broken = suzhou.replace("× 1%, 10万元", "× %, 10万元");
    expect(broken).not.toBe(suzhou);
    expect(parser.parse(broken).reparsed).toBe(1);
    expect(parser.parse(suzhou).reparsed).toBe(1);
  });
});
