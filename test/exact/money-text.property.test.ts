/**
 * The text of amounts (formatYuan, formatMoneyZh, formatMoneyEn, moneyWords) is put together from tables of
 * digit groups for speed; here it is checked against the rule it states, written plainly with
 * BigInt and string operations, over the whole safe range and at its edges.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoneyEn, formatMoneyZh, formatYuan, moneyWords } from "@kuan/runtime/internal";

function groupedRef(digits: string): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}

/** units ÷ 10^places without trailing zeros. */
function scaledRef(units: bigint, places: number): string {
  const d = 10n ** BigInt(places);
  const whole = (units / d).toString();
  const frac = (units % d).toString().padStart(places, "0").replace(/0+$/, "");
  return frac === "" ? whole : `${whole}.${frac}`;
}

function yuanRef(abs: bigint): string {
  const cents = abs % 100n;
  const yuan = groupedRef((abs / 100n).toString());
  return cents === 0n ? yuan : `${yuan}.${cents.toString().padStart(2, "0")}`;
}

function zhRef(fen: number): string {
  const abs = BigInt(Math.abs(fen));
  const text = abs >= 10_000_000_000n && abs % 1_000_000n === 0n ? `${scaledRef(abs, 10)}亿元` : abs >= 1_000_000n && abs % 10_000n === 0n ? `${scaledRef(abs, 6)}万元` : `${yuanRef(abs)}元`;
  return fen < 0 ? `-${text}` : text;
}

const enRef = (fen: number): string => `${fen < 0 ? "-" : ""}${yuanRef(BigInt(Math.abs(fen)))} yuan`;
const yuanJsonRef = (fen: number): string => {
  const abs = BigInt(Math.abs(fen));
  return `${fen < 0 ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
};

// Amounts of every size, with weight on round ones (万元, 亿元) and on group boundaries.
const amounts = fc.oneof(
  fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.tuple(fc.integer({ min: 0, max: 900_719_925 }), fc.constantFrom(10_000, 1_000_000, 100_000_000)).map(([n, unit]) => n * unit),
  fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: -2, max: 2 })).map(([e, d]) => Math.max(0, 10 ** e + d)),
);

describe("the text of amounts", () => {
  it("formatYuan, formatMoneyZh and formatMoneyEn say what the plain rule says", () => {
    fc.assert(
      fc.property(amounts, (fen) => {
        expect(formatYuan(fen)).toBe(yuanJsonRef(fen));
        expect(formatMoneyZh(fen)).toBe(zhRef(fen));
        expect(formatMoneyEn(fen)).toBe(enRef(fen));
        // A message's words: the prefix, then the amount as formatMoneyZh / formatMoneyEn write it.
        expect(moneyWords("给予 质押奖励 ", "granted 质押奖励: ", fen)).toEqual({ zh: `给予 质押奖励 ${zhRef(fen)}`, en: `granted 质押奖励: ${enRef(fen)}` });
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads as officers write amounts", () => {
    expect(formatMoneyZh(5_000_000)).toBe("5万元");
    expect(formatMoneyZh(12_500_000)).toBe("12.5万元");
    expect(formatMoneyZh(300_000)).toBe("3,000元");
    expect(formatMoneyZh(12_000_000_000)).toBe("1.2亿元");
    expect(formatMoneyZh(3_333_333)).toBe("33,333.33元");
    expect(formatMoneyZh(-5_000_000)).toBe("-5万元");
    expect(formatMoneyEn(123_456_789_01)).toBe("123,456,789.01 yuan");
    expect(formatMoneyEn(0)).toBe("0 yuan");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(-123_456_700)).toBe("-1234567.00");
    expect(formatYuan(Number.MAX_SAFE_INTEGER)).toBe("90071992547409.91");
  });
});
