/**
 * Cohort throughput: 100,000 applications to the Suzhou peak plan (policies/suzhou-ip-peak-plan-2021.kuan,
 * ten projects a year, best score first) through evaluateCohort, as `kuan eval --cohort` runs
 * it: every application evaluated once, no trace, then ranked for the quota. The applications
 * vary the sample cohort (policies/inputs/peak-cohort-2022.json): scores, patents, investment.
 *
 *   node bench/cohort.bench.mjs [--n 100000] [--rounds 3]
 * Rates are per CPU second of this process. Imports build/ (`npm run bench` builds first).
 */
import { readFileSync } from "node:fs";
import { compile, evaluateCohort } from "../build/compiler/pipeline.js";
import { goal, option } from "./lib.mjs";

const N = option("n", 100_000);
const ROUNDS = option("rounds", 3);
const policy = (f) => readFileSync(new URL(`../policies/${f}`, import.meta.url), "utf8");
const peak = compile(policy("suzhou-ip-peak-plan-2021.kuan"), { fileName: "suzhou-ip-peak-plan-2021.kuan" });
if (!peak.ok) throw new Error("the peak plan does not compile");
const sample = JSON.parse(policy("inputs/peak-cohort-2022.json"));

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const applications = Array.from({ length: N }, (_, i) => {
  const base = sample[i % sample.length].input;
  return {
    id: `P${String(i).padStart(6, "0")}`,
    project: `P${String(i).padStart(6, "0")}`, // the award is once per project: each application its own
    // Scores are whole points (a count), over a range wide enough that ties are rare.
    input: { ...base, 评审得分: Math.floor(random() * 1_000_000), 有效发明专利: Math.floor(random() * 80), 企业知识产权投入: Math.floor(random() * 300) * 10_000 },
  };
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`cohort: ${N.toLocaleString("en")} applications to the Suzhou peak plan, evaluateCohort (kuan eval --cohort), ${ROUNDS} rounds (node ${process.version})`);
evaluateCohort(peak, applications.slice(0, 2_000), { asOf: "2022-05-01" }); // warm up
const rates = [];
for (let round = 0; round < ROUNDS; round++) {
  const cpu = process.cpuUsage();
  const result = evaluateCohort(peak, applications, { asOf: "2022-05-01" });
  const used = process.cpuUsage(cpu);
  const rate = N / ((used.user + used.system) / 1e6);
  rates.push(rate);
  const funded = result.placements.filter((p) => p.outcome === "eligible").length;
  console.log(`  round ${round + 1}: ${Math.round(rate).toLocaleString("en")} applications/s (${result.placements.filter((p) => p.rank !== null).length.toLocaleString("en")} ranked, ${funded} funded)`);
}
console.log("  goals:");
goal(`cohort of ${N.toLocaleString("en")} (evaluateCohort, interpreter)`, median(rates), 100_000, " applications/s");
