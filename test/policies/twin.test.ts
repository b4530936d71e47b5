/**
 * The Suzhou finance measure is written twice, with Chinese keywords and names and with English
 * ones. Both must hold the same examples (the same inputs, earlier grants, dates and expectations,
 * names matched by position), all passing; and on random applications, histories and dates both
 * must decide alike: the same outcome, amounts, per-rule outcomes, grants, clawbacks and payers.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, evaluateConstant } from "../../compiler/interpret/index.js";
import { runExamples } from "../../compiler/interpret/examples.js";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import { compile } from "../../compiler/pipeline.js";
import type { Decision, EvaluationResult, Grant } from "@kuan/runtime/internal";
import { formatYuan } from "@kuan/runtime/internal";

const read = (f: string) => readFileSync(fileURLToPath(new URL(`../../policies/${f}`, import.meta.url)), "utf8");
const zh = compile(read("suzhou-ip-finance-2021.kuan")).ir as IrPolicy;
const en = compile(read("suzhou-ip-finance-2021.en.kuan")).ir as IrPolicy;

/** A decision with names replaced by their position, so the two spellings can be compared. */
function normal(ir: IrPolicy, r: EvaluationResult) {
  if (!r.ok) return { errors: r.errors.map((e) => ir.inputs.findIndex((i) => i.name === e.field)) };
  const d: Decision = r.decision;
  const ruleIndex = (name: string) => ir.rules.findIndex((x) => x.name === name);
  const grant = (g: Grant) => ({ rule: ruleIndex(g.rule), date: g.date, amount: g.amount, payers: g.payers?.map((p) => p.amount) ?? null });
  return {
    outcome: d.outcome,
    outputs: ir.rules.map((x) => d.outputs[x.name] ?? null),
    ruleOutcomes: ir.rules.map((x) => d.ruleOutcomes[x.name] ?? null),
    grants: d.grants.map(grant),
    clawbacks: d.clawbacks.map(grant),
    reasons: d.reasons.map((x) => x.article.number),
  };
}

describe("Chinese and English versions of the Suzhou finance measure", () => {
  it("have the same inputs and rules in the same order", () => {
    expect(en.inputs.map((i) => i.spec)).toEqual(zh.inputs.map((i) => i.spec));
    expect(en.rules.map((r) => [r.kind, r.article?.number ?? null])).toEqual(zh.rules.map((r) => [r.kind, r.article?.number ?? null]));
  });

  it("have the same examples, and every one passes", () => {
    const inputIndex = (ir: IrPolicy, name: string) => ir.inputs.findIndex((i) => i.name === name);
    const ruleIndex = (ir: IrPolicy, name: string) => ir.rules.findIndex((r) => r.name === name);
    const show = (ir: IrPolicy) =>
      ir.examples.map((x) => ({
        asOf: x.asOf,
        givens: x.givens.map((g) => [inputIndex(ir, g.name), evaluateConstant(ir, g.value)]),
        history: x.history.map((h) => [ruleIndex(ir, h.rule), evaluateConstant(ir, h.year), evaluateConstant(ir, h.amount)]),
        expect: x.expectations.map((e) => [e.isOutcome ? "outcome" : ruleIndex(ir, e.name), evaluateConstant(ir, e.value)]),
      }));
    expect(zh.examples.length).toBeGreaterThanOrEqual(40);
    expect(show(en)).toEqual(show(zh));
    for (const ir of [zh, en]) expect(runExamples(ir).filter((r) => !r.passed).map((r) => r.title)).toEqual([]);
  });

  it("decide alike on 10,000 random applications", () => {
    const value = (spec: IrPolicy["inputs"][number]["spec"]) =>
      spec.type === "money" ? fc.integer({ min: 0, max: 80_000_000 }).map((f) => f / 100) : fc.boolean();
    const app = fc.tuple(...zh.inputs.map((i) => value(i.spec)));
    const awards = zh.rules.map((r, i) => ({ r, i })).filter(({ r }) => r.kind === "reward" || r.kind === "subsidy");
    const history = fc.array(fc.record({ award: fc.constantFrom(...awards.map((a) => a.i)), year: fc.integer({ min: 2020, max: 2023 }), amount: fc.integer({ min: 0, max: 40_000_000 }) }), { maxLength: 3 });
    const asOf = fc.constantFrom("2021-03-01", "2022-06-30", "2023-12-31", "2024-01-01");
    fc.assert(
      fc.property(app, history, asOf, (values, past, date) => {
        const input = (ir: IrPolicy) => Object.fromEntries(ir.inputs.map((x, k) => [x.name, values[k]]));
        const ledger = (ir: IrPolicy): Grant[] =>
          past.map((h, k) => ({ policy: ir.id, version: ir.version, article: ir.rules[h.award]?.article?.label ?? "", rule: ir.rules[h.award]?.name ?? "", firm: "firm", project: "p", application: `a${k}`, date: `${h.year}-01-01`, amount: formatYuan(h.amount) }));
        const a = normal(zh, evaluate(zh, input(zh), { asOf: date, history: ledger(zh), firm: "firm", project: "p" }));
        const b = normal(en, evaluate(en, input(en), { asOf: date, history: ledger(en), firm: "firm", project: "p" }));
        expect(b).toEqual(a);
      }),
      { numRuns: 10_000, seed: 2021 },
    );
  });
});
