/**
 * The earlier grants of many firms, read once: what a batch of applications (evaluateMany, a
 * cohort) is evaluated against. Passed as `options.history`, it gives each evaluation the rows of
 * its firm (`options.firm`), checked as readHistory checks them, without reading the whole list
 * again for every application.
 */
import { indexHistory, type Grant, type PriorGrant } from "./decide.js";
import { HistoryChecker, inputError, selectHistory, type CheckedRow, type DecisionWarning, type HistoryPolicy, type InputError } from "./evaluation.js";

/** What an evaluation of one firm takes from a shared history. */
export type FirmHistory =
  | { readonly ok: true; readonly grants: readonly PriorGrant[]; readonly byRule: ReadonlyMap<string, readonly PriorGrant[]>; readonly warnings: readonly DecisionWarning[] }
  | { readonly ok: false; readonly errors: readonly InputError[] };

const NO_ROWS: readonly CheckedRow[] = [];

function firmHistory(rows: readonly CheckedRow[], asOf: string, firm: string | undefined, application: string | undefined): FirmHistory {
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

/** The rows checked for one policy (version), by firm, or the history's errors; `through`: how many added rows are among them. */
interface Checked {
  readonly policy: HistoryPolicy;
  readonly checker: HistoryChecker;
  readonly byFirm: Map<string, CheckedRow[]>;
  through: number;
}

interface AddedRun {
  readonly from: number;
  readonly wellFormed: boolean;
}

/**
 * Earlier grants of any number of firms (rows in the one grant shape, docs/runtime.md "History"),
 * for many evaluations. Every row is checked once for each policy (version) evaluated: one bad
 * row anywhere (K5201–K5205, named by its place in this list) is an error for every evaluation, as
 * it would be for an evaluation given that row. An evaluation counts its own firm's rows; the other
 * firms' rows are simply not its own (no K5207 warning for each of them); its firm's rows dated
 * after its application date, or made by this very application (decided again), are not counted,
 * with a K5206 or K5212 warning as usual. Grants decided within a batch are not added by the
 * evaluation; a caller that keeps a ledger adds them (`add`), and each later evaluation counts
 * them as if they had been in the list from the start.
 */
export class SharedHistory {
  private readonly added: unknown[] = [];
  /** Where each run of rows added well-formed (or not) starts in `added`, in order. */
  private readonly runs: AddedRun[] = [];
  private checked: Checked[] = [];
  /**
   * Each firm's reading for one policy and application date (a batch has few; another starts
   * afresh): the first firm's in a field, the others' in a map made only when there are others.
   * A ledger keeps one history per firm and reads it on each application's own date, so a map
   * made (and kept) per reading would be all waste.
   */
  private readsPolicy: HistoryPolicy | null = null;
  private readsAsOf = "";
  private oneFirm: string | undefined = undefined;
  private oneRead: FirmHistory | undefined = undefined;
  private reads: Map<string, FirmHistory> | null = null;

  constructor(private readonly rows: unknown) {}

  /**
   * Adds rows at the end of the list, as though they had been given with it (checked when next
   * read). `wellFormed`: they are grants in the one shape already (HistoryChecker.add), so only
   * whether they belong to the policy, and repeats, are checked.
   */
  add(rows: readonly unknown[], wellFormed = false): void {
    if (rows.length === 0) return;
    if (this.runs.at(-1)?.wellFormed !== wellFormed) this.runs.push({ from: this.added.length, wellFormed });
    for (const row of rows) this.added.push(row);
  }

  /** The grants that count for this firm's application on this date, or the errors of the history. */
  forFirm(policy: HistoryPolicy, asOf: string, firm: string | undefined, application: string | undefined): FirmHistory {
    const checked = this.check(policy);
    if (checked.checker.errors.length > 0) return { ok: false, errors: checked.checker.errors };
    if (firm === undefined) {
      return { ok: false, errors: [inputError("K5208", "firm", { zh: "给出了多家企业共用的奖补记录，但没有企业标识（firm），无法取出本企业的记录", en: "a history shared by many firms was given but no firm id (firm): this firm's grants cannot be picked out" })] };
    }
    if (this.readsPolicy !== checked.policy || this.readsAsOf !== asOf) {
      this.readsPolicy = checked.policy;
      this.readsAsOf = asOf;
      this.oneFirm = undefined;
      this.oneRead = undefined;
      this.reads = null;
    }
    const rows = checked.byFirm.get(firm) ?? NO_ROWS;
    // A row of this very application (decided again) is this application's alone to leave out.
    if (application !== undefined && rows.some((r) => r.grant.application === application)) return firmHistory(rows, asOf, firm, application);
    let read = this.oneFirm === firm ? this.oneRead : this.reads?.get(firm);
    if (!read) {
      read = firmHistory(rows, asOf, firm, undefined);
      if (this.oneFirm === undefined) {
        this.oneFirm = firm;
        this.oneRead = read;
      } else (this.reads ??= new Map()).set(firm, read);
    }
    return read;
  }

  /** The rows checked for this policy, the added ones included: each row is checked once per policy. */
  private check(policy: HistoryPolicy): Checked {
    let c = this.checked.find((x) => samePolicy(x.policy, policy));
    // Errors and more rows since: checked again from the start (the errors a whole list gives).
    if (c && c.checker.errors.length > 0 && c.through < this.added.length) {
      this.checked = this.checked.filter((x) => x !== c);
      c = undefined;
    }
    if (!c) {
      c = { policy, checker: new HistoryChecker(policy), byFirm: new Map(), through: 0 };
      if (Array.isArray(this.rows)) this.incorporate(c, this.rows, false);
      else {
        c.checker.errors.push(inputError("K5201", "history", { zh: "应为数组", en: "should be an array" }));
        c.through = this.added.length;
      }
      this.checked.push(c);
    }
    // The rows added since, run by run of one kind (the first run starts at 0). Once there are
    // errors, the whole list in one instead: a row that is not a grant hides the other rows'
    // errors, as in checkHistory.
    let r = this.runs.length - 1;
    while (r > 0 && (this.runs[r] as AddedRun).from > c.through) r--;
    for (; c.through < this.added.length; r++) {
      if (c.checker.errors.length > 0) {
        const whole: Checked = { policy, checker: new HistoryChecker(policy), byFirm: new Map(), through: this.added.length };
        this.incorporate(whole, [...(this.rows as readonly unknown[]), ...this.added], false);
        this.checked = this.checked.map((x) => (x === c ? whole : x));
        return whole;
      }
      const end = this.runs[r + 1]?.from ?? this.added.length;
      this.incorporate(c, this.added.slice(c.through, end), (this.runs[r] as AddedRun).wellFormed);
      c.through = end;
    }
    return c;
  }

  /** A firm's reading is out of date (rows were added for it). */
  private forget(firm: string): void {
    if (this.oneFirm === firm) {
      this.oneFirm = undefined;
      this.oneRead = undefined;
    }
    this.reads?.delete(firm);
  }

  private incorporate(c: Checked, rows: readonly unknown[], wellFormed: boolean): void {
    const before = c.checker.rows.length;
    c.checker.add(rows, wellFormed);
    const forget = this.readsPolicy === c.policy;
    for (let i = before; i < c.checker.rows.length; i++) {
      const row = c.checker.rows[i] as CheckedRow;
      // grantsFromJson requires a firm on every row.
      const firm = row.grant.firm ?? "";
      const list = c.byFirm.get(firm);
      if (list) list.push(row);
      else c.byFirm.set(firm, [row]);
      if (forget) this.forget(firm);
    }
  }
}

/** Earlier grants of many firms, to be read once for a batch (see SharedHistory). */
export function shareHistory(rows: unknown): SharedHistory | GrantLog {
  return rows instanceof SharedHistory || rows instanceof GrantLog ? rows : new SharedHistory(rows);
}

/** A GrantLog's rows checked for one policy (version): `through` of its grants, and the errors. */
interface LogCheck {
  readonly policy: HistoryPolicy;
  readonly checker: HistoryChecker;
  through: number;
}

/**
 * The earlier grants of one firm under one policy id, added to as grants are made: what a ledger
 * keeps for each firm (`kuan run`). Given as `options.history` with that firm, it reads as the
 * list of those grants would, with less to make per evaluation than a SharedHistory (which keeps
 * many firms, and whose errors are every firm's):
 *
 * - every row is a grant in the one shape already (made by the runtime, or read back from a
 *   ledger's row), so each is checked once per policy (version) evaluated, for what does not hold
 *   by its shape (it belongs to the policy, its rule and article are the version's, no repeat), as
 *   HistoryChecker checks well-formed rows; an error is an error of this firm's evaluations only;
 * - the reading for an application date (the rows that count, by rule) is kept until a grant is
 *   added, and serves every later date on which each row counts: a ledger processes applications
 *   in date order, so a firm's reading is made once per grant, not once per application.
 */
export class GrantLog {
  private readonly grants: Grant[] = [];
  /** The latest date among the grants ("" when there are none). */
  private latest = "";
  private first: LogCheck | null = null;
  private others: LogCheck[] | null = null;
  /** The last reading, its policy, how many grants it holds and its firm (a reading for any date on or after `latest`). */
  private read: FirmHistory | null = null;
  private readPolicy: HistoryPolicy | null = null;
  private readCount = -1;
  private readFirm: string | undefined = undefined;

  /** Adds a grant at the end (checked when next read); it must be in the one grant shape. */
  add(grant: Grant): void {
    this.grants.push(grant);
    if (grant.date > this.latest) this.latest = grant.date;
  }

  get length(): number {
    return this.grants.length;
  }

  /** The grants that count for this firm's application on this date, or the errors of its rows (as SharedHistory.forFirm). */
  forFirm(policy: HistoryPolicy, asOf: string, firm: string | undefined, application: string | undefined): FirmHistory {
    const checked = this.check(policy);
    if (checked.checker.errors.length > 0) return { ok: false, errors: checked.checker.errors };
    const rows = checked.checker.rows;
    // Every row counts on this date (none later, none of this application): the kept reading, if any.
    const plain = asOf >= this.latest && (application === undefined || !ownRow(rows, application));
    if (plain && this.read !== null && this.readPolicy === checked.policy && this.readCount === this.grants.length && this.readFirm === firm) return this.read;
    const read = firmHistory(rows, asOf, firm, application);
    if (plain) {
      this.read = read;
      this.readPolicy = checked.policy;
      this.readCount = this.grants.length;
      this.readFirm = firm;
    }
    return read;
  }

  private check(policy: HistoryPolicy): LogCheck {
    let c = this.first;
    if (c === null || !samePolicy(c.policy, policy)) {
      c = this.others?.find((x) => samePolicy(x.policy, policy)) ?? null;
      if (c === null) {
        c = { policy, checker: new HistoryChecker(policy), through: 0 };
        if (this.first === null) this.first = c;
        else (this.others ??= []).push(c);
      }
    }
    if (c.through < this.grants.length) {
      c.checker.add(c.through === 0 ? this.grants : this.grants.slice(c.through), true);
      c.through = this.grants.length;
    }
    return c;
  }
}

function ownRow(rows: readonly CheckedRow[], application: string): boolean {
  for (let i = 0; i < rows.length; i++) if ((rows[i] as CheckedRow).grant.application === application) return true;
  return false;
}
