/**
 * Comparisons written in words, as a drafter types them: each word's meaning at the boundary (one
 * fen below, at and one fen above the number), in both keyword languages, and each the same as
 * its symbol. As the Civil Code (第一千二百五十九条) reads them: 超过/不满 (and 未满, 不足) exclude the number itself,
 * 以上/以下/以内 (written after the number) include it; so do 不少于/大于等于/… and or more / or less.
 */
import { describe, expect, it } from "vitest";
import { compile, evaluate } from "../../compiler/pipeline.js";

const WORDS: readonly (readonly [string, ">" | "<" | "≥" | "≤"])[] = [
  ["超过", ">"], ["大于", ">"], ["高于", ">"], ["多于", ">"],
  ["低于", "<"], ["小于", "<"], ["少于", "<"], ["不满", "<"], ["未满", "<"], ["不足", "<"],
  ["不少于", "≥"], ["不低于", "≥"], ["至少", "≥"], ["不小于", "≥"], ["大于等于", "≥"], ["达到", "≥"],
  ["不超过", "≤"], ["不高于", "≤"], ["至多", "≤"], ["不大于", "≤"], ["小于等于", "≤"],
  ["more than", ">"], ["greater than", ">"], ["less than", "<"], ["fewer than", "<"], ["at least", "≥"], ["at most", "≤"],
];
/** Written after the number: `研发投入 10万元以上`, `spending 100000 yuan or more`. */
const AFTER: readonly (readonly [string, "≥" | "≤"])[] = [["以上", "≥"], ["以下", "≤"], ["以内", "≤"], ["or more", "≥"], ["or less", "≤"]];
const HOLDS: Record<string, (a: number, b: number) => boolean> = { ">": (a, b) => a > b, "<": (a, b) => a < b, "≥": (a, b) => a >= b, "≤": (a, b) => a <= b };

/** `after`: the word written after the number, or after a name holding it (`研发投入 基准以上`). */
function granted(word: string, fen: number, after: false | "number" | "name" = false): number {
  const english = /^[a-z]/.test(word);
  const bound = after === "name" ? (english ? "benchmark " : "基准") : english ? "100000 yuan " : "10万元";
  const condition = english ? (after ? `spending ${bound}${word}` : `spending ${word} 100000 yuan`) : after ? `研发投入 ${bound}${word}` : `研发投入 ${word} 10万元`;
  const source = english
    ? `policy words version 2024\napplication firm:\n  spending: money\narticle 4 award:\n${after === "name" ? "  let benchmark = 100000 yuan\n" : ""}  reward award = 200000 yuan if ${condition}\n`
    : `政策 比较的写法 版本 2024\n申报 企业:\n  研发投入: 金额\n第四条 奖励:\n${after === "name" ? "  定义 基准 = 10万元\n" : ""}  奖励 奖励金 = 20万元 如果 ${condition}\n`;
  const result = compile(source);
  expect(result.diagnostics.map((d) => d.code), `${word}: ${source}`).toEqual([]);
  const yuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
  const decision = evaluate(result, { [english ? "spending" : "研发投入"]: yuan }, { asOf: "2024-06-01", firm: "f" });
  if (!decision.ok) throw new Error(JSON.stringify(decision.errors));
  return Number(decision.decision.outputs[english ? "award" : "奖励金"]);
}

describe("comparison words", () => {
  for (const [word, symbol] of WORDS) {
    it(`${word} means ${symbol}`, () => {
      for (const fen of [9_999_999, 10_000_000, 10_000_001]) {
        expect(granted(word, fen) > 0, `${word} at ${fen} fen`).toBe(HOLDS[symbol]?.(fen, 10_000_000));
      }
    });
  }
  for (const [word, symbol] of AFTER) {
    it(`a number then ${word} means ${symbol} that number`, () => {
      for (const fen of [9_999_999, 10_000_000, 10_000_001]) {
        expect(granted(word, fen, "number") > 0, `${word} at ${fen} fen`).toBe(HOLDS[symbol]?.(fen, 10_000_000));
      }
    });
    it(`a name then ${word} means ${symbol} its value`, () => {
      for (const fen of [9_999_999, 10_000_000, 10_000_001]) {
        expect(granted(word, fen, "name") > 0, `${word} at ${fen} fen`).toBe(HOLDS[symbol]?.(fen, 10_000_000));
      }
    });
  }
});

/** Dates compared in words: 晚于/早于 exclude the day itself, 不早于/不晚于 include it. */
const DATE_WORDS: readonly (readonly [string, ">" | "<" | "≥" | "≤"])[] = [
  ["晚于", ">"], ["早于", "<"], ["不早于", "≥"], ["不晚于", "≤"],
  ["later than", ">"], ["earlier than", "<"], ["no earlier than", "≥"], ["no later than", "≤"],
];

function grantedOn(word: string, day: string): boolean {
  const english = /^[a-z]/.test(word);
  const source = english
    ? `policy dates version 2024\napplication firm:\n  founded: date\narticle 4 award:\n  reward award = 10000 yuan if founded ${word} 2023-01-01\n`
    : `政策 日期的比较 版本 2024\n申报 企业:\n  成立日期: 日期\n第四条 奖励:\n  奖励 奖励金 = 1万元 如果 成立日期 ${word} 2023年1月1日\n`;
  const result = compile(source);
  expect(result.diagnostics.map((d) => d.code), `${word}: ${source}`).toEqual([]);
  const decision = evaluate(result, { [english ? "founded" : "成立日期"]: day }, { asOf: "2024-06-01", firm: "f" });
  if (!decision.ok) throw new Error(JSON.stringify(decision.errors));
  return Number(decision.decision.outputs[english ? "award" : "奖励金"]) > 0;
}

describe("date comparison words", () => {
  for (const [word, symbol] of DATE_WORDS) {
    it(`${word} means ${symbol}`, () => {
      for (const [day, order] of [["2022-12-31", -1], ["2023-01-01", 0], ["2023-01-02", 1]] as const) {
        expect(grantedOn(word, day), `${word} on ${day}`).toBe(HOLDS[symbol]?.(order, 0));
      }
    });
  }
});

/** `以上（不含）`: a note in parentheses after the comparison says whether the number itself counts. */
const NOTES: readonly (readonly [string, ">" | "<" | "≥" | "≤"])[] = [
  ["以上（含）", "≥"], ["以上（不含）", ">"], ["以下（含本数）", "≤"], ["以下（不含本数）", "<"], ["以内（不含10万元）", "<"], ["以上（含10万元）", "≥"],
  ["or more (inclusive)", "≥"], ["or more (exclusive)", ">"], ["or less (exclusive)", "<"],
];

describe("inclusion notes", () => {
  for (const [word, symbol] of NOTES) {
    it(`a number then ${word} means ${symbol} that number`, () => {
      for (const fen of [9_999_999, 10_000_000, 10_000_001]) {
        expect(granted(word, fen, "number") > 0, `${word} at ${fen} fen`).toBe(HOLDS[symbol]?.(fen, 10_000_000));
      }
    });
  }
  it("says the same as an operator that includes or excludes the number", () => {
    for (const [word, symbol] of [["不少于", "≥"], ["超过", ">"], ["不超过", "≤"], ["低于", "<"]] as const) {
      const note = symbol === "≥" || symbol === "≤" ? "（含）" : "（不含）";
      const source = `政策 比较 版本 2024\n申报 企业:\n  研发投入: 金额\n第四条 奖励:\n  奖励 奖励金 = 20万元 如果 研发投入 ${word} 10万元${note}\n`;
      expect(compile(source).diagnostics.map((d) => d.code), source).toEqual([]);
    }
  });
  it("contradicting the operator, or naming another number, is one error on the note", () => {
    const codes = (condition: string) =>
      compile(`政策 比较 版本 2024\n申报 企业:\n  研发投入: 金额\n第四条 奖励:\n  奖励 奖励金 = 20万元 如果 ${condition}\n`).diagnostics.map((d) => [d.code, d.args["fix"] ?? d.args["inner"]]);
    expect(codes("研发投入 超过 10万元（含）")).toEqual([["K1113", "不少于"]]);
    expect(codes("研发投入 不少于 10万元（不含）")).toEqual([["K1113", "超过"]]);
    expect(codes("研发投入 = 10万元（含）")).toEqual([["K1113", "≥ 或 ≤"]]);
    expect(codes("研发投入 10万元以上（含20万元）")).toEqual([["K1114", "20万元"]]);
  });
});
