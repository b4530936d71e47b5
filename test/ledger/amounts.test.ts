/**
 * A grant's amount read back exactly (fenOfYuan, which the ledger, the impact and the runtime's history share).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fenOfYuan, formatYuan, MAX_WHOLE_YUAN, parseMoney } from "@kuan/runtime/internal";

describe("fenOfYuan", () => {
  it("reads every amount formatYuan writes back to its fen, exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_WHOLE_YUAN * 100 + 99 }), (fen) => {
        expect(fenOfYuan(formatYuan(fen))).toBe(fen);
      }),
      { numRuns: 5000 },
    );
    for (const fen of [0, 1, 9, 10, 99, 100, 101, 999_999, MAX_WHOLE_YUAN * 100, MAX_WHOLE_YUAN * 100 + 99]) expect(fenOfYuan(formatYuan(fen))).toBe(fen);
  });

  it("reads any other text as parseMoney does, and refuses what is not an amount", () => {
    for (const text of ["1.5", "01.00", "00.00", "12", "0.5", "1000.0", "1,000.00", "１.00"]) {
      const parsed = parseMoney(text);
      if (parsed.ok) expect(fenOfYuan(text)).toBe(parsed.value);
      else expect(() => fenOfYuan(text)).toThrow(RangeError);
    }
    for (const text of ["", ".00", "1.x0", "a.00", "-1.00", "1.00.00", "99999999999999.99"]) {
      const parsed = parseMoney(text);
      if (parsed.ok) expect(fenOfYuan(text)).toBe(parsed.value);
      else expect(() => fenOfYuan(text)).toThrow(RangeError);
    }
  });
});
