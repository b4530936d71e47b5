/**
 * Fuzzing the front end: random text biased to Kuan's alphabet and mutations of real policies,
 * at least 10,000 sources per run through lexer, parser and checker. No exception escapes, every
 * span lies inside the source, every code is in the catalogue, no message has a hole; and random
 * well-typed programs compile cleanly however they are spaced.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOGUE, messageOf } from "../../compiler/diagnostics/index.js";
import { compile } from "../../compiler/pipeline.js";
import { KEYWORDS, UNITS } from "../../grammar/keywords.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function kuanFiles(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? kuanFiles(p) : p.endsWith(".kuan") ? [p] : [];
    });
  } catch {
    return [];
  }
}

const corpus = ["policies", "test/fixtures", "test/emit/cases", "test/diagnostics/cases", "test/emit/injection"]
  .flatMap((d) => kuanFiles(join(ROOT, d)))
  .map((f) => readFileSync(f, "utf8"));

/** Compiles and checks everything a diagnostic must satisfy. */
function wellBehaved(source: string): boolean {
  const result = compile(source);
  for (const d of result.diagnostics) {
    if (!(d.code in CATALOGUE)) return false;
    if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= source.length)) return false;
    // Every placeholder of the message templates has its argument (names may contain braces themselves).
    const entry = CATALOGUE[d.code];
    for (const template of [entry.zh, entry.en]) {
      for (const [, key = ""] of template.matchAll(/\{(\w+)\}/g)) if (!(key in d.args) && !(key.replace(/En$/, "") in d.args)) return false;
    }
    if (messageOf(d, "zh").length === 0 || messageOf(d, "en").length === 0) return false;
  }
  return true;
}

const PIECES = [
  ...KEYWORDS.flatMap((k) => [...k.zh, ...k.en]),
  ...UNITS.flatMap((u) => [...u.zh, ...u.en]),
  "第四条", "article 4", "10万元", "2.5亿元", "1%", "两年", "十个工作日", "2021-01-01", "2025年", "「名称」", '"文字"', "“引号”",
  "贷款", "担保费", "loan", "甲", "乙", "或有负债", "每年度补贴额",
  "：", "，", "、", "（", "）", "；", "％", "×", "÷", "≤", "≥", "＝", "＋", "－", ":", ",", "(", ")", "=", "+", "-", "*", "/", "<", ">",
  " ", " ", "  ", "\n", "\n  ", "\t", "#", "「", "」", '"', "\\", "\u2028", "\u202e", "𠀀", "0", "7", "١",
];

const randomSource = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 }), fc.string({ unit: "grapheme", maxLength: 2 })), { maxLength: 60 }).map((xs) => xs.join(""));

const mutation = fc
  .tuple(fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 6 }))
  .map(([source, edits]) => {
    let s = source;
    for (const [at, kind, piece] of edits) {
      const i = at % (s.length + 1);
      const lines = s.split("\n");
      switch (kind) {
        case 0: s = s.slice(0, i) + s.slice(i + 1 + (at % 5)); break; // delete characters
        case 1: s = s.slice(0, i) + piece + s.slice(i); break; // insert a piece
        case 2: { const l = at % lines.length; lines.splice(l, 1); s = lines.join("\n"); break; } // delete a line
        case 3: { const l = at % lines.length; lines.splice(l, 0, lines[(at >> 3) % lines.length] ?? ""); s = lines.join("\n"); break; } // duplicate a line
        default: s = s.slice(i) + s.slice(0, i); // rotate
      }
    }
    return s;
  });

describe("the front end never fails on any input", () => {
  it("random text biased to Kuan's alphabet (5,000 sources)", () => {
    fc.assert(fc.property(randomSource, wellBehaved), { numRuns: 5_000, seed: Number(process.env["KUAN_SEED"] ?? 42) });
  });
  it("mutations of the project's policies (5,000 sources)", () => {
    expect(corpus.length).toBeGreaterThan(10);
    fc.assert(fc.property(mutation, wellBehaved), { numRuns: 5_000, seed: Number(process.env["KUAN_SEED"] ?? 43) });
  });
});

/** Random well-typed policies: inputs of each type and rules that use them correctly. */
const program = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    rate: fc.integer({ min: 1, max: 99 }),
    cap: fc.integer({ min: 1, max: 50 }),
    split: fc.integer({ min: 1, max: 99 }),
    count: fc.integer({ min: 1, max: 60 }),
    spaced: fc.boolean(),
    fullWidth: fc.boolean(),
  })
  .map((p) => {
    const sp = p.spaced ? " " : "";
    const colon = p.fullWidth ? "：" : ":";
    const comma = p.fullWidth ? "，" : ", ";
    const [lp, rp, pct] = p.fullWidth ? ["（", "）", "％"] : ["(", ")", "%"];
    const lines = [`政策 随机 版本 2021`, `申报 企业${colon}`];
    for (let i = 0; i < p.n; i++) lines.push(`  金额${i}${colon} 金额`, `  标志${i}${colon} 是否`, `  专利${i}${colon} 件`);
    for (let i = 0; i < p.n; i++) {
      lines.push(`第${i + 1}条${colon}`);
      lines.push(`  奖励 奖励${i}${sp}=${sp}最小${lp}金额${i}${sp}×${sp}${p.rate}${pct}${comma}${p.cap}万元${rp} 如果${sp}标志${i}${sp}且${sp}专利${i}${sp}≥${sp}${p.count}件`);
      lines.push(`  上限 每家企业 每年 ${p.cap + 1}万元`, `  分担 市级 ${p.split}${pct}${comma}区级 ${100 - p.split}${pct}`);
    }
    return lines.join("\n");
  });

describe("random well-typed programs", () => {
  it("compile with no errors, spaced or not, ASCII or full-width punctuation (500 programs)", () => {
    fc.assert(
      fc.property(program, (source) => {
        const result = compile(source);
        return result.diagnostics.filter((d) => d.severity === "error").length === 0 && result.ir !== null;
      }),
      { numRuns: 500, seed: 44 },
    );
  });
});
