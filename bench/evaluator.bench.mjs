/**
 * Evaluator throughput on the Suzhou finance Art. 4–6 + 12 rules (bench/suzhou-art4-6-12.kuan):
 * the emitted module, trace off and on, against bench/handwritten.ts, an exact function written by
 * hand for speed with the same inputs and outputs. Measured interleaved in one process, in
 * several rounds, each round in slices of 5,000 applications that the three take in turn (the
 * order rotating from slice to slice), over the same synthetic
 * applications with each firm's grant list; each round records every application's outcome and
 * amounts and checks them equal across the three, and whole decisions are compared on a sample
 * (and on bad inputs) before timing. @gorules/zen-engine and feelin on the same rules for
 * reference (binary floating point, so not exact). Rates are per CPU second of this process.
 *
 *   node bench/evaluator.bench.mjs [--n 200000] [--rounds 5] [--reference-n 20000]
 * Imports build/ and runtime/dist (`npm run bench` builds first).
 */
import { isDeepStrictEqual } from "node:util";
import { readFileSync } from "node:fs";
import { compile, emit } from "../build/compiler/pipeline.js";
import { goal, option, transpileModule } from "./lib.mjs";

const N = option("n", 200_000);
const ROUNDS = option("rounds", 5);
const REFERENCE_N = Math.min(N, option("reference-n", 20_000));

const result = compile(readFileSync(new URL("./suzhou-art4-6-12.kuan", import.meta.url), "utf8"), { fileName: "bench/suzhou-art4-6-12.kuan" });
if (!result.ok) throw new Error("bench policy does not compile");
const emitted = await transpileModule(emit(result).typescript, "suzhou.mjs");
const hand = await transpileModule(readFileSync(new URL("./handwritten.ts", import.meta.url), "utf8"), "handwritten.mjs");

// Synthetic applications: the loan a whole number of yuan (a JSON number), fees and premium text
// with fen ("12345.67": a JSON number of yuan must be whole), 30% key firms, 4% excluded; every
// tenth firm has earlier grants (pledge, service fees in this and earlier years, insurance).
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const wholeYuan = (max) => Math.floor(random() * max);
const yuan = (max) => {
  const fen = Math.floor(random() * max * 100);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
};
const POLICY_ID = result.ir.id;
const earlier = (rule, article, date, amount, firm = "firm") => ({ policy: POLICY_ID, version: "2021", article, rule, firm, date, amount });
const apps = new Array(N);
const histories = new Array(N);
for (let i = 0; i < N; i++) {
  apps[i] = {
    质押融资额: wholeYuan(20_000_000),
    担保费: yuan(80_000),
    评估费: yuan(50_000),
    是重点企业: random() < 0.3,
    保费: yuan(400_000),
    权属有争议: random() < 0.02,
    严重失信: random() < 0.02,
  };
  const kind = i % 40;
  histories[i] =
    kind === 0 ? [earlier("服务费补贴", "第五条", "2022-02-01", (Math.floor(random() * 9_000_000) / 100).toFixed(2))]
    : kind === 10 ? [earlier("服务费补贴", "第五条", "2021-03-01", "50000.00"), earlier("质押奖励", "第四条", "2021-03-01", 10000)]
    : kind === 20 ? [earlier("服务费补贴", "第五条", "2021-04-01", "40000"), earlier("服务费补贴", "第五条", "2020-04-01", "10000.00"), earlier("保险补贴", "第六条", "2021-04-01", "100000.00")]
    : kind === 30 ? [earlier("保险补贴", "第六条", "2022-01-10", "100000.00"), earlier("服务费补贴", "第五条", "2021-01-01", "0.01", "another")]
    : kind === 35 ? [earlier("服务费补贴", "第五条", "2022-01-10", "100000.00")]
    : [];
}
const optionsOff = histories.map((history) => ({ asOf: "2022-06-30", firm: "firm", history, trace: false }));
const optionsOn = histories.map((history) => ({ asOf: "2022-06-30", firm: "firm", history, trace: true }));

// Same answers first: whole decisions (but the trace, which the hand-written one does not keep) on a
// sample, and the same errors for bad applications.
const withoutTrace = (r) => (r.ok ? { ...r, decision: { ...r.decision, trace: [] } } : r);
for (let i = 0; i < Math.min(N, 20_000); i++) {
  const a = withoutTrace(emitted.evaluate(apps[i], optionsOn[i]));
  const b = withoutTrace(hand.evaluate(apps[i], optionsOff[i]));
  if (!isDeepStrictEqual(a, b)) throw new Error(`emitted and hand-written disagree on application ${i}:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
}
const bad = [null, [], { ...apps[0], 保费: -1 }, { ...apps[0], 担保费: 0.001 }, { ...apps[0], 是重点企业: "是", 保费: "30万元" }, { ...apps[0], extra: 1 }, (({ 评估费, ...rest }) => rest)(apps[0])];
const badOptions = [
  { asOf: "2022-06-30" }, { asOf: "2022-02-30" }, { asOf: "2020-06-30" }, {}, { asOf: "2022-06-30", firm: "" },
  { asOf: "2022-06-30", history: histories[10] }, { asOf: "2022-06-30", firm: "firm", history: [{ ...histories[10][0], rule: "没有" }] },
];
for (const app of bad.concat([apps[1]])) {
  for (const options of badOptions) {
    const a = withoutTrace(emitted.evaluate(app, { ...options, trace: false }));
    const b = withoutTrace(hand.evaluate(app, options));
    if (!isDeepStrictEqual(a, b)) throw new Error(`emitted and hand-written disagree on ${JSON.stringify(app)} with ${JSON.stringify(options)}:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
  }
}

// Each timed loop writes every application's outcome and amounts here, to be compared after the round.
const OUTCOME_CODE = { eligible: 1, "not-eligible": 2, "needs-review": 3 };
const record = () => new Float64Array(N * 4);
const variants = [
  { label: "hand-written exact TypeScript", run: (i) => hand.evaluate(apps[i], optionsOff[i]), rates: [], seen: record() },
  { label: "kuan emitted module, trace off", run: (i) => emitted.evaluate(apps[i], optionsOff[i]), rates: [], seen: record() },
  { label: "kuan emitted module, trace on", run: (i) => emitted.evaluate(apps[i], optionsOn[i]), rates: [], seen: record() },
];

/** Evaluates applications [from, to) with one variant, recording them; returns the CPU seconds taken. */
function timeSlice(variant, from, to) {
  const { run, seen } = variant;
  const cpu = process.cpuUsage();
  for (let i = from; i < to; i++) {
    const r = run(i);
    const d = r.decision;
    const o = d.outputs;
    seen[4 * i] = OUTCOME_CODE[d.outcome];
    seen[4 * i + 1] = o["质押奖励"];
    seen[4 * i + 2] = o["服务费补贴"];
    seen[4 * i + 3] = o["保险补贴"];
  }
  return cpuSeconds(cpu);
}

// A round is every application once per variant, in slices of SLICE taken by each variant in turn
// (the order rotating slice by slice): a burst of load on the shared machine then falls on all three.
const SLICE = 5_000;
function timeRound(round) {
  const seconds = variants.map(() => 0);
  for (let from = 0, k = round; from < N; from += SLICE, k++) {
    const to = Math.min(N, from + SLICE);
    for (let j = 0; j < variants.length; j++) {
      const v = (k + j) % variants.length;
      seconds[v] += timeSlice(variants[v], from, to);
    }
  }
  return seconds.map((s) => N / s);
}

/**
 * CPU seconds (all threads, so the collector's work counts) since `start`: on a machine shared with
 * other jobs, time sliced away from this process would otherwise count as the evaluator's.
 */
const cpuSeconds = (start) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perSecond = (rate) => Math.round(rate).toLocaleString("en").padStart(11);

console.log(`evaluator: Suzhou finance Art. 4–6 + 12, ${N.toLocaleString("en")} synthetic applications with grant lists, ${ROUNDS} interleaved rounds (node ${process.version})`);
for (const v of variants) for (let i = 0; i < Math.min(N, 50_000); i++) v.run(i); // warm up
const ratiosOff = [];
const ratiosOn = [];
for (let round = 0; round < ROUNDS; round++) {
  const rates = new Map();
  timeRound(round).forEach((rate, k) => {
    variants[k].rates.push(rate);
    rates.set(variants[k], rate);
  });
  const [h, off, on] = variants;
  for (let j = 0; j < h.seen.length; j++) {
    if (h.seen[j] !== off.seen[j] || h.seen[j] !== on.seen[j]) throw new Error(`round ${round + 1}: application ${Math.floor(j / 4)} differs (${j % 4 === 0 ? "outcome" : "amount"})`);
  }
  ratiosOff.push(rates.get(off) / rates.get(h));
  ratiosOn.push(rates.get(on) / rates.get(h));
  console.log(`  round ${round + 1}: ${variants.map((v) => `${v.label.split(" ").slice(-2).join(" ")} ${perSecond(rates.get(v)).trim()}/s`).join(", ")}; all ${N.toLocaleString("en")} amounts equal`);
}
for (const v of variants) console.log(`  ${v.label.padEnd(42)} median ${perSecond(median(v.rates))} evals/s`);

// References: the same rules in floating point; neither engine reads Chinese names, so ASCII keys.
async function reference(name) {
  try {
    return await import(name);
  } catch {
    console.log(`  (${name} not installed: npm install --prefix bench)`);
    return null;
  }
}
// The fees and premium are text with fen ("12345.67"): numbers of yuan for these engines, which add text as text.
const ascii = apps.slice(0, REFERENCE_N).map((a) => ({ loan: a.质押融资额, guarantee: Number(a.担保费), appraisal: Number(a.评估费), key_firm: a.是重点企业, premium: Number(a.保费), disputed: a.权属有争议, breach: a.严重失信 }));
function timeReference(label, n, f) {
  const cpu = process.cpuUsage();
  let sink = 0;
  for (let i = 0; i < n; i++) sink += f(ascii[i]) ? 1 : 0;
  const rate = n / cpuSeconds(cpu);
  console.log(`  ${label.padEnd(42)} ${perSecond(rate)} evals/s  (${n.toLocaleString("en")} evals${sink < 0 ? "" : ""})`);
  return rate;
}
const zen = await reference("@gorules/zen-engine");
const zenRate = zen
  ? timeReference("@gorules/zen-engine (expressions, float)", REFERENCE_N, (app) => {
      if (zen.evaluateExpressionSync("disputed or breach", app)) return false;
      return zen.evaluateExpressionSync("min([loan * 0.01, 100000])", app) + zen.evaluateExpressionSync("min([guarantee + appraisal, 100000])", app) + zen.evaluateExpressionSync("key_firm ? min([premium, 300000]) : 0", app) >= 0;
    })
  : null;
const feelin = await reference("feelin");
// feelin parses each expression on every call (about a thousand evaluations a second): a small sample.
const feelRate = feelin
  ? timeReference("feelin (FEEL, float)", Math.min(REFERENCE_N, 2_000), (app) => {
      if (feelin.evaluate("disputed or breach", app).value) return false;
      return feelin.evaluate("min(loan * 0.01, 100000)", app).value + feelin.evaluate("min(guarantee + appraisal, 100000)", app).value + feelin.evaluate("if key_firm then min(premium, 300000) else 0", app).value >= 0;
    })
  : null;

const off = median(variants[1].rates);
const on = median(variants[2].rates);
console.log("  goals:");
goal("emitted (trace off) / hand-written", median(ratiosOff), 0.5, "×");
goal("emitted (trace off) / hand-written, a policy this simple", median(ratiosOff), 0.9, "×");
goal("emitted (trace on) / hand-written", median(ratiosOn), 0.25, "×");
goal("emitted (trace on)", on, 1_000_000, " evals/s");
if (zenRate !== null) console.log(`  for reference: zen-engine ${(zenRate / off).toFixed(3)}×${feelRate !== null ? `, feelin ${(feelRate / off).toFixed(4)}×` : ""} the emitted module (trace off)`);
