/**
 * How fast `kuan check` answers from cold, process start included: `node bin/kuan.mjs check` on
 * each seed policy, as a user runs it, in fresh processes; goal ≤ 0.25 s for the slowest seed
 * policy. Judged on CPU time (user + system, all threads, measured by the child itself from its
 * start: bench/exit-usage.cjs), which is steadier than wall time on a machine shared with other
 * jobs; wall time is printed beside it. `node -e 0` is measured in the same rounds: what no CLI can
 * go below. The runs are interleaved (round after round over every command), so a change in the
 * machine's load falls on all of them alike; the figure is the median.
 *
 *   node bench/cli-start.bench.mjs [--runs 15]
 * Runs the bundle `npm run build` makes (`npm run bench` builds first).
 */
import { existsSync, readdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { goal, median, option, runNode } from "./lib.mjs";

const RUNS = option("runs", 15);
const root = fileURLToPath(new URL("../", import.meta.url));
if (!existsSync(`${root}build/kuan.cjs`)) throw new Error("build/kuan.cjs is missing: run npm run build");
const policies = readdirSync(`${root}policies`).filter((f) => f.endsWith(".kuan")).sort();

const commands = [
  { label: "node -e 0 (the floor)", args: ["-e", "0"] },
  { label: "kuan --version", args: ["bin/kuan.mjs", "--version"] },
  ...policies.map((p) => ({ label: `kuan check policies/${p}`, args: ["bin/kuan.mjs", "check", `policies/${p}`], check: true })),
];
for (const c of commands) {
  c.runs = [];
  const first = runNode(c.args, { cwd: root }); // reads the files from disk
  if (first.status !== 0) throw new Error(`${c.args.join(" ")} exited ${first.status}: ${first.stderr}`);
}
for (let r = 0; r < RUNS; r++) for (const c of commands) c.runs.push(runNode(c.args, { cwd: root }));

console.log(`cli start: fresh processes, median of ${RUNS} interleaved rounds (node ${process.version}, load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
for (const c of commands) {
  c.cpu = median(c.runs.map((r) => r.cpu));
  c.wall = median(c.runs.map((r) => r.wall));
  console.log(`  ${c.label.padEnd(66)} cpu ${(c.cpu * 1000).toFixed(0).padStart(5)} ms   wall ${(c.wall * 1000).toFixed(0).padStart(5)} ms`);
}
const checks = commands.filter((c) => c.check);
const slowest = checks.reduce((a, b) => (b.cpu > a.cpu ? b : a));
console.log("  goal (the slowest seed policy):");
goal(`kuan check, cold, CPU (${slowest.label.replace("kuan check ", "")})`, slowest.cpu, 0.25, " s", "", true);
console.log(`    (its wall time: ${slowest.wall.toFixed(2)} s; node -e 0: ${commands[0].cpu.toFixed(2)} s CPU, so kuan's own part is ${(slowest.cpu - commands[0].cpu).toFixed(2)} s)`);
