/**
 * JSON numbers of yuan are exact or refused: every amount typed with two decimals, through
 * JSON.parse, reads back as the fen decimal.js says — or, from 2^46 yuan, where one double stands for
 * two amounts a fen apart, is refused with a message that says to use a string. The same amounts as
 * strings are always exact. Both the fast path (validateInput) and parseMoney are checked.
 * validateInput refuses every JSON number with jiao or fen (the input's JSON Schema says the same,
 * and no JSON Schema can say "at most two decimals" of a binary double): whole yuan only there.
 */
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXACT_JSON_YUAN, parseMoney, plainFenAt, quickFen, validateInput, type NamedInputSpec } from "@kuan/runtime/internal";

const SPECS: readonly NamedInputSpec[] = [{ name: "额", spec: { type: "money" } }];
const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);
const LOW = 2n ** 46n * 100n; // 2^46 yuan in fen

/** The text a person types for `fen`: yuan with exactly two decimals, e.g. "71302268102749.40". */
function typed(fen: bigint): string {
  return new Decimal(fen.toString()).div(100).toFixed(2);
}

/** What both readers make of the JSON `{"额": <text>}`: the fen, or null when refused. */
function readers(text: string): { parse: bigint | null; validate: bigint | null } {
  const value: unknown = JSON.parse(text);
  const p = parseMoney(value);
  const v = validateInput(SPECS, JSON.parse(`{"额": ${text}}`) as unknown);
  return { parse: p.ok ? BigInt(p.value) : null, validate: v.ok ? BigInt(v.values[0] as number) : null };
}

describe("JSON numbers of yuan", () => {
  it("the threshold is 2^46 yuan", () => {
    expect(EXACT_JSON_YUAN).toBe(70_368_744_177_664);
  });

  it("the issue's number is refused as a JSON number and exact as a string", () => {
    expect(readers("71302268102749.40")).toEqual({ parse: null, validate: null });
    const refused = parseMoney(71302268102749.4);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.zh).toContain("字符串");
      expect(refused.en).toContain("string");
      expect(refused.zh.replace(/JSON/g, "")).not.toMatch(/[A-Za-z]{3}/);
    }
    expect(parseMoney("71302268102749.40")).toEqual({ ok: true, value: 7130226810274940 });
    expect(parseMoney("71302268102749.41")).toEqual({ ok: true, value: 7130226810274941 });
  });

  it("whole yuan from 2^46 are exact (no other two-decimal amount maps to an integer double there)", () => {
    expect(readers("70368744177664")).toEqual({ parse: 7036874417766400n, validate: 7036874417766400n });
    expect(readers("89999999999999.00")).toEqual({ parse: 8999999999999900n, validate: 8999999999999900n });
  });

  it("2^46 to 9×10^13 yuan: exact or refused, never a fen off (property, against decimal.js)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: LOW - 200_000n, max: 9_000_000_000_000_000n }), (fen) => {
        const text = typed(fen);
        const r = readers(text);
        for (const got of [r.parse, r.validate]) if (got !== null) expect(got).toBe(fen);
        expect(r.validate).toBe(fen % 100n === 0n && fen <= 8_999_999_999_999_900n ? r.parse : null);
        if (fen < LOW) expect(r.parse).toBe(fen);
        // A string is never refused in the safe range.
        const s = parseMoney(text);
        expect(s.ok && BigInt(s.value)).toBe(fen);
      }),
      { numRuns: 20_000, seed: 46 },
    );
  });

  it("below 2^46 yuan every two-decimal amount is read exactly (property, against decimal.js)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: LOW - 1n }), (fen) => {
        const r = readers(typed(fen));
        expect(r).toEqual({ parse: fen, validate: fen % 100n === 0n ? fen : null });
      }),
      { numRuns: 20_000, seed: 7 },
    );
  });

  it("beyond the safe fen the amount is refused, not rounded", () => {
    const over = typed(MAX_FEN + 1n);
    expect(parseMoney(over).ok).toBe(false);
    expect(parseMoney(Number(over)).ok).toBe(false);
    expect(parseMoney("9".repeat(400)).ok).toBe(false);
  });
});

describe("yuan strings", () => {
  it("the plain form (\"12345.00\") reads as the general form does, digit for digit", () => {
    const text = fc
      .tuple(fc.stringMatching(/^[0-9]{1,16}$/), fc.option(fc.stringMatching(/^[0-9]{0,3}$/), { nil: undefined }))
      .map(([yuan, cents]) => (cents === undefined ? yuan : `${yuan}.${cents}`));
    fc.assert(
      fc.property(text, (s) => {
        const plain = parseMoney(s);
        // The same amount written as a person might (spaces, the unit) goes the general way.
        const general = parseMoney(` ${s} 元`);
        expect(plain.ok ? plain.value : null).toBe(general.ok ? general.value : null);
        if (plain.ok) expect(BigInt(plain.value)).toBe(BigInt(new Decimal(s).times(100).toFixed(0)));
      }),
      { numRuns: 20_000, seed: 20261202 },
    );
  });

  it("the quick reader (quickFen) reads what it reads as parseMoney does, and as plainFenAt reads the whole text", () => {
    // Digits, points and a few other characters, so that near misses ("1.", "1.234", ".5", "1e3") are common.
    const text = fc.oneof(fc.stringMatching(/^[0-9.]{0,17}$/), fc.stringMatching(/^[0-9]{1,15}(\.[0-9]{0,3})?[元 e,]?$/), fc.string({ maxLength: 6 }));
    const value = fc.oneof(text, fc.integer(), fc.double(), fc.constantFrom(null, undefined, true, -0, 2 ** 53, 89_999_999_999_999, 90_000_000_000_000));
    fc.assert(
      fc.property(value, (v) => {
        const fen = quickFen(v);
        if (typeof v === "string") expect(fen).toBe(plainFenAt(v, 0, v.length));
        if (fen < 0) return;
        const general = parseMoney(v);
        expect(general.ok ? general.value : null).toBe(fen);
      }),
      { numRuns: 20_000, seed: 20261204 },
    );
  });
});
