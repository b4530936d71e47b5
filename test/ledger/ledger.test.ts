/**
 * The grants ledger in-process (runBatch, listGrants, dumpLedger): idempotent re-runs, the Suzhou
 * finance caps across three yearly batch files, reversals, bad rows, refusals. The CLI and the
 * SIGKILL trials are in cli.test.ts and crash.test.ts.
 */
import Database from "better-sqlite3";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mergeInputs, parseApplications } from "../../compiler/applications/index.js";
import { listGrants, dumpLedger, grantsCsv, grantsJson, withdraw } from "../../compiler/ledger/query.js";
import { applicationDigest, runBatch, type BatchOptions, type BatchSummary } from "../../compiler/ledger/run.js";
import { APPLICATION_ID, LedgerRefused, MIGRATIONS, openLedger, SCHEMA_VERSION } from "../../compiler/ledger/schema.js";
import { compile } from "../../compiler/pipeline.js";
import { COLUMNS, csv, policyIr, population, row, SUZHOU, SUZHOU_2024, type Row } from "./suzhou.js";

const scratch = mkdtempSync(join(tmpdir(), "kuan-ledger-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const fresh = () => join(scratch, `l${++counter}.db`);

const suzhou = { ir: policyIr(SUZHOU), sha256: "2021" };
const suzhou2024 = { ir: policyIr(SUZHOU_2024), sha256: "2024" };

function run(ledger: string, rows: readonly Row[] | string, over: Partial<BatchOptions> = {}): BatchSummary {
  const policies = over.policies ?? [suzhou];
  const merged = mergeInputs(policies.map((p) => p.ir));
  if (!merged.ok) throw new Error("inputs clash");
  const text = typeof rows === "string" ? rows : csv(rows);
  const file = parseApplications(text, merged.inputs, { format: "csv" });
  return runBatch({ ledger, fileName: "apps.csv", fileSha256: "", file, policies, dryRun: false, onError: "skip", ...over });
}

function dump(ledger: string): string {
  const db = openLedger(ledger, { create: false, readonly: true });
  try {
    return dumpLedger(db);
  } finally {
    db.close();
  }
}

function grants(ledger: string, firm?: string) {
  const db = openLedger(ledger, { create: false, readonly: true });
  try {
    return listGrants(db, firm !== undefined ? { firm } : {}).map((g) => [g.date, g.article, g.amountFen / 100, g.reversal?.kind ?? null]);
  } finally {
    db.close();
  }
}

describe("idempotent", () => {
  const rows = population(400, 7);

  it("the same file twice: the second run grants nothing and the ledger is unchanged", () => {
    const ledger = fresh();
    const first = run(ledger, rows);
    expect(first.processed).toBe(400);
    expect(first.outcomes.eligible).toBeGreaterThan(100);
    const before = dump(ledger);
    const second = run(ledger, rows);
    expect([second.processed, second.alreadyProcessed, second.grantedFen]).toEqual([0, 400, 0]);
    expect(dump(ledger)).toBe(before);
  });

  it("two ledgers from the same file are the same; so is one from the file in shuffled order, or split into runs by date", () => {
    const a = fresh();
    const b = fresh();
    const c = fresh();
    run(a, rows);
    run(b, [...rows].reverse());
    const byDate = [...rows].sort((x, y) => ((x.date as string) < (y.date as string) ? -1 : 1));
    for (const part of [byDate.slice(0, 150), byDate.slice(150, 260), byDate.slice(260)]) run(c, part);
    expect(dump(b)).toBe(dump(a));
    expect(dump(c)).toBe(dump(a));
    // What a person reads: byte-identical too, with no run time or id in it.
    const list = (p: string) => {
      const db = openLedger(p, { create: false, readonly: true });
      const g = listGrants(db);
      db.close();
      return grantsJson(g) + grantsCsv(g);
    };
    expect(list(c)).toBe(list(a));
    expect(list(a)).not.toMatch(/started_at|run/);
  });

  it("without the rows kept (no report), the same summary and ledger; only the bad rows are listed", () => {
    const bad = [...rows.slice(0, 120), row("X1", "bad firm", "P1", "2021-03-01")];
    const a = fresh();
    const b = fresh();
    const kept = run(a, bad);
    const lean = run(b, bad, { keepRows: false });
    const counts = (s: BatchSummary) => [s.processed, s.rejected, s.grantedFen, s.outcomes, s.perPayer, s.problems];
    expect(counts(lean)).toEqual(counts(kept));
    expect(dump(b)).toBe(dump(a));
    expect(kept.results).toHaveLength(121);
    expect(lean.results.map((r) => [r.status, r.line])).toEqual([["rejected", 122]]);
  });

  it("the same application id with other content is refused, not processed again", () => {
    const ledger = fresh();
    run(ledger, [row("X1", "F1", "P1", "2021-03-01", { 质押融资额: "500万元", 已放款: "是" })]);
    const again = run(ledger, [row("X1", "F1", "P1", "2021-03-01", { 质押融资额: "900万元", 已放款: "是" })]);
    expect(again.processed).toBe(0);
    expect(again.problems.map((p) => [p.line, p.field, p.id])).toEqual([[2, "id", "X1"]]);
    expect(grants(ledger)).toEqual([["2021-03-01", "第四条", 50000, null]]);
  });

  it("--dry-run decides everything and writes nothing; it does not create a ledger", () => {
    const ledger = fresh();
    const dry = run(ledger, rows, { dryRun: true });
    expect(dry.processed).toBe(400);
    expect(() => openLedger(ledger, { create: false })).toThrow(LedgerRefused);
    const real = run(ledger, rows);
    expect(real.grantedFen).toBe(dry.grantedFen);
    const before = dump(ledger);
    expect(run(ledger, population(50, 99).map((r) => ({ ...r, id: `D${r.id}` })), { dryRun: true }).processed).toBe(50);
    expect(dump(ledger)).toBe(before);
  });
});

describe("the Suzhou finance caps across three yearly batch files", () => {
  const y2021 = [
    row("S1", "F1", "P1", "2021-03-01", { 质押融资额: "500万元", 已放款: "是", 担保费: "60000" }),
    row("S2", "F1", "P1", "2021-09-01", { 质押融资额: "800万元", 已放款: "是", 担保费: "60000" }),
    row("S3", "F2", "B1", "2021-05-01", { 是债券发行人: "是", 债券利息: "500万元" }),
    row("S4", "F3", "P3", "2021-04-01", { 是重点企业: "是", 已付清保费: "是", 保险保费: "200000" }),
    row("S5", "F4", "P4", "2021-06-01", { 质押融资额: "2000万元", 已放款: "是" }),
  ];
  const y2022 = [
    row("T1", "F1", "P1", "2022-03-01", { 质押融资额: "300万元", 已放款: "是", 担保费: "100000" }),
    row("T2", "F2", "B1", "2022-05-01", { 是债券发行人: "是", 债券利息: "100万元" }),
    row("T3", "F2", "B2", "2022-06-01", { 是债券发行人: "是", 债券利息: "100万元" }),
    row("T4", "F3", "P3", "2022-02-01", { 是重点企业: "是", 已付清保费: "是", 提前退保: "是" }),
    // Another firm giving the same project id: a project belongs to its firm (the runtime counts
    // only the applicant's own grants), so this is another project.
    row("T5", "F5", "B1", "2022-07-01", { 是债券发行人: "是", 债券利息: "10万元" }),
  ];
  const y2023 = [
    row("U1", "F1", "P1", "2023-03-01", { 已放款: "是", 担保费: "50000" }),
    row("U2", "F3", "P3", "2023-04-01", { 是重点企业: "是", 已付清保费: "是", 保险保费: "100000" }),
    row("U3", "F4", "P4", "2023-05-01", { 质押融资额: "600万元", 已放款: "是" }),
  ];
  const ledger = fresh();
  const results = [y2021, y2022, y2023].map((batch) => run(ledger, batch));

  it("Art. 4: 1 %, at most 100,000 yuan, once per firm, in any year", () => {
    expect(grants(ledger, "F1").filter((g) => g[1] === "第四条")).toEqual([["2021-03-01", "第四条", 50000, null]]);
    expect(grants(ledger, "F4")).toEqual([["2021-06-01", "第四条", 100000, null]]);
  });

  it("Art. 5: 100,000 yuan a year (60,000 + 40,000 in 2021), two years in all (nothing in 2023)", () => {
    expect(grants(ledger, "F1").filter((g) => g[1] === "第五条")).toEqual([
      ["2021-03-01", "第五条", 60000, null],
      ["2021-09-01", "第五条", 40000, null],
      ["2022-03-01", "第五条", 100000, null],
    ]);
    const u1 = results[2]?.results.find((r) => r.id === "U1");
    expect([u1?.outcome, u1?.grants.length]).toEqual(["not-eligible", 0]);
    expect(u1?.reasons.some((r) => r.article === "第五条" && r.zh.includes("2年"))).toBe(true);
  });

  it("Art. 7: one-off per project, at most 2,000,000 yuan; another project is new", () => {
    expect(grants(ledger, "F2")).toEqual([
      ["2021-05-01", "第七条", 2_000_000, null],
      ["2022-06-01", "第七条", 500_000, null],
    ]);
    expect(grants(ledger, "F5")).toEqual([["2022-07-01", "第七条", 50_000, null]]);
  });

  it("Art. 6: an early surrender claws the subsidy back, recorded as a reversal that still counts (1 year in all)", () => {
    expect(grants(ledger, "F3")).toEqual([["2021-04-01", "第六条", 200000, "clawback"]]);
    expect(results[1]?.clawedBackFen).toBe(20_000_000);
    const u2 = results[2]?.results.find((r) => r.id === "U2");
    expect(u2?.grants).toEqual([]);
    const db = new Database(ledger, { readonly: true });
    expect(db.prepare("SELECT application, seq, kind, by_application, date, amount_fen FROM reversals").all()).toEqual([
      { application: "S4", seq: 1, kind: "clawback", by_application: "T4", date: "2022-02-01", amount_fen: 20_000_000 },
    ]);
    db.close();
  });

  it("totals per payer: the 50/50 splits of Art. 5 and 6, the rest not split", () => {
    expect(results.map((r) => r.perPayer.map((p) => [p.payer, p.fen / 100]))).toEqual([
      [["", 2_150_000], ["区级", 150_000], ["市级", 150_000]],
      [["", 550_000], ["区级", 50_000], ["市级", 50_000]],
      [],
    ]);
    expect(results.map((r) => [r.processed, r.outcomes.eligible, r.outcomes["not-eligible"]])).toEqual([[5, 5, 0], [5, 3, 2], [3, 0, 3]]);
  });

  it("a grant is never deleted or changed: the ledger's triggers refuse it", () => {
    const db = new Database(ledger);
    expect(() => db.prepare("DELETE FROM grants").run()).toThrow(/never deleted/);
    expect(() => db.prepare("UPDATE grants SET amount_fen = 1").run()).toThrow(/never changed/);
    db.close();
  });
});

describe("withdrawals", () => {
  it("a withdrawn grant is kept, marked, and no longer counts: Art. 4 can be granted again", () => {
    const ledger = fresh();
    run(ledger, [row("W1", "F1", "P1", "2021-03-01", { 质押融资额: "500万元", 已放款: "是" })]);
    const db = openLedger(ledger, { create: false });
    expect(withdraw(db, "W1", "2021-04-01", "融资合同解除")).toEqual({ known: true, withdrawn: 1, fen: 5_000_000 });
    expect(withdraw(db, "W1", "2021-04-02", "again")).toEqual({ known: true, withdrawn: 0, fen: 0 });
    expect(withdraw(db, "nope", "2021-04-02", "x").known).toBe(false);
    db.close();
    run(ledger, [row("W2", "F1", "P1", "2021-06-01", { 质押融资额: "300万元", 已放款: "是" })]);
    expect(grants(ledger)).toEqual([
      ["2021-03-01", "第四条", 50000, "withdrawal"],
      ["2021-06-01", "第四条", 30000, null],
    ]);
  });
});

describe("several versions of a measure", () => {
  it("each application is decided by the version in force on its date; grants under 2021 count under 2024", () => {
    const ledger = fresh();
    const rows = [
      row("V1", "F1", "P1", "2023-03-01", { 质押融资额: "500万元", 已放款: "是", 担保费: "100000" }),
      row("V2", "F1", "P1", "2024-03-01", { 质押融资额: "900万元", 已放款: "是", 担保费: "100000" }),
      row("V3", "F2", "P2", "2024-03-01", { 质押融资额: "1500万元", 已放款: "是" }),
      row("V4", "F3", "P3", "2027-03-01", { 质押融资额: "1500万元", 已放款: "是" }),
    ];
    const s = run(ledger, csv(rows.map((r) => ({ ...r, 材料弄虚作假: "否" })), [...COLUMNS, "材料弄虚作假"]), { policies: [suzhou, suzhou2024] });
    expect(s.problems).toEqual([]);
    expect(s.outcomes["not-applicable"]).toBe(1);
    const db = openLedger(ledger, { create: false, readonly: true });
    expect(listGrants(db).map((g) => [g.application, g.version, g.article, g.amountFen / 100])).toEqual([
      ["V1", "2021", "第四条", 50000],
      ["V1", "2021", "第五条", 100000],
      // Once only across versions; 2024's new third year of Art. 5.
      ["V2", "2024", "第五条", 100000],
      // 2024 raised the Art. 4 cap to 200,000.
      ["V3", "2024", "第四条", 150000],
    ]);
    db.close();
  });
});

describe("two versions in force on one date", () => {
  it("an application dated where both are in force needs review, with a reason naming both; one dated in one version alone is decided", () => {
    const source = readFileSync(SUZHOU_2024, "utf8").replace("有效期 2024-01-01 至", "有效期 2023-07-01 至");
    const early = compile(source, { fileName: "suzhou-ip-finance-2024.kuan" }).ir;
    if (!early) throw new Error("the 2024 version does not compile");
    const ledger = fresh();
    const rows = [
      row("W1", "F1", "P1", "2023-03-01", { 质押融资额: "500万元", 已放款: "是" }),
      row("W2", "F2", "P2", "2023-09-01", { 质押融资额: "500万元", 已放款: "是" }),
    ];
    const s = run(ledger, csv(rows.map((r) => ({ ...r, 材料弄虚作假: "否" })), [...COLUMNS, "材料弄虚作假"]), { policies: [suzhou, { ir: early, sha256: "early" }] });
    expect(s.problems).toEqual([]);
    const w2 = s.results.find((r) => r.id === "W2");
    expect([w2?.outcome, w2?.grants.length]).toEqual(["needs-review", 0]);
    expect(w2?.reasons.map((r) => r.en)).toEqual(["both version 2021 and version 2024 are in force on the application date 2023-09-01: which one decides needs review"]);
    expect(grants(ledger).map(([date, article]) => [date, article])).toEqual([["2023-03-01", "第四条"]]);
  });
});

describe("bad rows", () => {
  const good = row("G1", "F1", "P1", "2021-03-01", { 质押融资额: "500万元", 已放款: "是" });
  const rows = [good, row("B1", "F2", "P2", "2021-03-02", { 质押融资额: "lots" }), row("B2", "bad firm", "P3", "2021-03-03"), row("G2", "F4", "P4", "2021-03-04", { 已放款: "是", 担保费: "1000" })];

  it("skip: every bad row reported by line and field, the good ones written", () => {
    const ledger = fresh();
    const s = run(ledger, rows);
    expect(s.problems.map((p) => [p.line, p.field])).toEqual([[3, "质押融资额"], [4, "firm"]]);
    expect([s.processed, s.rejected]).toEqual([2, 2]);
    expect(s.results.filter((r) => r.status === "rejected").map((r) => r.line)).toEqual([3, 4]);
  });

  it("stop: nothing is written at all, the first bad row named", () => {
    const ledger = fresh();
    const s = run(ledger, rows, { onError: "stop" });
    expect([s.processed, s.stoppedAt?.line, s.stoppedAt?.field]).toEqual([0, 3, "质押融资额"]);
    expect(() => openLedger(ledger, { create: false })).toThrow(LedgerRefused);
  });
});

describe("ledgers refused", () => {
  it("a ledger of another policy", () => {
    const ledger = fresh();
    run(ledger, [row("R1", "F1", "P1", "2021-03-01")]);
    const peak = { ir: policyIr(`${SUZHOU.replace("suzhou-ip-finance-2021", "suzhou-ip-peak-plan-2021")}`), sha256: "x" };
    expect(() => runBatch({ ledger, fileName: "x.csv", fileSha256: "", file: { applications: [], problems: [], rows: 0 }, policies: [peak], dryRun: false, onError: "skip" })).toThrow(`holds grants of «${suzhou.ir.id}», not of «${peak.ir.id}»`);
  });

  it("a newer schema version, another program's database, a file that is not a database", () => {
    const newer = fresh();
    run(newer, [row("R1", "F1", "P1", "2021-03-01")]);
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openLedger(newer, { create: true })).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 1}, written by a newer Kuan`));
    const other = fresh();
    const o = new Database(other);
    o.exec("CREATE TABLE t (x)");
    o.close();
    expect(() => openLedger(other, { create: true })).toThrow(/another program's SQLite database/);
    const text = fresh();
    writeFileSync(text, "id,firm\n".repeat(200));
    expect(() => openLedger(text, { create: true })).toThrow(/not an SQLite database/);
    expect(readFileSync(text, "utf8")).toBe("id,firm\n".repeat(200));
  });
});

describe("migrations", () => {
  it("an application's digest is what earlier versions wrote (so re-running an old file on an old ledger processes nothing twice)", () => {
    const a = { line: 2, id: "A1", firm: "F1", project: "P1", date: "2021-03-01", input: { 已放款: "是", 质押融资额: "500万元", 担保费: "30000.00" }, values: {}, history: [] };
    const b = { line: 3, id: "A1", firm: "F1", date: "2021-03-01", input: { 担保费: 30000, 已放款: true }, values: {}, history: [{ policy: "p", version: "1", article: "第四条", rule: "r", firm: "F1", date: "2020-01-01", amount: "1.00" }] };
    // Written by schema version 1's Kuan for the same rows.
    expect([applicationDigest(a), applicationDigest(b)]).toEqual(["ZOpdqFGQYPDVmV6QRX7k1PpKMfyZKYnz7PUJqzBBvP8=", "3flGFXEGTOnoXBazScIuTwwxZt0nXTdgl75IaiqwjLM="]);
  });

  it("a version 1 ledger (reasons kept in each application, payers in their own table) becomes the ledger version 2 writes, and runs on", () => {
    const rows = population(300, 5);
    const current = fresh();
    run(current, rows.slice(0, 200));
    // The same decisions as a version 1 ledger: its schema, every row copied, reasons written out.
    const old = fresh();
    const db = new Database(old);
    db.exec(MIGRATIONS[0] as string);
    db.exec(`ATTACH '${current}' AS v2`);
    for (const t of ["policies", "runs"]) db.exec(`INSERT INTO main.${t} SELECT * FROM v2.${t}`);
    db.exec(`INSERT INTO main.applications SELECT a.id, a.firm, a.project, a.date, a.digest, a.outcome,
      (SELECT json_group_array(json_object('policy', r.policy, 'version', r.version, 'article', r.article, 'kind', r.kind, 'zh', r.zh, 'en', r.en) ORDER BY j.key)
       FROM json_each(a.reasons) j JOIN v2.reasons r ON r.id = j.value), a.run FROM v2.applications a`);
    db.exec("INSERT INTO main.grants SELECT application, seq, source, policy, version, article, rule, firm, project, date, amount_fen FROM v2.grants");
    for (const t of ["grant_payers", "reversals"]) db.exec(`INSERT INTO main.${t} SELECT * FROM v2.${t}`);
    db.exec("DETACH v2");
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma("user_version = 1");
    const reasons = (db.prepare("SELECT sum(json_array_length(reasons)) AS n FROM applications").get() as { n: number }).n;
    expect(reasons).toBeGreaterThan(200);
    expect((db.prepare("SELECT count(*) AS n FROM grant_payers").get() as { n: number }).n).toBeGreaterThan(20);
    db.close();
    expect(() => dump(old)).toThrow(/schema version 1; run kuan run on it to migrate it first/);
    openLedger(old, { create: false }).close();
    expect(dump(old)).toBe(dump(current));
    run(current, rows);
    run(old, rows);
    expect(dump(old)).toBe(dump(current));
  });

  it("a version 2 ledger (outcome checked with IN) becomes version 3 with every row, reference and trigger kept, and runs on", () => {
    const rows = population(300, 5);
    const current = fresh();
    run(current, rows.slice(0, 200));
    const old = fresh();
    const db = new Database(old);
    db.exec(MIGRATIONS[0] as string);
    db.exec(MIGRATIONS[1] as string);
    db.exec(`ATTACH '${current}' AS v3`);
    for (const t of ["policies", "runs", "reasons", "applications", "grants", "reversals"]) db.exec(`INSERT INTO main.${t} SELECT * FROM v3.${t}`);
    db.exec("DETACH v3");
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma("user_version = 2");
    expect((db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'applications'").get() as { sql: string }).sql).toContain("outcome IN (");
    db.close();
    openLedger(old, { create: false }).close();
    expect(dump(old)).toBe(dump(current));
    const migrated = new Database(old);
    expect(migrated.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    const sql = (migrated.prepare("SELECT sql FROM sqlite_schema WHERE name = 'applications'").get() as { sql: string }).sql;
    expect(sql).not.toContain(" IN (");
    expect(sql).toContain("outcome = 'not-applicable'");
    expect(migrated.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'applications_v%'").all()).toEqual([]);
    // The same checks as before: an unknown outcome, a grant of no application, deleting an application.
    migrated.pragma("foreign_keys = ON");
    const one = migrated.prepare("SELECT * FROM applications ORDER BY id LIMIT 1").get() as Record<string, unknown>;
    expect(() => migrated.prepare("INSERT INTO applications (id, firm, project, date, digest, outcome, reasons, run) VALUES ('X1', 'F', NULL, '2021-01-01', 'd', 'granted', '[]', ?)").run(one["run"])).toThrow(/CHECK constraint failed/);
    expect(() => migrated.prepare("INSERT INTO grants (application, seq, source, policy, version, article, rule, firm, project, date, amount_fen) VALUES ('NOPE', 1, 'decision', 'p', '1', 'a', 'r', 'F', NULL, '2021-01-01', 1)").run()).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => migrated.prepare("DELETE FROM applications WHERE id = ?").run(one["id"])).toThrow(/never deleted/);
    expect(migrated.pragma("foreign_key_check")).toEqual([]);
    migrated.close();
    run(current, rows);
    run(old, rows);
    expect(dump(old)).toBe(dump(current));
  });
});
