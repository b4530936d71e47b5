/**
 * The history contract, as a property: for random sequences of applications by one firm on one
 * project, every grant an evaluation returned, fed back as history (through JSON, as a ledger
 * keeps it), counts against every cap and limit of its award — the amount already used under a
 * cap is exactly the sum of the earlier grants in its scope (this year's, for a per-year cap), a
 * limit sees exactly as many earlier grants — and no cap is ever exceeded. The emitted module of
 * every seed policy is checked, ≥ 10,000 random histories each.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { InputSpec, IrExpr, IrPolicy } from "../../compiler/ir/ir.js";
import { exprChildren } from "../../compiler/ir/from-ast.js";
import { parseMoney, type Decision, type Grant, type GrantInput } from "@kuan/runtime/internal";
import { compileOk, kuanFiles, loadEmitted } from "../helpers/emitted.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.env["KUAN_HISTORY_RUNS"] ?? 10_000);
const POLICIES = fileURLToPath(new URL("../../policies/", import.meta.url));

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

function inputArb(spec: InputSpec, rare: boolean): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case "money": return fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 3_000_000_00 }).map((f) => (f / 100).toFixed(2)));
    case "rate": return fc.integer({ min: 0, max: 3000 }).map((n) => `${n / 100}%`);
    case "count": return fc.integer({ min: 0, max: 120 });
    case "quantity": return fc.integer({ min: 0, max: 100_000 }).map((n) => (n / 100).toFixed(2));
    case "duration": return fc.integer({ min: 0, max: 12 });
    case "date": return fc.integer({ min: dayOf("2021-01-01"), max: dayOf("2025-06-30") }).map(isoDay);
    case "year": return fc.integer({ min: 2019, max: 2026 });
    // Mostly yes, so awards gated by yes/no inputs are often open; exclusions and clawbacks seldom hold.
    case "bool": return rare ? fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 19, arbitrary: fc.constant(false) }) : fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
    case "enum": return fc.constantFrom(...spec.values);
    case "text": return fc.string({ maxLength: 4 });
  }
}

function inputsOf(e: IrExpr, into: Set<string>): void {
  if (e.op === "input") into.add(e.name);
  for (const c of exprChildren(e)) inputsOf(c, into);
}

function applicationArb(ir: IrPolicy): fc.Arbitrary<Record<string, unknown>> {
  const rare = new Set<string>();
  for (const x of ir.exclusions) inputsOf(x.condition, rare);
  for (const r of ir.rules) for (const c of r.clawbacks) inputsOf(c.condition, rare);
  return fc.tuple(...ir.inputs.map((i) => inputArb(i.spec, rare.has(i.name)))).map((values) => {
    const app: Record<string, unknown> = {};
    ir.inputs.forEach((input, k) => Object.defineProperty(app, input.name, { value: values[k], enumerable: true, writable: true, configurable: true }));
    return app;
  });
}

const fen = (yuan: string): number => {
  const p = parseMoney(yuan);
  if (!p.ok) throw new Error(`not an amount: ${yuan}`);
  return p.value;
};

/** Plain checks in the hot loop (vitest's expect costs more than an evaluation). */
function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

/** What the trace says the evaluation counted, checked against the grants made so far. */
function checkCounted(decision: Decision, ledger: readonly Grant[]): void {
  const prior = (rule: string) => ledger.filter((g) => g.rule === rule);
  for (const t of decision.trace) {
    if (t.kind === "cap" && t.cap.scope !== "each") {
      const inScope = prior(t.rule).filter((g) => !t.cap.scope.endsWith("year") || Number(g.date.slice(0, 4)) === t.year);
      const used = inScope.reduce((a, g) => a + fen(g.amount), 0);
      check(t.used === used, () => `${t.rule} ${t.cap.text}: counted ${t.used} fen used, the ledger has ${used}`);
      check(t.after <= Math.max(0, t.capAmount - t.used), () => `${t.rule} ${t.cap.text}: ${t.after} fen is over the room left`);
    }
    if (t.kind === "limit") check(t.count === prior(t.rule).length, () => `${t.rule} ${t.limit.text}: counted ${t.count} earlier grants, the ledger has ${prior(t.rule).length}`);
  }
  // A once-only or N-times limit is never passed, whatever the history.
  for (const t of decision.trace) {
    if (t.kind === "limit" && t.limit.kind === "times") {
      const now = decision.grants.filter((g) => g.rule === t.rule).length;
      check(prior(t.rule).length + now <= Math.max(t.limit.n, prior(t.rule).length), () => `${t.rule} ${t.limit.text}: passed`);
    }
  }
}

const policies = kuanFiles(POLICIES).filter((f) => !f.endsWith(".en.kuan"));

describe("every grant returned and fed back counts against its caps and limits", () => {
  it("covers the seed policies", () => expect(policies.length).toBeGreaterThanOrEqual(5));
  for (const file of policies) {
    const name = file.slice(POLICIES.length);
    it(`${name}: ${RUNS} random histories`, async () => {
      const result = compileOk(readFileSync(file, "utf8"), name);
      const ir = result.ir as IrPolicy;
      const emitted = await loadEmitted(result);
      const from = dayOf(ir.validFrom ?? "2021-01-01");
      const to = dayOf(ir.validTo ?? "2025-12-31");
      const steps = fc.array(fc.tuple(applicationArb(ir), fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 5 });
      let granted = 0;
      fc.assert(
        fc.property(steps, (sequence) => {
          let day = from;
          const ledger: Grant[] = [];
          sequence.forEach(([application, gap], k) => {
            day = Math.min(to, day + gap);
            // Through JSON, as a ledger stores them: the shape the evaluator returns is the shape it takes.
            const history = JSON.parse(JSON.stringify(ledger)) as GrantInput[];
            const r = emitted.evaluate(application, { asOf: isoDay(day), firm: "F", project: "P", application: `A${k}`, history });
            if (!r.ok) {
              // Only a date beyond the working-day calendar may stop an evaluation here; never the history.
              check(r.errors.every((e) => e.code === "K5103"), () => JSON.stringify(r.errors));
              return;
            }
            check(r.decision.warnings.length === 0, () => JSON.stringify(r.decision.warnings));
            checkCounted(r.decision, ledger);
            for (const g of r.decision.grants) {
              check(g.policy === ir.id && g.version === ir.version && g.firm === "F" && g.project === "P" && g.application === `A${k}` && g.date === isoDay(day), () => JSON.stringify(g));
              ledger.push(g);
              granted++;
            }
          });
        }),
        { numRuns: RUNS, seed: Number(process.env["KUAN_SEED"] ?? 8) },
      );
      // A policy with awards must have granted something, or the property was never exercised.
      if (ir.rules.some((r) => (r.kind === "reward" || r.kind === "subsidy") && (r.caps.length > 0 || r.limits.length > 0))) expect(granted).toBeGreaterThan(RUNS / 10);
    });
  }
});
