/**
 * `kuan run` throughput: a batch of 100,000 synthetic applications under the Suzhou finance
 * measure (policies/suzhou-ip-finance-2021.kuan) read from CSV, evaluated against the ledger's
 * history and written to a new SQLite ledger, as `kuan run` without --report does it (compiling
 * the policy not counted; no row's decision kept once written). Goal: ≥ 20,000 applications/s on
 * one core, rated by the CPU time of the process (every thread of it: the collector's and the
 * compiler's too, all of which one core would have to run), since the machine is shared; the
 * wall rate is printed beside it. Each run is a process of its own, as `kuan run` is (a cold
 * start, its own heap): `--runs` of them (default 3), judged on their median. The first then
 * runs the same file again (every row already processed: the idempotent re-run).
 *
 *   npm run bench -- ledger
 *   node bench/ledger.bench.mjs [--runs 3] [--n 100000] [--per-firm 4]
 * Imports build/ (run `npm run build` first; `npm run bench` does).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseApplications } from "../build/compiler/applications/index.js";
import { runBatch } from "../build/compiler/ledger/run.js";
import { compile } from "../build/compiler/pipeline.js";
import { goal, median, option } from "./lib.mjs";

const N = option("n", 100_000);
// Applications per firm, on average: 4 in an ordinary round; --per-firm 200 is a batch of a few large firms (each with a long history).
const PER_FIRM = option("per-firm", 4);
const RUNS = Math.max(1, option("runs", 3));
const GOAL = 20_000;
/** Set in a run's own process: the file its figures go to, and whether it also runs the file again. */
const CHILD = process.env.KUAN_LEDGER_BENCH_RUN;

if (!CHILD) {
  const scratch = mkdtempSync(join(tmpdir(), "kuan-ledger-runs-"));
  const runs = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const out = join(scratch, `run-${r}.json`);
      const env = { ...process.env, KUAN_LEDGER_BENCH_RUN: out, KUAN_LEDGER_BENCH_AGAIN: r === 0 ? "1" : "" };
      delete env.KUAN_BENCH_GOALS;
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit", env });
      if (child.status !== 0) process.exit(child.status ?? 1);
      runs.push(JSON.parse(readFileSync(out, "utf8")));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const rate = median(runs.map((x) => x.cpuRate));
  const each = runs.map((x) => Math.round(x.cpuRate).toLocaleString("en-US")).join(", ");
  const load = `median of ${RUNS} runs: ${each}/s; wall median ${Math.round(median(runs.map((x) => x.wallRate))).toLocaleString("en-US")}/s at load ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`;
  goal("ledger run (kuan run, new ledger), applications per CPU second", rate, GOAL, "/s", `≥ ${GOAL.toLocaleString("en-US")}/s on one core (${load})`);
  process.exit(0);
}

const source = readFileSync(fileURLToPath(new URL("../policies/suzhou-ip-finance-2021.kuan", import.meta.url)), "utf8");
const policy = compile(source, { fileName: "suzhou-ip-finance-2021.kuan" });
if (!policy.ir) throw new Error("the policy does not compile");
const inputs = policy.ir.inputs;

// A deterministic mix: pledge loans (Art. 4, once), service fees (Art. 5, yearly cap, two years),
// insurance (Art. 6, with early surrender clawing back), bonds (Art. 7, per project), exclusions.
let seed = 12345;
/** mulberry32: small, fast, and the same sequence on every machine. */
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
/** The batch file's text; what made it is garbage once it is made (kuan run holds the text it read, nothing else). */
function batchText() {
  const columns = ["id", "firm", "project", "date", ...inputs.map((i) => i.name)];
  const lines = [columns.join(",")];
  for (let i = 0; i < N; i++) {
    const firm = `F${Math.floor(random() * Math.max(1, N / PER_FIRM))}`;
    const year = 2021 + Math.floor(random() * 3);
    const date = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    const v = Object.fromEntries(inputs.map((x) => [x.name, x.spec.type === "bool" ? "否" : "0"]));
    const kind = random();
    if (kind < 0.4) Object.assign(v, { 质押融资额: `${Math.floor(random() * 2000)}万元`, 已放款: "是", 担保费: String(Math.floor(random() * 80000)), 评估费: `${Math.floor(random() * 40000)}.50` });
    else if (kind < 0.6) Object.assign(v, { 是重点企业: random() < 0.7 ? "是" : "否", 已付清保费: "是", 保险保费: String(Math.floor(random() * 400000)), 提前退保: random() < 0.05 ? "是" : "否" });
    else if (kind < 0.8) Object.assign(v, { 是债券发行人: "是", 债券利息: String(Math.floor(random() * 3_000_000)), 债券税费: "12000.00", 债券担保费: "30000", 债券服务费: "8000" });
    else Object.assign(v, { 已放款: "是", 担保费: "50000", 严重失信: random() < 0.5 ? "是" : "否" });
    lines.push([`A${String(i).padStart(7, "0")}`, firm, `P${Math.floor(random() * (N / 2))}`, date, ...inputs.map((x) => v[x.name])].join(","));
  }
  return `${lines.join("\n")}\n`;
}
const text = batchText();
if (process.env.KUAN_BENCH_DUMP) writeFileSync(process.env.KUAN_BENCH_DUMP, text);
const dir = mkdtempSync(join(tmpdir(), "kuan-ledger-bench-"));
const ledger = join(dir, "grants.db");
writeFileSync(join(dir, "apps.csv"), text);

const seconds = (cpu) => (cpu.user + cpu.system) / 1e6;

function once(label) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const file = parseApplications(text, inputs, { format: "csv" });
  const cpu1 = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const summary = runBatch({ ledger, fileName: "apps.csv", fileSha256: "", file, policies: [{ ir: policy.ir, sha256: "bench" }], dryRun: false, onError: "skip", keepRows: false });
  const t2 = performance.now();
  const cpu = seconds(process.cpuUsage(cpu0));
  const wallRate = N / ((t2 - t0) / 1000);
  const cpuRate = N / cpu;
  console.log(`${label}: ${N.toLocaleString("en-US")} applications, ${cpu.toFixed(2)} s CPU (read ${seconds(cpu1).toFixed(2)} s, ledger ${(cpu - seconds(cpu1)).toFixed(2)} s), ${((t2 - t0) / 1000).toFixed(2)} s wall (read ${((t1 - t0) / 1000).toFixed(2)} s)`);
  console.log(`  ${Math.round(cpuRate).toLocaleString("en-US")} applications per CPU second, ${Math.round(wallRate).toLocaleString("en-US")}/s wall; processed ${summary.processed}, already in the ledger ${summary.alreadyProcessed}, bad ${summary.rejected}; outcomes ${JSON.stringify(summary.outcomes)}`);
  return { wallRate, cpuRate, summary };
}

try {
  const first = once(`run ${CHILD.match(/run-(\d+)/)?.[1] ?? 0} (new ledger)`);
  if (first.summary.processed !== N) throw new Error(`expected ${N} processed, got ${first.summary.processed}`);
  writeFileSync(CHILD, JSON.stringify({ cpuRate: first.cpuRate, wallRate: first.wallRate }));
  if (process.env.KUAN_LEDGER_BENCH_AGAIN) {
    const again = once("the same file again (nothing new)");
    if (again.summary.alreadyProcessed !== N) throw new Error("the re-run processed applications again");
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
