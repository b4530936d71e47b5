/**
 * `kuan run` and `kuan ledger` as a user runs them (the built CLI in a child process): bad rows
 * by file, line and field; exit codes; plain progress lines off a terminal; the summary; a refused
 * ledger in one clear line; the listing byte-identical for the same grants; --export and --json.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csv, repo, row, SUZHOU } from "./suzhou.js";

const bin = join(repo, "bin", "kuan.mjs");
const scratch = mkdtempSync(join(tmpdir(), "kuan-run-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function kuan(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", LANG: "en_US.UTF-8" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const rows = [
  row("A1", "F1", "P1", "2021-03-01", { 质押融资额: "500万元", 已放款: "是", 担保费: "60000" }),
  row("A2", "F1", "P1", "2021-09-01", { 质押融资额: "800万元", 已放款: "是", 担保费: "60000" }),
  row("A3", "F2", "B1", "2021-05-01", { 是债券发行人: "是", 债券利息: "500万元" }),
  row("A4", "F\u202e3", "P3", "2021-04-01"),
  row("A5", "F5", "P5", "2021-04-01", { 担保费: "三万" }),
];
const apps = join(scratch, "apps.csv");
writeFileSync(apps, csv(rows));

describe("kuan run", () => {
  it("skips bad rows, naming file, line and field (invisible characters shown), and sums up", () => {
    const ledger = join(scratch, "a.db");
    const report = join(scratch, "report.csv");
    const r = kuan("run", SUZHOU, "--applications", apps, "--ledger", ledger, "--report", report, "--lang", "en");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${apps}:5: firm (application A4): unknown firm format 'F⟨U+202E⟩3'`);
    expect(r.stderr).toContain(`${apps}:6: 担保费 (application A5): '三万' does not fit: should be an amount`);
    expect(r.stderr).toContain("kuan run: processed 3/3\n");
    expect(r.stderr).not.toContain("\r");
    expect(r.stdout).toMatch(/processed\s+3\n/);
    expect(r.stdout).toMatch(/bad rows \(skipped\)\s+2\n/);
    expect(r.stdout).toMatch(/granted \(yuan\)\s+2,150,000.00\n/);
    expect(r.stdout).toMatch(/市级\s+50,000.00\n/);
    const lines = readFileSync(report, "utf8").trim().split("\n");
    expect(lines[0]).toBe("line,id,firm,project,date,status,outcome,granted,grants,clawbacks,reasons,problems");
    expect(lines.map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["line,id", "2,A1", "4,A3", "3,A2", "5,A4", "6,A5"]);
    // The same file again: nothing new, and the bad rows still reported.
    const again = kuan("run", SUZHOU, "--applications", apps, "--ledger", ledger, "--json");
    expect(again.status).toBe(1);
    const summary = JSON.parse(again.stdout) as { processed: number; alreadyProcessed: number; granted: string; problems: { line: number; field: string }[] };
    expect([summary.processed, summary.alreadyProcessed, summary.granted]).toEqual([0, 3, "0.00"]);
    expect(summary.problems.map((p) => [p.line, p.field])).toEqual([[5, "firm"], [6, "担保费"]]);
  });

  it("--on-error stop writes nothing, and exits 1", () => {
    const ledger = join(scratch, "stop.db");
    const r = kuan("run", SUZHOU, "--applications", apps, "--ledger", ledger, "--on-error", "stop", "--lang", "en");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/bad rows \(stopped\)/);
    expect(kuan("ledger", ledger, "--lang", "en").stderr).toBe(`kuan: no ledger at ${ledger}\n`);
  });

  it("a ledger of another policy or a newer Kuan is refused in one line, exit 2", () => {
    const ledger = join(scratch, "a.db");
    const peak = join(repo, "policies", "suzhou-ip-peak-plan-2021.kuan");
    const r = kuan("run", peak, "--applications", apps, "--ledger", ledger, "--lang", "en");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kuan: the ledger .* holds grants of «.*», not of «.*»: use another ledger for that policy\n$/);
    const notDb = join(scratch, "not.db");
    writeFileSync(notDb, "hello, not a database at all, but long enough to have a header".repeat(10));
    expect(kuan("ledger", notDb, "--lang", "en").stderr).toBe(`kuan: ${notDb} is not an SQLite database, so not a Kuan ledger\n`);
  });

  it("bad arguments exit 2 with the usage", () => {
    expect(kuan("run", SUZHOU, "--ledger", "x.db").status).toBe(2);
    expect(kuan("run", SUZHOU, "--applications", apps, "--ledger", "x.db", "--on-error", "maybe").status).toBe(2);
    expect(kuan("run", SUZHOU, "--applications", apps, "--ledger", "x.db", "--report", "out.txt").status).toBe(2);
  });
});

describe("kuan ledger", () => {
  it("lists grants in a stable order; the same grants give the same bytes; --export and --json", () => {
    const one = join(scratch, "one.db");
    const two = join(scratch, "two.db");
    kuan("run", SUZHOU, "--applications", apps, "--ledger", one);
    // The same rows in two files and two runs, in another order.
    const first = join(scratch, "first.csv");
    const second = join(scratch, "second.csv");
    writeFileSync(first, csv([rows[2], rows[0]].filter((r) => r !== undefined)));
    writeFileSync(second, csv([rows[1]].filter((r) => r !== undefined)));
    kuan("run", SUZHOU, "--applications", first, "--ledger", two);
    kuan("run", SUZHOU, "--applications", second, "--ledger", two);
    for (const extra of [[], ["--json"], ["--firm", "F1"], ["--lang", "zh"]]) {
      const a = kuan("ledger", one, ...extra);
      expect(a.status).toBe(0);
      expect(kuan("ledger", two, ...extra).stdout).toBe(a.stdout);
    }
    const text = kuan("ledger", one, "--lang", "en").stdout;
    expect(text.indexOf("firm F1")).toBeLessThan(text.indexOf("firm F2"));
    expect(text).toContain("第五条 服务费补贴  40,000.00");
    const json = JSON.parse(kuan("ledger", one, "--firm", "F2", "--json").stdout) as { grants: { article: string; amount: string; date: string }[] };
    expect(json.grants.map((g) => [g.article, g.amount, g.date])).toEqual([["第七条", "2000000.00", "2021-05-01"]]);
    const out = join(scratch, "export.csv");
    expect(kuan("ledger", one, "--export", out).status).toBe(0);
    const exported = readFileSync(out, "utf8").split("\n");
    expect(exported[0]).toBe("firm,project,policy,version,article,rule,date,amount,payers,application,seq,source,reversal,reversal_date,reversed_by,reversal_reason");
    expect(exported).toHaveLength(6);
  });

  it("--withdraw marks an application's grants withdrawn, listed, never deleted", () => {
    const ledger = join(scratch, "w.db");
    kuan("run", SUZHOU, "--applications", apps, "--ledger", ledger);
    const w = kuan("ledger", ledger, "--withdraw", "A3", "--reason", "项目终止", "--date", "2021-12-01", "--lang", "en");
    expect([w.status, w.stdout]).toEqual([0, "withdrew 1 grant(s) of A3, 2,000,000.00 yuan in all\n"]);
    expect(kuan("ledger", ledger, "--firm", "F2", "--lang", "en").stdout).toContain("withdrawn 2021-12-01: 项目终止");
    expect(kuan("ledger", ledger, "--withdraw", "ZZ", "--reason", "x").status).toBe(1);
  });
});
