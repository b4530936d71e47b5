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
import { KEYWORDS, UNITS } from "../../grammar/keywords.js";
import { tokenize } from "../../grammar/lexer.js";
import { codesAndSpans, compileChecked } from "./invariants.js";

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

/** Kuan's alphabet: every keyword and unit in both languages, literals, names, punctuation of both widths, and oddities. */
const PIECES = [
  ...KEYWORDS.flatMap((k) => [...k.zh, ...k.en]),
  ...UNITS.flatMap((u) => [...u.zh, ...u.en]),
  "第四条", "第十二条", "article 4", "10万元", "2.5亿元", "１０万元", "1,000", "1%", "５０％", "两年", "十个工作日", "一百零一", "2021-01-01", "2021-02-30", "2025年", "2021年2月3日",
  "「名称」", "「", "」", '"文字"', '"', "“引号”", "“", "”", "\\", "贷款", "担保费", "质押融资额", "loan", "fee", "甲", "乙", "或有负债", "每年度补贴额", "非专利技术", "是重点企业",
  "：", "，", "、", "（", "）", "；", "％", "×", "÷", "≤", "≥", "≠", "＝", "＋", "－", "＞＝", ":", ",", "(", ")", "=", "==", "+", "-", "*", "/", "<", ">", ">=", "!=", ";",
  " ", "  ", "\t", "\u3000", "\n", "\n  ", "\r\n", "\r", "#", "＃", "//", "\u2028", "\u202e", "\ufeff", "\u0000", "𠀀", "é", "§", "٣", "\ud800",
];
const piece = fc.constantFrom(...PIECES);

const randomSource = fc
  .array(fc.oneof({ weight: 6, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }, { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 2 }) }), { maxLength: 80 })
  .map((xs) => xs.join(""));

/** One edit; `at` and `to` pick places modulo the text's size at the time. */
type Edit = { readonly kind: number; readonly at: number; readonly to: number; readonly piece: string };

function applyEdit(source: string, { kind, at, to, piece: text }: Edit): string {
  const charAt = (n: number) => n % (source.length + 1);
  const lines = source.split("\n");
  const lineAt = (n: number) => n % lines.length;
  switch (kind) {
    case 0: { // delete a few characters
      const i = charAt(at);
      return source.slice(0, i) + source.slice(i + 1 + (to % 6));
    }
    case 1: { // insert a piece of Kuan
      const i = charAt(at);
      return source.slice(0, i) + text + source.slice(i);
    }
    case 2: { // duplicate a few characters
      const i = charAt(at);
      return source.slice(0, i) + source.slice(i, i + 1 + (to % 8)) + source.slice(i);
    }
    case 3: { // swap two characters
      const [i, j] = [charAt(at), charAt(to)].sort((a, b) => a - b) as [number, number];
      if (i === j || j >= source.length) return source;
      return source.slice(0, i) + source.charAt(j) + source.slice(i + 1, j) + source.charAt(i) + source.slice(j + 1);
    }
    case 4: // delete a line
      lines.splice(lineAt(at), 1);
      return lines.join("\n");
    case 5: // duplicate a line elsewhere
      lines.splice(lineAt(to), 0, lines[lineAt(at)] ?? "");
      return lines.join("\n");
    case 6: { // swap two lines
      const [i, j] = [lineAt(at), lineAt(to)];
      [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
      return lines.join("\n");
    }
    default: { // a token: delete, duplicate, swap with another, or replace by a piece
      const tokens = tokenize(source).tokens.filter((t) => t.image.length > 0);
      const a = tokens[at % Math.max(1, tokens.length)];
      const b = tokens[to % Math.max(1, tokens.length)];
      if (!a || !b) return source;
      const [start, end] = [a.startOffset, a.startOffset + a.image.length];
      switch (kind) {
        case 7: return source.slice(0, start) + source.slice(end);
        case 8: return source.slice(0, end) + a.image + source.slice(end);
        case 9: return source.slice(0, start) + text + source.slice(end);
        default: {
          const [first, second] = a.startOffset <= b.startOffset ? [a, b] : [b, a];
          const firstEnd = first.startOffset + first.image.length;
          if (firstEnd > second.startOffset) return source;
          return source.slice(0, first.startOffset) + second.image + source.slice(firstEnd, second.startOffset) + first.image + source.slice(second.startOffset + second.image.length);
        }
      }
    }
  }
}

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
