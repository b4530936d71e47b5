/**
 * The one mapping between ledger rows and the runtime's grants (the history contract of
 * docs/runtime.md, "History": policy id, version, article, rule, firm, project, application, date,
 * amount in yuan). The ledger keeps amounts in integer fen; the runtime speaks yuan strings. When
 * the contract changes, this file changes, and nothing else in the ledger does.
 */
import { fenOfYuan, formatYuan, type Grant } from "@kuan/runtime/internal";

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
      amount_fen: fenOfYuan(grant.amount),
    },
    payers: (grant.payers ?? []).map((p) => ({ payer: p.payer, amount_fen: fenOfYuan(p.amount) })),
  };
}

/** Two grants are the same earlier grant (an imported history entry seen again). */
export function sameGrant(a: Grant, b: Grant): boolean {
  return a.policy === b.policy && a.version === b.version && a.article === b.article && a.rule === b.rule && a.firm === b.firm && a.project === b.project && a.date === b.date && a.amount === b.amount;
}

/** A grant's payers as its row keeps them: JSON [[payer, fen], …], in the grant's order. */
export function payersJson(payers: readonly PayerRow[]): string {
  if (payers.length === 0) return "[]";
  return JSON.stringify(payers.map((p) => [p.payer, p.amount_fen]));
}

/** A grant row's payers, by payer (the order every reader of the ledger lists them in). */
export function payersFromJson(json: string): PayerRow[] {
  if (json === "[]") return [];
  const parts = (JSON.parse(json) as [string, number][]).map(([payer, amount_fen]) => ({ payer, amount_fen }));
  return parts.sort((a, b) => byCodePoint(a.payer, b.payer));
}

/** SQLite's BINARY order of UTF-8 text is code-point order (not JavaScript's UTF-16 order). */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
