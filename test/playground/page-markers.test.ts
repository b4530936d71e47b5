/**
 * The markers the page makes for a keystroke (ui/page-markers.ts: the file parsed again only where
 * it changed, then checked) are exactly the full check's: for every seed policy and sketch, a run
 * of random edits (test/property/mutations.ts), and after each edit the page's markers, counts and
 * diagnostics equal those of checking the whole file parsed from scratch. Never a stale marker.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../compiler/pipeline.js";
import { parse } from "../../grammar/index.js";
import { PageMarkers } from "../../playground/ui/page-markers.js";
import { problems } from "../../playground/worker/analysis.js";
import { IncrementalParser } from "../../playground/worker/incremental.js";
import { applyEdit, PIECES, type Edit } from "../property/mutations.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const seed = Number(process.env["KUAN_SEED"] ?? 20_261_202);

function kuanFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? kuanFiles(path) : path.endsWith(".kuan") ? [path] : [];
  });
}

const corpus = ["policies", "test/fixtures"].flatMap((d) => kuanFiles(join(ROOT, d))).map((f) => readFileSync(f, "utf8"));
const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.nat({ max: 10 }), at: fc.nat(), to: fc.nat(), piece: fc.constantFrom(...PIECES) });
/** A keystroke: one character typed or deleted near the last place, as a drafter types. */
const keystroke = fc.record({ back: fc.boolean(), move: fc.integer({ min: -40, max: 40 }), piece: fc.constantFrom(...PIECES) });

const full = (source: string) => checkSource(source, parse(source)).diagnostics;

describe("the page's markers", () => {
  it("read a second application header inside an article as the whole file does", () => {
    // Found by the test below: the article's part parsed alone did not know an application block came before it.
    const source = "申报 统计:\n  保费: 金额\n第六条:\n申报 统计:\n  补贴 保费补贴 = 保费 限 每家企业 一次\n";
    const page = new PageMarkers();
    page.markers(source.replace("第六条:\n申报 统计:\n", "第六条:\n"));
    const whole = full(source);
    expect(whole.map((d) => d.code)).toContain("K1101");
    expect(page.markers(source)).toEqual(problems({ diagnostics: whole }));
  });

  it("place a name spelled like a keyword (K2003) right when its article becomes the file's first part and back", () => {
    // The article's names are pre-scanned once, as the text it is parsed as (after a line break unless first).
    const article = "第一条 甲:\n  奖励 版本 = 1元\n第二条 乙:\n  奖励 上限 = 2元\n";
    const page = new PageMarkers();
    for (const source of [`政策 x\n${article}`, article, `政策 x\n${article}`, article.slice("第一条 甲:\n  奖励 版本 = 1元\n".length)]) {
      const whole = full(source);
      expect(whole.map((d) => d.code)).toContain("K2003");
      expect(page.markers(source)).toEqual(problems({ diagnostics: whole }));
    }
  });

  it("check an unchanged example again when a type it reads changes in another article", () => {
    // The page skips an example it found clean while its node and every name and type it reads stay
    // the same (compiler/check: ExampleMemo). Here the example is in the file's first part, which
    // the incremental parser keeps as it is when the article below changes.
    const policy = (value: string) =>
      `政策 测试 版本 2024\n申报 企业:\n  质押融资额: 金额\n例 "典型":\n  质押融资额 = 100万元\n  预期 系数 = 1%\n第一条 质押:\n  定义 系数 = ${value}\n  奖励 质押奖励 = 质押融资额 × 系数\n`;
    const page = new PageMarkers();
    const parser = new IncrementalParser();
    const firstPart = (source: string) => parser.parse(source).ast.items.find((i) => i.kind === "Example");
    const clean = policy("1%");
    expect(full(clean)).toEqual([]);
    expect(page.markers(clean)).toEqual(problems({ diagnostics: [] }));
    const example = firstPart(clean);
    // 系数 becomes money, then yes/no: the expected 1% is of the wrong type (K3013) each time.
    for (const value of ["1元", "是", "1%"]) {
      const source = policy(value);
      expect(firstPart(source)).toBe(example);
      if (value !== "1%") expect(full(source).map((d) => d.code)).toContain("K3013");
      expect(page.markers(source)).toEqual(problems({ diagnostics: full(source) }));
    }
  });

  it("are the full check's after every random edit", () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(edit, { minLength: 1, maxLength: 10 }), (original, edits) => {
        const page = new PageMarkers();
        const parser = new IncrementalParser();
        let source = original;
        for (const step of [null, ...edits]) {
          if (step) source = applyEdit(source, step);
          const whole = full(source);
          expect(page.markers(source)).toEqual(problems({ diagnostics: whole }));
          expect(checkSource(source, parser.parse(source)).diagnostics).toEqual(whole);
        }
      }),
      { numRuns: 200, seed },
    );
  });

  it("are the full check's keystroke after keystroke at one place", () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.nat(), fc.array(keystroke, { minLength: 1, maxLength: 30 }), (original, start, keys) => {
        const page = new PageMarkers();
        let source = original;
        let at = start % (source.length + 1);
        expect(page.markers(source)).toEqual(problems({ diagnostics: full(source) }));
        for (const key of keys) {
          at = Math.max(0, Math.min(source.length, at + key.move));
          if (key.back && at > 0) {
            source = source.slice(0, at - 1) + source.slice(at);
            at--;
          } else {
            source = source.slice(0, at) + key.piece + source.slice(at);
            at += key.piece.length;
          }
          expect(page.markers(source)).toEqual(problems({ diagnostics: full(source) }));
        }
      }),
      { numRuns: 100, seed },
    );
  });
});
