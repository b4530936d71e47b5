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
import { goal, option } from "./lib.mjs";

const START = option("articles", 5_000);
const DOUBLINGS = option("doublings", 3);
const RUNS = option("runs", 3);
const MEMORY_ARTICLES = option("memory-articles", 20_000);

/**
 * A policy of `articles` articles in the shapes of the seed measures: rewards with caps and
 * once-per-firm limits, subsidies with yearly caps, year limits and splits, preconditions,
 * eligibility tests with reviews, deadlines in working days, exclusions; rules refer to inputs
 * and to rules of earlier articles.
 */
export function generatePolicy(articles) {
  const inputs = 49; // prime to 6, so that every input meets every shape of article
  const lines = ["政策 生成的政策 版本 2021", "  有效期 2021-01-01 至 2025-12-31", "申报 企业:"];
  for (let i = 0; i < inputs; i++) lines.push(`  融资额${i}: 金额`, `  服务费${i}: 金额`, `  专利数${i}: 件`, `  重点${i}: 是否`, `  失信${i}: 是否`, `  期满日${i}: 日期`);
  for (let a = 1; a <= articles; a++) {
    const i = a % inputs;
    const wan = (a % 7) + 2;
    lines.push(`第${a}条 第${a}项措施:`);
    switch (a % 6) {
      case 0:
        lines.push(`  奖励 奖励${a} = 最小(融资额${i} × ${(a % 9) + 1}%, ${wan}0万元) 如果 重点${i} 且 专利数${i} ≥ ${a % 50}件`, "  限 每家企业 一次");
        break;
      case 1:
        lines.push(`  补贴 补贴${a} = 服务费${i} + 融资额${i} × 1%`, `  上限 每家企业 每年 ${wan}万元`, `  限 累计 ${(a % 3) + 1}年`, "  分担 市级 50%，区级 50%");
        break;
      case 2:
        lines.push(`  资助 资助${a} = 补贴${a - 1} × 50% 如果 重点${i}`, `  条件 融资额${i} > 0元`, `  上限 每个项目 ${wan * 10}万元`, "  限 一次性");
        break;
      case 3:
        lines.push(`  资格 可申报${a} = 专利数${i} ≥ 50件 或 (专利数${i} ≥ 20件 且 重点${i})`, `  复核 如果 重点${i} 理由 "可适当放宽"`);
        break;
      case 4:
        lines.push(`  期限 截止${a} = 期满日${i} + 10个工作日`, `  奖励 验收奖励${a} = 如果 专利数${i} ≥ 10件 则 ${wan}万元 否则 1万元`);
        break;
      default:
        lines.push(`  除外 如果 失信${i} 理由 "存在严重失信行为"`);
    }
  }
  return `${lines.join("\n")}\n`;
}

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
