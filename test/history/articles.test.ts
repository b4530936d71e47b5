/**
 * An award defined in more than one article (one definition per article, or a priority between
 * them) is granted under the article whose definition gave the amount: the grant, its reason and
 * the history check all name that article. Interpreter and emitted module alike.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate as interpret } from "../../compiler/interpret/index.js";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import type { EvaluationOptions, EvaluationResult } from "@kuan/runtime/internal";
import { compileOk, loadEmitted, type EmittedModule } from "../helpers/emitted.js";

const file = "test/cases/conflicts/good/disjoint-conditions-en.kuan";
const result = compileOk(readFileSync(fileURLToPath(new URL(`../../${file}`, import.meta.url)), "utf8"), file);
const ir = result.ir as IrPolicy;
let emitted: EmittedModule;
beforeAll(async () => {
  emitted = await loadEmitted(result);
});

function both(input: unknown, options: EvaluationOptions): EvaluationResult {
  const a = interpret(ir, input, options);
  expect(emitted.evaluate(input, options)).toEqual(a);
  return a;
}

const ON = { asOf: "2021-06-01", firm: "F1" };
const article = (r: EvaluationResult, rule: string) => (r.ok ? r.decision.grants.find((g) => g.rule === rule)?.article : r.errors);

describe("an award defined in several articles", () => {
  it("is granted under the article whose definition applied", () => {
    const key = both({ key_firm: true, patents: 60, grade: "excellent" }, ON);
    const other = both({ key_firm: false, patents: 30, grade: "good" }, ON);
    expect(["insurance_subsidy", "patent_award", "grade_award"].map((r) => article(key, r))).toEqual(["article 5", "article 5", "article 5"]);
    expect(["insurance_subsidy", "patent_award", "grade_award"].map((r) => article(other, r))).toEqual(["article 6", "article 6", "article 6"]);
    if (!other.ok) throw new Error("decided");
    expect(other.decision.reasons.filter((r) => r.kind === "granted").map((r) => r.article.label)).toEqual(["article 6", "article 6", "article 6"]);
  });

  it("takes its grants back in history under either article, and names both when the article is wrong", () => {
    const first = both({ key_firm: false, patents: 30, grade: "good" }, { ...ON, application: "A1" });
    if (!first.ok) throw new Error("decided");
    const again = both({ key_firm: true, patents: 30, grade: "good" }, { ...ON, application: "A2", history: first.decision.grants });
    expect(again.ok).toBe(true);
    const [grant] = first.decision.grants;
    if (!grant) throw new Error("granted");
    const wrong = both({ key_firm: true, patents: 30, grade: "good" }, { ...ON, history: [{ ...grant, article: "article 7" }] });
    expect(wrong.ok ? [] : wrong.errors.map((e) => [e.code, e.field, e.message.en])).toEqual([["K5204", "history[0].article", "in version 2021, 'insurance_subsidy' belongs to article 5, article 6, not article 7"]]);
  });
});
