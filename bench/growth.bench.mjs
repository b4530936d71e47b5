/**
 * Does the compiler stay linear? Every phase (lexing; parsing line by line into AST, item by item,
 * timed as parse() less the lexing; checking; lowering to IR; emitting TypeScript) timed on
 * generated policies of 5,000, 10,000, 20,000 and 40,000 articles; the ratio per doubling should
 * stay ≤ 2.2 in each phase. Then the peak memory (max RSS) of
 * `kuan check` on the 20,000-article policy, as a user runs it (bin/kuan.mjs in a child process):
 * goal ≤ 500 MB.
 *
 *   node bench/growth.bench.mjs [--articles 5000] [--doublings 3] [--runs 3]
 * Times are CPU times (all threads, so garbage collection counts), median of the runs.
 * Imports build/ (`npm run bench` builds first).
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
import { generatePolicy } from "./generated-policy.mjs";
import { goal, option } from "./lib.mjs";

const START = option("articles", 5_000);
const DOUBLINGS = option("doublings", 3);
const RUNS = option("runs", 3);
const MEMORY_ARTICLES = option("memory-articles", 20_000);

// A full collection before each phase, so that no phase pays for the garbage of the one before.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

function cpu(f) {
  gc();
  const start = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(start);
  return { value, ms: (used.user + used.system) / 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const PHASES = ["lex", "parse", "check", "lower", "emit"];

function phases(source) {
  const lexed = cpu(() => tokenize(source));
  const parsed = cpu(() => parse(source));
  const checked = cpu(() => check(parsed.value.ast, source));
  const lowered = cpu(() => lower(checked.value, source));
  const problems = [...parsed.value.diagnostics, ...checked.value.diagnostics, ...lowered.value.diagnostics];
  if (problems.length > 0) throw new Error(`the generated policy has problems: ${problems.slice(0, 3).map((d) => d.code).join(", ")}`);
  const emitted = cpu(() => emitTypeScript(lowered.value.ir, "generated.kuan"));
  return { lex: lexed.ms, parse: parsed.ms - lexed.ms, check: checked.ms, lower: lowered.ms, emit: emitted.ms };
}

console.log(`growth: each phase on generated policies of ${START.toLocaleString("en")} to ${(START * 2 ** DOUBLINGS).toLocaleString("en")} articles, CPU ms, median of ${RUNS} (node ${process.version})`);
phases(generatePolicy(500)); // warm up
const sizes = Array.from({ length: DOUBLINGS + 1 }, (_, k) => START * 2 ** k);
const rows = [];
for (const articles of sizes) {
  const source = generatePolicy(articles);
  const runs = Array.from({ length: RUNS }, () => phases(source));
  const row = Object.fromEntries(PHASES.map((p) => [p, median(runs.map((r) => r[p]))]));
  rows.push(row);
  console.log(`  ${articles.toLocaleString("en").padStart(7)} articles ${String(source.length).padStart(9)} chars  ${PHASES.map((p) => `${p} ${row[p].toFixed(0).padStart(5)}`).join("  ")}`);
}
console.log("  goals (worst ratio per doubling in each phase):");
for (const p of PHASES) {
  const ratios = rows.slice(1).map((r, k) => r[p] / Math.max(rows[k][p], 0.5));
  goal(`${p.padEnd(5)} growth per doubling`, Math.max(...ratios), 2.2, "×", "", true);
}

// Peak memory of the real command on one big policy.
const scratch = mkdtempSync(join(tmpdir(), "kuan-growth-"));
const file = join(scratch, `policy-${MEMORY_ARTICLES}.kuan`);
writeFileSync(file, generatePolicy(MEMORY_ARTICLES));
const hook = `data:text/javascript,${encodeURIComponent('import { writeSync } from "node:fs"; process.on("exit", () => writeSync(2, `\\nmaxrss ${process.resourceUsage().maxRSS}\\n`));')}`;
const bin = fileURLToPath(new URL("../bin/kuan.mjs", import.meta.url));
const started = process.hrtime.bigint();
const run = spawnSync(process.execPath, ["--import", hook, bin, "check", file], { encoding: "utf8", maxBuffer: 1 << 26 });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
rmSync(scratch, { recursive: true, force: true });
const rss = /maxrss (\d+)/.exec(run.stderr ?? "");
if (run.status !== 0 || !rss) throw new Error(`kuan check on ${MEMORY_ARTICLES} articles failed (exit ${run.status}): ${(run.stderr ?? "").slice(0, 400)}`);
console.log(`  kuan check on ${MEMORY_ARTICLES.toLocaleString("en")} articles: ${seconds.toFixed(1)} s wall`);
goal(`kuan check peak memory (max RSS), ${MEMORY_ARTICLES.toLocaleString("en")} articles`, Number(rss[1]) / 1024, 500, " MB", "", true);
