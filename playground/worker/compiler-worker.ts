/**
 * The compiler, off the page's thread, all through compiler/pipeline.ts. Requests are not answered
 * in the order they come but by what is newest: an update's markers first (compile, diagnostics),
 * then its preview (analysis, evaluation, examples, TypeScript when asked) unless a newer update
 * has arrived meanwhile, then the sample titles one sample at a time while nothing else waits.
 * Each step is its own task, so messages that arrive during a step are seen before the next one.
 */
import { compile, emitTypeScript, evaluate, runExamples, type CompileResult } from "../../compiler/pipeline.js";
import { analyse, problems } from "./analysis.js";
import type { Analysis, EmitView, EvalContext, EvaluationView, ExamplesView, TitlesRequest, UpdateRequest, WorkerRequest, WorkerResponse } from "./protocol.js";

interface Compiled {
  readonly result: CompileResult;
  analysis: Analysis | null;
  examples: ExamplesView | null;
  emitted: EmitView | null;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
};

let last: Compiled | null = null;
/** The newest update not yet compiled: an older one still waiting is replaced, never compiled. */
let newest: UpdateRequest | null = null;
/** An update whose markers went out and whose preview is still to do. */
let previewing: { readonly request: UpdateRequest; readonly started: number } | null = null;
const titleQueue: TitlesRequest["samples"][number][] = [];

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === "update") newest = request;
  else titleQueue.push(...request.samples);
  schedule();
};

// A message to ourselves queues the next step behind the messages already received (a timer
// could run first, and nested timers are clamped to 4 ms).
const channel = new MessageChannel();
let scheduled = false;
channel.port1.onmessage = () => {
  scheduled = false;
  step();
};

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  channel.port2.postMessage(null);
}

const wallClock = () => performance.timeOrigin + performance.now();

function step(): void {
  if (newest) {
    const request = newest;
    newest = null;
    previewing = null;
    markers(request);
  } else if (previewing) {
    const { request, started } = previewing;
    previewing = null;
    preview(request, started);
  } else {
    const sample = titleQueue.shift();
    if (sample) title(sample);
  }
  if (newest || previewing || titleQueue.length > 0) schedule();
}

function markers(request: UpdateRequest): void {
  const receivedAt = wallClock();
  const started = performance.now();
  const fresh = last === null || last.result.source !== request.source;
  if (fresh) last = { result: compile(request.source), analysis: null, examples: null, emitted: null };
  const compileMs = fresh ? performance.now() - started : 0;
  if (!request.markersKnown) {
    scope.postMessage({
      type: "markers",
      id: request.id,
      problems: problems((last as Compiled).result),
      timing: { compile: compileMs, receivedAt, answeredAt: wallClock() },
    });
  }
  previewing = { request, started };
}

function preview(request: UpdateRequest, started: number): void {
  const compiled = last as Compiled;
  const send = !request.sourceKnown || compiled.analysis === null;
  compiled.analysis ??= analyse(compiled.result);
  const evaluateStarted = performance.now();
  const evaluation = decide(compiled.result, request.input, request.context);
  const evaluateMs = performance.now() - evaluateStarted;
  compiled.examples ??= examples(compiled.result);
  if (request.emit) compiled.emitted ??= emit(compiled.result);
  scope.postMessage({
    type: "preview",
    id: request.id,
    analysis: send ? compiled.analysis : null,
    evaluation,
    examples: send ? compiled.examples : null,
    emitted: request.emit ? compiled.emitted : null,
    timing: { evaluate: evaluateMs, total: performance.now() - started, answeredAt: wallClock() },
  });
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

function title({ key, source }: TitlesRequest["samples"][number]): void {
  const policy = compile(source).program.table.policy;
  scope.postMessage({ type: "title", key, title: policy?.title?.text ?? null, version: policy?.version?.text ?? null });
}
