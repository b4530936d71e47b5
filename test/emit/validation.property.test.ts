/**
 * An emitted module reads the common forms of each input itself (whole yuan, plain "12.50" text,
 * booleans, whole counts, …) and leaves everything else to validateInput. On applications built
 * to sit on the edges of those quick forms — digits around the 13-digit limit, one to three
 * decimals, signs, spaces, full-width digits, fractions, huge and negative numbers, -0, fields
 * inherited, hidden (not enumerable), extra or missing, defaults left out — it gives exactly what
 * the interpreter (validateInput) gives: the same values, so the same decision, or the same errors.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate as interpret } from "../../compiler/interpret/index.js";
import type { InputSpec, IrPolicy } from "../../compiler/ir/ir.js";
import { allPolicySources, compileOk, loadEmitted } from "../helpers/emitted.js";
import { inputArb } from "./arbitraries.js";

const RUNS = Math.max(500, Math.floor(Number(process.env["KUAN_DIFF_RUNS"] ?? 10_000) / 2));

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });

/** Text and numbers on the edges of the quick forms. */
const edgy: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(digits(1, 15), fc.constantFrom("", ".", "．"), digits(0, 3), fc.constantFrom("", " ", "元", "万元", "x")).map(([w, dot, f, tail]) => `${w}${dot}${f}${tail}`),
  fc.tuple(fc.constantFrom(" ", "+", "-", "０", "1,", ""), digits(1, 6)).map(([lead, d]) => `${lead}${d}`),
  fc.constantFrom<unknown>(0, -0, 1, -1, 0.5, 12.34, 1e21, 2 ** 53, 2 ** 53 + 2, 89_999_999_999_999, 90_000_000_000_000, Number.NaN, Infinity, "", "0", "00", "0.0", "1.", ".5", "9999999999999.99", "99999999999999", "8999999999999.999", "1e3", true, false, "是", "否", null, [], {}, "2021-02-29", "2024-02-29", "2021-3-5", "3件", "2年", 1900, 2200, 2201, 1899.5),
  fc.integer({ min: -5, max: 3_000 }),
  fc.double({ noNaN: true, min: -10, max: 1e7 }),
);

function value(spec: InputSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case "enum": return fc.oneof(fc.constantFrom(...spec.values), edgy);
    case "text": return fc.oneof(fc.string({ maxLength: 4 }), edgy);
    default: return edgy;
  }
}

type Shape = "plain" | "inherited" | "hidden" | "extra" | "missing";

/** Valid values in the forms people send, then one field (`target`) on an edge, or put somewhere odd. */
function applicationArb(ir: IrPolicy): fc.Arbitrary<unknown> {
  const names = ir.inputs.map((i) => i.name);
  return fc.tuple(fc.tuple(...ir.inputs.map((i) => inputArb(i.spec))), fc.tuple(...ir.inputs.map((i) => value(i.spec))), fc.constantFrom<Shape | "edge">("plain", "edge", "edge", "edge", "inherited", "hidden", "extra", "missing"), fc.nat()).map(([good, odd, shape, k]) => {
    const target = names.length === 0 ? "" : (names[k % names.length] as string);
    const values = good.map((v, i) => (shape === "edge" && ir.inputs[i]?.name === target ? odd[i] : v));
    const proto: Record<string, unknown> = {};
    const app = Object.create(shape === "inherited" ? proto : Object.prototype) as Record<string, unknown>;
    ir.inputs.forEach((input, i) => {
      const v = values[i];
      if (input.name === target && shape === "missing") return;
      if (input.name === target && shape === "inherited") proto[input.name] = v;
      else Object.defineProperty(app, input.name, { value: v, enumerable: !(input.name === target && shape === "hidden"), writable: true, configurable: true });
    });
    if (shape === "extra" || shape === "hidden") app["额外"] = 1;
    return app;
  });
}

describe("an emitted module validates as validateInput does", () => {
  for (const { name, source } of allPolicySources()) {
    it(`${name}: ${RUNS} applications on the edges of the quick forms`, async () => {
      const result = compileOk(source, name);
      const ir = result.ir as IrPolicy;
      const emitted = await loadEmitted(result);
      const options = { asOf: ir.validFrom ?? "2022-06-30", firm: "firm", trace: false };
      let accepted = 0;
      fc.assert(
        fc.property(applicationArb(ir), (app) => {
          const a = interpret(ir, app, options);
          const b = emitted.evaluate(app, options);
          if (a.ok || !a.errors.some((e) => e.code.startsWith("K53"))) accepted++;
          return isDeepStrictEqual(a, b);
        }),
        { numRuns: RUNS, seed: Number(process.env["KUAN_SEED"] ?? 20211) },
      );
      // Both sides of the boundary were reached (a policy with no input accepts everything).
      if (ir.inputs.length > 0) expect(accepted).toBeGreaterThan(RUNS / 10);
    });
  }
});
