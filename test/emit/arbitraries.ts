/**
 * Random applications, histories and options for a policy: what the differential and batch tests
 * evaluate on both paths. Mostly valid, sometimes wrong in one field (missing, unknown, negative,
 * of another type), so both validation and decisions are compared.
 */
import fc from "fast-check";
import type { InputSpec, IrPolicy } from "../../compiler/ir/ir.js";
import type { EvaluationOptions, GrantInput } from "@kuan/runtime/internal";

export function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function moneyArb(): fc.Arbitrary<unknown> {
  const fen = fc.oneof(fc.integer({ min: 0, max: 3_000_000_000 }), fc.constantFrom(0, 1, 99, 100, 10_000_000, 9_999_999, 10_000_001, 20_000_000));
  return fen.chain((f) =>
    fc.constantFrom<unknown>(
      // A JSON number of yuan must be whole (fen go in text: a binary fraction is not exact).
      f % 100 === 0 ? f / 100 : `${f / 100}`,
      `${Math.floor(f / 100)}.${String(f % 100).padStart(2, "0")}`,
      f % 1_000_000 === 0 ? `${f / 1_000_000}万元` : `${Math.floor(f / 100)}.${String(f % 100).padStart(2, "0")}元`,
    ),
  );
}

export function inputArb(spec: InputSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case "money": return moneyArb();
    case "rate": return fc.integer({ min: 0, max: 3000 }).map((n) => `${n / 100}%`);
    case "count": return fc.integer({ min: 0, max: 120 });
    case "quantity": return fc.integer({ min: 0, max: 2000 }).map((n) => `${n / 100}`);
    case "duration": return fc.integer({ min: 0, max: 12 });
    case "date": return fc.integer({ min: dayOf("2020-10-01"), max: dayOf("2026-06-30") }).map(isoDay);
    case "year": return fc.integer({ min: 2018, max: 2027 });
    case "bool": return fc.boolean();
    case "enum": return fc.constantFrom(...spec.values);
    case "text": return fc.string({ maxLength: 8 });
  }
}

/** Mostly valid applications; sometimes a field missing, unknown, negative or of the wrong type. */
export function applicationArb(ir: IrPolicy): fc.Arbitrary<Record<string, unknown>> {
  // Built with defineProperty: an input may be called `__proto__`.
  const valid = fc.tuple(...ir.inputs.map((i) => inputArb(i.spec))).map((values) => {
    const app: Record<string, unknown> = {};
    ir.inputs.forEach((input, k) => Object.defineProperty(app, input.name, { value: values[k], enumerable: true, writable: true, configurable: true }));
    return app;
  });
  const names = ir.inputs.map((i) => i.name);
  if (names.length === 0) return valid;
  return fc.oneof(
    { weight: 9, arbitrary: valid },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.constantFrom(...names), fc.constantFrom<unknown>(undefined, -5, "abc", null, [], "一二三", 1.234)).map(([app, name, bad]) => {
        const copy = { ...app };
        if (bad === undefined) delete copy[name];
        else copy[name] = bad;
        return copy;
      }),
    },
    { weight: 1, arbitrary: valid.map((app) => ({ ...app, 未声明的项: 1 })) },
  );
}

export function historyArb(ir: IrPolicy): fc.Arbitrary<GrantInput[]> {
  const awards = ir.rules.filter((r) => r.kind === "reward" || r.kind === "subsidy").map((r) => r.name);
  const articleOf = (rule: string) => ir.rules.find((r) => r.name === rule)?.article?.label ?? "";
  if (awards.length === 0) return fc.constant([]);
  const grant = fc.record({
    rule: fc.constantFrom(...awards),
    firm: fc.constantFrom("firm", "other"),
    project: fc.constantFrom<string | undefined>(undefined, "p1", "p2"),
    date: fc.integer({ min: dayOf("2019-01-01"), max: dayOf("2025-12-31") }).map(isoDay),
    amount: fc.integer({ min: 0, max: 30_000_000 }),
    application: fc.constantFrom<string | undefined>(undefined, "a1", "a2"),
  });
  return fc.array(grant, { maxLength: 4 }).map((gs) =>
    gs.map((g): GrantInput => ({ policy: ir.id, version: ir.version, article: articleOf(g.rule), rule: g.rule, firm: g.firm, ...(g.project ? { project: g.project } : {}), ...(g.application ? { application: g.application } : {}), date: g.date, amount: g.amount / 100 })),
  );
}

export function optionsArb(ir: IrPolicy): fc.Arbitrary<EvaluationOptions> {
  const from = dayOf(ir.validFrom ?? "2021-01-01") - 200;
  const to = dayOf(ir.validTo ?? "2025-12-31") + 200;
  return fc.record({
    asOf: fc.integer({ min: from, max: to }).map(isoDay),
    history: historyArb(ir),
    firm: fc.constantFrom<string | undefined>(undefined, "firm", "firm", "firm"),
    project: fc.constantFrom<string | undefined>(undefined, "p1", "p1"),
    trace: fc.boolean(),
  }).map((o) => ({ asOf: o.asOf, history: o.history, trace: o.trace, ...(o.firm ? { firm: o.firm } : {}), ...(o.project ? { project: o.project } : {}) }));
}
