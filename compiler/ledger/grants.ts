/**
 * The one mapping between ledger rows and the runtime's grants (the history contract of
 * docs/runtime.md, "History": policy id, version, article, rule, firm, project, application, date,
 * amount in yuan). The ledger keeps amounts in integer fen; the runtime speaks yuan strings. When
 * the contract changes, this file changes, and nothing else in the ledger does.
 */
import { formatYuan, parseMoney, type Grant } from "@kuan/runtime/internal";

/** A row of `grants` (amounts in fen). `application` and `seq` are the grant's key in the ledger. */
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
  readonly date: string;
  readonly amount_fen: number;
}

export interface PayerRow {
  readonly payer: string;
  readonly amount_fen: number;
}

/** A ledger row as the evaluator's history takes it: the grant's application is its ledger key. */
export function grantFromRow(row: GrantRow, payers: readonly PayerRow[]): Grant {
  return {
    policy: row.policy,
    version: row.version,
    article: row.article,
    rule: row.rule,
    firm: row.firm,
    ...(row.project !== null ? { project: row.project } : {}),
    application: row.application,
    date: row.date,
    amount: formatYuan(row.amount_fen),
    ...(payers.length > 0 ? { payers: payers.map((p) => ({ payer: p.payer, amount: formatYuan(p.amount_fen) })) } : {}),
  };
}

/** What formatYuan writes: whole yuan (at most 14 digits, as MAX_WHOLE_YUAN), a point, two digits of fen. */
const FORMATTED = /^(0|[1-9][0-9]{0,13})\.([0-9]{2})$/;

/** Fen of a yuan amount the runtime wrote (always valid: it came from formatYuan). */
export function fenOf(yuan: string): number {
  // formatYuan's own form is read digit for digit (exact: below 2^53); anything else by parseMoney.
  const plain = FORMATTED.exec(yuan);
  if (plain) return Number(plain[1]) * 100 + Number(plain[2]);
  const parsed = parseMoney(yuan);
  if (!parsed.ok) throw new RangeError(`not an amount: ${yuan}`);
  return parsed.value;
}

/**
 * The row of a grant made for (or imported with) an application. The firm is the application's:
 * the runtime leaves it out only when an evaluation is given no firm, and the ledger always gives one.
 */
export function rowFromGrant(grant: Grant, application: string, firm: string, seq: number, source: GrantRow["source"]): { row: GrantRow; payers: PayerRow[] } {
  return {
    row: {
      application,
      seq,
      source,
      policy: grant.policy,
      version: grant.version,
      article: grant.article,
      rule: grant.rule,
      firm: grant.firm ?? firm,
      project: grant.project ?? null,
      date: grant.date,
      amount_fen: fenOf(grant.amount),
    },
    payers: (grant.payers ?? []).map((p) => ({ payer: p.payer, amount_fen: fenOf(p.amount) })),
  };
}

/** Two grants are the same earlier grant (an imported history entry seen again). */
export function sameGrant(a: Grant, b: Grant): boolean {
  return a.policy === b.policy && a.version === b.version && a.article === b.article && a.rule === b.rule && a.firm === b.firm && a.project === b.project && a.date === b.date && a.amount === b.amount;
}
