/**
 * Schema ≡ validator: for every seed policy, ajv (default options: strict mode) compiles the
 * emitted JSON Schema unchanged, and on ≥ 10,000 random applications per policy, good ones and
 * mutated ones (strings "true"/"是", "500 YUAN", three decimals, huge amounts, …), ajv and the
 * evaluator's own validation accept and reject exactly the same.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile, emit } from "../../compiler/pipeline.js";
import { validateInput, type InputSpec, type NamedInputSpec } from "@kuan/runtime/internal";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// The seed policies, and the one whose inputs are named __proto__, constructor, toString, ….
const POLICIES = [...readdirSync(join(ROOT, "policies")).filter((f) => f.endsWith(".kuan")).sort().map((f) => `policies/${f}`), "test/emit/injection/reserved-words.kuan"];
const RUNS = 10_000;

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });

/** Near-misses for any input: other JSON types, and the strings people send. */
const anything: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -0, -1, 1.5, 0.07, 12.345, 1e21, 9_999_999_999_999, 89_999_999_999_999, 90_000_000_000_000, 70_368_744_177_664, Number.MAX_SAFE_INTEGER, "89999999999999.99", "90000000000000", "899999.9999999999亿", "900000亿", "89,999,999,999,999.99", [], {}, "", " ", "true", "false", "是", "否", "yes", "no", "YES", "maybe", "500 YUAN", "500元", "500万元", "500万", "2.5亿元", "12.345", "12.3450", "12.34", "1,000,000", "1,0000", "５００", "1e3", "-5", "NaN", "50%", "7.5％", "2021-02-29", "2024-02-29", "2021-04-31", "2021-4-5", "2021年3月5日", "2100-02-29", "2000-02-29", "0999-01-01", "１２.５", "3件", "3 件", "3.5件", "3 items", "3 ITEMS", "2年", "2 years", "2 Years", "10 working days", "10 working  days", "10工作日", "3.5", "3 ge"),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.tuple(digits(1, 16), fc.option(digits(1, 12)), fc.constantFrom("", "千", "万", "亿", " 万", "千元", "万元", "亿元", "元", " yuan", " YUAN", "%", "％", "年"), fc.constantFrom("", " ", ",")).map(
    ([whole, frac, suffix, pad]) => `${pad === "," ? whole.replace(/\B(?=(\d{3})+$)/g, ",") : whole}${frac === null ? "" : `.${frac}`}${pad === " " ? " " : ""}${suffix}`,
  ),
  fc.tuple(fc.integer({ min: 900, max: 2300 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
);

/** A value the policy should accept, in one of the forms people use. */
function good(spec: InputSpec): fc.Arbitrary<unknown> {
  switch (spec.type) {
    case "money":
      return fc.oneof(
        fc.integer({ min: 0, max: 89_999_999_999_999 }),
        fc.bigInt({ min: 0n, max: 8_999_999_999_999_999n }).map((fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`),
        fc.integer({ min: 0, max: 999_999_999 }).map((n) => `${n}万元`),
        fc.integer({ min: 0, max: 99_999 }).map((n) => `${n}.${n % 97}亿`),
      );
    case "rate": return fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.integer({ min: 0, max: 300 }).map((n) => `${n / 10}%`));
    case "count": return fc.oneof(fc.nat(), fc.nat().map((n) => `${n}${spec.unit}`));
    case "quantity": return fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.nat().map(String));
    case "duration": return fc.oneof(fc.nat(), fc.double({ min: 0, max: 100, noNaN: true }), fc.nat({ max: 99 }).map((n) => `${n} ${{ year: "年", month: "个月", day: "日", workday: "个工作日" }[spec.unit]}`));
    case "date": return fc.date({ min: new Date("1000-01-01"), max: new Date("9999-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case "year": return fc.integer({ min: 1900, max: 2200 });
    case "bool": return fc.oneof(fc.boolean(), fc.constantFrom("是", "否", "true", "false", "yes", "no"));
    case "enum": return fc.constantFrom(...spec.values);
    case "text": return fc.string();
  }
}

function applications(inputs: readonly NamedInputSpec[]): fc.Arbitrary<unknown> {
  const valid = fc.tuple(...inputs.map((i) => good(i.spec))).map((values) => Object.fromEntries(inputs.map((input, k) => [input.name, values[k]])));
  const names = inputs.map((i) => i.name);
  return fc.oneof(
    { weight: 2, arbitrary: valid },
    // One input replaced by a near-miss or left out.
    { weight: 5, arbitrary: fc.tuple(valid, fc.constantFrom(...names), fc.option(anything)).map(([app, name, bad]) => {
      const copy: Record<string, unknown> = { ...app };
      if (bad === null) delete copy[name];
      else copy[name] = bad;
      return copy;
    }) },
    // An extra field, a prototype-looking one included.
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom("extra", "__proto__", "constructor", names[0] ?? "x")).map(([app, key]) => JSON.parse(JSON.stringify({ ...app }).replace(/^\{/, `{${JSON.stringify(key)}:1,`)) as unknown) },
    { weight: 1, arbitrary: anything },
  );
}

describe("the JSON Schema and the evaluator accept the same applications", () => {
  for (const file of POLICIES) {
    it(`${file}: ajv strict compiles the schema; ${RUNS} applications agree`, () => {
      const result = compile(readFileSync(join(ROOT, file), "utf8"), { fileName: file });
      const emitted = emit(result);
      expect(emitted).not.toBeNull();
      if (!emitted || !result.ir) return;
      const ajv = new Ajv2020({ allErrors: true });
      const check = ajv.compile(JSON.parse(emitted.schema) as object);
      const inputs = result.ir.inputs;
      let accepted = 0;
      let rejected = 0;
      fc.assert(
        fc.property(applications(inputs), (app) => {
          // Through JSON, as a service receives it (−0 and all).
          const json = JSON.parse(JSON.stringify(app) ?? "null") as unknown;
          const bySchema = check(json);
          const byEvaluator = validateInput(inputs, json).ok;
          if (byEvaluator) accepted++;
          else rejected++;
          return bySchema === byEvaluator;
        }),
        { numRuns: RUNS, seed: 20211 },
      );
      // Both sides of the boundary were exercised.
      expect(accepted).toBeGreaterThan(RUNS / 20);
      expect(rejected).toBeGreaterThan(RUNS / 4);
    });
  }
});

describe("schema property names are the policy's names exactly", () => {
  it("keeps __proto__ and __proto___ as properties, and ajv validates them", () => {
    const source = ["policy \"names\" version 2021", "application firm:", "  __proto__: money", "  __proto___: yes/no", "article 1:", "  reward x = __proto__ × 10% if __proto___"].join("\n");
    const result = compile(source, { fileName: "names.kuan" });
    const emitted = emit(result);
    if (!emitted || !result.ir) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.span.start}`).join(", "));
    const schema = JSON.parse(emitted.schema) as { properties: Record<string, unknown>; patternProperties: Record<string, unknown>; required: string[]; propertyNames: { enum: string[] } };
    // __proto__ goes by an anchored pattern (ajv reads a property of that name through the prototype).
    expect(Object.keys(schema.properties)).toEqual(["__proto___"]);
    expect(Object.keys(schema.patternProperties)).toEqual(["^__proto__$"]);
    expect(schema.required).toEqual(["__proto__", "__proto___"]);
    expect(schema.propertyNames.enum).toEqual(["__proto__", "__proto___"]);
    const check = new Ajv2020().compile(schema);
    const app = JSON.parse('{"__proto__": "12.50", "__proto___": true}') as unknown;
    expect(check(app)).toBe(true);
    expect(validateInput(result.ir.inputs, app).ok).toBe(true);
    for (const bad of ['{"__proto___": true}', '{"__proto__": -1, "__proto___": true}', '{"__proto__": "1", "__proto___": true, "x": 1}']) {
      const app2 = JSON.parse(bad) as unknown;
      expect(check(app2)).toBe(false);
      expect(validateInput(result.ir.inputs, app2).ok).toBe(false);
    }
  });
});

describe("the date pattern is parseDate, exactly", () => {
  it("on every year 0–2400 and 9990–10000, every month 0–13 and day 0–32, in ISO and Chinese forms", async () => {
    const { DATE_PATTERN, matchesShape } = await import("@kuan/runtime/internal");
    const { parseDate } = await import("@kuan/runtime/internal");
    const shape = { type: "string", pattern: DATE_PATTERN } as const;
    let mismatches = 0;
    const years = [...Array.from({ length: 2401 }, (_, y) => y), ...Array.from({ length: 11 }, (_, k) => 9990 + k)];
    for (const y of years) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const yyyy = String(y).padStart(4, "0");
          for (const form of [`${yyyy}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`, `${yyyy}年${m}月${d}日`]) {
            if (matchesShape(form, shape) !== parseDate(form).ok) mismatches++;
          }
        }
      }
    }
    expect(mismatches).toBe(0);
  });
});
