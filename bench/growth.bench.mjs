/**
 * Does the compiler stay linear? Every phase — lexing; parsing line by line into AST (parse()
 * less the lexing); checking; lowering to IR; emitting TypeScript — and parse + check together,
 * timed on the generated policy (lib.mjs) of 5,000, 10,000, 20,000 and 40,000 articles; the
 * ratio per doubling should stay ≤ 2.2 in each. Then the peak memory (max RSS) of `kuan check`
 * on 20,000 articles, as a user runs it (bin/kuan.mjs in a child process): goal ≤ 500 MB.
 *
 *   node bench/growth.bench.mjs [--articles 5000] [--doublings 3] [--runs 5] [--memory-articles 20000]
 *   node bench/growth.bench.mjs --one 40000        one measurement, as JSON
 * Each measurement is a fresh process (this file with --one N: a warm-up on 500 articles, then
 * every phase once on N), as a user compiles one policy per run, so that no size inherits the heap
 * the sizes before it left. Times are that process's CPU times (all threads, so garbage collection
 * counts), after a full collection before each phase. The runs go round the sizes in turn, so
 * that a change in the machine's load falls on every size alike, and each figure is the fastest of
 * the runs: on a shared machine other jobs only ever add time, and the goal is about how the
 * compiler's own work grows. Imports build/ (`npm run bench` builds first).
 */
import { spawnSync } from "node:child_process";
import v8 from "node:v8";
import vm from "node:vm";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tokenize } from "../build/grammar/lexer.js";
import { parse } from "../build/grammar/index.js";
import { check } from "../build/compiler/check/index.js";
import { lower } from "../build/compiler/ir/from-ast.js";
import { emitTypeScript } from "../build/compiler/emit/typescript.js";
import { generatePolicy, goal, option, runNode } from "./lib.mjs";

const START = option("articles", 5_000);
const DOUBLINGS = option("doublings", 3);
const RUNS = option("runs", 5);
const MEMORY_ARTICLES = option("memory-articles", 20_000);

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

function cpu(f) {
  gc();
  const start = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(start);
  return { value, ms: (used.user + used.system) / 1000 };
}

const PHASES = ["lex", "parse", "check", "lower", "emit", "parse+check"];

function phases(source) {
  const lexed = cpu(() => tokenize(source));
  const parsed = cpu(() => parse(source));
  const checked = cpu(() => check(parsed.value.ast, source));
  const lowered = cpu(() => lower(checked.value, source));
  const problems = [...parsed.value.diagnostics, ...checked.value.diagnostics, ...lowered.value.diagnostics];
  if (problems.length > 0) throw new Error(`the generated policy has problems: ${problems.slice(0, 3).map((d) => d.code).join(", ")}`);
  const emitted = cpu(() => emitTypeScript(lowered.value.ir, "generated.kuan"));
  return { lex: lexed.ms, parse: parsed.ms - lexed.ms, check: checked.ms, lower: lowered.ms, emit: emitted.ms, "parse+check": parsed.ms + checked.ms };
}

const ONE = option("one", 0);
if (ONE > 0) {
  phases(generatePolicy(500)); // warm up
  process.stdout.write(`${JSON.stringify(phases(generatePolicy(ONE)))}\n`);
  process.exit(0);
}

console.log(`growth: each phase on generated policies of ${START.toLocaleString("en")} to ${(START * 2 ** DOUBLINGS).toLocaleString("en")} articles, CPU ms, fastest of ${RUNS} fresh processes (node ${process.version})`);
const sizes = Array.from({ length: DOUBLINGS + 1 }, (_, k) => START * 2 ** k);
const self = fileURLToPath(import.meta.url);
const runs = sizes.map(() => []);
for (let r = 0; r < RUNS; r++) {
  sizes.forEach((articles, k) => {
    const child = spawnSync(process.execPath, [self, "--one", String(articles)], { encoding: "utf8", maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`growth on ${articles} articles failed (exit ${child.status}): ${child.stderr.slice(0, 400)}`);
    runs[k].push(JSON.parse(child.stdout));
  });
}
const rows = runs.map((rs) => Object.fromEntries(PHASES.map((p) => [p, Math.min(...rs.map((x) => x[p]))])));
const chars = sizes.map((articles) => generatePolicy(articles).length);
rows.forEach((row, k) => {
  console.log(`  ${sizes[k].toLocaleString("en").padStart(7)} articles ${String(chars[k]).padStart(9)} chars  ${PHASES.map((p) => `${p} ${row[p].toFixed(0).padStart(5)}`).join("  ")}`);
});
console.log("  goals (the worst ratio per doubling in each phase):");
for (const p of PHASES) {
  const ratios = rows.slice(1).map((row, k) => row[p] / Math.max(rows[k][p], 0.5));
  goal(`${p.padEnd(11)} growth per doubling`, Math.max(...ratios), 2.2, "×", `≤ 2.20× (${ratios.map((x) => x.toFixed(2)).join(", ")})`, true);
}

// Peak memory of the real command on one big policy.
const scratch = mkdtempSync(join(tmpdir(), "kuan-growth-"));
const file = join(scratch, `policy-${MEMORY_ARTICLES}.kuan`);
writeFileSync(file, generatePolicy(MEMORY_ARTICLES));
const run = runNode([fileURLToPath(new URL("../bin/kuan.mjs", import.meta.url)), "check", file]);
rmSync(scratch, { recursive: true, force: true });
if (run.status !== 0) throw new Error(`kuan check on ${MEMORY_ARTICLES} articles failed (exit ${run.status}): ${run.stderr.slice(0, 400)}`);
console.log(`  kuan check on ${MEMORY_ARTICLES.toLocaleString("en")} articles: ${run.cpu.toFixed(1)} s CPU, ${run.wall.toFixed(1)} s wall`);
goal(`kuan check peak memory (max RSS), ${MEMORY_ARTICLES.toLocaleString("en")} articles`, run.maxRssMb, 500, " MB", "", true);
