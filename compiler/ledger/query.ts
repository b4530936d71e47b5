/**
 * Reading the ledger back: what each firm has been granted, under which policy version and
 * article, in one stable order, with reversals; the canonical dump the tests compare; recording a
 * withdrawal. Nothing here shows a run's time or id, so the same grants read the same, byte for
 * byte, whichever runs made them.
 */
import Papa from "papaparse";
import { formatYuan } from "@kuan/runtime/internal";
import type { Db } from "./schema.js";

export interface LedgerGrant {
  readonly firm: string;
  readonly project: string | null;
  readonly policy: string;
  readonly version: string;
  readonly article: string;
  readonly rule: string;
  readonly date: string;
  readonly amountFen: number;
  readonly payers: readonly { readonly payer: string; readonly fen: number }[];
  readonly application: string;
  readonly seq: number;
  readonly source: "decision" | "imported";
  readonly reversal: { readonly kind: "clawback" | "withdrawal"; readonly date: string; readonly by: string | null; readonly reason: string } | null;
}

export interface GrantFilter {
  readonly firm?: string;
  readonly policy?: string;
}

/** The order of every listing: firm, project, policy, version, date, application, seq. */
const ORDER = "g.firm, coalesce(g.project, ''), g.policy, g.version, g.date, g.application, g.seq";

export function listGrants(db: Db, filter: GrantFilter = {}): LedgerGrant[] {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.firm !== undefined) {
    where.push("g.firm = ?");
    args.push(filter.firm);
  }
  if (filter.policy !== undefined) {
    where.push("g.policy = ?");
    args.push(filter.policy);
  }
  const rows = db
    .prepare(
      `SELECT g.*, r.kind AS r_kind, r.date AS r_date, r.by_application AS r_by, r.reason AS r_reason,
              (SELECT json_group_array(json_array(p.payer, p.amount_fen)) FROM (SELECT payer, amount_fen FROM grant_payers p WHERE p.application = g.application AND p.seq = g.seq ORDER BY payer) p) AS payers
       FROM grants g LEFT JOIN reversals r ON r.application = g.application AND r.seq = g.seq
       ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY ${ORDER}`,
    )
    .all(...args) as {
    firm: string; project: string | null; policy: string; version: string; article: string; rule: string; date: string; amount_fen: number;
    application: string; seq: number; source: "decision" | "imported"; r_kind: "clawback" | "withdrawal" | null; r_date: string; r_by: string | null; r_reason: string; payers: string;
  }[];
  return rows.map((r) => ({
    firm: r.firm,
    project: r.project,
    policy: r.policy,
    version: r.version,
    article: r.article,
    rule: r.rule,
    date: r.date,
    amountFen: r.amount_fen,
    payers: (JSON.parse(r.payers) as [string, number][]).map(([payer, fen]) => ({ payer, fen })),
    application: r.application,
    seq: r.seq,
    source: r.source,
    reversal: r.r_kind === null ? null : { kind: r.r_kind, date: r.r_date, by: r.r_by, reason: r.r_reason },
  }));
}

/** A listing as JSON (money as decimal strings in yuan, the `--history` shape plus the ledger's fields). */
export function grantsJson(grants: readonly LedgerGrant[]): string {
  const out = grants.map((g) => ({
    firm: g.firm,
    ...(g.project !== null ? { project: g.project } : {}),
    policy: g.policy,
    version: g.version,
    article: g.article,
    rule: g.rule,
    date: g.date,
    amount: formatYuan(g.amountFen),
    ...(g.payers.length > 0 ? { payers: g.payers.map((p) => ({ payer: p.payer, amount: formatYuan(p.fen) })) } : {}),
    application: g.application,
    seq: g.seq,
    source: g.source,
    ...(g.reversal ? { reversal: { kind: g.reversal.kind, date: g.reversal.date, ...(g.reversal.by !== null ? { by: g.reversal.by } : {}), reason: g.reversal.reason } } : {}),
  }));
  return `${JSON.stringify({ grants: out }, null, 2)}\n`;
}

export const EXPORT_COLUMNS = ["firm", "project", "policy", "version", "article", "rule", "date", "amount", "payers", "application", "seq", "source", "reversal", "reversal_date", "reversed_by", "reversal_reason"] as const;

/** CSV for a spreadsheet: amounts in yuan, payers as `市级 25000.00; 区级 25000.00`, formulas escaped. */
export function grantsCsv(grants: readonly LedgerGrant[]): string {
  const data = grants.map((g) => [
    g.firm, g.project ?? "", g.policy, g.version, g.article, g.rule, g.date, formatYuan(g.amountFen),
    g.payers.map((p) => `${p.payer} ${formatYuan(p.fen)}`).join("; "), g.application, String(g.seq), g.source,
    g.reversal?.kind ?? "", g.reversal?.date ?? "", g.reversal?.by ?? "", g.reversal?.reason ?? "",
  ]);
  return `${Papa.unparse({ fields: [...EXPORT_COLUMNS], data }, { newline: "\n", escapeFormulae: true })}\n`;
}

/**
 * The ledger's content as canonical text: policies, applications (without their run), grants,
 * payers and reversals, each in key order. Two ledgers hold the same decisions exactly when their
 * dumps are equal.
 */
export function dumpLedger(db: Db): string {
  const lines: string[] = [];
  const table = (name: string, sql: string): void => {
    lines.push(`# ${name}`);
    for (const row of db.prepare(sql).raw().iterate() as IterableIterator<unknown[]>) lines.push(JSON.stringify(row));
  };
  table("policies", "SELECT policy, version, sha256 FROM policies ORDER BY policy, version");
  // Reasons by content, not by id: two ledgers with the same decisions may have numbered them apart.
  const reasons = new Map<number, unknown>();
  for (const r of db.prepare("SELECT id, policy, version, article, kind, zh, en FROM reasons").iterate() as IterableIterator<{ id: number; policy: string; version: string; article: string; kind: string; zh: string; en: string }>) {
    reasons.set(r.id, { policy: r.policy, version: r.version, article: r.article, kind: r.kind, zh: r.zh, en: r.en });
  }
  lines.push("# applications");
  for (const row of db.prepare("SELECT id, firm, project, date, digest, outcome, reasons FROM applications ORDER BY id").raw().iterate() as IterableIterator<unknown[]>) {
    row[6] = JSON.stringify((JSON.parse(row[6] as string) as number[]).map((id) => reasons.get(id) ?? null));
    lines.push(JSON.stringify(row));
  }
  table("grants", "SELECT application, seq, source, policy, version, article, rule, firm, project, date, amount_fen FROM grants ORDER BY application, seq");
  table("grant_payers", "SELECT application, seq, payer, amount_fen FROM grant_payers ORDER BY application, seq, payer");
  table("reversals", "SELECT application, seq, kind, by_application, date, reason, amount_fen FROM reversals ORDER BY application, seq");
  return `${lines.join("\n")}\n`;
}

/**
 * Withdraws the grants of an application (never paid, or given back by the firm): each gets a
 * reversal of kind withdrawal, and caps no longer count it. Grants already reversed stay as they
 * are. Returns the grants withdrawn now; none when the application has none or is unknown.
 */
export function withdraw(db: Db, application: string, date: string, reason: string): { known: boolean; withdrawn: number; fen: number } {
  return db.transaction(() => {
    const known = db.prepare("SELECT 1 FROM applications WHERE id = ?").get(application) !== undefined;
    const open = db
      .prepare("SELECT g.seq, g.amount_fen FROM grants g LEFT JOIN reversals r ON r.application = g.application AND r.seq = g.seq WHERE g.application = ? AND r.kind IS NULL ORDER BY g.seq")
      .all(application) as { seq: number; amount_fen: number }[];
    const insert = db.prepare("INSERT INTO reversals (application, seq, kind, by_application, date, reason, amount_fen) VALUES (?, ?, 'withdrawal', NULL, ?, ?, ?)");
    let fen = 0;
    for (const g of open) {
      insert.run(application, g.seq, date, reason, g.amount_fen);
      fen += g.amount_fen;
    }
    return { known, withdrawn: open.length, fen };
  }).immediate();
}
