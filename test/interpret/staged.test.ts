/**
 * The staged interpreter: a policy is compiled once and the closures are reused, so what is kept
 * between evaluations must not leak from one into the next. Copies of an IR that differ only in
 * validity share the compiled rules but each keeps its own validity; the three ways in (raw
 * application, validated values by name, validated values in order) decide alike; the formula
 * trace is built only when a trace is wanted.
 */
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { parseApplications } from "../../compiler/applications/index.js";
import { generatePopulation } from "../../compiler/diff/gen-population.js";
import { evaluate, evaluateInputs, evaluateValues } from "../../compiler/interpret/index.js";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import { compile } from "../../compiler/pipeline.js";

const irOf = (file: string): IrPolicy => {
  const result = compile(readFileSync(new URL(`../../${file}`, import.meta.url), "utf8"), { fileName: file });
  if (!result.ir) throw new Error(`${file} does not compile`);
  return result.ir;
};

const suzhou = irOf("policies/suzhou-ip-finance-2021.kuan");
const application = { 质押融资额: "1500万元", 已放款: true, 担保费: 30000, 评估费: "1000.50", 是重点企业: true, 保险保费: 20000, 已付清保费: true, 提前退保: false, 是债券发行人: false, 债券利息: 0, 债券税费: 0, 债券担保费: 0, 债券服务费: 0, 创新奖建议金额: 0, 权属有争议: false, 严重失信: false, 其他不予支持: false, 虚假承诺: false, 骗取财政资金: false };

describe("the staged interpreter", () => {
  it("keeps each copy's validity when copies share the compiled rules, in either order", () => {
    const timeless = { ...suzhou, validFrom: null, validTo: null };
    const late = { asOf: "2030-01-01", firm: "F1" };
    for (const order of [[suzhou, timeless], [timeless, suzhou]] as const) {
      const outcomes = order.map((ir) => {
        const r = evaluate(ir, application, late);
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        return r.decision.inForce;
      });
      expect(outcomes).toEqual(order[0] === suzhou ? [false, true] : [true, false]);
    }
  });

  it("decides one application again and again the same (nothing kept from the last evaluation)", () => {
    const options = { asOf: "2022-03-01", firm: "F1", history: [{ policy: suzhou.id, version: "2021", article: "第五条", rule: "服务费补贴", firm: "F1", date: "2022-01-10", amount: "70000.00" }] };
    const first = evaluate(suzhou, application, options);
    evaluate(suzhou, { ...application, 已放款: false, 权属有争议: true }, { asOf: "2022-03-01", firm: "F2" });
    expect(evaluate(suzhou, application, options)).toEqual(first);
  });

  it("builds the formula lines only when a trace is wanted, and decides the same either way", () => {
    const traced = evaluate(suzhou, application, { asOf: "2022-03-01", firm: "F1" });
    const bare = evaluate(suzhou, application, { asOf: "2022-03-01", firm: "F1", trace: false });
    if (!traced.ok || !bare.ok) throw new Error("not decided");
    expect(traced.decision.trace.some((t) => t.kind === "formula")).toBe(true);
    expect(bare.decision.trace).toEqual([]);
    expect({ ...bare.decision, trace: [] }).toEqual({ ...traced.decision, trace: [] });
  });

  it("decides a population's rows alike from the raw row, the validated values by name and the values in order", () => {
    for (const file of ["policies/suzhou-ip-finance-2024.kuan", "policies/suzhou-ip-peak-plan-2021.kuan", "policies/jiangsu-high-value-patent-centres-2021.kuan"]) {
      const ir = irOf(file);
      const population = parseApplications(generatePopulation(ir, { count: 400, seed: 3 }), ir.inputs, { format: "csv" });
      expect(population.problems).toEqual([]);
      let decided = 0;
      for (const app of population.applications) {
        const options = { asOf: app.date, firm: app.firm, ...(app.project !== undefined ? { project: app.project } : {}), history: app.history, trace: app.line % 2 === 0 };
        const raw = evaluate(ir, app.input, options);
        const byName = evaluateValues(ir, app.values, options);
        const inOrder = evaluateInputs(ir, ir.inputs.map((i) => app.values[i.name] ?? null), options);
        if (!isDeepStrictEqual(raw, byName) || !isDeepStrictEqual(raw, inOrder)) throw new Error(`${file} line ${app.line}: the three ways in disagree`);
        if (raw.ok) decided++;
      }
      // Decisions, not only errors, are compared.
      expect(decided).toBeGreaterThan(population.applications.length * 0.9);
    }
  });
});
