/**
 * `npm run bench`: runs every bench/*.bench.mjs in turn (each prints its own report). Benchmarks
 * report and compare; they never fail a build on timing.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("./", import.meta.url));
const only = process.argv[2];
const benches = readdirSync(dir).filter((f) => f.endsWith(".bench.mjs") && (!only || f.includes(only))).sort();
let failed = 0;
for (const bench of benches) {
  console.log(`\n== ${bench}`);
  const run = spawnSync(process.execPath, [`${dir}${bench}`], { stdio: "inherit" });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
