/**
 * The compiler, off the page's thread. Each update compiles (unless the source is unchanged),
 * evaluates the form's inputs, runs the file's examples and, when asked, emits TypeScript — all
 * through compiler/pipeline.ts.
 */
import { compile, emitTypeScript, evaluate, runExamples, type CompileResult } from "../../compiler/pipeline.js";
import { analyse } from "./analysis.js";
import type {
  Analysis,
  EmitView,
  EvalContext,
  EvaluationView,
  ExamplesView,
  TitlesRequest,
  TitlesResponse,
  UpdateRequest,
  UpdateResponse,
  WorkerRequest,
  WorkerResponse,
} from "./protocol.js";

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

const wallClock = () => performance.timeOrigin + performance.now();

function update(request: UpdateRequest): UpdateResponse {
  const receivedAt = wallClock();
  const started = performance.now();
  const fresh = last === null || last.result.source !== request.source;
  if (fresh) {
    const result = compile(request.source);
    last = { result, analysis: analyse(result), examples: null, emitted: null };
  }
  const compiled = last as Compiled;
  const compileMs = fresh ? performance.now() - started : 0;

  const evaluateStarted = performance.now();
  const evaluation = decide(compiled.result, request.input, request.context);
  const evaluateMs = performance.now() - evaluateStarted;

  compiled.examples ??= examples(compiled.result);
  if (request.emit) compiled.emitted ??= emit(compiled.result);
  const send = fresh || !request.sourceKnown;
  return {
    type: "update",
    id: request.id,
    analysis: send ? compiled.analysis : null,
    evaluation,
    examples: send ? compiled.examples : null,
    emitted: request.emit ? compiled.emitted : null,
    timing: { compile: compileMs, evaluate: evaluateMs, total: performance.now() - started, receivedAt, answeredAt: wallClock() },
  };
}

function decide(result: CompileResult, input: Readonly<Record<string, unknown>>, context: EvalContext): EvaluationView {
  if (!result.ok) return { status: "blocked" };
  try {
    const outcome = evaluate(result, input, context);
    return outcome.ok ? { status: "decided", decision: outcome.decision } : { status: "invalid", errors: outcome.errors };
  } catch (error) {
    return { status: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}

function examples(result: CompileResult): ExamplesView {
  if (!result.ok) return { status: "blocked" };
  return { status: "ran", results: runExamples(result).map(({ title, span, passed, failures }) => ({ title, span, passed, failures })) };
}

function emit(result: CompileResult): EmitView {
  const emitted = emitTypeScript(result);
  return emitted.ok ? { status: "emitted", code: emitted.code } : { status: "blocked" };
}

function titles(request: TitlesRequest): TitlesResponse {
  return {
    type: "titles",
    id: request.id,
    titles: request.samples.map(({ key, source }) => {
      const policy = compile(source).program.table.policy;
      return { key, title: policy?.title?.text ?? null, version: policy?.version?.text ?? null };
    }),
  };
}
