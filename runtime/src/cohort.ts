/**
 * Cohort quotas (名额 每年 10个 按 评审得分): one application alone can only say "needs review
 * (ranking)"; given the whole cohort, the N best scores among the applications that the quota
 * alone held back are funded. A tie across the last place is not broken by a guess: all the tied
 * applications stay needs-review.
 */
import type { Decision } from "./evaluation.js";
import type { Grant, Outcome } from "./decide.js";
import { grantOf } from "./evaluation.js";
import { decCompare, type Dec } from "./exact.js";

export interface QuotaInfo {
  readonly rule: string;
  readonly article: string;
  readonly n: number;
  readonly text: string;
}

export interface CohortMember {
  readonly id: string;
  readonly decision: Decision;
  /** The ranking score (an exact decimal). */
  readonly score: Dec;
  /** The amount the award would grant if funded (fen); the decision holds it as the rule's output. */
}

export interface CohortPlacement {
  readonly id: string;
  readonly rule: string;
  readonly rank: number | null;
  readonly outcome: Outcome;
  readonly grant: Grant | null;
}

function onlyQuotaHeldBack(decision: Decision, quota: QuotaInfo): boolean {
  if (decision.ruleOutcomes[quota.rule] !== "needs-review") return false;
  const amount = decision.outputs[quota.rule];
  if (typeof amount !== "number" || amount <= 0) return false;
  // Any other review on this award keeps it with a person, ranked or not.
  for (const r of decision.reasons) {
    if (r.kind === "review" && (r.rules.includes(quota.rule) || (r.rules.length === 0 && r.article.label === quota.article))) return false;
  }
  return true;
}

export function rankCohort(members: readonly CohortMember[], quota: QuotaInfo, firmOf: (id: string) => string | undefined, project: (id: string) => string | undefined): CohortPlacement[] {
  const held = new Uint8Array(members.length);
  const ranked: CohortMember[] = [];
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as CohortMember;
    if (onlyQuotaHeldBack(m.decision, quota)) {
      held[i] = 1;
      ranked.push(m);
    }
  }
  ranked.sort((a, b) => decCompare(b.score, a.score) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const placements: CohortPlacement[] = [];
  const cutoff = ranked[quota.n - 1];
  const firstOut = ranked[quota.n];
  const tieAtCut = cutoff !== undefined && firstOut !== undefined && decCompare(cutoff.score, firstOut.score) === 0;
  ranked.forEach((m, i) => {
    const tied = tieAtCut && cutoff !== undefined && decCompare(m.score, cutoff.score) === 0;
    const funded = i < quota.n && !tied;
    const amount = m.decision.outputs[quota.rule] as number;
    placements.push({
      id: m.id,
      rule: quota.rule,
      rank: i + 1,
      outcome: tied ? "needs-review" : funded ? "eligible" : "not-eligible",
      grant: funded
        ? grantOf(m.decision.policy, m.decision.version, quota.article, quota.rule, { firm: firmOf(m.id), project: project(m.id), application: m.id, date: m.decision.asOf }, amount)
        : null,
    });
  });
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as CohortMember;
    if (held[i] === 0) placements.push({ id: m.id, rule: quota.rule, rank: null, outcome: m.decision.ruleOutcomes[quota.rule] ?? "not-eligible", grant: null });
  }
  return placements;
}
