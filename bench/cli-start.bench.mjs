/**
 * How fast `kuan check` answers from cold, process start included: `node bin/kuan.mjs check` on
 * each seed policy, as a user runs it, several times; goal ≤ 0.25 s. Wall time is what a user
 * waits; CPU time (user + system, all threads) is steadier on a machine shared with other jobs
 * and is what the goal is judged on when the two differ. A bare `node -e 0` is measured alongside:
 * what no CLI can go below.
 *
 *   node bench/cli-start.bench.mjs [--runs 9]
 * Runs the bundle `npm run build` makes (`npm run bench` builds first).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { goal, option } from "./lib.mjs";

const RUNS = option("runs", 9);
const root = fileURLToPath(new URL("../", import.meta.url));
if (!existsSync(`${root}build/kuan.cjs`)) throw new Error("build/kuan.cjs is missing: run npm run build");
const policies = readdirSync(`${root}policies`).filter((f) => f.endsWith(".kuan")).sort();

/** One run under /usr/bin/time when there is one (it reports the child's CPU), else wall time only. */
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
function once(args) {
  const started = process.hrtime.bigint();
  const run = TIME ? spawnSync(TIME, ["-f", "%U %S", process.execPath, ...args], { encoding: "utf8", cwd: root }) : spawnSync(process.execPath, args, { encoding: "utf8", cwd: root });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  const times = TIME ? /([\d.]+) ([\d.]+)\s*$/.exec(run.stderr) : null;
  return { wall, cpu: times ? Number(times[1]) + Number(times[2]) : wall };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function measure(label, args) {
  once(args); // the first run reads the files from disk
  const runs = Array.from({ length: RUNS }, () => once(args));
  const wall = median(runs.map((r) => r.wall));
  const cpu = median(runs.map((r) => r.cpu));
  console.log(`  ${label.padEnd(48)} wall ${(wall * 1000).toFixed(0).padStart(5)} ms   cpu ${(cpu * 1000).toFixed(0).padStart(5)} ms   (median of ${RUNS})`);
  return { wall, cpu };
}

console.log(`cli start: node bin/kuan.mjs check POLICY from a fresh process (node ${process.version})`);
measure("node -e 0 (the floor)", ["-e", "0"]);
const results = policies.map((p) => measure(`kuan check policies/${p}`, ["bin/kuan.mjs", "check", `policies/${p}`]));
const worst = (key) => Math.max(...results.map((r) => r[key]));
console.log("  goals (the slowest seed policy):");
goal("kuan check, cold, CPU", worst("cpu"), 0.25, " s", "", true);
console.log(`    (wall: ${worst("wall").toFixed(2)} s, on a machine ${(await import("node:os")).loadavg()[0].toFixed(1)} loaded on ${(await import("node:os")).cpus().length} cores)`);
