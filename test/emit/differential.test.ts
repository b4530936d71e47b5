/**
 * Differential test: for every policy, random applications, histories and dates evaluated by the
 * interpreter and by the emitted module give identical decisions (or identical errors).
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate as interpret } from "../../compiler/interpret/index.js";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import { allPolicySources, compileOk, loadEmitted } from "../helpers/emitted.js";
import { applicationArb, optionsArb } from "./arbitraries.js";

const RUNS = Number(process.env["KUAN_DIFF_RUNS"] ?? 10_000);

describe("interpreter and emitted module agree", () => {
  for (const { name, source } of allPolicySources()) {
    it(`${name}: ${RUNS} random applications`, async () => {
      const result = compileOk(source, name);
      const ir = result.ir as IrPolicy;
      const emitted = await loadEmitted(result);
      let decisions = 0;
      fc.assert(
        fc.property(applicationArb(ir), optionsArb(ir), (application, options) => {
          const a = interpret(ir, application, options);
          const b = emitted.evaluate(application, options);
          if (a.ok) decisions++;
          return isDeepStrictEqual(a, b);
        }),
        { numRuns: RUNS, seed: Number(process.env["KUAN_SEED"] ?? 20211) },
      );
      // Most runs must reach a decision, or the test would only compare validation errors.
      expect(decisions).toBeGreaterThan(RUNS * 0.5);
    });
  }
});
