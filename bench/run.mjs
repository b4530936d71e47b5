/**
 * `npm run bench`: runs every bench/*.bench.mjs, each in its own Node process (so one bench's
 * heap and JIT state do not colour the next), in name order, and says how each ended. A new
 * bench is a new file here; nothing to register. Benchmarks report; they never fail on timing,
 * only when they crash. Goals a bench prints with lib.mjs's goal() are listed again at the end.
 *
 *   npm run bench                           every bench
 *   npm run bench -- parse                  the benches whose file name contains "parse"
 *   npm run bench -- parse -- --phases      … with arguments passed on to each bench
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("./", import.meta.url));
const args = process.argv.slice(2);
const split = args.indexOf("--");
const filters = split >= 0 ? args.slice(0, split) : args;
const passOn = split >= 0 ? args.slice(split + 1) : [];

const benches = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.mjs") && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();
if (benches.length === 0) {
  console.error(`no bench matches ${filters.join(", ")}`);
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), "kuan-bench-"));
const results = [];
for (const bench of benches) {
  console.log(`\n== ${bench}`);
  const goals = join(scratch, `${bench}.goals`);
  const start = performance.now();
  const run = spawnSync(process.execPath, [`${dir}${bench}`, ...passOn], { stdio: "inherit", env: { ...process.env, KUAN_BENCH_GOALS: goals } });
  const lines = existsSync(goals) ? readFileSync(goals, "utf8").trim().split("\n").map((l) => JSON.parse(l)) : [];
  results.push({ bench, seconds: (performance.now() - start) / 1000, status: run.status ?? run.signal, goals: lines });
}
rmSync(scratch, { recursive: true, force: true });

console.log("\n== summary");
for (const r of results) {
  console.log(`  ${r.status === 0 ? "ok    " : `FAILED (${r.status})`} ${r.bench.padEnd(28)} ${r.seconds.toFixed(1)} s`);
  for (const g of r.goals) console.log(`      ${g.line}`);
}
const goals = results.flatMap((r) => r.goals);
if (goals.length > 0) console.log(`  goals: ${goals.filter((g) => g.met).length} of ${goals.length} met`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
