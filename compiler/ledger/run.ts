/**
 * A batch of applications through the ledger (`kuan run`). Applications are processed in their
 * stated order (application date, then id), each against the ledger's earlier grants to the same
 * firm and project under any of the policies given, and its grants, payers and reversals are
 * written in the same transaction as its row in `applications` (its "processed" mark). So:
 *
 * - idempotent: an application id already in the ledger is not processed again (the same id with
 *   other content is a bad row);
 * - crash-safe: a transaction holds whole applications only (several per commit, for speed), so a
 *   run killed at any point leaves a prefix of the processing order, and running the same file
 *   again processes the rest against the same history: the ledger an uninterrupted run gives.
 *
 * Caps count reversals so (docs/ledger.md): a clawed-back grant (追回) still counts against caps
 * and limits — the firm was granted it, and the measures cancel its eligibility with it; a
 * withdrawn grant (`kuan ledger --withdraw`, never paid) no longer counts.
 */
import { hash } from "node:crypto";
import { existsSync } from "node:fs";
import { fenOfYuan, GrantLog, type Decision, type Grant, type Outcome, type RuntimeValue } from "@kuan/runtime/internal";
import { processingIndexes, type Application, type ApplicationFile, type ApplicationProblem } from "../applications/index.js";
import { evaluateInputs, evaluateValues } from "../interpret/index.js";
import type { IrPolicy } from "../ir/ir.js";
import { grantFromRow, payersFromJson, payersJson, rowFromGrant, sameGrant, type GrantRow } from "./grants.js";
import { checkPolicies, LedgerRefused, openLedger, type Db } from "./schema.js";

/** The runtime's four outcomes: eligible, not eligible, needs review, not applicable. */
export type LedgerOutcome = Outcome;

export interface BatchPolicy {
  readonly ir: IrPolicy;
  /** SHA-256 of the policy's source text. */
  readonly sha256: string;
}

export interface BatchOptions {
  readonly ledger: string;
  /** The application file as named, and the SHA-256 of its bytes (recorded in `runs`). */
  readonly fileName: string;
  readonly fileSha256: string;
  readonly file: ApplicationFile;
  readonly policies: readonly BatchPolicy[];
  /** Applications dated after it are left for a later run. */
  readonly asOf?: string;
  /** Evaluate everything, write nothing (a missing ledger is not created). */
  readonly dryRun: boolean;
  /** A bad row: skip it (reported), or stop before writing anything after it. */
  readonly onError: "skip" | "stop";
  /** Called every 1000 applications, after each transaction and at the end. */
  readonly progress?: (done: number, total: number) => void;
  /** Applications per transaction (default 20,000): whole applications only, whatever the size. */
  readonly groupSize?: number;
  /**
   * Keep every row's result in `results` (default; a report needs them). False keeps the rejected
   * rows only: a run of 100,000 applications then holds no decision after it is written.
   */
  readonly keepRows?: boolean;
}

export type RowStatus = "processed" | "already-processed" | "rejected" | "later";

export interface RowResult {
  readonly line: number;
  readonly id: string;
  readonly firm: string;
  readonly project: string | null;
  readonly date: string;
  readonly status: RowStatus;
  readonly outcome: LedgerOutcome | null;
  readonly grants: readonly Grant[];
  readonly clawbacks: readonly Grant[];
  readonly reasons: readonly StoredReason[];
  readonly problems: readonly ApplicationProblem[];
}

/** A reason as the ledger keeps it: the runtime's message in both languages, with its article. */
export interface StoredReason {
  readonly policy: string;
  readonly version: string;
  readonly article: string;
  readonly kind: string;
  readonly zh: string;
  readonly en: string;
}

export interface BatchSummary {
  readonly rows: number;
  readonly processed: number;
  readonly outcomes: Readonly<Record<LedgerOutcome, number>>;
  readonly alreadyProcessed: number;
  readonly rejected: number;
  readonly later: number;
  /** Fen granted in this run, in all and per payer ("" = a grant not split between payers). */
  readonly grantedFen: number;
  readonly perPayer: readonly { readonly payer: string; readonly fen: number }[];
  readonly clawedBackFen: number;
  /** Every row of the file: processed, skipped or rejected, in processing order, bad rows last (the rejected ones only, with keepRows false). */
  readonly results: readonly RowResult[];
  readonly problems: readonly ApplicationProblem[];
  readonly warnings: readonly { readonly zh: string; readonly en: string }[];
  /** Set when --on-error stop stopped the run: the first bad row. */
  readonly stoppedAt: ApplicationProblem | null;
  readonly dryRun: boolean;
}

interface Entry {
  readonly grant: Grant;
  readonly application: string;
  readonly seq: number;
  reversed: boolean;
}

/**
 * The ledger's grants in memory, by firm; withdrawn grants left out. The runtime counts only the
 * applicant's own grants (a project id belongs to its firm), so the firm is the only key needed.
 * Each firm's grants under a policy id are also kept as a runtime GrantLog, to which a grant is
 * added as it is made: the runtime checks each row once, not again for every evaluation (a bad
 * row fails that firm's evaluations, as it did when its rows were given as a list), and reads a
 * firm's rows once per grant added, not once per application. Every row is the ledger's own
 * (decided by a run, or an import read back from its row), in the one grant shape already, so the
 * runtime checks only that it belongs to the policy and repeats no other row.
 */
class History {
  private readonly firms = new Map<string, FirmGrants>();

  /** The firm's grants, made when it has none yet. */
  firm(firm: string): FirmGrants {
    let f = this.firms.get(firm);
    if (!f) this.firms.set(firm, (f = { entries: [], imported: null, policy: null, shared: null, others: null }));
    return f;
  }

  /** The firm's grants (undefined: it has none): looked up once per application, then passed on. */
  of(firm: string): FirmGrants | undefined {
    return this.firms.get(firm);
  }

  add(firm: string, entry: Entry, imported: boolean): void {
    addTo(this.firm(firm), entry, imported);
  }

  /** This firm's earlier grants under this policy id. */
  for(firm: string, policy: string): Grant[] {
    const grants: Grant[] = [];
    for (const e of this.firms.get(firm)?.entries ?? []) if (e.grant.policy === policy) grants.push(e.grant);
    return grants;
  }

  /** The same grants, read once by the runtime and added to as grants are made (undefined: there are none). */
  sharedFor(firm: string, policy: string): GrantLog | undefined {
    const f = this.firms.get(firm);
    return f && sharedOf(f, policy);
  }

  /** The ledger entry of a grant the evaluator listed for recovery (its application is the key). */
  find(firm: string, g: Grant): Entry | undefined {
    return this.firms.get(firm)?.entries.find((e) => e.application === g.application && e.grant.rule === g.rule && sameGrant(e.grant, g));
  }

  alreadyImported(firm: string, g: Grant): boolean {
    return this.firms.get(firm)?.imported?.some((h) => sameGrant(h, g)) === true;
  }
}

/**
 * A firm's grants: every entry, the imported ones, and a GrantLog per policy id (the first
 * policy's in its own field: a run has one policy id nearly always, so no map is needed).
 */
interface FirmGrants {
  readonly entries: Entry[];
  imported: Grant[] | null;
  policy: string | null;
  shared: GrantLog | null;
  others: Map<string, GrantLog> | null;
}

function sharedOf(f: FirmGrants, policy: string): GrantLog | undefined {
  if (f.policy === policy) return f.shared ?? undefined;
  return f.others?.get(policy);
}

function addTo(f: FirmGrants, entry: Entry, imported: boolean): void {
  f.entries.push(entry);
  if (imported) (f.imported ??= []).push(entry.grant);
  const policy = entry.grant.policy;
  let shared = sharedOf(f, policy);
  if (!shared) {
    shared = new GrantLog();
    if (f.policy === null) {
      f.policy = policy;
      f.shared = shared;
    } else (f.others ??= new Map()).set(policy, shared);
  }
  // Grants in the one shape (made by the runtime, or read back from a row): not read again.
  shared.add(entry.grant);
}

const NO_GRANTS: readonly Grant[] = [];

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function loadHistory(db: Db): History {
  const history = new History();
  const rows = db
    .prepare(
      `SELECT g.*, r.kind AS reversal FROM grants g LEFT JOIN reversals r ON r.application = g.application AND r.seq = g.seq
       ORDER BY g.application, g.seq`,
    )
    .iterate() as IterableIterator<GrantRow & { payers: string; reversal: string | null }>;
  for (const row of rows) {
    if (row.reversal === "withdrawal") continue;
    const grant = grantFromRow(row, payersFromJson(row.payers));
    history.add(row.firm, { grant, application: row.application, seq: row.seq, reversed: row.reversal !== null }, row.source === "imported");
  }
  return history;
}

/**
 * What identifies an application's content: the same id with another digest is refused. The
 * fields in a fixed order (inputs by name), each with its length, so no two rows hash alike.
 */
export function applicationDigest(a: Application): string {
  // The text is the same as ever (the test pins it); it is made as a list of pieces joined once,
  // a field's piece (its name, length and text) made once per distinct cell of a column: rows
  // repeat their cells (是, 否, 0), and piece by piece concatenation made and flattened a string per field.
  const pieces = PIECES;
  pieces.length = 0;
  pieces.push(part(a.id), part(a.firm), part(a.project ?? "\u0000"), part(a.date));
  const input = a.input;
  const { keys, columns } = shapeOf(input);
  for (let i = 0; i < keys.length; i++) pieces.push(fieldPart(columns[i] as Column, input[keys[i] as string]));
  pieces.push(a.history.length === 0 ? "0:" : part(a.history));
  // One call: a call into the hash per field costs more than the hashing.
  return hash("sha256", pieces.join(""), "base64");
}

const PIECES: string[] = [];

function part(v: unknown): string {
  const text = typeof v === "string" ? v : JSON.stringify(v) ?? "";
  return `${text.length}:${text}`;
}

/** A column as it goes into every digest: its name's piece, and the pieces of its commonest cells. */
interface Column {
  readonly key: string;
  readonly cells: Map<string, string>;
}

/** The columns by name, each made once (a policy has a few dozen inputs; bounded all the same). */
const COLUMNS = new Map<string, Column>();

function columnOf(key: string): Column {
  let c = COLUMNS.get(key);
  if (c === undefined) {
    c = { key: part(key), cells: new Map() };
    if (COLUMNS.size < 1000) COLUMNS.set(key, c);
  }
  return c;
}

function fieldPart(column: Column, value: unknown): string {
  if (typeof value !== "string") return `${column.key}${part(value)}`;
  let piece = column.cells.get(value);
  if (piece === undefined) {
    piece = `${column.key}${value.length}:${value}`;
    if (column.cells.size < 1000) column.cells.set(value, piece);
  }
  return piece;
}

/** A set of fields: its keys sorted, and their columns in that order. */
interface Shape {
  readonly keys: readonly string[];
  readonly columns: readonly Column[];
}

/** The rows of a file have a few sets of fields (their empty cells differ): each set sorted once. */
const SHAPES = new Map<string, Shape>();
/** The keys of the last record, as given, and their shape: most rows have the fields of the row before. */
let lastKeys: readonly string[] = [];
let lastShape: Shape = { keys: [], columns: [] };

function shapeOf(record: Readonly<Record<string, unknown>>): Shape {
  // Compared key by key with the last record's, without making a list (records are plain objects:
  // for…in sees their own keys, in Object.keys order).
  let i = 0;
  let same = true;
  for (const k in record) {
    if (lastKeys[i] !== k) {
      same = false;
      break;
    }
    i++;
  }
  if (same && i === lastKeys.length) return lastShape;
  const keys = Object.keys(record);
  const id = keys.join("\u0000");
  let shape = SHAPES.get(id);
  if (!shape) {
    const sorted = [...keys].sort();
    shape = { keys: sorted, columns: sorted.map(columnOf) };
    if (SHAPES.size < 1000) SHAPES.set(id, shape);
  }
  lastKeys = keys;
  lastShape = shape;
  return shape;
}

const OUTCOME_RANK: Readonly<Record<LedgerOutcome, number>> = { "needs-review": 3, eligible: 2, "not-eligible": 1, "not-applicable": 0, computed: -1 };

type Decided = { ok: true; outcome: LedgerOutcome; grants: readonly Grant[]; clawbacks: readonly Grant[]; reasons: StoredReason[] } | { ok: false; problems: ApplicationProblem[] };

/**
 * One application under every policy given, in order; each sees the firm's earlier grants under
 * its policy id. A decision with a warning about the history (a grant in the ledger dated after
 * this application: it was processed out of order) is not granted: it needs review, with the
 * warning as its reason. So is an application dated where two versions of one measure are both in
 * force: the runtime does not count an application's own grants against it (it would be deciding
 * it again), so the second version could grant what the first did, and which version decides is
 * the office's call.
 */
function decide(policies: readonly BatchPolicy[], a: Application, inputs: readonly RuntimeValue[] | null, firm: FirmGrants | undefined, history: History, imports: readonly Grant[], known: Reasons): Decided {
  if (policies.length === 1) return decideOne(policies[0] as BatchPolicy, a, inputs, firm, history, imports, known);
  const grants: Grant[] = [];
  const clawbacks: Grant[] = [];
  let outcome: LedgerOutcome = "not-applicable";
  const decisions: Decision[] = [];
  const warned: StoredReason[] = [];
  for (const p of policies) {
    const id = p.ir.id;
    // The application's own imported grants are its alone: then the list, with them at the end.
    let earlier: readonly Grant[] | GrantLog;
    if (imports.some((g) => g.policy === id)) {
      const list = history.for(a.firm, id);
      for (const g of imports) if (g.policy === id) list.push(g);
      earlier = list;
    } else earlier = history.sharedFor(a.firm, id) ?? NO_GRANTS;
    const evaluated = evaluateValues(p.ir, a.values, evaluationOptions(a, earlier));
    if (!evaluated.ok) return evaluationProblems(a, evaluated.errors);
    const d = evaluated.decision;
    decisions.push(d);
    if (d.warnings.length > 0) {
      for (const w of d.warnings) warned.push(known.intern(d.policy, d.version, "", "review", w.message.zh, w.message.en));
      outcome = "needs-review";
      continue;
    }
    if (OUTCOME_RANK[d.outcome] > OUTCOME_RANK[outcome]) outcome = d.outcome;
    grants.push(...d.grants);
    clawbacks.push(...d.clawbacks);
  }
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i] as Decision;
    const also = decisions.find((e, j) => j > i && e.inForce && d.inForce && e.policy === d.policy);
    if (also) {
      warned.push(known.intern(d.policy, d.version, "", "review", `申报日期 ${a.date} 同时适用 ${d.version} 版和 ${also.version} 版：应依据哪一版，须人工确定`, `both version ${d.version} and version ${also.version} are in force on the application date ${a.date}: which one decides needs review`));
    }
  }
  if (warned.length > 0) return { ok: true, outcome: "needs-review", grants: [], clawbacks: [], reasons: warned };
  // The reasons of the policies in force on the date; of all when none is.
  const speaking = decisions.some((d) => d.inForce) ? decisions.filter((d) => d.inForce) : decisions;
  // Kept: why something was not granted, held or taken back. A condition that was met and an amount
  // granted say nothing the grants table does not (and would be most of the ledger's bytes).
  const reasons: StoredReason[] = [];
  for (const d of speaking) for (const r of d.reasons) if (r.kind !== "met" && r.kind !== "granted") reasons.push(known.intern(d.policy, d.version, r.article.label, r.kind, r.message.zh, r.message.en));
  return { ok: true, outcome, grants, clawbacks, reasons };
}

/**
 * decide with one policy (a run's usual case), without the lists that gather several policies'
 * decisions: the same outcome, grants, clawbacks and reasons (the decision's own lists are taken
 * as they are: nothing changes them).
 */
function decideOne(p: BatchPolicy, a: Application, inputs: readonly RuntimeValue[] | null, firm: FirmGrants | undefined, history: History, imports: readonly Grant[], known: Reasons): Decided {
  const id = p.ir.id;
  let earlier: readonly Grant[] | GrantLog = (firm && sharedOf(firm, id)) ?? NO_GRANTS;
  for (const g of imports) {
    if (g.policy !== id) continue;
    const list = history.for(a.firm, id);
    for (const h of imports) if (h.policy === id) list.push(h);
    earlier = list;
    break;
  }
  const evaluated = inputs ? evaluateInputs(p.ir, inputs, evaluationOptions(a, earlier)) : evaluateValues(p.ir, a.values, evaluationOptions(a, earlier));
  if (!evaluated.ok) return evaluationProblems(a, evaluated.errors);
  const d = evaluated.decision;
  if (d.warnings.length > 0) {
    const warned: StoredReason[] = [];
    for (const w of d.warnings) warned.push(known.intern(d.policy, d.version, "", "review", w.message.zh, w.message.en));
    return { ok: true, outcome: "needs-review", grants: [], clawbacks: [], reasons: warned };
  }
  const outcome: LedgerOutcome = OUTCOME_RANK[d.outcome] > OUTCOME_RANK["not-applicable"] ? d.outcome : "not-applicable";
  const reasons: StoredReason[] = [];
  for (const r of d.reasons) if (r.kind !== "met" && r.kind !== "granted") reasons.push(known.intern(d.policy, d.version, r.article.label, r.kind, r.message.zh, r.message.en));
  return { ok: true, outcome, grants: d.grants, clawbacks: d.clawbacks, reasons };
}

/** The values of the inputs named, in that order, absent ones null: what evaluateValues gives evaluateInputs. */
function inputList(names: readonly string[], values: Readonly<Record<string, RuntimeValue>>): RuntimeValue[] {
  const list = new Array<RuntimeValue>(names.length);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    list[i] = Object.prototype.hasOwnProperty.call(values, name) ? (values[name] ?? null) : null;
  }
  return list;
}

function evaluationOptions(a: Application, history: readonly Grant[] | GrantLog) {
  return a.project !== undefined
    ? { firm: a.firm, project: a.project, application: a.id, asOf: a.date, history, trace: false }
    : { firm: a.firm, application: a.id, asOf: a.date, history, trace: false };
}

function evaluationProblems(a: Application, errors: readonly { readonly field: string; readonly message: { readonly zh: string; readonly en: string } }[]): Decided {
  return { ok: false, problems: errors.map((e) => ({ line: a.line, field: e.field, id: a.id, zh: e.message.zh, en: e.message.en })) };
}

function rowResult(a: Application, status: RowStatus, rest: Partial<Pick<RowResult, "outcome" | "grants" | "clawbacks" | "reasons" | "problems">> = {}): RowResult {
  return { line: a.line, id: a.id, firm: a.firm, project: a.project ?? null, date: a.date, status, outcome: rest.outcome ?? null, grants: rest.grants ?? [], clawbacks: rest.clawbacks ?? [], reasons: rest.reasons ?? [], problems: rest.problems ?? [] };
}

function problemRow(p: ApplicationProblem): RowResult {
  return { line: p.line, id: p.id ?? "", firm: "", project: null, date: "", status: "rejected", outcome: null, grants: [], clawbacks: [], reasons: [], problems: [p] };
}

/** Runs a batch; throws LedgerRefused when the ledger cannot be used (nothing written then). */
export function runBatch(options: BatchOptions): BatchSummary {
  const { file, policies } = options;
  const problems: ApplicationProblem[] = [...file.problems];
  const warnings: { zh: string; en: string }[] = [];
  const identities = policies.map((p) => ({ policy: p.ir.id, version: p.ir.version, sha256: p.sha256 }));
  const outcomes: Record<LedgerOutcome, number> = { eligible: 0, "not-eligible": 0, "needs-review": 0, "not-applicable": 0, computed: 0 };
  const summary = (results: RowResult[], counts: { processed: number; already: number; later: number; granted: number; clawedBack: number }, payers: Map<string, number>, stoppedAt: ApplicationProblem | null): BatchSummary => {
    const rejected = results.filter((r) => r.status === "rejected");
    const lines = new Set(rejected.map((r) => r.line));
    return {
      rows: file.rows,
      processed: counts.processed,
      outcomes,
      alreadyProcessed: counts.already,
      rejected: lines.size,
      later: counts.later,
      grantedFen: counts.granted,
      perPayer: [...payers.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([payer, fen]) => ({ payer, fen })),
      clawedBackFen: counts.clawedBack,
      results,
      problems: [...problems].sort((a, b) => a.line - b.line),
      warnings,
      stoppedAt,
      dryRun: options.dryRun,
    };
  };
  const counts = { processed: 0, already: 0, later: 0, granted: 0, clawedBack: 0 };
  const payers = new Map<string, number>();
  const results: RowResult[] = [];
  const keep = options.keepRows !== false;
  // A bad row with --on-error stop: nothing is written at all.
  if (options.onError === "stop" && problems.length > 0) {
    return summary(problems.map(problemRow), counts, payers, problems.reduce((a, b) => (b.line < a.line ? b : a)));
  }

  const missing = options.dryRun && !existsSync(options.ledger);
  const db = openLedger(missing ? ":memory:" : options.ledger, { create: !options.dryRun || missing, readonly: options.dryRun && !missing });
  try {
    warnings.push(...checkPolicies(db, options.ledger, identities, !options.dryRun));
    const done = new Map<string, string>();
    for (const row of db.prepare("SELECT id, digest FROM applications").iterate() as IterableIterator<{ id: string; digest: string }>) done.set(row.id, row.digest);
    const history = loadHistory(db);
    const dataVersion = db.pragma("data_version", { simple: true }) as number;

    // With one policy: its inputs in its order, as evaluateValues reads them from the values.
    const only = policies.length === 1 ? (policies[0] as BatchPolicy).ir.inputs.map((i) => i.name) : null;
    // Every application's digest, made first and in the file's order: an application's fields lie
    // together in memory in the order they were read, not in the processing order (date, then id);
    // made in processing order, a digest reads some twenty cells from all over the heap.
    const applications = file.applications;
    const digests = options.dryRun && done.size === 0 ? null : applications.map(applicationDigest);

    /** The applications to process, as their places in the file (their digests' places). */
    const todo: number[] = [];
    for (const i of processingIndexes(applications)) {
      const a = applications[i] as Application;
      const digest = done.get(a.id);
      if (digest !== undefined) {
        if (digest === (digests?.[i] ?? applicationDigest(a))) {
          counts.already++;
          if (keep) results.push(rowResult(a, "already-processed"));
        } else {
          const p = { line: a.line, field: "id", id: a.id, zh: "此申报编号已在账本中，但内容不同：已处理的申报不能改动", en: "this application id is already in the ledger with other content: a processed application cannot change" };
          problems.push(p);
          results.push(rowResult(a, "rejected", { problems: [p] }));
        }
      } else if (options.asOf !== undefined && a.date > options.asOf) {
        counts.later++;
        if (keep) results.push(rowResult(a, "later"));
      } else todo.push(i);
    }
    if (options.onError === "stop" && problems.length > 0) {
      return summary([...results, ...problems.filter((p) => !results.some((r) => r.problems.includes(p))).map(problemRow)], counts, payers, problems.reduce((a, b) => (b.line < a.line ? b : a)));
    }

    const write = options.dryRun ? null : statements(db);
    // The rows of the transaction under way, written at its end (see flush).
    const pending: Pending | null = write ? { applications: [], grants: [], reversals: [] } : null;
    // This application's grant rows (pushed to pending.grants, beside its row, when it has any).
    let ownGrants: Row[] | null = null;
    // A transaction's pages stay in memory until its commit (the default 2 MB would spill them to
    // the WAL half-way); the WAL is copied back into the file every ~40 MB rather than every 4 MB.
    if (write) {
      db.pragma(`cache_size = -${64 * 1024}`);
      db.pragma("wal_autocheckpoint = 10000");
      // The run's own rows hold together by construction (an application before its grants, a
      // grant before its reversal, in one transaction), so SQLite need not look each key up again;
      // every other writer (kuan ledger --withdraw, an office's own SQL) still has them checked.
      db.pragma("foreign_keys = OFF");
    }
    const known = write ? loadReasons(db) : new Reasons();
    /** The application's reasons as the JSON list of their ids, each reason written the first time it is seen. */
    const reasonList = (reasons: readonly StoredReason[]): string => {
      if (!write || reasons.length === 0) return "[]";
      let list = "";
      for (const r of reasons) {
        let id = known.id(r);
        if (id === undefined) {
          id = Number(write.reason.run(r.policy, r.version, r.article, r.kind, r.zh, r.en).lastInsertRowid);
          known.written(r, id);
        }
        list += list === "" ? `[${id}` : `,${id}`;
      }
      return `${list}]`;
    };
    let run = 0;
    if (write) run = Number(write.run.run(new Date().toISOString(), options.fileName, options.fileSha256, JSON.stringify(identities.map((p) => [p.policy, p.version]))).lastInsertRowid);
    const groupSize = Math.max(1, options.groupSize ?? DEFAULT_GROUP_SIZE);
    let stoppedAt: ApplicationProblem | null = null;
    let index = 0;
    const processOne = (i: number): boolean => {
      const a = applications[i] as Application;
      const imports = a.history.length === 0 ? NO_GRANTS : a.history.filter((g) => !history.alreadyImported(a.firm, g));
      // The firm's grants, looked up once for the application (made at its first grant).
      let firm = history.of(a.firm);
      const decided = decide(policies, a, only && inputList(only, a.values), firm, history, imports, known);
      if (!decided.ok) {
        problems.push(...decided.problems);
        results.push(rowResult(a, "rejected", { problems: decided.problems }));
        if (options.onError === "stop") {
          stoppedAt = decided.problems[0] ?? null;
          return false;
        }
        return true;
      }
      counts.processed++;
      outcomes[decided.outcome]++;
      if (pending) pending.applications.push([a.id, a.firm, a.project ?? null, a.date, digests?.[i] ?? applicationDigest(a), decided.outcome, reasonList(decided.reasons), run]);
      ownGrants = null;
      let seq = 0;
      const record = (g: Grant, source: GrantRow["source"]): void => {
        seq++;
        if (source === "decision" && g.firm === a.firm && g.application === a.id) {
          // A grant just decided (nearly every one): its row made from it at once, and it is
          // already what that row reads back as (the same fields, its amounts from formatYuan).
          const fen = fenOfYuan(g.amount);
          counts.granted += fen;
          const parts = g.payers;
          let json = "[]";
          if (parts !== undefined && parts.length > 0) {
            // What payersJson writes (JSON [[payer, fen], …] in the grant's order), the payers' names quoted once per run.
            json = "[";
            for (let i = 0; i < parts.length; i++) {
              const p = parts[i] as NonNullable<Grant["payers"]>[number];
              const pf = fenOfYuan(p.amount);
              json += `${i === 0 ? "[" : ",["}${quoted(p.payer)},${pf}]`;
              payers.set(p.payer, (payers.get(p.payer) ?? 0) + pf);
            }
            json += "]";
          } else payers.set("", (payers.get("") ?? 0) + fen);
          if (pending) (ownGrants ??= []).push([a.id, seq, "decision", g.policy, g.version, g.article, g.rule, a.firm, g.project ?? null, g.date, fen, json]);
          addTo((firm ??= history.firm(a.firm)), { grant: g, application: a.id, seq, reversed: false }, false);
          return;
        }
        const { row, payers: parts } = rowFromGrant(g, a.id, a.firm, seq, source);
        if (pending) (ownGrants ??= []).push([row.application, row.seq, row.source, row.policy, row.version, row.article, row.rule, row.firm, row.project, row.date, row.amount_fen, payersJson(parts)]);
        // An imported grant (or one of another firm) is read back from its row, to be sure it is what the row keeps.
        const known = grantFromRow(row, parts);
        history.add(a.firm, { grant: known, application: a.id, seq, reversed: false }, source === "imported");
        if (source === "decision") {
          counts.granted += row.amount_fen;
          if (parts.length > 0) for (const p of parts) payers.set(p.payer, (payers.get(p.payer) ?? 0) + p.amount_fen);
          else payers.set("", (payers.get("") ?? 0) + row.amount_fen);
        }
      };
      for (const g of imports) record(g, "imported");
      for (const g of decided.grants) record(g, "decision");
      if (pending) pending.grants.push(ownGrants);
      for (const g of decided.clawbacks) {
        const entry = history.find(a.firm, g);
        if (!entry || entry.reversed) continue;
        entry.reversed = true;
        const fen = fenOfYuan(g.amount);
        counts.clawedBack += fen;
        // The reason of the article that claws back, not every reason of the decision.
        const reason = decided.reasons.filter((r) => r.kind === "clawback" && r.policy === g.policy && r.article === g.article).map((r) => r.zh).join("；");
        pending?.reversals.push([entry.application, entry.seq, "clawback", a.id, a.date, reason, fen]);
      }
      if (keep) results.push(rowResult(a, "processed", { outcome: decided.outcome, grants: decided.grants, clawbacks: decided.clawbacks, reasons: decided.reasons }));
      return true;
    };
    const group = (): void => {
      if (db.pragma("data_version", { simple: true }) !== dataVersion) {
        throw new LedgerRefused({ zh: `运行期间另一个进程写入了账本 ${options.ledger}；已提交的申报不受影响，请重新运行`, en: `another process wrote to the ledger ${options.ledger} during this run; what was committed stands: run again` });
      }
      const end = Math.min(todo.length, index + groupSize);
      while (index < end) {
        if (!processOne(todo[index] as number)) {
          index = todo.length;
          break;
        }
        index++;
        // Within a transaction too, so that a bar moves: "processed", committed at the group's end.
        if (index % PROGRESS_EVERY === 0 && index < end) options.progress?.(index, todo.length);
      }
      if (write && pending) flush(write, pending);
    };
    const transaction = db.transaction(group);
    while (index < todo.length) {
      if (write) transaction.immediate();
      else group();
      options.progress?.(Math.min(index, todo.length), todo.length);
    }
    if (todo.length === 0) options.progress?.(0, 0);
    if (write) write.finish.run(new Date().toISOString(), run);
    const rejectedLines = new Set(results.filter((r) => r.status === "rejected").map((r) => r.line));
    for (const p of problems) if (!rejectedLines.has(p.line)) results.push(problemRow(p));
    return summary(results, counts, payers, stoppedAt);
  } finally {
    db.close();
  }
}

/**
 * Applications per transaction. A commit writes every page the transaction touched; the keys
 * (ids, firms, projects) fall all over their indexes, so small transactions write the same pages
 * again and again (500 per transaction cost a third more than 20,000). 20,000 applications are
 * some 10 MB of pages, within the page cache set for a run; a kill redoes at most that many.
 */
const DEFAULT_GROUP_SIZE = 20_000;

const PROGRESS_EVERY = 1000;

/** A payer's name as JSON text (what JSON.stringify writes), made once per name. */
const QUOTED = new Map<string, string>();

function quoted(payer: string): string {
  let q = QUOTED.get(payer);
  if (q === undefined) {
    q = JSON.stringify(payer);
    if (QUOTED.size < 1000) QUOTED.set(payer, q);
  }
  return q;
}

/**
 * The reasons of a run, one object per distinct reason (a round repeats a few hundred reasons
 * across all its applications: the results keep those, not a copy per application), with the id
 * of each in the ledger's reasons table once it has one. Looked up by the Chinese text first
 * (short, and nearly always enough to tell reasons apart), then the other fields compared.
 */
class Reasons {
  private readonly byText = new Map<string, StoredReason[]>();
  private readonly ids = new Map<StoredReason, number>();

  intern(policy: string, version: string, article: string, kind: string, zh: string, en: string): StoredReason {
    const list = this.byText.get(zh);
    if (list) for (const x of list) if (x.en === en && x.article === article && x.kind === kind && x.policy === policy && x.version === version) return x;
    const reason: StoredReason = { policy, version, article, kind, zh, en };
    push(this.byText, zh, reason);
    return reason;
  }

  id(reason: StoredReason): number | undefined {
    return this.ids.get(reason);
  }

  written(reason: StoredReason, id: number): void {
    this.ids.set(reason, id);
  }
}

function loadReasons(db: Db): Reasons {
  const reasons = new Reasons();
  for (const r of db.prepare("SELECT id, policy, version, article, kind, zh, en FROM reasons").iterate() as IterableIterator<StoredReason & { id: number }>) {
    reasons.written(reasons.intern(r.policy, r.version, r.article, r.kind, r.zh, r.en), r.id);
  }
  return reasons;
}

type Row = (string | number | null)[];

/**
 * A transaction's rows, each table's in the order of its statement's parameters, key first.
 * `grants[i]` are the grant rows of `applications[i]`, in seq order (null: it has none).
 */
interface Pending {
  readonly applications: Row[];
  readonly grants: (Row[] | null)[];
  readonly reversals: Row[];
}

/**
 * Writes a transaction's rows, each table's in the order of its key, and empties the lists.
 * Together and in key order, the inserts walk each B-tree from one end to the other instead of
 * jumping all over it between evaluations: the same rows and the same commit, in a third less time.
 * Applications go first, then grants, then reversals, as their foreign keys require. The
 * applications are sorted once, by id (ids are unique): their grants, keyed (application, seq),
 * follow in that order without a sort of their own.
 */
function flush(write: Statements, pending: Pending): void {
  const { applications, grants } = pending;
  const order = new Array<number>(applications.length);
  const ids = new Array<string>(applications.length);
  for (let i = 0; i < order.length; i++) {
    order[i] = i;
    ids[i] = (applications[i] as Row)[0] as string;
  }
  order.sort((i, j) => {
    const a = ids[i] as string;
    const b = ids[j] as string;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  for (const i of order) write.application.run(applications[i] as Row);
  for (const i of order) {
    const own = grants[i];
    if (own) for (const r of own) write.grant.run(r);
  }
  pending.reversals.sort(byKey);
  for (const r of pending.reversals) write.reversal.run(r);
  applications.length = 0;
  grants.length = 0;
  pending.reversals.length = 0;
}

/** By the first two fields (application id, then seq); the order only makes the inserts faster. */
function byKey(x: Row, y: Row): number {
  const a = x[0] as string;
  const b = y[0] as string;
  if (a !== b) return a < b ? -1 : 1;
  return (x[1] as number) - (y[1] as number);
}

type Statements = ReturnType<typeof statements>;

function statements(db: Db) {
  return {
    reason: db.prepare("INSERT INTO reasons (policy, version, article, kind, zh, en) VALUES (?, ?, ?, ?, ?, ?)"),
    run: db.prepare("INSERT INTO runs (started_at, file, file_sha256, policies) VALUES (?, ?, ?, ?)"),
    finish: db.prepare("UPDATE runs SET finished_at = ? WHERE run = ?"),
    application: db.prepare("INSERT INTO applications (id, firm, project, date, digest, outcome, reasons, run) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
    grant: db.prepare("INSERT INTO grants (application, seq, source, policy, version, article, rule, firm, project, date, amount_fen, payers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    reversal: db.prepare("INSERT INTO reversals (application, seq, kind, by_application, date, reason, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?)"),
  };
}
