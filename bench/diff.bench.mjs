/**
 * `kuan diff` at scale: the impact of 1,000,000 applications × 2 versions (Suzhou finance 2021 →
 * 2024) as `kuan diff --population` computes it, in three parts timed apart: reading the
 * population (compiler/applications), evaluating both versions on every application (the
 * interpreter), aggregating (totals, winners and losers, payers, histogram, the largest changes
 * decided again with their reasons). Goal: the three together under 2 s on one core. Then the
 * witness search time of the whole diff per seed-policy pair.
 *
 * Measured in CPU time of this process (process.cpuUsage: user + system, every thread, so a
 * garbage collector working beside the main thread counts too), after a warm-up on a slice, with
 * the machine's load average printed beside the figures (CPU time still grows on a loaded
 * machine: shared caches and cores). `--rounds R` reads and decides R times and judges the goal
 * on the median total.
 * The population is `kuan gen-population`'s for the 2021 version (seed 1, dated 2024-06-30: a
 * quarter of the rows carry earlier grants), made in memory and not timed.
 *
 *   npm run bench -- diff
 *   node bench/diff.bench.mjs [--n 1000000] [--check 20000] [--rounds 1]
 * Imports build/ (run `npm run build` first; `npm run bench` does).
 */
import { readFileSync, readdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { compile, diff, emit } from "../build/compiler/pipeline.js";
import { align, generatePopulation, Impact, populationInputs } from "../build/compiler/diff/index.js";
import { parseApplications } from "../build/compiler/applications/index.js";
import { readPopulation } from "../build/compiler/applications/population.js";
import { goal, median, option, transpileModule } from "./lib.mjs";

const N = option("n", 1_000_000);
const CHECK = Math.min(N, option("check", 20_000));
const ROUNDS = Math.max(1, option("rounds", 1));
const here = (p) => new URL(p, import.meta.url);
const load = (file) => {
  const result = compile(readFileSync(here(`../${file}`), "utf8"), { fileName: file });
  if (!result.ok) throw new Error(`${file} does not compile`);
  return result;
};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const count = (n) => n.toLocaleString("en");

const oldResult = load("policies/suzhou-ip-finance-2021.kuan");
const newResult = load("policies/suzhou-ip-finance-2024.kuan");
const alignment = align(oldResult.ir, newResult.ir);

console.log(`impact (Suzhou finance 2021 → 2024) of ${count(N)} applications × 2 versions, cpu seconds:`);
let text = generatePopulation(oldResult.ir, { count: N, seed: 1, date: "2024-06-30" });
const columns = new Set(text.slice(0, text.indexOf("\n")).split(","));
const inputs = populationInputs(oldResult.ir, newResult.ir, columns);
const size = text.length;
// The file as the disk gives it: bytes (UTF-8), which the reader scans without making a string.
let bytes = new TextEncoder().encode(text);
const bytes_ = bytes.length;

// Warm-up on a slice (the first 20,000 rows), then each part once over the whole population.
const slice = text.slice(0, text.split("\n", 20_001).join("\n").length + 1);
const warm = readPopulation(new TextEncoder().encode(slice), inputs, { format: "csv" }).population;
const impact = new Impact(oldResult.ir, newResult.ir, alignment, columns);
impact.aggregate(warm, impact.decideAll(warm).decided);

const loadNow = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${availableParallelism()} cores`;
console.log(`  (${loadNow()} before)`);
const perApp = (s) => `${((s * 1e6) / N).toFixed(2)} µs per application`;
const totals = [];
let population = null;
let all = null;
let report = null;
for (let round = 1; round <= ROUNDS; round++) {
  let at = cpu();
  const file = readPopulation(bytes, inputs, { format: "csv" });
  const read = cpu() - at;
  if (file.problems.length > 0) throw new Error(`the population has problems: ${JSON.stringify(file.problems.slice(0, 3))}`);
  if (file.read !== "bytes") throw new Error("the population was not read as bytes");
  population = file.population;
  at = cpu();
  all = impact.decideAll(population);
  const evaluate = cpu() - at;
  if (all.errors.length > 0) throw new Error(`impact failed: ${JSON.stringify(all.errors.slice(0, 3))}`);
  at = cpu();
  report = impact.aggregate(population, all.decided);
  const aggregate = cpu() - at;
  const total = read + evaluate + aggregate;
  totals.push(total);
  if (ROUNDS > 1) console.log(`  round ${round}`);
  console.log(`  read       ${read.toFixed(2).padStart(7)} s   ${(size / 1e6).toFixed(0)} M characters of CSV (${(bytes_ / 1e6).toFixed(0)} MB of UTF-8), ${perApp(read)}`);
  console.log(`  evaluate   ${evaluate.toFixed(2).padStart(7)} s   ${((evaluate * 1e6) / (2 * N)).toFixed(2)} µs per application and version (${count(N - all.decided.rowByRow)} column-wise, ${count(all.decided.rowByRow)} row by row)`);
  console.log(`  aggregate  ${aggregate.toFixed(2).padStart(7)} s`);
  console.log(`  total      ${total.toFixed(2).padStart(7)} s   (${loadNow()})`);
}
console.log(`  columns the two versions compute alike, computed once per chunk: ${impact.sharedColumns}`);
console.log(`  changed amount ${count(report.changedAmount)} (${count(report.winners)} gain, ${count(report.losers)} lose), outcome ${count(report.changedOutcome)}; granted ${count(report.totalBefore / 100)} → ${count(report.totalAfter / 100)} yuan`);
// The rows checked below, as given (text), read by the one general reader; then the text goes.
const step = Math.max(1, Math.floor(N / CHECK));
const lines = text.split("\n");
const sampled = [];
for (let i = 0; i < N; i += step) sampled.push(i);
const sample = parseApplications([lines[0], ...sampled.map((i) => lines[population.line(i) - 1])].join("\n"), inputs, { format: "csv" });
if (sample.problems.length > 0 || sample.applications.length !== sampled.length) throw new Error("the sample does not read");
text = null;
bytes = null;
lines.length = 0;
const total = median(totals);

// A fast wrong answer measures nothing: on a sample, the emitted modules (compiled from the
// versions with validity set aside, as the impact compares them) grant each application what the
// interpreter granted it.
const inForce = (r) => ({ ...r, ir: { ...r.ir, validFrom: null, validTo: null } });
const modules = {
  old: await transpileModule(emit(inForce(oldResult)).typescript, "diff-old.mjs"),
  new: await transpileModule(emit(inForce(newResult)).typescript, "diff-new.mjs"),
};
const granted = (result) => {
  if (!result.ok) throw new Error(`the emitted module refused an application: ${JSON.stringify(result.errors)}`);
  return result.decision.grants.reduce((s, g) => s + Number(g.amount.replace(".", "")), 0); // yuan with two decimals, read as fen exactly
};
const emittedInput = (ir, app) => {
  const input = {};
  for (const i of ir.inputs) input[i.name] = app.input[i.name] ?? (i.spec.type === "bool" ? false : 0);
  return input;
};
let checked = 0;
for (const [k, i] of sampled.entries()) {
  checked++;
  const app = sample.applications[k];
  if (app.id !== population.id(i) || app.firm !== population.firm(i) || app.project !== population.project(i) || app.date !== population.date(i)) throw new Error(`line ${population.line(i)}: the sample is not the row`);
  for (const [side, ir, figures] of [["old", oldResult.ir, all.decided.before], ["new", newResult.ir, all.decided.after]]) {
    const history = app.history.map((g) => ({ ...g, policy: ir.id }));
    const options = { asOf: app.date, firm: app.firm, ...(app.project !== undefined ? { project: app.project } : {}), history, trace: false };
    const fen = granted(modules[side].evaluate(emittedInput(ir, app), options));
    if (fen !== figures[i]) throw new Error(`line ${population.line(i)}: the ${side} version's emitted module grants ${fen} fen, the interpreter ${figures[i]}`);
  }
}
console.log(`  checked: on ${count(checked)} applications the emitted modules grant what the interpreter granted`);
console.log("  goals:");
// The goal is for 1,000,000 applications: a smaller run (--n) is scaled to it, and says so.
const scale = 1_000_000 / N;
const scaledNote = N === 1_000_000 ? "" : `, scaled from ${count(N)}`;
goal(`impact 1,000,000 × 2 versions: read + evaluate + aggregate (cpu${scaledNote}${ROUNDS > 1 ? `, median of ${ROUNDS}` : ""})`, total * scale, 2, " s", "< 2 s on one core", "below");

// Witness search per seed-policy pair: the real revision, the English edition, and for each seed
// policy a revision with its first amount in 万元 raised by one.
console.log("\nwitness search (the whole diff: align, changes, search) per pair:");
const pairs = [
  ["policies/suzhou-ip-finance-2021.kuan", "policies/suzhou-ip-finance-2024.kuan", null],
  ["policies/suzhou-ip-finance-2021.kuan", "policies/suzhou-ip-finance-2021.en.kuan", null],
  ...readdirSync(here("../policies/"))
    .filter((f) => f.endsWith(".kuan"))
    .sort()
    .map((f) => [`policies/${f}`, `policies/${f}`, "raise"]),
];
for (const [a, b, how] of pairs) {
  const oldR = load(a);
  let newR = load(b);
  if (how === "raise") {
    const source = readFileSync(here(`../${b}`), "utf8");
    // The first amount in 万元 on a rule's line: not a comment, not an example.
    const lines = source.split("\n");
    const end = lines.findIndex((l) => /^(例|example)\b/.test(l));
    const line = lines.findIndex((l, i) => (end < 0 || i < end) && !l.trim().startsWith("#") && /\d+万元/.test(l));
    if (line >= 0) lines[line] = lines[line].replace(/(\d+)万元/, (_, n) => `${Number(n) + 1}万元`);
    const raised = lines.join("\n");
    if (raised === source) {
      console.log(`  ${b.padEnd(52)} (no amount in 万元 to raise)`);
      continue;
    }
    newR = compile(raised, { fileName: `${b} (raised)` });
    if (!newR.ok) {
      console.log(`  ${b.padEnd(52)} (the raised copy does not compile)`);
      continue;
    }
  }
  const start = cpu();
  const result = diff(oldR, newR);
  const ms = (cpu() - start) * 1000;
  const tried = result.outputs.reduce((s, o) => s + o.tried, 0);
  const label = how === "raise" ? `${b} +1万元` : `${a.replace("policies/", "")} → ${b.replace("policies/", "")}`;
  console.log(`  ${label.padEnd(80)} ${String(result.changes.length).padStart(3)} changes  ${String(result.outputs.length).padStart(3)} outputs  ${String(tried).padStart(6)} tried  ${ms.toFixed(0).padStart(6)} ms cpu`);
}
