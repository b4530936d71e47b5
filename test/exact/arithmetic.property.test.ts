/**
 * Exact money against decimal.js: at least 1,000,000 random operations per run (2,000 fast-check
 * runs × 500 operations from a seeded generator), every rounding mode and unit, splits, parsing
 * and formatting. Any difference is a wrong amount.
 */
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitByShares } from "@kuan/runtime/internal";
import {
  addFen,
  dec,
  decAdd,
  decDiv,
  decMul,
  decSub,
  decToString,
  divFen,
  formatYuan,
  mulFen,
  parseDec,
  parseMoney,
  ratioFen,
  type Dec,
  type RoundingMode,
  type RoundingUnit,
} from "@kuan/runtime/internal";

const D = Decimal.clone({ precision: 80 });
const MODES: RoundingMode[] = ["half-up", "half-even", "down", "up"];
const DECIMAL_MODE: Record<RoundingMode, Decimal.Rounding> = { "half-up": D.ROUND_HALF_UP, "half-even": D.ROUND_HALF_EVEN, down: D.ROUND_DOWN, up: D.ROUND_UP };
const UNITS: RoundingUnit[] = ["fen", "jiao", "yuan", "wan"];
const UNIT_FEN: Record<RoundingUnit, number> = { fen: 1, jiao: 10, yuan: 100, wan: 1_000_000 };

/** A small seeded generator, so each fast-check run drives 500 operations cheaply and reproducibly. */
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    int,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] as T,
    /** Amounts across magnitudes, from a fen to beyond 2^53 / 100 yuan where bigint takes over. */
    fen: () => [int(1000), int(10_000_000), int(2 ** 31) * 1000 + int(1000), Number.MAX_SAFE_INTEGER - int(1e6)][int(4)] as number,
    factor: (): Dec => {
      const scale = int(9);
      const units = BigInt(int(4) === 0 ? int(10 ** Math.min(scale + 3, 15)) : int(1000));
      return dec(units, scale);
    },
  };
}

const toDecimal = (d: Dec) => new D(decToString(d));
const OPS_PER_RUN = 500;
const RUNS = 2_000;

describe("exact arithmetic agrees with decimal.js", () => {
  it(`${(OPS_PER_RUN * RUNS).toLocaleString("en")} random operations`, () => {
    let operations = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const g = generator(seed);
        for (let k = 0; k < OPS_PER_RUN; k++) {
          operations++;
          const op = g.int(8);
          if (op <= 2) {
            // money × factor, rounded once to the unit
            const fen = g.fen();
            const f = g.factor();
            const rounding = { mode: g.pick(MODES), unit: g.pick(UNITS) };
            const unit = UNIT_FEN[rounding.unit];
            const exact = new D(fen).mul(toDecimal(f)).div(unit).toDecimalPlaces(0, DECIMAL_MODE[rounding.mode]).mul(unit);
            if (exact.abs().gt(Number.MAX_SAFE_INTEGER)) {
              expect(() => mulFen(fen, f, rounding)).toThrow(RangeError);
              continue;
            }
            expect(mulFen(fen, f, rounding)).toBe(exact.toNumber());
          } else if (op === 3) {
            const fen = g.fen();
            const f = g.factor();
            if (f.units === 0n) continue;
            const rounding = { mode: g.pick(MODES), unit: g.pick(UNITS) };
            const unit = UNIT_FEN[rounding.unit];
            const exact = new D(fen).div(toDecimal(f)).div(unit).toDecimalPlaces(0, DECIMAL_MODE[rounding.mode]).mul(unit);
            if (exact.abs().gt(Number.MAX_SAFE_INTEGER)) {
              expect(() => divFen(fen, f, rounding)).toThrow(RangeError);
              continue;
            }
            expect(divFen(fen, f, rounding)).toBe(exact.toNumber());
          } else if (op === 4) {
            const a = g.factor();
            const b = g.factor();
            expect(decToString(decAdd(a, b))).toBe(toDecimal(a).add(toDecimal(b)).toFixed());
            expect(decToString(decSub(a, b))).toBe(toDecimal(a).sub(toDecimal(b)).toFixed());
            expect(decToString(decMul(a, b))).toBe(toDecimal(a).mul(toDecimal(b)).toFixed());
            if (b.units !== 0n) expect(decToString(decDiv(a, b))).toBe(toDecimal(a).div(toDecimal(b)).toDecimalPlaces(10, D.ROUND_HALF_EVEN).toFixed());
          } else if (op === 5) {
            const a = g.int(2 ** 30) * g.int(1000);
            const b = g.int(2 ** 30) + 1;
            expect(decToString(ratioFen(a, b))).toBe(new D(a).div(b).toDecimalPlaces(10, D.ROUND_HALF_EVEN).toFixed());
            const sum = new D(a).add(b);
            if (sum.lte(Number.MAX_SAFE_INTEGER)) expect(addFen(a, b)).toBe(sum.toNumber());
          } else if (op === 6) {
            // parsing and formatting round trip: "12345.67", "1,234.5", "2.5万", "0.01元"
            const fen = g.int(4) === 0 ? g.fen() : g.int(100_000_000);
            const text = formatYuan(fen);
            expect(text).toBe(new D(fen).div(100).toFixed(2));
            const parsed = parseMoney(g.int(2) === 0 ? text : `${text}元`);
            expect(parsed.ok && parsed.value).toBe(fen);
            if (fen % 100 === 0 && fen / 100 <= 2 ** 40) {
              expect(parseMoney(fen / 100)).toEqual({ ok: true, value: fen });
              if (fen % 1_000_000 === 0) expect(parseMoney(`${fen / 1_000_000}万元`)).toEqual({ ok: true, value: fen });
            }
            const asNumber = fen / 100;
            const viaNumber = parseMoney(asNumber);
            // From 2^46 yuan one double stands for two amounts a fen apart: only whole yuan are read (json-money.property.test.ts).
            if (asNumber >= 2 ** 46 && fen % 100 !== 0) expect(viaNumber.ok).toBe(false);
            else if (String(asNumber) === new D(fen).div(100).toFixed()) expect(viaNumber).toEqual({ ok: true, value: fen });
          } else {
            // splits among 2–5 payers add back exactly and each part is within a fen of its exact share
            const total = g.fen() % 10_000_000_000;
            const n = 2 + g.int(4);
            const cuts = Array.from({ length: n - 1 }, () => g.int(1_000_001)).sort((a, b) => a - b);
            const bounds = [0, ...cuts, 1_000_000];
            const shares = Array.from({ length: n }, (_, i) => ({ payer: `p${i}`, millionths: (bounds[i + 1] as number) - (bounds[i] as number) }));
            const parts = splitByShares(total, shares);
            expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(total);
            for (const [i, p] of parts.entries()) {
              const exact = new D(total).mul(shares[i]?.millionths ?? 0).div(1_000_000);
              expect(exact.sub(p.amount).abs().lt(1)).toBe(true);
            }
          }
        }
        return true;
      }),
      { numRuns: RUNS, seed: Number(process.env["KUAN_SEED"] ?? 7) },
    );
    expect(operations).toBeGreaterThanOrEqual(1_000_000);
  });

  it("gives a 50/50 split's odd fen to the first payer, and a third of 2 fen to two payers", () => {
    expect(splitByShares(3, [{ payer: "市级", millionths: 500_000 }, { payer: "区级", millionths: 500_000 }]).map((p) => p.amount)).toEqual([2, 1]);
    const thirds = [{ payer: "a", millionths: 333_334 }, { payer: "b", millionths: 333_333 }, { payer: "c", millionths: 333_333 }];
    expect(splitByShares(2, thirds).map((p) => p.amount)).toEqual([1, 1, 0]);
  });

  it("parses decimals exactly and refuses what is not one", () => {
    expect(parseDec("0.075")).toEqual(dec(75n, 3));
    expect(parseDec("1e5")).toBeUndefined();
    expect(parseMoney("1,000,000.005").ok).toBe(false);
    expect(parseMoney(0.1 + 0.2).ok).toBe(false);
    expect(parseMoney("２.５万元")).toEqual({ ok: true, value: 2_500_000 });
    expect(parseMoney(Number.NaN).ok).toBe(false);
    expect(parseMoney(-0.01).ok).toBe(false);
  });
});
