/**
 * The compiler, off the page's thread, all through compiler/pipeline.ts. Requests are not answered
 * in the order they come but by what is newest: an update's markers first (parsing — only the
 * article that changed, see incremental.ts — and checking), then its preview (lowering, analysis,
 * evaluation, examples, TypeScript when asked) unless a newer update arrives meanwhile, then the
 * sample titles one sample at a time while nothing else waits. Each step is its own task, so a
 * message that arrives during one is seen before the next. A preview that takes long (a large
 * policy: the median of the last few over QUICK_PREVIEW_MS) waits for a pause in typing twice as
 * long as that (at most PREVIEW_PAUSE_MS), so that it seldom holds up the markers of the next
 * keystroke; a small policy's preview does not wait (one slow preview on a busy machine does
 * not make it). While a large policy is typed, its markers come from markers-worker.ts, and this
 * worker waits for the pause before it even checks the text.
 */
import { checkSource, compile, emitTypeScript, evaluate, lowerChecked, runExamples, type CheckedSource, type CompileResult } from "../../compiler/pipeline.js";
import { analyse, problems } from "./analysis.js";
import { IncrementalParser } from "./incremental.js";
import type { Analysis, EmitView, EvalContext, EvaluationView, ExamplesView, TitlesRequest, UpdateRequest, WorkerRequest, WorkerResponse } from "./protocol.js";

const PREVIEW_PAUSE_MS = 1000;
/** A preview quicker than this does not wait for a pause. */
const QUICK_PREVIEW_MS = 30;

interface Compiled {
  readonly checked: CheckedSource;
  result: CompileResult | null;
  analysis: Analysis | null;
  examples: ExamplesView | null;
  emitted: EmitView | null;
}

/** A text parsed (only what changed, see incremental.ts) and checked; the rest comes in the preview's steps. */
function checkedOnly(source: string): Compiled {
  return { checked: checkSource(source, parser.parse(source)), result: null, analysis: null, examples: null, emitted: null };
}

interface Previewing {
  readonly request: UpdateRequest;
  /** performance.now() when the request was taken, and when its preview may start. */
  readonly started: number;
  readonly due: number;
  /** The preview's next step: checking (when the markers were made elsewhere), lowering, the analysis, then evaluating and sending. */
  stage: "check" | "lower" | "analyse" | "send";
  /** Milliseconds its steps took so far. */
  spent: number;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
};

const parser = new IncrementalParser();
let last: Compiled | null = null;
/** The newest update not yet compiled: an older one still waiting is replaced, never compiled. */
let newest: UpdateRequest | null = null;
let previewing: Previewing | null = null;
/** How long the last previews took (the median is the pause the next one waits for). */
const previewCosts: number[] = [];
const previewCost = () => [...previewCosts].sort((a, b) => a - b)[previewCosts.length >> 1] ?? 0;
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
let timer: ReturnType<typeof setTimeout> | undefined;
channel.port1.onmessage = () => {
  scheduled = false;
  step();
};

function schedule(): void {
  clearTimeout(timer);
  if (scheduled) return;
  scheduled = true;
  channel.port2.postMessage(null);
}

const wallClock = () => performance.timeOrigin + performance.now();

function step(): void {
  if (newest) {
    const request = newest;
    newest = null;
    markers(request);
  } else if (previewing) {
    const wait = previewing.due - performance.now();
    if (wait > 0) {
      timer = setTimeout(schedule, wait);
      return;
    }
    preview(previewing);
  } else {
    const sample = titleQueue.shift();
    if (sample) title(sample);
  }
  if (newest || previewing || titleQueue.length > 0) schedule();
}

function markers(request: UpdateRequest): void {
  const receivedAt = wallClock();
  const started = performance.now();
  const fresh = last === null || last.checked.source !== request.source;
  // Markers made elsewhere (the page, or the markers worker for a large policy) and a slow
  // preview: even the check waits for the pause, so that this worker does not compete with the
  // markers worker for a core while the officer types.
  if (fresh && request.markersKnown && previewCost() >= QUICK_PREVIEW_MS) {
    previewing = { request, started, due: started + Math.min(PREVIEW_PAUSE_MS, 2 * previewCost()), stage: "check", spent: 0 };
    return;
  }
  if (fresh) last = checkedOnly(request.source);
  const compiled = last as Compiled;
  const compileMs = fresh ? performance.now() - started : 0;
  if (!request.markersKnown) {
    scope.postMessage({
      type: "markers",
      id: request.id,
      problems: problems(compiled.result ?? compiled.checked),
      timing: { compile: compileMs, receivedAt, answeredAt: wallClock() },
    });
  }
  const now = performance.now();
  previewing = { request, started, due: now + (compiled.analysis || previewCost() < QUICK_PREVIEW_MS ? 0 : Math.min(PREVIEW_PAUSE_MS, 2 * previewCost())), stage: "lower", spent: 0 };
}

function preview(job: Previewing): void {
  const compiled = last as Compiled;
  const stepStarted = performance.now();
  switch (job.stage) {
    case "check":
      if (last === null || last.checked.source !== job.request.source) {
        last = checkedOnly(job.request.source);
      }
      job.stage = "lower";
      break;
    case "lower": {
      const before = compiled.checked.diagnostics.length;
      compiled.result ??= lowerChecked(compiled.checked);
      // Lowering found more (rare): the markers again, with them.
      if (compiled.result.diagnostics.length !== before) {
        scope.postMessage({ type: "markers", id: job.request.id, problems: problems(compiled.result), timing: { compile: 0, receivedAt: wallClock(), answeredAt: wallClock() } });
      }
      job.stage = "analyse";
      break;
    }
    case "analyse":
      compiled.analysis ??= analyse(compiled.result as CompileResult);
      job.stage = "send";
      break;
    case "send": {
      const result = compiled.result as CompileResult;
      const send = !job.request.sourceKnown;
      const evaluation = decide(result, job.request.input, job.request.context);
      const evaluateMs = performance.now() - stepStarted;
      compiled.examples ??= examples(result);
      if (job.request.emit) compiled.emitted ??= emit(result);
      scope.postMessage({
        type: "preview",
        id: job.request.id,
        analysis: send ? compiled.analysis : null,
        evaluation,
        examples: send ? compiled.examples : null,
        emitted: job.request.emit ? compiled.emitted : null,
        timing: { evaluate: evaluateMs, total: performance.now() - job.started, answeredAt: wallClock() },
      });
      previewing = null;
      break;
    }
  }
  job.spent += performance.now() - stepStarted;
  if (previewing === null) {
    previewCosts.push(job.spent);
    if (previewCosts.length > 5) previewCosts.shift();
  }
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
