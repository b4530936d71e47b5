/**
 * Many applications in one call, with any one-application evaluator (an emitted module's
 * `evaluate`, or the interpreter): `evaluateManyWith` evaluates each once, sharing what a batch
 * shares (the history, read once; the application date and calendar; no trace unless asked), and
 * `evaluateCohortWith` then ranks them for the policy's quotas by `rankCohort`.
 */
import { rankCohort, type CohortMember, type CohortPlacement } from "./cohort.js";
import type { EvaluationOptions, EvaluationResult } from "./evaluation.js";
import { decFromInt } from "./exact.js";
import { shareHistory } from "./history.js";
import { checkInput, quickCount, type NamedInputSpec } from "./inputs.js";

export interface BatchApplication {
  /** Names the application in the results; the application id of its grants; also the firm, unless `firm` is given. */
  readonly id: string;
  readonly input: unknown;
  readonly firm?: string;
  readonly project?: string;
}

/** The applications of a cohort are those of a batch. */
export type CohortApplication = BatchApplication;

/** What every application of a batch shares: the application date, the history of all their firms, the calendar, the trace. */
export type BatchOptions = Omit<EvaluationOptions, "firm" | "project" | "application">;

export interface BatchDecision<R extends EvaluationResult = EvaluationResult> {
  readonly id: string;
  readonly result: R;
}

/** A quota (名额 每年 N个 按 评分) of one award: what an emitted module knows at compile time. */
export interface QuotaSpec {
  readonly rule: string;
  readonly article: string;
  readonly n: number;
  readonly text: string;
  /** The input the cohort is ranked by. */
  readonly score: NamedInputSpec;
}

export interface CohortResult<R extends EvaluationResult = EvaluationResult> {
  readonly decisions: readonly BatchDecision<R>[];
  /** Per quota: who is funded, in rank order, then the rest. */
  readonly placements: readonly CohortPlacement[];
}

type Options = { -readonly [K in keyof EvaluationOptions]: EvaluationOptions[K] };

/**
 * Evaluates each application once, as `evaluate(a.input, { ...options, firm: a.firm ?? a.id,
 * project: a.project, application: a.id })` would with the history's rows of that firm (see
 * SharedHistory), in order; there is no trace unless `options.trace` is true.
 */
export function evaluateManyWith<R extends EvaluationResult>(
  evaluate: (input: unknown, options: EvaluationOptions) => R,
  applications: readonly BatchApplication[],
  options: BatchOptions = {},
): BatchDecision<R>[] {
  const history = options.history === undefined ? undefined : shareHistory(options.history);
  const trace = options.trace === true;
  const decisions: BatchDecision<R>[] = new Array<BatchDecision<R>>(applications.length);
  for (let i = 0; i < applications.length; i++) {
    const a = applications[i] as BatchApplication;
    // Built field by field: a spread per application would cost more than some evaluations.
    const own: Options = { trace, firm: a.firm ?? a.id, application: a.id };
    if (options.asOf !== undefined) own.asOf = options.asOf;
    if (a.project !== undefined) own.project = a.project;
    if (history !== undefined) own.history = history;
    if (options.calendar !== undefined) own.calendar = options.calendar;
    decisions[i] = { id: a.id, result: evaluate(a.input, own) };
  }
  return decisions;
}

/** Evaluates a cohort (evaluateManyWith) and ranks it for each quota; a tie across the last place stays needs-review. */
export function evaluateCohortWith<R extends EvaluationResult>(
  evaluate: (input: unknown, options: EvaluationOptions) => R,
  quotas: readonly QuotaSpec[],
  applications: readonly BatchApplication[],
  options: BatchOptions = {},
): CohortResult<R> {
  const decisions = evaluateManyWith(evaluate, applications, options);
  const byId = new Map<string, BatchApplication>();
  for (const a of applications) if (!byId.has(a.id)) byId.set(a.id, a);
  const placements: CohortPlacement[] = [];
  for (const quota of quotas) {
    const members: CohortMember[] = [];
    for (let i = 0; i < decisions.length; i++) {
      const { id, result } = decisions[i] as BatchDecision<R>;
      const input = (applications[i] as BatchApplication).input;
      if (!result.ok || typeof input !== "object" || input === null) continue;
      // As validateInput reads it: an own field, else the input's default.
      const given = Object.prototype.hasOwnProperty.call(input, quota.score.name) ? (input as Record<string, unknown>)[quota.score.name] : undefined;
      const raw = given === undefined ? quota.score.default : given;
      // A whole number, the common score, read straight away; anything else as validateInput reads it.
      let score = quota.score.spec.type === "count" || quota.score.spec.type === "quantity" ? quickCount(raw) : null;
      if (score === null) {
        const parsed = checkInput(raw, quota.score.spec);
        if (!parsed.ok) continue;
        const value = parsed.value;
        score = typeof value === "number" ? decFromInt(value) : typeof value === "object" && value !== null ? value : decFromInt(0);
      }
      members.push({ id, decision: result.decision, score });
    }
    for (const p of rankCohort(members, quota, (id) => byId.get(id)?.firm ?? id, (id) => byId.get(id)?.project)) placements.push(p);
  }
  return { decisions, placements };
}
