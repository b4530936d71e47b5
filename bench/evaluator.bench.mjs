/**
 * Evaluator throughput on the Suzhou finance Art. 4–6 + 12 rules over 1,000,000 synthetic
 * applications: the emitted module (trace off and on) against a hand-written exact function, in
 * the same run, as a ratio; @gorules/zen-engine and feelin on the same rules for reference (they
 * compute in binary floating point, so their figures are not exact).
 *
 *   npm run bench            (all benches)
 *   node bench/evaluator.bench.mjs [--n 1000000]
 * Imports build/ (run `npm run build` first; `npm run bench` does).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { compile, emit } from "../build/compiler/pipeline.js";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const N = arg("n", 1_000_000);
const REFERENCE_N = Math.min(N, arg("reference-n", 100_000));

// bench/ has its own package.json (for the reference engines), so "@kuan/runtime" is pointed at build/ directly.
const RUNTIME = new URL("../runtime/dist/index.js", import.meta.url).href;

function transpile(source, file) {
  const js = ts
    .transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
    .outputText.replace('from "@kuan/runtime"', `from ${JSON.stringify(RUNTIME)}`);
  mkdirSync(here("./.out/"), { recursive: true });
  writeFileSync(here(`./.out/${file}`), js);
  return import(pathToFileURL(here(`./.out/${file}`)).href);
}

const result = compile(readFileSync(here("./suzhou-art4-6-12.kuan"), "utf8"), { fileName: "bench/suzhou-art4-6-12.kuan" });
if (!result.ok) throw new Error("bench policy does not compile");
const emitted = await transpile(emit(result).typescript, "suzhou.mjs");
const hand = await transpile(readFileSync(here("./handwritten.ts"), "utf8"), "handwritten.mjs");

// Synthetic applications: amounts in yuan with fen, some key firms, a few excluded; every tenth has history.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const yuan = (max) => Math.floor(random() * max * 100) / 100;
const apps = new Array(N);
const histories = new Array(N);
const ledgers = new Array(N);
for (let i = 0; i < N; i++) {
  apps[i] = {
    质押融资额: yuan(20_000_000),
    担保费: yuan(80_000),
    评估费: yuan(50_000),
    是重点企业: random() < 0.3,
    保费: yuan(400_000),
    权属有争议: random() < 0.02,
    严重失信: random() < 0.02,
  };
  histories[i] = i % 10 === 0 ? [{ policy: result.ir.id, version: "2021", article: "第五条", rule: "服务费补贴", firm: "firm", year: 2022, amount: Math.floor(random() * 9_000_000) }] : [];
  // The same grants as the ledger keeps them (docs/runtime.md, "History"): a date, yuan.
  ledgers[i] = histories[i].map((g) => ({ policy: g.policy, version: g.version, article: g.article, rule: g.rule, firm: g.firm, date: "2022-01-01", amount: (g.amount / 100).toFixed(2) }));
}
const options = (i, trace) => ({ asOf: "2022-06-30", firm: "firm", history: ledgers[i], trace });

// Same answers first: a benchmark of two functions that disagree measures nothing.
for (let i = 0; i < Math.min(N, 20_000); i++) {
  const a = emitted.evaluate(apps[i], options(i, false));
  const b = hand.evaluateByHand(apps[i], "firm", 2022, histories[i]);
  const amounts = ["质押奖励", "服务费补贴", "保险补贴"].map((r) => a.decision.outputs[r]);
  if (a.decision.outcome !== b.outcome || amounts.some((x, k) => x !== b.amounts[k])) {
    throw new Error(`emitted and hand-written disagree on application ${i}: ${JSON.stringify(amounts)} vs ${JSON.stringify(b.amounts)}`);
  }
}

function time(label, n, f) {
  for (let i = 0; i < Math.min(n, 20_000); i++) f(i); // warm up
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += f(i) ? 1 : 0;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = n / seconds;
  console.log(`  ${label.padEnd(42)} ${n.toLocaleString("en").padStart(10)} evals  ${seconds.toFixed(2).padStart(6)} s  ${Math.round(rate).toLocaleString("en").padStart(11)} evals/s`);
  return rate + sink * 0;
}

console.log(`evaluator: Suzhou finance Art. 4–6 + 12, ${N.toLocaleString("en")} synthetic applications (node ${process.version})`);
const handRate = time("hand-written exact TypeScript", N, (i) => hand.evaluateByHand(apps[i], "firm", 2022, histories[i]).ok);
const offRate = time("kuan emitted module, trace off", N, (i) => emitted.evaluate(apps[i], options(i, false)).ok);
const onRate = time("kuan emitted module, trace on", N, (i) => emitted.evaluate(apps[i], options(i, true)).ok);

// References: same rules, floating point; zen-engine evaluates expressions natively, feelin interprets
// FEEL. Neither reads Chinese names, so they get the same applications with ASCII keys.
const ascii = apps.slice(0, REFERENCE_N).map((a) => ({
  loan: a.质押融资额, guarantee: a.担保费, appraisal: a.评估费, key_firm: a.是重点企业, premium: a.保费, disputed: a.权属有争议, breach: a.严重失信,
}));
const zen = await import("@gorules/zen-engine");
const zenRules = {
  pledge: "min([loan * 0.01, 100000])",
  service: "min([guarantee + appraisal, 100000])",
  insurance: "key_firm ? min([premium, 300000]) : 0",
  excluded: "disputed or breach",
};
const zenRate = time("@gorules/zen-engine (expressions, float)", REFERENCE_N, (i) => {
  const app = ascii[i];
  if (zen.evaluateExpressionSync(zenRules.excluded, app)) return false;
  return zen.evaluateExpressionSync(zenRules.pledge, app) + zen.evaluateExpressionSync(zenRules.service, app) + zen.evaluateExpressionSync(zenRules.insurance, app) >= 0;
});
const feelin = await import("feelin");
const feelRules = ["min(loan * 0.01, 100000)", "min(guarantee + appraisal, 100000)", "if key_firm then min(premium, 300000) else 0", "disputed or breach"];
// feelin parses each expression on every call (about a thousand evaluations a second): a smaller sample.
const feelRate = time("feelin (FEEL, float)", Math.min(REFERENCE_N, 5_000), (i) => {
  const app = ascii[i];
  if (feelin.evaluate(feelRules[3], app).value) return false;
  return feelin.evaluate(feelRules[0], app).value + feelin.evaluate(feelRules[1], app).value + feelin.evaluate(feelRules[2], app).value >= 0;
});

const ratio = offRate / handRate;
console.log(`  emitted (trace off) / hand-written = ${ratio.toFixed(2)}×   goal ≥ 0.5×   ${ratio >= 0.5 ? "met" : "NOT MET"}`);
console.log(`  emitted (trace on)  = ${Math.round(onRate).toLocaleString("en")} evals/s   goal ≥ 1,000,000   ${onRate >= 1_000_000 ? "met" : "NOT MET"}`);
console.log(`  for reference: zen-engine ${(zenRate / offRate).toFixed(3)}×, feelin ${(feelRate / offRate).toFixed(3)}× the emitted module`);
