/**
 * The earlier grants of many firms, read once: what a batch of applications (evaluateMany, a
 * cohort) is evaluated against. Passed as `options.history`, it gives each evaluation the rows of
 * its firm (`options.firm`), checked as readHistory checks them, without reading the whole list
 * again for every application.
 */
import { indexHistory, type PriorGrant } from "./decide.js";
import { checkHistory, inputError, selectHistory, type CheckedRow, type DecisionWarning, type HistoryPolicy, type InputError } from "./evaluation.js";

/** What an evaluation of one firm takes from a shared history. */
export type FirmHistory =
  | { readonly ok: true; readonly grants: readonly PriorGrant[]; readonly byRule: ReadonlyMap<string, readonly PriorGrant[]>; readonly warnings: readonly DecisionWarning[] }
  | { readonly ok: false; readonly errors: readonly InputError[] };

type Checked = { readonly ok: true; readonly byFirm: ReadonlyMap<string, readonly CheckedRow[]> } | { readonly ok: false; readonly errors: readonly InputError[] };

const NO_ROWS: readonly CheckedRow[] = [];

function firmHistory(rows: readonly CheckedRow[], asOf: string, firm: string, application: string | undefined): FirmHistory {
  const selected = selectHistory(rows, asOf, firm, application);
  return selected.ok ? { ok: true, grants: selected.grants, byRule: indexHistory(selected.grants), warnings: selected.warnings } : selected;
}

function samePolicy(a: HistoryPolicy, b: HistoryPolicy): boolean {
  if (a === b) return true;
  if (a.id !== b.id || a.version !== b.version || a.awards.length !== b.awards.length) return false;
  for (let i = 0; i < a.awards.length; i++) {
    const x = a.awards[i];
    const y = b.awards[i];
    if (x?.rule !== y?.rule || x?.article !== y?.article) return false;
  }
  return true;
}

/**
 * Earlier grants of any number of firms (rows in the one grant shape, docs/runtime.md "History"),
 * for many evaluations. Every row is checked once, for the policy evaluated: one bad row anywhere
 * (K5201–K5205, named by its place in this list) is an error for every evaluation, as it would be
 * for an evaluation given that row. An evaluation counts its own firm's rows; the other firms'
 * rows are simply not its own (no K5207 warning for each of them); its firm's rows dated after
 * its application date, or made by this very application (decided again), are not counted, with a
 * K5206 or K5212 warning as usual. Grants decided within a batch are not added: each application
 * is decided against this history as given.
 */
export class SharedHistory {
  private checked: { readonly policy: HistoryPolicy; readonly result: Checked } | null = null;
  /** Each firm's reading for one application date (a batch has one; another date starts afresh). */
  private reads = new Map<string, FirmHistory>();
  private readsAsOf = "";

  constructor(private readonly rows: unknown) {}

  /** The grants that count for this firm's application on this date, or the errors of the history. */
  forFirm(policy: HistoryPolicy, asOf: string, firm: string | undefined, application: string | undefined): FirmHistory {
    const checked = this.check(policy);
    if (!checked.ok) return checked;
    if (firm === undefined) {
      return { ok: false, errors: [inputError("K5208", "firm", { zh: "给出了多家企业共用的奖补记录，但没有企业标识（firm），无法取出本企业的记录", en: "a history shared by many firms was given but no firm id (firm): this firm's grants cannot be picked out" })] };
    }
    if (asOf !== this.readsAsOf) {
      this.reads = new Map();
      this.readsAsOf = asOf;
    }
    const rows = checked.byFirm.get(firm) ?? NO_ROWS;
    // A row of this very application (decided again) is this application's alone to leave out.
    if (application !== undefined && rows.some((r) => r.grant.application === application)) return firmHistory(rows, asOf, firm, application);
    let read = this.reads.get(firm);
    if (!read) {
      read = firmHistory(rows, asOf, firm, undefined);
      this.reads.set(firm, read);
    }
    return read;
  }

  private check(policy: HistoryPolicy): Checked {
    if (this.checked && samePolicy(this.checked.policy, policy)) return this.checked.result;
    const rows = checkHistory(this.rows, policy);
    let result: Checked;
    if (!rows.ok) result = rows;
    else {
      const byFirm = new Map<string, CheckedRow[]>();
      for (const row of rows.rows) {
        // grantsFromJson requires a firm on every row.
        const firm = row.grant.firm ?? "";
        const list = byFirm.get(firm);
        if (list) list.push(row);
        else byFirm.set(firm, [row]);
      }
      result = { ok: true, byFirm };
    }
    this.checked = { policy, result };
    this.reads = new Map();
    this.readsAsOf = "";
    return result;
  }
}

/** Earlier grants of many firms, to be read once for a batch (see SharedHistory). */
export function shareHistory(rows: unknown): SharedHistory {
  return rows instanceof SharedHistory ? rows : new SharedHistory(rows);
}
