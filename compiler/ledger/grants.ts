/**
 * The one mapping between ledger rows and the runtime's grants (the history contract): what a
 * row of `grants` (with its payers) means to the evaluator and back. When the contract changes,
 * this file changes, and nothing else in the ledger does.
 */
import type { Grant } from "@kuan/runtime";

/** A row of `grants` with its payers, as stored (amounts in fen). */
export interface GrantRow {
  readonly application: string;
  readonly seq: number;
  readonly source: "decision" | "imported";
  readonly policy: string;
  readonly version: string;
  readonly article: string;
  readonly rule: string;
  readonly firm: string;
  readonly project: string | null;
  readonly year: number;
  readonly date: string | null;
  readonly amount_fen: number;
}

export interface PayerRow {
  readonly payer: string;
  readonly amount_fen: number;
}

export function grantFromRow(row: GrantRow, payers: readonly PayerRow[]): Grant {
  return {
    policy: row.policy,
    version: row.version,
    article: row.article,
    rule: row.rule,
    firm: row.firm,
    ...(row.project !== null ? { project: row.project } : {}),
    year: row.year,
    amount: row.amount_fen,
    ...(payers.length > 0 ? { payers: payers.map((p) => ({ payer: p.payer, amount: p.amount_fen })) } : {}),
  };
}

/** The row of a grant made (or imported) for an application on `date`. */
export function rowFromGrant(grant: Grant, application: string, seq: number, source: GrantRow["source"], date: string | null): { row: GrantRow; payers: PayerRow[] } {
  return {
    row: {
      application,
      seq,
      source,
      policy: grant.policy,
      version: grant.version,
      article: grant.article,
      rule: grant.rule,
      firm: grant.firm,
      project: grant.project ?? null,
      year: grant.year,
      date,
      amount_fen: grant.amount,
    },
    payers: (grant.payers ?? []).map((p) => ({ payer: p.payer, amount_fen: p.amount })),
  };
}

/** Two grants are the same earlier grant (an imported history entry seen again). */
export function sameGrant(a: Grant, b: Grant): boolean {
  return a.policy === b.policy && a.version === b.version && a.article === b.article && a.rule === b.rule && a.firm === b.firm && a.project === b.project && a.year === b.year && a.amount === b.amount;
}
