/**
 * A cohort evaluated with any one-application evaluator (an emitted module's `evaluate`, or the
 * interpreter), then ranked for the policy's quotas by `rankCohort`.
 */
import { rankCohort, type CohortPlacement } from "./cohort.js";
import type { EvaluationOptions, EvaluationResult } from "./evaluation.js";
import { decFromInt, type Dec } from "./exact.js";
import { checkInput, type NamedInputSpec } from "./inputs.js";

export interface CohortApplication {
  /** Names the application in the placements; also the firm, unless `firm` is given. */
  readonly id: string;
  readonly input: unknown;
  readonly firm?: string;
  readonly project?: string;
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
  readonly decisions: readonly { readonly id: string; readonly result: R }[];
  /** Per quota: who is funded, in rank order, then the rest. */
  readonly placements: readonly CohortPlacement[];
}

export function evaluateCohortWith<R extends EvaluationResult>(
  evaluate: (input: unknown, options: EvaluationOptions) => R,
  quotas: readonly QuotaSpec[],
  applications: readonly CohortApplication[],
  options: EvaluationOptions = {},
): CohortResult<R> {
  const decisions = applications.map((a) => ({
    id: a.id,
    result: evaluate(a.input, { ...options, firm: a.firm ?? a.id, ...(a.project !== undefined ? { project: a.project } : {}) }),
  }));
  const byId = new Map(applications.map((a) => [a.id, a]));
  const placements: CohortPlacement[] = [];
  for (const quota of quotas) {
    const members = decisions.flatMap(({ id, result }) => {
      const input = byId.get(id)?.input;
      if (!result.ok || typeof input !== "object" || input === null) return [];
      const parsed = checkInput((input as Record<string, unknown>)[quota.score.name], quota.score.spec);
      if (!parsed.ok) return [];
      const value = parsed.value;
      const score: Dec = typeof value === "number" ? decFromInt(value) : typeof value === "object" && value !== null ? value : decFromInt(0);
      return [{ id, decision: result.decision, score }];
    });
    placements.push(...rankCohort(members, quota, (id) => byId.get(id)?.firm ?? id, (id) => byId.get(id)?.project));
  }
  return { decisions, placements };
}
