/**
 * Runs a policy's examples (例 / example) through the interpreter: `kuan test`, the playground's
 * example list. An example may leave out yes/no inputs (否) and amounts and counts (0); any other
 * missing input is a failure, not a guess.
 */
import type { IrExample, IrPolicy } from "../ir/ir.js";
import type { Grant } from "@kuan/runtime/internal";
import { decCompare, decFromInt, defaultAsOf, formatYuan } from "@kuan/runtime/internal";
import { formatValue, type Bilingual, type RuntimeValue } from "@kuan/runtime/internal";
import type { Decision } from "@kuan/runtime/internal";
import { readInput } from "@kuan/runtime/internal";
import { evaluateConstant, evaluateValues } from "./index.js";

export interface ExampleResult {
  readonly title: string;
  readonly span: { readonly start: number; readonly end: number };
  readonly passed: boolean;
  readonly failures: readonly Bilingual[];
  readonly decision: Decision | null;
}

const OUTCOME_TEXT: Record<string, Bilingual> = {
  eligible: { zh: "符合", en: "eligible" },
  "not-eligible": { zh: "不符合", en: "not eligible" },
  "needs-review": { zh: "需复核", en: "needs review" },
  "not-applicable": { zh: "不适用", en: "not applicable" },
  computed: { zh: "已计算", en: "computed" },
};

/** An example without a date is decided on the policy's first valid day (docs/language.md, examples). */
function exampleDate(ir: IrPolicy, example: IrExample): string {
  return example.asOf ?? defaultAsOf(ir);
}

function sameValue(a: RuntimeValue, b: RuntimeValue): boolean {
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) return decCompare(a, b) === 0;
  return a === b;
}

function defaultFor(type: string): RuntimeValue | undefined {
  if (type === "bool") return false;
  if (type === "money") return 0;
  if (type === "count" || type === "quantity" || type === "rate" || type === "duration") return decFromInt(0);
  return undefined;
}

export function runExample(ir: IrPolicy, example: IrExample): ExampleResult {
  const base = { title: example.title, span: example.span };
  const failures: Bilingual[] = [];
  const values: Record<string, RuntimeValue> = Object.create(null) as Record<string, RuntimeValue>;
  for (const g of example.givens) values[g.name] = evaluateConstant(ir, g.value);
  for (const input of ir.inputs) {
    if (input.name in values) continue;
    // A declared default is read as kuan eval reads it; otherwise 否 and 0 stand in.
    const declared = input.default === undefined ? undefined : readInput(input.default, input.spec);
    const fallback = declared?.ok ? declared.value : defaultFor(input.spec.type);
    if (fallback === undefined) failures.push({ zh: `例子缺少输入“${input.name}”`, en: `the example does not give '${input.name}'` });
    else values[input.name] = fallback;
  }
  if (failures.length > 0) return { ...base, passed: false, failures, decision: null };
  // One applicant and one project per example: earlier grants are theirs, in the shape `--history`
  // takes. An example names the year of a grant; it stands for that year's first day. Each line is
  // one grant (its own application), so two equal lines count twice.
  const history: Grant[] = example.history.map((h, k) => ({
    policy: ir.id,
    version: ir.version,
    article: ir.rules.find((r) => r.name === h.rule)?.article?.label ?? "",
    rule: h.rule,
    firm: "firm",
    project: "project",
    application: `example-history-${k + 1}`,
    date: `${String(evaluateConstant(ir, h.year))}-01-01`,
    amount: formatYuan(Number(evaluateConstant(ir, h.amount))),
  }));
  const result = evaluateValues(ir, values, { history, firm: "firm", project: "project", asOf: exampleDate(ir, example) });
  if (!result.ok) {
    return { ...base, passed: false, failures: result.errors.map((e) => ({ zh: `${e.field}：${e.message.zh}`, en: `${e.field}: ${e.message.en}` })), decision: null };
  }
  const decision = result.decision;
  for (const x of example.expectations) {
    const expected = evaluateConstant(ir, x.value);
    if (x.isOutcome) {
      if (decision.outcome !== expected) {
        const want = OUTCOME_TEXT[String(expected)] ?? { zh: String(expected), en: String(expected) };
        const got = OUTCOME_TEXT[decision.outcome] ?? { zh: decision.outcome, en: decision.outcome };
        failures.push({ zh: `结果应为“${want.zh}”，实际为“${got.zh}”`, en: `outcome should be '${want.en}', got '${got.en}'` });
      }
      continue;
    }
    const actual = decision.outputs[x.name] ?? null;
    if (!sameValue(actual, expected)) {
      const want = formatValue(expected, x.format);
      const got = formatValue(actual, x.format);
      failures.push({ zh: `${x.name} 应为 ${want.zh}，实际为 ${got.zh}`, en: `${x.name} should be ${want.en}, got ${got.en}` });
    }
  }
  return { ...base, passed: failures.length === 0, failures, decision };
}

export function runExamples(ir: IrPolicy): ExampleResult[] {
  return ir.examples.map((x) => runExample(ir, x));
}
