/**
 * Cohort throughput: 100,000 applications to the Suzhou peak plan (policies/suzhou-ip-peak-plan-2021.kuan,
 * ten projects a year, best score first), through the emitted module's evaluateCohort and through
 * kuan/pipeline's evaluateCohort, which `kuan eval --cohort` runs (the interpreter): both the
 * runtime's batch (evaluateManyWith: every application evaluated once, no trace, the history read
 * once), then ranked for the quota. The applications vary the sample cohort
 * (policies/inputs/peak-cohort-2022.json): scores, patents, investment. Rounds interleave the two;
 * each checks the two give the same placements and the same outcome and amounts on every
 * application.
 *
 *   node bench/cohort.bench.mjs [--n 100000] [--rounds 3]
 * Rates are per CPU second of this process. Imports build/ (`npm run bench` builds first).
 */
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { compile, emit, evaluateCohort } from "../build/compiler/pipeline.js";
import { goal, option, transpileModule } from "./lib.mjs";

const N = option("n", 100_000);
const ROUNDS = option("rounds", 3);
const policy = (f) => readFileSync(new URL(`../policies/${f}`, import.meta.url), "utf8");
const peak = compile(policy("suzhou-ip-peak-plan-2021.kuan"), { fileName: "suzhou-ip-peak-plan-2021.kuan" });
if (!peak.ok) throw new Error("the peak plan does not compile");
const sample = JSON.parse(policy("inputs/peak-cohort-2022.json"));
const emitted = await transpileModule(emit(peak).typescript, "peak.mjs");

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
const cpuSeconds = (start) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const OPTIONS = { asOf: "2022-05-01" };
const variants = [
  { label: "emitted module evaluateCohort", run: (apps) => emitted.evaluateCohort(apps, OPTIONS), rates: [] },
  { label: "kuan eval --cohort (interpreter)", run: (apps) => evaluateCohort(peak, apps, OPTIONS), rates: [] },
];
/** Each application's outcome and amounts, to compare the two paths. */
const summary = (cohort) => ({ placements: cohort.placements, decisions: cohort.decisions.map((d) => (d.result.ok ? [d.id, d.result.decision.outcome, d.result.decision.grants.map((g) => g.amount)] : [d.id, d.result.errors.map((e) => e.code)])) });

console.log(`cohort: ${N.toLocaleString("en")} applications to the Suzhou peak plan, evaluateCohort of the emitted module and of kuan/pipeline (kuan eval --cohort), ${ROUNDS} interleaved rounds (node ${process.version})`);
for (const v of variants) v.run(applications.slice(0, 2_000)); // warm up
for (let round = 0; round < ROUNDS; round++) {
  const results = [];
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(round + k) % variants.length];
    const cpu = process.cpuUsage();
    const result = v.run(applications);
    v.rates.push(N / cpuSeconds(cpu));
    results[(round + k) % variants.length] = result;
  }
  const [a, b] = results.map(summary);
  if (!isDeepStrictEqual(a, b)) throw new Error(`round ${round + 1}: the emitted module and the interpreter rank or decide the cohort differently`);
  const funded = a.placements.filter((p) => p.outcome === "eligible").length;
  const ranked = a.placements.filter((p) => p.rank !== null).length;
  console.log(`  round ${round + 1}: ${variants.map((v) => `${v.label} ${Math.round(v.rates[round]).toLocaleString("en")}/s`).join(", ")}; ${ranked.toLocaleString("en")} ranked, ${funded} funded, the same on both`);
}
console.log("  goals:");
for (const v of variants) goal(`cohort of ${N.toLocaleString("en")}, ${v.label}`, median(v.rates), 100_000, " applications/s");
