/**
 * The batch: an emitted module's evaluateMany gives, for each application, what evaluate gives it
 * with its firm, project and application id and the whole history (less the warnings about other
 * firms' rows, which in a shared history are not the applicant's to hear about); the interpreter's
 * batch (kuan/pipeline evaluateMany, which `kuan eval --cohort` runs) gives the same, and so do the
 * two evaluateCohort's rankings. A bad row anywhere in the history fails every application.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import { evaluateCohort as interpretCohort, evaluateMany as interpretMany } from "../../compiler/pipeline.js";
import type { BatchApplication, BatchDecision, BatchOptions, CohortResult, EvaluationOptions, EvaluationResult, GrantInput } from "@kuan/runtime/internal";
import { SharedHistory } from "@kuan/runtime/internal";
import { allPolicySources, compileOk, loadEmitted } from "../helpers/emitted.js";
import { applicationArb, dayOf, historyArb, isoDay } from "./arbitraries.js";

const RUNS = Math.max(50, Math.floor(Number(process.env["KUAN_DIFF_RUNS"] ?? 10_000) / 20));

interface BatchModule {
  evaluate(input: unknown, options?: EvaluationOptions): EvaluationResult;
  evaluateMany(applications: readonly BatchApplication[], options?: BatchOptions): BatchDecision[];
  evaluateCohort(applications: readonly BatchApplication[], options?: BatchOptions): CohortResult;
}

function batchArb(ir: IrPolicy) {
  const application = fc.record({
    input: applicationArb(ir),
    firm: fc.constantFrom<string | undefined>(undefined, "firm", "other"),
    project: fc.constantFrom<string | undefined>(undefined, "p1", "p2"),
  });
  // Now and then a row that is wrong anywhere in the history.
  const history = fc.tuple(historyArb(ir), historyArb(ir), fc.integer({ min: 0, max: 9 })).map(([a, b, k]) => {
    const rows: GrantInput[] = [...a, ...b];
    if (k === 0 && rows[0]) rows.push({ ...rows[0], rule: "没有这项奖补" });
    return rows;
  });
  const from = dayOf(ir.validFrom ?? "2021-01-01") - 100;
  const to = dayOf(ir.validTo ?? "2025-12-31") + 100;
  return fc.record({
    applications: fc.array(application, { minLength: 1, maxLength: 6 }).map((list) =>
      list.map((a, i): BatchApplication => ({ id: `A${i}`, input: a.input, ...(a.firm ? { firm: a.firm } : {}), ...(a.project ? { project: a.project } : {}) })),
    ),
    history,
    asOf: fc.integer({ min: from, max: to }).map(isoDay),
    trace: fc.constantFrom<boolean | undefined>(undefined, false, true),
  });
}

/** What evaluate gives one application of the batch: the whole history, without the warnings about other firms' rows. */
function alone(m: BatchModule, a: BatchApplication, history: readonly GrantInput[], asOf: string, trace: boolean | undefined): EvaluationResult {
  const firm = a.firm ?? a.id;
  const result = m.evaluate(a.input, { asOf, trace: trace === true, firm, application: a.id, history, ...(a.project ? { project: a.project } : {}) });
  if (!result.ok) return result;
  const own = (field: string) => history[Number(/^history\[(\d+)\]/.exec(field)?.[1])]?.firm === firm;
  return { ok: true, decision: { ...result.decision, warnings: result.decision.warnings.filter((w) => own(w.field)) } };
}

describe("evaluateMany and evaluateCohort", () => {
  for (const { name, source } of allPolicySources()) {
    it(`${name}: ${RUNS} random batches, emitted ≡ evaluate ≡ interpreter`, async () => {
      const result = compileOk(source, name);
      const ir = result.ir as IrPolicy;
      const m = (await loadEmitted(result)) as unknown as BatchModule;
      let decided = 0;
      fc.assert(
        fc.property(batchArb(ir), ({ applications, history, asOf, trace }) => {
          const options: BatchOptions = { asOf, history, ...(trace === undefined ? {} : { trace }) };
          const many = m.evaluateMany(applications, options);
          const expected = applications.map((a) => ({ id: a.id, result: alone(m, a, history, asOf, trace) }));
          decided += many.filter((d) => d.result.ok).length;
          if (!isDeepStrictEqual(many, expected)) return false;
          // The same shared history object serves batch after batch.
          if (!isDeepStrictEqual(m.evaluateMany(applications, { ...options, history: new SharedHistory(history) }), expected)) return false;
          if (!isDeepStrictEqual(interpretMany(result, applications, { asOf, history, ...(trace === undefined ? {} : { trace }) }), expected)) return false;
          return isDeepStrictEqual(m.evaluateCohort(applications, options), interpretCohort(result, applications, { asOf, history, ...(trace === undefined ? {} : { trace }) }));
        }),
        { numRuns: RUNS, seed: Number(process.env["KUAN_SEED"] ?? 20211) },
      );
      expect(decided).toBeGreaterThan(RUNS * 0.5);
    });
  }

  it("a bad row anywhere fails every application with its error, named by its place in the history", async () => {
    const source = ["policy \"batch\" version 2021", "application firm:", "  amount: money", "article 1:", "  reward bonus = amount × 10%", "  limit once per firm"].join("\n");
    const result = compileOk(source, "batch.kuan");
    const m = (await loadEmitted(result)) as unknown as BatchModule;
    const row = (firm: string, rule: string) => ({ policy: "batch", version: "2021", article: "article 1", rule, firm, date: "2021-03-01", amount: "100.00" });
    const apps = [{ id: "a", input: { amount: 1000 } }, { id: "b", input: { amount: 2000 }, firm: "f" }];
    const bad = m.evaluateMany(apps, { asOf: "2021-06-01", history: [row("f", "bonus"), row("g", "nothing")] });
    expect(bad.map((d) => (d.result.ok ? "decided" : d.result.errors.map((e) => `${e.code} ${e.field}`).join()))).toEqual(["K5203 history[1].rule", "K5203 history[1].rule"]);
    const good = m.evaluateMany(apps, { asOf: "2021-06-01", history: [row("f", "bonus"), row("g", "bonus")] });
    // a (firm "a") has no grant yet; b (firm "f") had its once-only grant; g's row is no one's warning.
    expect(good.map((d) => (d.result.ok ? `${d.result.decision.outcome} ${d.result.decision.warnings.length} ${d.result.decision.trace.length}` : "error"))).toEqual(["eligible 0 0", "not-eligible 0 0"]);
    expect(m.evaluateMany(apps, { asOf: "2021-06-01", trace: true }).every((d) => d.result.ok && d.result.decision.trace.length > 0)).toBe(true);
  });
});
