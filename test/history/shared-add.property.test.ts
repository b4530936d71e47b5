/**
 * SharedHistory.add: rows added to a shared history, read in between by evaluations of several
 * firms and dates, count exactly as if the whole list had been given at the start — the same
 * decisions, warnings (their history[i] included) and errors (a bad row added later fails every
 * evaluation from then on), whether or not they are added as grants in the one shape already
 * (`wellFormed`). Checked on every seed policy with awards, by the interpreter.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import { evaluate } from "../../compiler/interpret/index.js";
import { grantsFromJson, SharedHistory, type EvaluationOptions, type GrantInput } from "@kuan/runtime/internal";
import { allPolicySources, compileOk } from "../helpers/emitted.js";
import { applicationArb, dayOf, historyArb, isoDay } from "../emit/arbitraries.js";

const RUNS = Math.max(30, Math.floor(Number(process.env["KUAN_DIFF_RUNS"] ?? 10_000) / 50));

function caseArb(ir: IrPolicy) {
  const from = dayOf(ir.validFrom ?? "2021-01-01") - 100;
  const to = dayOf(ir.validTo ?? "2025-12-31") + 100;
  const read = fc.record({
    input: applicationArb(ir),
    firm: fc.constantFrom("firm", "other"),
    application: fc.constantFrom<string | undefined>(undefined, "a1", "a9"),
    project: fc.constantFrom<string | undefined>(undefined, "p1"),
    // Mostly one of a few dates: a batch reads many firms on one date (what the reads cache keeps).
    asOf: fc.oneof(fc.constantFrom(isoDay(to - 100), isoDay(to - 100), isoDay(from + 200)), fc.integer({ min: from, max: to }).map(isoDay)),
  });
  // Chunks of rows, each followed by the evaluations made before the next chunk is added; now
  // and then a row that is wrong (another policy's rule) or the same row twice.
  const chunk = fc.tuple(historyArb(ir), fc.integer({ min: 0, max: 19 }), fc.array(read, { maxLength: 3 })).map(([rows, k, reads]) => {
    const out: GrantInput[] = [...rows];
    if (k === 0 && rows[0]) out.push({ ...rows[0], rule: "没有这项奖补" });
    if (k === 1 && rows[0]) out.push({ ...rows[0] });
    return { rows: out, reads };
  });
  return fc.array(chunk, { minLength: 1, maxLength: 5 });
}

describe("SharedHistory.add", () => {
  for (const { name, source } of allPolicySources()) {
    const ir = compileOk(source, name).ir as IrPolicy;
    if (!ir.rules.some((r) => r.kind === "reward" || r.kind === "subsidy")) continue;
    it(`${name}: added rows count as if given from the start`, () => {
      fc.assert(
        fc.property(caseArb(ir), (chunks) => {
          const first = chunks[0];
          if (!first) return;
          const shared = new SharedHistory(first.rows);
          const all: GrantInput[] = [...first.rows];
          chunks.forEach((c, i) => {
            if (i > 0) {
              // Every other chunk in the one grant shape, added as such (what kuan run does with its own grants).
              const parsed = i % 2 === 0 ? grantsFromJson(c.rows) : null;
              if (parsed?.ok) shared.add(parsed.grants, true);
              else shared.add(c.rows);
              all.push(...c.rows);
            }
            for (const r of c.reads) {
              const options = (history: SharedHistory): EvaluationOptions => ({
                asOf: r.asOf,
                firm: r.firm,
                trace: false,
                history,
                ...(r.application ? { application: r.application } : {}),
                ...(r.project ? { project: r.project } : {}),
              });
              const added = evaluate(ir, r.input, options(shared));
              const fresh = evaluate(ir, r.input, options(new SharedHistory([...all])));
              expect(added).toEqual(fresh);
            }
          });
        }),
        { numRuns: RUNS, seed: 20261202 },
      );
    });
  }

  it("a history that is not a list stays an error after rows are added", () => {
    const ir = compileOk(allPolicySources()[0]?.source ?? "", "first").ir as IrPolicy;
    const shared = new SharedHistory({ not: "a list" });
    const award = ir.rules.find((r) => r.kind === "reward" || r.kind === "subsidy");
    shared.add([{ policy: ir.id, version: ir.version, article: award?.article?.label ?? "", rule: award?.name ?? "", firm: "firm", date: "2021-06-01", amount: "100.00" }]);
    // A valid application, so that the history is what fails.
    const [input] = fc.sample(applicationArb(ir), { numRuns: 1, seed: 1 });
    const result = evaluate(ir, input, { asOf: "2022-01-01", firm: "firm", history: shared });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => [e.code, e.field])).toContainEqual(["K5201", "history"]);
  });
});
