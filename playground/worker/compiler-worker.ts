/**
 * The compiler, off the page's thread. Each update compiles (unless the source is unchanged),
 * evaluates the form's inputs, runs the file's examples and, when asked, emits TypeScript — all
 * through compiler/pipeline.ts. Evaluation, examples and emitting are used only when the
 * pipeline offers them; until then the page says so instead of showing made-up results.
 */
import * as pipeline from "../../compiler/pipeline.js";
import type { CompileResult } from "../../compiler/pipeline.js";
import { analyse } from "./analysis.js";
import type {
  Analysis,
  EmitView,
  EvalContext,
  EvalResult,
  EvaluationView,
  ExampleResult,
  ExamplesView,
  TitlesRequest,
  TitlesResponse,
  UpdateRequest,
  UpdateResponse,
  WorkerRequest,
  WorkerResponse,
} from "./protocol.js";

/** The parts of the pipeline that may not exist yet: looked up at run time. */
interface PipelineExtras {
  readonly evaluate?: (result: CompileResult, input: Record<string, unknown>, context: EvalContext) => EvalResult;
  readonly emitTypeScript?: (result: CompileResult) => { ok: true; code: string } | { ok: false };
  readonly runExamples?: (result: CompileResult) => readonly ExampleResult[];
}
const extras = pipeline as unknown as PipelineExtras;

interface Compiled {
  readonly result: CompileResult;
  readonly analysis: Analysis;
  examples: ExamplesView | null;
  emitted: EmitView | null;
}

let last: Compiled | null = null;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
};

scope.onmessage = (event) => {
  const request = event.data;
  scope.postMessage(request.type === "update" ? update(request) : titles(request));
};

function update(request: UpdateRequest): UpdateResponse {
  const started = performance.now();
  const fresh = last === null || last.result.source !== request.source;
  if (fresh) {
    const result = pipeline.compile(request.source);
    last = { result, analysis: analyse(result), examples: null, emitted: null };
  }
  const compiled = last as Compiled;
  const compileMs = fresh ? performance.now() - started : 0;

  const evaluateStarted = performance.now();
  const evaluation = evaluate(compiled.result, request.input, request.context);
  const evaluateMs = performance.now() - evaluateStarted;

  compiled.examples ??= runExamples(compiled.result);
  const send = fresh || !request.sourceKnown;
  let emitted: EmitView | null = null;
  if (request.emit) {
    compiled.emitted ??= emit(compiled.result);
    emitted = compiled.emitted;
  }
  return {
    type: "update",
    id: request.id,
    analysis: send ? compiled.analysis : null,
    evaluation,
    examples: send ? compiled.examples : null,
    emitted,
    timing: { compile: compileMs, evaluate: evaluateMs, total: performance.now() - started },
  };
}

function evaluate(result: CompileResult, input: Readonly<Record<string, unknown>>, context: EvalContext): EvaluationView {
  if (typeof extras.evaluate !== "function") return { status: "unavailable" };
  if (!result.ok) return { status: "blocked" };
  try {
    const outcome = extras.evaluate(result, { ...input }, context);
    return outcome.ok ? { status: "decided", decision: outcome.decision } : { status: "invalid", errors: outcome.errors };
  } catch (error) {
    return { status: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}

function runExamples(result: CompileResult): ExamplesView {
  if (typeof extras.runExamples !== "function") return { status: "unavailable" };
  if (!result.ok) return { status: "blocked" };
  return { status: "ran", results: extras.runExamples(result) };
}

function emit(result: CompileResult): EmitView {
  if (typeof extras.emitTypeScript !== "function") return { status: "unavailable" };
  const emitted = extras.emitTypeScript(result);
  return emitted.ok ? { status: "emitted", code: emitted.code } : { status: "blocked" };
}

function titles(request: TitlesRequest): TitlesResponse {
  return {
    type: "titles",
    id: request.id,
    titles: request.samples.map(({ key, source }) => {
      const policy = pipeline.compile(source).program.table.policy;
      return { key, title: policy?.title?.text ?? null, version: policy?.version?.text ?? null };
    }),
  };
}
