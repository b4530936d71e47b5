/**
 * splitByShares computes small totals in doubles and large ones in BigInt: both give the parts
 * of the rule it states (floor of each exact share, then the fen left over one each to the
 * largest remainders, ties to the payer listed first), written here once more with BigInt.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitByShares, type ShareSpec } from "../../runtime/src/decide.js";

function reference(total: number, shares: readonly ShareSpec[]): { payer: string; amount: number }[] {
  const exact = shares.map((s) => BigInt(total) * BigInt(s.millionths));
  const parts = shares.map((s, i) => ({ payer: s.payer, amount: Number((exact[i] as bigint) / 1_000_000n) }));
  let left = total - parts.reduce((a, p) => a + p.amount, 0);
  const order = exact.map((e, i) => ({ i, r: e % 1_000_000n })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0 && k < order.length; k++, left--) (parts[(order[k] as { i: number }).i] as { amount: number }).amount += 1;
  return parts;
}

const shares = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 5 }).map((ms) => ms.map((millionths, i) => ({ payer: `p${i}`, millionths })));

describe("splitByShares", () => {
  it("gives the reference parts for totals up to 90 million yuan (double arithmetic)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9_007_199_254 }), shares, (total, s) => {
      expect(splitByShares(total, s)).toEqual(reference(total, s));
    }), { numRuns: 5_000 });
  });

  it("gives the reference parts for larger totals and shares over 100 % (BigInt)", () => {
    const big = fc.array(fc.integer({ min: 0, max: 3_000_000 }), { minLength: 1, maxLength: 4 }).map((ms) => ms.map((millionths, i) => ({ payer: `p${i}`, millionths })));
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), big, (total, s) => {
      expect(splitByShares(total, s)).toEqual(reference(total, s));
    }), { numRuns: 2_000 });
  });

  it("gives the reference parts for two payers sharing the whole (the quick path)", () => {
    const total = fc.oneof(fc.integer({ min: 0, max: 9_007_199_254 }), fc.integer({ min: 9_007_199_000, max: 9_007_199_300 }), fc.integer({ min: 0, max: 1_000 }));
    const first = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0, 1, 333_333, 500_000, 666_667, 999_999, 1_000_000));
    fc.assert(fc.property(total, first, (t, a) => {
      const s = [{ payer: "市级", millionths: a }, { payer: "区级", millionths: 1_000_000 - a }];
      expect(splitByShares(t, s)).toEqual(reference(t, s));
    }), { numRuns: 20_000 });
  });

  it("splits 50/50 with the odd fen to the first payer", () => {
    expect(splitByShares(101, [{ payer: "市级", millionths: 500_000 }, { payer: "区级", millionths: 500_000 }])).toEqual([{ payer: "市级", amount: 51 }, { payer: "区级", amount: 50 }]);
  });
});
