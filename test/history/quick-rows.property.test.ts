/**
 * grantsFromJson reads well-formed ledger rows on a quick path and everything else with the full
 * checks; on any row, valid or not, the two give the same grants and the same errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkHistory, grantsFromJson, grantsFromJsonChecked, parseDate } from "@kuan/runtime/internal";

const text = fc.oneof(
  fc.constantFrom("苏州市知识产权金融奖励补贴实施办法(试行)", "2021", "第五条", "服务费补贴", "firm-1", "A", " ", "", "\u3000", " x ", "ｆ"),
  fc.string({ maxLength: 6 }),
);
const date = fc.oneof(
  fc.constantFrom("2021-03-01", "2021-02-29", "2020-02-29", "1900-02-29", "2000-02-29", "0000-01-01", "2021-13-01", "2021-00-10", "2021-04-31", "2021-3-1", "２０２１-03-01", "2021年3月1日", " 2021-03-01", "9999-12-31"),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
);
const amount = fc.oneof(
  fc.constantFrom<unknown>("50000.00", "40000", "0.01", "0.1", "1,000.00", "5万元", "１２", "-1", "1.234", "", 10000, 0, -5, 1.5, 89_999_999_999_999, 90_000_000_000_000, "99999999999999.99", null, true),
  fc.integer({ min: 0, max: 10_000_000_000 }).map((fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`),
  fc.integer({ min: 0, max: 1_000_000 }),
);
const payers = fc.oneof(
  fc.constant(undefined),
  fc.array(fc.record({ payer: fc.oneof(text, fc.constant(5 as unknown)), amount }), { maxLength: 3 }),
  fc.constantFrom<unknown>("市级", [null], [[]], {}),
);
const row = fc
  .record(
    { policy: text, version: text, article: text, rule: text, firm: text, project: text, application: text, date, amount, payers, year: fc.constant(2021), extra: fc.string() },
    { requiredKeys: [] },
  )
  .map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
    return out;
  });
const entry = fc.oneof({ weight: 8, arbitrary: row }, { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], "row", 3) });

describe("the quick reading of ledger rows", () => {
  it("gives what the full checks give, on any list of rows", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), fc.nat(5), (rows, offset) => {
        expect(grantsFromJson(rows, offset)).toEqual(grantsFromJsonChecked(rows, offset));
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads ISO dates on the quick path as the pattern does", () => {
    fc.assert(
      fc.property(date, (d) => {
        // With spaces around it, a date never takes the quick path (the messages then quote the spaces).
        const quick = parseDate(d);
        const slow = parseDate(` ${d} `);
        expect(quick.ok).toBe(slow.ok);
        if (quick.ok && slow.ok) expect(quick.value).toBe(slow.value);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe("repeated rows", () => {
  const POLICY = { id: "P", version: "2021", awards: [{ rule: "甲", article: "第一条" }, { rule: "乙", article: "第二条" }] };
  const base = fc.record({
    rule: fc.constantFrom("甲", "乙"),
    firm: fc.constantFrom("f1", "f2"),
    date: fc.constantFrom("2021-01-01", "2021-06-01"),
    amount: fc.constantFrom("100.00", "100", "200.00"),
    application: fc.constantFrom(undefined, "a1", "a2"),
  });
  it("are found by comparing rows up to eight, by key beyond, with the first copy named", () => {
    fc.assert(
      fc.property(fc.array(base, { maxLength: 20 }), (list) => {
        const rows = list.map((r) => ({ policy: "P", version: "2020", article: r.rule === "甲" ? "第一条" : "第二条", rule: r.rule, firm: r.firm, date: r.date, amount: r.amount, ...(r.application ? { application: r.application } : {}) }));
        const read = checkHistory(rows, POLICY);
        // The rule: a row repeats the first earlier kept row with the same fields (the amount as yuan with fen).
        const firstOf = new Map<string, number>();
        const expected: string[] = [];
        rows.forEach((r, i) => {
          const key = JSON.stringify([r.rule, r.firm, r.date, Number(r.amount).toFixed(2), r.application ?? null]);
          const first = firstOf.get(key);
          if (first !== undefined) expected.push(`history[${i}] repeats history[${first}]`);
          else firstOf.set(key, i);
        });
        const got = read.ok ? [] : read.errors.map((e) => `${e.field} ${e.message.en.split(" (")[0]}`);
        expect(got).toEqual(expected);
      }),
      { numRuns: 3_000 },
    );
  });
});
