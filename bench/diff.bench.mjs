/**
 * `kuan diff` at scale: the impact of 1,000,000 applications × 2 versions (Suzhou finance 2021 →
 * 2024), through the library's impactOf with emitted evaluators (the bulk path) and with the
 * interpreter (the default; measured on a sample and scaled), and the witness search time of the
 * whole diff per seed-policy pair. Goal: the impact run under 2 s on one core.
 *
 *   npm run bench -- diff
 *   node bench/diff.bench.mjs [--n 1000000] [--interpreter-n 50000]
 * Imports build/ (run `npm run build` first; `npm run bench` does).
 */
import { readFileSync, readdirSync } from "node:fs";
import { compile, diff, emit } from "../build/compiler/pipeline.js";
import { align, impactOf } from "../build/compiler/diff/index.js";
import { goal, option, transpileModule } from "./lib.mjs";

const N = option("n", 1_000_000);
const INTERPRETER_N = Math.min(N, option("interpreter-n", 50_000));
const here = (p) => new URL(p, import.meta.url);
const load = (file) => {
  const result = compile(readFileSync(here(`../${file}`), "utf8"), { fileName: file });
  if (!result.ok) throw new Error(`${file} does not compile`);
  return result;
};

const oldResult = load("policies/suzhou-ip-finance-2021.kuan");
const newResult = load("policies/suzhou-ip-finance-2024.kuan");
const alignment = align(oldResult.ir, newResult.ir);

// Emitted evaluators of both versions with validity set aside, as the diff compares them.
const inForce = (r) => ({ ...r, ir: { ...r.ir, validFrom: null, validTo: null } });
const oldModule = await transpileModule(emit(inForce(oldResult)).typescript, "diff-old.mjs");
const newModule = await transpileModule(emit(inForce(newResult)).typescript, "diff-new.mjs");
/** The emitted evaluate takes an application as JSON: money as yuan numbers, yes/no as booleans. */
const viaEmitted = (module, ir) => {
  const money = new Set(ir.inputs.filter((i) => i.spec.type === "money").map((i) => i.name));
  return (values, options) => {
    const input = {};
    for (const k in values) input[k] = money.has(k) ? values[k] / 100 : values[k];
    return module.evaluate(input, options);
  };
};
const emitted = { old: viaEmitted(oldModule, oldResult.ir), new: viaEmitted(newModule, newResult.ir) };

// Applications as compiler/applications gives them (validated values keyed by input name): the
// 2021 version's inputs, so the 2024 version's new input is taken as no, as the report says.
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const fen = (maxYuan) => Math.floor(random() * maxYuan * 100);
const policy = oldResult.ir.id;
const applications = new Array(N);
for (let i = 0; i < N; i++) {
  const firm = `F${i}`;
  const values = {
    质押融资额: fen(30_000_000), 已放款: random() < 0.8, 担保费: fen(80_000), 评估费: fen(50_000), 是重点企业: random() < 0.3,
    保险保费: fen(400_000), 已付清保费: random() < 0.5, 提前退保: random() < 0.02, 是债券发行人: random() < 0.05,
    债券利息: fen(2_000_000), 债券税费: fen(200_000), 债券担保费: fen(300_000), 债券服务费: fen(200_000), 创新奖建议金额: random() < 0.05 ? fen(1_500_000) : 0,
    权属有争议: random() < 0.01, 严重失信: random() < 0.01, 其他不予支持: random() < 0.01, 虚假承诺: random() < 0.01, 骗取财政资金: random() < 0.005,
  };
  const history = i % 10 === 0 ? [{ policy, version: "2021", article: "", rule: "服务费补贴", firm, year: 2022, amount: 5_000_000 }, { policy, version: "2021", article: "", rule: "服务费补贴", firm, year: 2023, amount: 5_000_000 }] : [];
  applications[i] = { line: i + 2, id: `A${i}`, firm, date: "2024-06-30", input: {}, values, history };
}
const columns = new Set(["id", "firm", "date", ...Object.keys(applications[0].values), "history"]);

function run(label, apps, evaluators) {
  impactOf(oldResult.ir, newResult.ir, alignment, apps.slice(0, Math.min(apps.length, 20_000)), columns, { evaluators }); // warm up
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = impactOf(oldResult.ir, newResult.ir, alignment, apps, columns, { evaluators });
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  if (!result.report) throw new Error(`impact failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  const r = result.report;
  console.log(`  ${label.padEnd(34)} ${apps.length.toLocaleString("en").padStart(10)} apps × 2   wall ${wall.toFixed(2)} s   cpu ${cpuSeconds.toFixed(2)} s   changed ${r.changedAmount.toLocaleString("en")} (${r.winners.toLocaleString("en")} gain, ${r.losers.toLocaleString("en")} lose)`);
  return { wall, cpuSeconds, report: r };
}

console.log("impact (Suzhou finance 2021 → 2024):");
const fast = run("emitted evaluators", applications, emitted);
const slow = run("interpreter (sample)", applications.slice(0, INTERPRETER_N), undefined);
// Same figures from both paths on the sample: a fast wrong answer measures nothing.
const check = run("emitted evaluators (same sample)", applications.slice(0, INTERPRETER_N), emitted).report;
for (const k of ["changedAmount", "changedOutcome", "winners", "losers", "totalBefore", "totalAfter"]) {
  if (check[k] !== slow.report[k]) throw new Error(`emitted and interpreted impact disagree on ${k}: ${check[k]} vs ${slow.report[k]}`);
}
const scaled = (slow.cpuSeconds * N) / INTERPRETER_N;
console.log("  goals:");
goal(`impact ${N.toLocaleString("en")} × 2 versions, emitted evaluators (cpu)`, fast.cpuSeconds, 2, " s", "< 2 s on one core", true);
goal(`impact ${N.toLocaleString("en")} × 2 versions, interpreter (cpu, scaled from ${INTERPRETER_N.toLocaleString("en")})`, scaled, 2, " s", "< 2 s on one core", true);

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
    const text = readFileSync(here(`../${b}`), "utf8");
    // The first amount in 万元 on a rule's line: not a comment, not an example.
    const lines = text.split("\n");
    const end = lines.findIndex((l) => /^(例|example)\b/.test(l));
    const at = lines.findIndex((l, i) => (end < 0 || i < end) && !l.trim().startsWith("#") && /\d+万元/.test(l));
    if (at >= 0) lines[at] = lines[at].replace(/(\d+)万元/, (_, n) => `${Number(n) + 1}万元`);
    const raised = lines.join("\n");
    if (raised === text) {
      console.log(`  ${b.padEnd(52)} (no amount in 万元 to raise)`);
      continue;
    }
    newR = compile(raised, { fileName: `${b} (raised)` });
    if (!newR.ok) {
      console.log(`  ${b.padEnd(52)} (the raised copy does not compile)`);
      continue;
    }
  }
  const start = performance.now();
  const report = diff(oldR, newR);
  const ms = performance.now() - start;
  const tried = report.outputs.reduce((s, o) => s + o.tried, 0);
  const label = how === "raise" ? `${b} +1万元` : `${a.replace("policies/", "")} → ${b.replace("policies/", "")}`;
  console.log(`  ${label.padEnd(80)} ${String(report.changes.length).padStart(3)} changes  ${String(report.outputs.length).padStart(3)} outputs  ${String(tried).padStart(6)} tried  ${ms.toFixed(0).padStart(6)} ms`);
}
