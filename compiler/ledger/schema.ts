/**
 * The grants ledger on disk: one SQLite file (better-sqlite3), WAL mode, a schema with a migration
 * version. docs/ledger.md shows the schema, the queries an office runs on it and the same schema
 * for PostgreSQL.
 *
 * A ledger is refused, with a message saying why, when it is not a Kuan ledger, was written by a
 * newer Kuan (a schema version this one does not know), or belongs to other policies.
 */
import Database from "better-sqlite3";
import { accessSync, constants, existsSync } from "node:fs";
import type { Bilingual } from "../cli/usage.js";

export type Db = Database.Database;

/** 'KUAN' in ASCII: SQLite's application id, so another program's database is told apart. */
export const APPLICATION_ID = 0x4b55414e;

/** Migrations in order; the schema version is how many have run. Append, never edit. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- The policies (id and version) whose decisions this ledger holds, and the text decided with.
  CREATE TABLE policies (
    policy  TEXT NOT NULL,
    version TEXT NOT NULL,
    sha256  TEXT NOT NULL,
    PRIMARY KEY (policy, version)
  ) STRICT;

  -- One row per kuan run (not part of the ledger's content: dumps and listings leave it out).
  CREATE TABLE runs (
    run          INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    file         TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    policies     TEXT NOT NULL
  ) STRICT;

  -- Every processed application, written in the same transaction as its grants.
  CREATE TABLE applications (
    id       TEXT PRIMARY KEY,
    firm     TEXT NOT NULL,
    project  TEXT,
    date     TEXT NOT NULL,
    -- SHA-256 of the row as read: the same id again with other content is refused.
    digest   TEXT NOT NULL,
    outcome  TEXT NOT NULL CHECK (outcome IN ('eligible', 'not-eligible', 'needs-review', 'not-applicable')),
    -- Reasons as JSON [{policy, version, article, reason}].
    reasons  TEXT NOT NULL,
    run      INTEGER NOT NULL REFERENCES runs (run)
  ) STRICT, WITHOUT ROWID;

  -- A grant is named by its application and its place among that application's grants.
  CREATE TABLE grants (
    application TEXT NOT NULL REFERENCES applications (id),
    seq         INTEGER NOT NULL,
    -- 'decision': made by this ledger's run; 'imported': an earlier grant given with the row.
    source      TEXT NOT NULL CHECK (source IN ('decision', 'imported')),
    policy      TEXT NOT NULL,
    version     TEXT NOT NULL,
    article     TEXT NOT NULL,
    rule        TEXT NOT NULL,
    firm        TEXT NOT NULL,
    project     TEXT,
    -- The application date it was granted on (an imported grant: the date it was given).
    date        TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (application, seq)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX grants_by_firm ON grants (firm);
  CREATE INDEX grants_by_project ON grants (project) WHERE project IS NOT NULL;

  -- Who pays how much of a grant split between payers (市级 50%，区级 50%).
  CREATE TABLE grant_payers (
    application TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    payer       TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    PRIMARY KEY (application, seq, payer),
    FOREIGN KEY (application, seq) REFERENCES grants (application, seq)
  ) STRICT, WITHOUT ROWID;

  -- A grant clawed back (追回) or withdrawn: recorded, the grant itself is never deleted.
  CREATE TABLE reversals (
    application    TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('clawback', 'withdrawal')),
    -- The application whose decision clawed the grant back (null for a withdrawal).
    by_application TEXT REFERENCES applications (id),
    date           TEXT NOT NULL,
    reason         TEXT NOT NULL,
    amount_fen     INTEGER NOT NULL,
    PRIMARY KEY (application, seq),
    FOREIGN KEY (application, seq) REFERENCES grants (application, seq)
  ) STRICT, WITHOUT ROWID;

  CREATE TRIGGER grants_kept BEFORE DELETE ON grants
    BEGIN SELECT RAISE(ABORT, 'grants are never deleted: record a reversal'); END;
  CREATE TRIGGER grants_fixed BEFORE UPDATE ON grants
    BEGIN SELECT RAISE(ABORT, 'grants are never changed: record a reversal'); END;
  CREATE TRIGGER reversals_kept BEFORE DELETE ON reversals
    BEGIN SELECT RAISE(ABORT, 'reversals are never deleted'); END;
  CREATE TRIGGER applications_kept BEFORE DELETE ON applications
    BEGIN SELECT RAISE(ABORT, 'processed applications are never deleted'); END;
  `,
  // 2: reasons kept once, in their own table; applications.reasons becomes a JSON list of their
  // ids [3, 8, 21] (it held the reasons themselves); payers move into their grant's row. A round repeats the same few hundred reasons across its applications,
  // and a reason list of ~1 KB per application was most of the file (and of the time to write it).
  `
  CREATE TABLE reasons (
    id      INTEGER PRIMARY KEY,
    policy  TEXT NOT NULL,
    version TEXT NOT NULL,
    article TEXT NOT NULL,
    kind    TEXT NOT NULL,
    zh      TEXT NOT NULL,
    en      TEXT NOT NULL,
    UNIQUE (policy, version, article, kind, zh, en)
  ) STRICT;
  CREATE TRIGGER reasons_kept BEFORE DELETE ON reasons
    BEGIN SELECT RAISE(ABORT, 'reasons are never deleted'); END;
  CREATE TRIGGER reasons_fixed BEFORE UPDATE ON reasons
    BEGIN SELECT RAISE(ABORT, 'reasons are never changed'); END;
  INSERT INTO reasons (policy, version, article, kind, zh, en)
    SELECT coalesce(j.value ->> 'policy', ''), coalesce(j.value ->> 'version', ''), coalesce(j.value ->> 'article', ''),
           coalesce(j.value ->> 'kind', ''), coalesce(j.value ->> 'zh', ''), coalesce(j.value ->> 'en', '')
    FROM applications a, json_each(a.reasons) j
    WHERE true ORDER BY a.id, j.key
    ON CONFLICT DO NOTHING;
  -- A grant's payers in the grant's own row, as JSON [[payer, fen], …] (one row per grant to write,
  -- not one per part); grant_payers becomes a view of them, so queries on it read as before.
  ALTER TABLE grants ADD COLUMN payers TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(payers));
  DROP TRIGGER grants_fixed;
  UPDATE grants SET payers = (
    SELECT json_group_array(json_array(p.payer, p.amount_fen) ORDER BY p.payer)
    FROM grant_payers p WHERE p.application = grants.application AND p.seq = grants.seq
  );
  CREATE TRIGGER grants_fixed BEFORE UPDATE ON grants
    BEGIN SELECT RAISE(ABORT, 'grants are never changed: record a reversal'); END;
  DROP TABLE grant_payers;
  CREATE VIEW grant_payers (application, seq, payer, amount_fen) AS
    SELECT g.application, g.seq, j.value ->> 0, j.value ->> 1 FROM grants g, json_each(g.payers) j;
  -- applications.reasons: from a JSON list of reasons to a JSON list of their ids, in the same order.
  UPDATE applications SET reasons = (
    SELECT json_group_array(r.id ORDER BY j.key)
    FROM json_each(applications.reasons) j
    JOIN reasons r ON r.policy = coalesce(j.value ->> 'policy', '') AND r.version = coalesce(j.value ->> 'version', '')
      AND r.article = coalesce(j.value ->> 'article', '') AND r.kind = coalesce(j.value ->> 'kind', '')
      AND r.zh = coalesce(j.value ->> 'zh', '') AND r.en = coalesce(j.value ->> 'en', '')
  );
  `,
  // 3: applications.outcome's CHECK as a chain of = on the same four values. SQLite evaluates an
  // IN list in a CHECK by building a temporary index for every row inserted: a third of the time
  // of an application's insert. The table is copied into its new definition (the schema text of a
  // CHECK cannot be altered); grants and reversals refer to it by name, and keep referring to it.
  `
  CREATE TABLE applications_v3 (
    id       TEXT PRIMARY KEY,
    firm     TEXT NOT NULL,
    project  TEXT,
    date     TEXT NOT NULL,
    digest   TEXT NOT NULL,
    outcome  TEXT NOT NULL CHECK (outcome = 'eligible' OR outcome = 'not-eligible' OR outcome = 'needs-review' OR outcome = 'not-applicable'),
    reasons  TEXT NOT NULL,
    run      INTEGER NOT NULL REFERENCES runs (run)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO applications_v3 (id, firm, project, date, digest, outcome, reasons, run)
    SELECT id, firm, project, date, digest, outcome, reasons, run FROM applications ORDER BY id;
  DROP TABLE applications;
  ALTER TABLE applications_v3 RENAME TO applications;
  CREATE TRIGGER applications_kept BEFORE DELETE ON applications
    BEGIN SELECT RAISE(ABORT, 'processed applications are never deleted'); END;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class LedgerRefused extends Error {
  constructor(readonly text: Bilingual) {
    super(text.en);
  }
}

export interface OpenOptions {
  /** Create the file when it does not exist (kuan run); kuan ledger only reads. */
  readonly create: boolean;
  readonly readonly?: boolean;
}

/** Opens (and creates or migrates) a ledger; throws LedgerRefused with the reason otherwise. */
export function openLedger(path: string, options: OpenOptions): Db {
  const exists = path === ":memory:" || existsSync(path);
  if (!exists && !options.create) throw new LedgerRefused({ zh: `账本 ${path} 不存在`, en: `no ledger at ${path}` });
  let db: Db;
  try {
    db = openFile(path, options.readonly === true && exists, !options.create);
    db.pragma("busy_timeout = 5000");
    // Reading the header shows at once whether the file is a database at all.
    db.pragma("schema_version");
  } catch (error) {
    throw new LedgerRefused(cannotOpen(path, error));
  }
  try {
    checkAndMigrate(db, path, options.readonly === true);
  } catch (error) {
    db.close();
    throw error instanceof LedgerRefused ? error : new LedgerRefused(cannotOpen(path, error));
  }
  return db;
}

/**
 * The database file, for reading only when `readOnly`: opened for writing all the same where the
 * file allows it, with every statement that would change it refused (query_only). After a run was
 * killed, the first reader must recover the write-ahead log, which a read-only connection cannot
 * do ("attempt to write a readonly database"); recovery changes no grant. A file that cannot be
 * written is opened read-only.
 */
function openFile(path: string, readOnly: boolean, mustExist: boolean): Db {
  if (!readOnly) return new Database(path, { fileMustExist: mustExist });
  try {
    accessSync(path, constants.W_OK);
    const db = new Database(path, { fileMustExist: true });
    db.pragma("query_only = ON");
    return db;
  } catch {
    return new Database(path, { readonly: true, fileMustExist: true });
  }
}

function cannotOpen(path: string, error: unknown): Bilingual {
  const code = (error as { code?: string }).code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === "SQLITE_NOTADB") return { zh: `${path} 不是 SQLite 数据库，也就不是 Kuan 账本`, en: `${path} is not an SQLite database, so not a Kuan ledger` };
  if (code === "SQLITE_BUSY") return { zh: `账本 ${path} 正被另一个进程写入，请稍后再试`, en: `the ledger ${path} is being written by another process; try again later` };
  return { zh: `无法打开账本 ${path}：${reason}`, en: `cannot open the ledger ${path}: ${reason}` };
}

function checkAndMigrate(db: Db, path: string, readonly: boolean): void {
  const appId = db.pragma("application_id", { simple: true }) as number;
  const version = db.pragma("user_version", { simple: true }) as number;
  const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n;
  if (appId !== APPLICATION_ID && (tables > 0 || version !== 0 || appId !== 0)) {
    throw new LedgerRefused({ zh: `${path} 是另一个程序的 SQLite 数据库，不是 Kuan 账本`, en: `${path} is another program's SQLite database, not a Kuan ledger` });
  }
  if (version > SCHEMA_VERSION) {
    throw new LedgerRefused({
      zh: `账本 ${path} 的结构版本为 ${version}，由较新的 Kuan 写入；本版本只认识到第 ${SCHEMA_VERSION} 版，请升级 Kuan`,
      en: `the ledger ${path} has schema version ${version}, written by a newer Kuan; this one knows up to version ${SCHEMA_VERSION}: upgrade Kuan`,
    });
  }
  if (readonly) {
    if (version < SCHEMA_VERSION) throw new LedgerRefused({ zh: `账本 ${path} 的结构版本为 ${version}，请先用 kuan run 升级`, en: `the ledger ${path} has schema version ${version}; run kuan run on it to migrate it first` });
    return;
  }
  // A new ledger: 8 KB pages (SQLite's default is 4 KB). Rows are ~150 bytes with keys spread all
  // over their indexes; larger pages make shallower trees, and a batch's inserts some 20 % cheaper.
  // It can be set only before the first table (and before WAL mode); an existing ledger keeps its own.
  if (tables === 0) db.pragma("page_size = 8192");
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode: a killed process loses nothing committed; a power cut may lose the last
  // transactions, never part of one, and running the file again redoes them (docs/ledger.md).
  db.pragma("synchronous = NORMAL");
  if (version < SCHEMA_VERSION) {
    // Foreign keys are off while tables are rebuilt (a table dropped for its copy would break
    // them half-way; the pragma cannot change inside a transaction), and checked before the commit.
    db.pragma("foreign_keys = OFF");
    db.transaction(() => {
      for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v] as string);
      const broken = db.pragma("foreign_key_check") as unknown[];
      if (broken.length > 0) throw new LedgerRefused({ zh: `账本 ${path} 升级时发现 ${broken.length} 处引用不一致，未作改动`, en: `migrating the ledger ${path} found ${broken.length} broken references: nothing was changed` });
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    }).immediate();
  }
  db.pragma("foreign_keys = ON");
}

export interface PolicyIdentity {
  readonly policy: string;
  readonly version: string;
  readonly sha256: string;
}

/**
 * The policies of a run against those of the ledger: a ledger holds the decisions of one set of
 * policy ids (a measure and its versions). A run may bring a new version of a policy the ledger
 * has, never a policy it has not. A version already recorded whose text changed is a warning.
 */
export function checkPolicies(db: Db, path: string, policies: readonly PolicyIdentity[], record: boolean): Bilingual[] {
  const known = db.prepare("SELECT policy, version, sha256 FROM policies ORDER BY policy, version").all() as PolicyIdentity[];
  const warnings: Bilingual[] = [];
  if (known.length > 0) {
    const ids = new Set(known.map((k) => k.policy));
    const foreign = policies.filter((p) => !ids.has(p.policy));
    if (foreign.length > 0) {
      const theirs = [...ids].join("、");
      const ours = foreign.map((p) => p.policy).join("、");
      throw new LedgerRefused({
        zh: `账本 ${path} 记录的是「${theirs}」的奖补，不能用于「${ours}」；请为该政策另建账本`,
        en: `the ledger ${path} holds grants of «${theirs}», not of «${ours}»: use another ledger for that policy`,
      });
    }
    for (const p of policies) {
      const same = known.find((k) => k.policy === p.policy && k.version === p.version);
      if (same && same.sha256 !== p.sha256) {
        warnings.push({
          zh: `「${p.policy}」${p.version} 版的文本与账本中此前决定时所用的不同`,
          en: `the text of «${p.policy}» version ${p.version} differs from the text earlier decisions in this ledger were made with`,
        });
      }
    }
  }
  if (record) {
    const insert = db.prepare("INSERT INTO policies (policy, version, sha256) VALUES (?, ?, ?) ON CONFLICT (policy, version) DO NOTHING");
    db.transaction(() => {
      for (const p of policies) insert.run(p.policy, p.version, p.sha256);
    }).immediate();
  }
  return warnings;
}
