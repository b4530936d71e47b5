/**
 * The one entry point the CLI and the playground use: source → AST, diagnostics, and (when the
 * source has no errors) the IR; evaluation, examples and emitting from there. Stages never throw
 * on user errors.
 */
import { parse, type ParsedFile } from "../grammar/index.js";
import type { KuanFile } from "../grammar/ast.js";
import { check, type CheckedProgram, type ExampleMemo } from "./check/index.js";
import { hasErrors, sortDiagnostics, type Diagnostic, type Span } from "./diagnostics/index.js";
import { withoutFollowOns } from "./diagnostics/follow-on.js";
import { runExamples as runIrExamples, type ExampleResult } from "./interpret/examples.js";
import { evaluate as interpret } from "./interpret/index.js";
import { evaluateCohortWith, evaluateManyWith, type BatchDecision, type BatchOptions, type CohortApplication, type CohortResult, type Decision, type EvaluationResult } from "@kuan/runtime/internal";
import { lower } from "./ir/from-ast.js";
import type { IrPolicy } from "./ir/ir.js";
import { quotaSpecs } from "./ir/specs.js";
import type { GrantInput } from "@kuan/runtime/internal";
import { decisionToJson, inputError, outputDisplay, type DecisionJson, type InputError } from "@kuan/runtime/internal";
import type { Bilingual } from "@kuan/runtime/internal";
import { parseDate, type WorkingDayCalendar } from "@kuan/runtime/internal";
import { emitInputSchema } from "./emit/schema.js";
import { emitTypeScript as emitModule } from "./emit/typescript.js";
import { diffPolicies, populationImpact, type DiffInput, type DiffOptions, type DiffReport, type ImpactResult } from "./diff/index.js";

export interface CompileOptions {
  /** Shown in diagnostics and in the emitted module's header. */
  readonly fileName?: string;
}

export interface CompileResult {
  readonly source: string;
  readonly fileName: string;
  readonly ast: KuanFile;
  /** Sorted by position: lexing, parsing, names, types and semantics together. */
  readonly diagnostics: readonly Diagnostic[];
  /** Names, types and side tables; present even with errors (for the editor's hover and completion). */
  readonly program: CheckedProgram;
  /** The lowered policy, only when there is no error. */
  readonly ir: IrPolicy | null;
  readonly ok: boolean;
}

export function compile(source: string, options: CompileOptions = {}): CompileResult {
  return lowerChecked(checkSource(source, parse(source), options));
}

/** A source parsed and checked, not yet lowered: its diagnostics are all but lowering's. */
export interface CheckedSource extends Omit<CompileResult, "ir" | "ok"> {
  readonly stage: "checked";
}

/**
 * The first half of `compile`, for an editor that shows the markers before the rest: `parsed` is
 * `parse(source)`, or the same assembled from parts (the playground re-parses only what changed).
 * With `exampleMemo` (kept by an editor between keystrokes) the result is for its diagnostics only:
 * never lower it (see ExampleMemo).
 */
export function checkSource(source: string, parsed: Pick<ParsedFile, "ast" | "diagnostics">, options: CompileOptions = {}, exampleMemo: ExampleMemo | null = null): CheckedSource {
  const program = check(parsed.ast, source, parsed.diagnostics, exampleMemo);
  // The editor checks at every keystroke: loops, not flatMap (slow in V8 for short lists).
  const articles: Span[] = [];
  const examples: Span[] = [];
  for (const item of parsed.ast.items) {
    if (item.kind === "Article") articles.push(item.span);
    else if (item.kind === "Example") examples.push(item.span);
  }
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...withoutFollowOns(parsed.diagnostics, program.diagnostics, source, articles, examples)]);
  return { stage: "checked", source, fileName: options.fileName ?? "policy.kuan", ast: parsed.ast, diagnostics, program };
}

/** The second half of `compile`: lowering to the IR when there is no error. */
export function lowerChecked(checked: CheckedSource): CompileResult {
  const { source, fileName, ast, program } = checked;
  let diagnostics = checked.diagnostics;
  let ir: IrPolicy | null = null;
  if (!hasErrors(diagnostics)) {
    const lowered = lower(program, source);
    if (lowered.diagnostics.length > 0) diagnostics = sortDiagnostics([...diagnostics, ...lowered.diagnostics]);
    else ir = lowered.ir;
  }
  return { source, fileName, ast, diagnostics, program, ir, ok: ir !== null };
}

/** Formats of every rule's value (for JSON and display). */
export function outputFormats(ir: IrPolicy): Record<string, string> {
  const formats: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const rule of ir.rules) formats[rule.name] = rule.format;
  return formats;
}

export interface EvaluateContext {
  readonly firm?: string;
  readonly project?: string;
  readonly application?: string;
  /** The application date, YYYY-MM-DD (required: an evaluation without it is an error naming `asOf`). */
  readonly asOf?: string;
  /** Earlier grants as JSON: the shape of `Decision.grants` (docs/runtime.md, "History"). */
  readonly history?: unknown;
  readonly trace?: boolean;
  /** Another working-day calendar: `{ name, covers: { from, to }, holidays: [...], workdays: [...] }`. */
  readonly calendar?: WorkingDayCalendar;
}

/** Reads a working-day calendar from JSON, naming the field of any problem. */
export function calendarFromJson(value: unknown): { ok: true; calendar: WorkingDayCalendar } | { ok: false; errors: InputError[] } {
  const errors: InputError[] = [];
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const dates = (field: string, list: unknown): string[] => {
    if (!Array.isArray(list)) {
      errors.push(inputError("K5305", field, { zh: "应为日期数组", en: "should be an array of dates" }));
      return [];
    }
    return list.flatMap((d: unknown, i) => {
      const parsed = parseDate(d);
      if (parsed.ok) return [parsed.value];
      errors.push(inputError("K5305", `${field}[${i}]`, parsed));
      return [];
    });
  };
  const covers = (typeof v["covers"] === "object" && v["covers"] !== null ? v["covers"] : {}) as Record<string, unknown>;
  const [from, to] = dates("covers", [covers["from"], covers["to"]]);
  const calendar: WorkingDayCalendar = {
    name: typeof v["name"] === "string" ? v["name"] : "calendar",
    covers: { from: from ?? "", to: to ?? "" },
    holidays: dates("holidays", v["holidays"]),
    workdays: dates("workdays", v["workdays"]),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, calendar };
}

/** A decision as people and tools read it: JSON money, display text for every output, the trace in words. */
export interface DecisionView extends DecisionJson {
  readonly displays: Readonly<Record<string, Bilingual>>;
  readonly types: Readonly<Record<string, string>>;
}

export type EvalResult = { readonly ok: true; readonly decision: DecisionView } | { readonly ok: false; readonly errors: readonly InputError[] };

const POLICY_HAS_ERRORS: EvalResult & EvaluationResult = { ok: false, errors: [inputError("K5211", "(policy)", { zh: "政策有错误，无法计算", en: "the policy has errors and cannot be evaluated" })] };

export function evaluate(result: CompileResult, input: unknown, context: EvaluateContext = {}): EvalResult {
  const ir = result.ir;
  if (!ir) return POLICY_HAS_ERRORS;
  const evaluated = interpret(ir, input, {
    // The runtime reads and checks the history (both evaluation paths do it the same way).
    ...(context.history !== undefined ? { history: context.history as readonly GrantInput[] } : {}),
    ...(context.firm !== undefined ? { firm: context.firm } : {}),
    ...(context.project !== undefined ? { project: context.project } : {}),
    ...(context.application !== undefined ? { application: context.application } : {}),
    ...(context.asOf !== undefined ? { asOf: context.asOf } : {}),
    ...(context.trace !== undefined ? { trace: context.trace } : {}),
    ...(context.calendar !== undefined ? { calendar: context.calendar } : {}),
  });
  if (!evaluated.ok) return evaluated;
  return { ok: true, decision: view(evaluated.decision, outputFormats(ir)) };
}

function view(decision: Decision, formats: Record<string, string>): DecisionView {
  const json = decisionToJson(decision, formats);
  const displays: Record<string, Bilingual> = Object.create(null) as Record<string, Bilingual>;
  for (const [name, value] of Object.entries(decision.outputs)) displays[name] = outputDisplay(value, formats[name] ?? "text");
  return { ...json, displays, types: formats };
}

export type { ExampleResult } from "./interpret/examples.js";

export function runExamples(result: CompileResult): ExampleResult[] {
  return result.ir ? runIrExamples(result.ir) : [];
}

export interface Emitted {
  /** The evaluator module (`<name>.ts`). */
  readonly typescript: string;
  /** The input's JSON Schema (`<name>.schema.json`). */
  readonly schema: string;
}

/** The emitted TypeScript module and input schema; nothing is emitted while any error stands. */
export function emit(result: CompileResult): Emitted | null {
  if (!result.ir) return null;
  return { typescript: emitModule(result.ir, result.fileName), schema: emitInputSchema(result.ir, result.fileName) };
}

/** For the playground: the emitted module's code, or nothing while the policy has errors. */
export function emitTypeScript(result: CompileResult): { ok: true; code: string } | { ok: false } {
  const emitted = emit(result);
  return emitted ? { ok: true, code: emitted.typescript } : { ok: false };
}

export type { BatchDecision, CohortApplication, CohortResult } from "@kuan/runtime/internal";

/** What a batch shares, from the context: the date, the history (every firm's grants, read once), the calendar, the trace (off unless asked). */
function batchOptions(context: EvaluateContext): BatchOptions {
  return {
    ...(context.asOf !== undefined ? { asOf: context.asOf } : {}),
    ...(context.history !== undefined ? { history: context.history as readonly GrantInput[] } : {}),
    ...(context.calendar !== undefined ? { calendar: context.calendar } : {}),
    trace: context.trace === true,
  };
}

/**
 * Evaluates many applications in one call, each once, by the runtime's batch (evaluateManyWith,
 * as an emitted module's evaluateMany does): the history is read once for all, and there is no
 * trace unless `context.trace` asks for one. Each application's firm is its own `firm`, else its
 * id; its id is the application id of its grants.
 */
export function evaluateMany(result: CompileResult, applications: readonly CohortApplication[], context: EvaluateContext = {}): BatchDecision[] {
  const ir = result.ir;
  if (!ir) return applications.map((a) => ({ id: a.id, result: POLICY_HAS_ERRORS }));
  return evaluateManyWith((input, options) => interpret(ir, input, options), applications, batchOptions(context));
}

/** A decision of `evaluateMany` or `evaluateCohort` as `evaluate` gives it: JSON money, display text, the trace in words. */
export function decisionView(result: CompileResult, evaluated: EvaluationResult): EvalResult {
  if (!evaluated.ok) return evaluated;
  if (!result.ir) return POLICY_HAS_ERRORS;
  return { ok: true, decision: view(evaluated.decision, outputFormats(result.ir)) };
}

/**
 * Evaluates a cohort of applications (each once, see evaluateMany) and applies the policy's
 * quotas (名额…按…): the best scores among those the quota alone held back are funded; a tie
 * across the last place stays needs-review. The runtime's evaluateCohortWith, as in an emitted module.
 */
export function evaluateCohort(result: CompileResult, applications: readonly CohortApplication[], context: EvaluateContext = {}): CohortResult {
  const ir = result.ir;
  if (!ir) return { decisions: evaluateMany(result, applications, context), placements: [] };
  return evaluateCohortWith((input, options) => interpret(ir, input, options), quotaSpecs(ir), applications, batchOptions(context));
}

/** How each kind of rule is named (奖励 / reward …), for editors. */
export { RULE_KIND_NAMES } from "./check/index.js";

export type { DiffReport, DiffOptions, ImpactReport, ImpactResult } from "./diff/index.js";

/**
 * The semantic diff of two compiled versions (see docs/diff.md): changes in meaning with both
 * places, wording notes, and a verified witness per changed output. Null while either has errors.
 */
export function diff(oldResult: CompileResult, newResult: CompileResult, options: DiffOptions = {}): DiffReport | null {
  const a = diffInput(oldResult);
  const b = diffInput(newResult);
  return a && b ? diffPolicies(a, b, options) : null;
}

/** Both versions on every application of a population (CSV with a header, or JSON Lines; text, or its UTF-8 bytes); null while either has errors. */
export function diffImpact(oldResult: CompileResult, newResult: CompileResult, fileName: string, populationText: string | Uint8Array): ImpactResult | null {
  const a = diffInput(oldResult);
  const b = diffInput(newResult);
  return a && b ? populationImpact(a, b, fileName, populationText) : null;
}

function diffInput(result: CompileResult): DiffInput | null {
  return result.ir ? { file: result.fileName, source: result.source, ast: result.ast, ir: result.ir } : null;
}
