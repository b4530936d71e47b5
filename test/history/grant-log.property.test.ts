/**
 * GrantLog (a ledger's grants of one firm, added as they are made): read by evaluations between
 * additions, on any dates and in any order of dates, it decides exactly as the list of the same
 * grants given at the start would — the same decisions, warnings (history[i] included: rows dated
 * later, rows of this very application, rows of another firm) and errors (a row of no award here,
 * the same row twice). Checked on every seed policy with awards, by the interpreter, and on one
 * log read by two versions of a measure in turn (each checks the rows for itself).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import { evaluate } from "../../compiler/interpret/index.js";
import { GrantLog, grantsFromJson, type EvaluationOptions, type GrantInput } from "@kuan/runtime/internal";
import { allPolicySources, compileOk } from "../helpers/emitted.js";
import { applicationArb, dayOf, historyArb, isoDay } from "../emit/arbitraries.js";

const RUNS = Math.max(30, Math.floor(Number(process.env["KUAN_DIFF_RUNS"] ?? 10_000) / 50));

function readArb(ir: IrPolicy) {
  const from = dayOf(ir.validFrom ?? "2021-01-01") - 100;
  const to = dayOf(ir.validTo ?? "2025-12-31") + 100;
  return fc.record({
    input: applicationArb(ir),
    application: fc.constantFrom<string | undefined>(undefined, "a1", "a9"),
    project: fc.constantFrom<string | undefined>(undefined, "p1"),
    // Now and then the same date again (the reading kept), or an earlier one (rows dated later).
    asOf: fc.oneof(fc.constantFrom(isoDay(to - 100), isoDay(to - 100), isoDay(from + 200)), fc.integer({ min: from, max: to }).map(isoDay)),
  });
}

/** Chunks of one firm's grants (now and then another firm's row, a row of no award, a repeat), each followed by reads. */
function chunksArb<R>(ir: IrPolicy, reads: fc.Arbitrary<R>) {
  const chunk = fc.tuple(historyArb(ir), fc.integer({ min: 0, max: 19 }), fc.array(reads, { maxLength: 3 })).map(([rows, k, rs]) => {
    const out: GrantInput[] = rows.map((r) => ({ ...r, firm: k === 2 ? "other" : "firm" }));
    if (k === 0 && out[0]) out.push({ ...out[0], rule: "没有这项奖补" });
    if (k === 1 && out[0]) out.push({ ...out[0] });
    return { rows: out, reads: rs };
  });
  return fc.array(chunk, { minLength: 1, maxLength: 5 });
}

function options(r: { application: string | undefined; project: string | undefined; asOf: string }, history: GrantLog | readonly GrantInput[]): EvaluationOptions {
  return { asOf: r.asOf, firm: "firm", trace: false, history, ...(r.application ? { application: r.application } : {}), ...(r.project ? { project: r.project } : {}) };
}

function addAll(log: GrantLog, rows: readonly GrantInput[]): void {
  const parsed = grantsFromJson(rows);
  if (!parsed.ok) throw new Error(`the arbitrary made a malformed row: ${JSON.stringify(parsed.errors)}`);
  for (const g of parsed.grants) log.add(g);
}

describe("GrantLog", () => {
  for (const { name, source } of allPolicySources()) {
    const ir = compileOk(source, name).ir as IrPolicy;
    if (!ir.rules.some((r) => r.kind === "reward" || r.kind === "subsidy")) continue;
    it(`${name}: a firm's log reads as the list of its grants`, () => {
      fc.assert(
        fc.property(chunksArb(ir, readArb(ir)), (chunks) => {
          const log = new GrantLog();
          const all: GrantInput[] = [];
          for (const c of chunks) {
            addAll(log, c.rows);
            all.push(...c.rows);
            for (const r of c.reads) expect(evaluate(ir, r.input, options(r, log))).toEqual(evaluate(ir, r.input, options(r, [...all])));
          }
          expect(log.length).toBe(all.length);
        }),
        { numRuns: RUNS, seed: 20261203 },
      );
    });
  }

  it("one log read by two versions of a measure in turn: each version checks and reads the rows as its own list", () => {
    const read = (file: string) => compileOk(readFileSync(new URL(`../../policies/${file}`, import.meta.url), "utf8"), file).ir as IrPolicy;
    const v2021 = read("suzhou-ip-finance-2021.kuan");
    const v2024 = read("suzhou-ip-finance-2024.kuan");
    expect(v2021.id).toBe(v2024.id);
    const reads = fc.tuple(fc.boolean(), readArb(v2021), readArb(v2024)).map(([old, a, b]) => ({ old, ...(old ? a : b) }));
    fc.assert(
      fc.property(chunksArb(v2021, reads), (chunks) => {
        const log = new GrantLog();
        const all: GrantInput[] = [];
        for (const c of chunks) {
          addAll(log, c.rows);
          all.push(...c.rows);
          for (const r of c.reads) {
            const ir = r.old ? v2021 : v2024;
            expect(evaluate(ir, r.input, options(r, log))).toEqual(evaluate(ir, r.input, options(r, [...all])));
          }
        }
      }),
      { numRuns: RUNS, seed: 20261204 },
    );
  });
});
