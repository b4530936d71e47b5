/**
 * `npm run bench`: runs every bench/*.bench.mjs, each in its own Node process (so one bench's
 * heap and JIT state do not colour the next), in name order, and says how each ended. A new
 * bench is a new file here; nothing to register. Benchmarks report; they never fail on timing,
 * only when they crash.
 *
 *   npm run bench                           every bench
 *   npm run bench -- parse                  the benches whose file name contains "parse"
 *   npm run bench -- parse -- --phases      … with arguments passed on to each bench
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
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

const results = [];
for (const bench of benches) {
  console.log(`\n== ${bench}`);
  const start = performance.now();
  const run = spawnSync(process.execPath, [`${dir}${bench}`, ...passOn], { stdio: "inherit" });
  results.push({ bench, seconds: (performance.now() - start) / 1000, status: run.status ?? run.signal });
}

console.log("\n== summary");
for (const r of results) console.log(`  ${r.status === 0 ? "ok    " : `FAILED (${r.status})`} ${r.bench.padEnd(28)} ${r.seconds.toFixed(1)} s`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
