/**
 * Parse + check throughput, and garbage. compile() (lexing, parsing, checking, lowering) of the
 * generated policy (lib.mjs; growth.bench.mjs times its phases from 5,000 to 40,000 articles) in
 * lines and articles per CPU second; then check of 512 KB and of 1 MB of random bytes (seeded),
 * which must stay linear too — no error recovery that rescans — and must end with diagnostics, not
 * a crash: goal time(1 MB)/time(512 KB) ≤ 2.2, with the 1 MB time printed.
 *
 *   node bench/parse-check.bench.mjs [--articles 10000] [--runs 3]
 * Times are CPU times of this process, median of the runs. Imports build/ (`npm run bench` builds first).
 */
import { compile } from "../build/compiler/pipeline.js";
import { generatePolicy, goal, median, option, randomText } from "./lib.mjs";

const ARTICLES = option("articles", 10_000);
const RUNS = option("runs", 3);

function cpu(f) {
  const start = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(start);
  return { value, ms: (used.user + used.system) / 1000 };
}

console.log(`parse + check: compile() of generated and of random text, CPU, median of ${RUNS} (node ${process.version})`);
const source = generatePolicy(ARTICLES);
const warm = compile(source);
if (!warm.ok) throw new Error(`the generated policy has errors: ${warm.diagnostics.slice(0, 3).map((d) => d.code).join(", ")}`);
const ms = median(Array.from({ length: RUNS }, () => cpu(() => compile(source)).ms));
const lines = source.split("\n").length;
const perSecond = (n) => Math.round((n / ms) * 1000).toLocaleString("en");
console.log(`  ${ARTICLES.toLocaleString("en")} articles, ${lines.toLocaleString("en")} lines: ${ms.toFixed(0)} ms — ${perSecond(lines)} lines/s, ${perSecond(ARTICLES)} articles/s`);

console.log("  garbage: check of random bytes (every byte a Latin-1 character)");
const garbage = [512, 1024].map((kb) => {
  const text = randomText(kb * 1024, 11);
  compile(randomText(64 * 1024, 5)); // warm up on other garbage
  const timed = Array.from({ length: RUNS }, () => cpu(() => compile(text)));
  const errors = timed[0].value.diagnostics.filter((d) => d.severity === "error").length;
  const t = median(timed.map((x) => x.ms));
  console.log(`    ${String(kb).padStart(5)} KB  ${t.toFixed(0).padStart(6)} ms  ${errors.toLocaleString("en")} errors (the CLI and the editor show 200)`);
  return t;
});
goal("check of 1 MB of random bytes, growth from 512 KB", garbage[1] / garbage[0], 2.2, "×", `≤ 2.20× (1 MB in ${(garbage[1] / 1000).toFixed(2)} s CPU)`, true);
