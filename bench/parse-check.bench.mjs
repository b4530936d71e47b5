/**
 * Parse + check throughput: compile() on a generated, realistic policy of N, 2N and 4N clauses
 * (N = 12,500 by default: 4N is about 20,000 articles), and whether time grows linearly: the
 * goal is time(2N)/time(N) ≤ 2.2 per doubling, printed as met / NOT MET. Then garbage: check of
 * 512 KB and 1 MB of random bytes (seeded), which must stay linear too (no error recovery that
 * rescans). Reports, never fails on timing.
 *
 *   node bench/parse-check.bench.mjs [--clauses N] [--runs R] [--phases]
 *
 * --phases also times each stage (lexing, parsing, CST → AST, checking, lowering) to show where
 * the time goes. Imports build/ (`npm run bench` builds first).
 */
import { tokenize } from "../build/grammar/lexer.js";
import { parseFileLines } from "../build/grammar/lines.js";
import { AstBuilder } from "../build/grammar/to-ast.js";
import { check } from "../build/compiler/check/index.js";
import { lower } from "../build/compiler/ir/from-ast.js";
import { compile } from "../build/compiler/pipeline.js";

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const N = option("clauses", 12_500);
const RUNS = option("runs", 3);
const GOAL = 2.2;
const PHASES = process.argv.includes("--phases");

/**
 * A policy in Chinese keywords with the shapes of the seed measures, article after article:
 * rewards with caps and once-per-firm limits, subsidies with yearly caps, year limits and
 * city/district splits, preconditions, eligibility tests with review, deadlines in working days,
 * exclusions. A clause is one statement (a rule, cap, limit, split, condition, review,
 * exclusion); the generator stops at the first article boundary past `clauses`.
 */
function policy(clauses) {
  const inputs = 40;
  const lines = ["政策 生成的大政策 版本 2021", "  有效期 2021-01-01 至 2025-12-31", '  废止 "苏财科字〔2009〕88号"', "申报 企业:"];
  for (let i = 0; i < inputs; i++) {
    lines.push(`  质押融资额${i}: 金额`, `  担保费${i}: 金额`, `  评估费${i}: 金额`, `  有效发明专利${i}: 件`, `  境外申请${i}: 件`, `  是重点企业${i}: 是否`, `  严重失信${i}: 是否`, `  建设期满日${i}: 日期`);
  }
  let written = 0;
  for (let a = 0; written < clauses; a++) {
    const i = a % inputs;
    const wan = (a % 7) + 2;
    lines.push(`第${a + 1}条 第${a + 1}项措施:`);
    switch (a % 6) {
      case 0:
        lines.push(`  奖励 质押奖励${a} = 最小(质押融资额${i} × ${(a % 9) + 1}%, ${wan}0万元) 如果 是重点企业${i} 且 有效发明专利${i} ≥ ${a % 50}件`);
        lines.push("  限 每家企业 一次");
        written += 2;
        break;
      case 1:
        lines.push(`  补贴 服务费补贴${a} = 担保费${i} + 评估费${i}`);
        lines.push(`  上限 每家企业 每年 ${wan}万元`, `  限 累计 ${(a % 3) + 1}年`, "  分担 市级 50%，区级 50%");
        written += 4;
        break;
      case 2:
        lines.push(`  资助 保费资助${a} = 担保费${i} × 50% 如果 是重点企业${i}`);
        lines.push(`  条件 质押融资额${i} > 0元`, `  上限 每个项目 ${wan * 10}万元`, "  限 一次性");
        written += 4;
        break;
      case 3:
        lines.push(`  资格 可申报${a} = (有效发明专利${i} ≥ 50件 且 境外申请${i} ≥ 5件) 或 (有效发明专利${i} ≥ 20件 且 境外申请${i} ≥ 2件)`);
        lines.push(`  复核 如果 是重点企业${i} 理由 "可适当放宽"`);
        written += 2;
        break;
      case 4:
        lines.push(`  期限 验收截止${a} = 建设期满日${i} + 10个工作日`);
        lines.push(`  奖励 验收奖励${a} = 如果 有效发明专利${i} ≥ 10件 则 ${wan}万元 否则 1万元`);
        written += 2;
        break;
      default:
        lines.push(`  除外 如果 严重失信${i} 或 质押融资额${i} < 1元 理由 "存在严重失信行为"`);
        written += 1;
    }
  }
  return { source: `${lines.join("\n")}\n`, clauses: written, lines: lines.length, articles: lines.filter((l) => l.startsWith("第")).length };
}

function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall-clock and CPU time of one call; CPU time is steadier on a busy machine (it counts GC threads too). */
function timed(f) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = f();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, wall, cpu: (used.user + used.system) / 1000 };
}

function phases(source) {
  const lexed = timed(() => tokenize(source));
  const parsed = timed(() => parseFileLines(lexed.value.tokens));
  const ast = timed(() => new AstBuilder().file(parsed.value.cst, source.length));
  const checked = timed(() => check(ast.value, source));
  const lowered = timed(() => lower(checked.value, source));
  return { lex: lexed.wall, parse: parsed.wall, ast: ast.wall, check: checked.wall, lower: lowered.wall };
}

function measure(clauses) {
  const generated = policy(clauses);
  const warm = compile(generated.source);
  if (!warm.ok) throw new Error(`the generated policy has errors: ${warm.diagnostics.slice(0, 3).map((d) => d.code).join(", ")}`);
  const walls = [];
  const cpus = [];
  for (let i = 0; i < RUNS; i++) {
    const run = timed(() => compile(generated.source));
    walls.push(run.wall);
    cpus.push(run.cpu);
  }
  const wall = median(walls);
  const cpu = median(cpus);
  const perSecond = (n) => Math.round((n / wall) * 1000).toLocaleString("en").padStart(9);
  console.log(
    `  ${String(generated.clauses).padStart(6)} clauses ${String(generated.articles).padStart(6)} articles ${String(generated.lines).padStart(7)} lines  ${wall.toFixed(0).padStart(6)} ms (cpu ${cpu.toFixed(0).padStart(6)} ms)  ${perSecond(generated.lines)} lines/s ${perSecond(generated.clauses)} clauses/s`,
  );
  if (PHASES) {
    const p = phases(generated.source);
    console.log(`         ${Object.entries(p).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(", ")}`);
  }
  return { wall, cpu };
}

console.log(`parse + check: compile() on a generated policy, median of ${RUNS} runs after a warm-up (node ${process.version})`);
const t1 = measure(N);
const t2 = measure(2 * N);
const t4 = measure(4 * N);
const ratio = (a, b) => (a / b).toFixed(2);
const worst = Math.max(t2.wall / t1.wall, t4.wall / t2.wall);
console.log(`  time(2N)/time(N) = ${ratio(t2.wall, t1.wall)}, time(4N)/time(2N) = ${ratio(t4.wall, t2.wall)}  (cpu: ${ratio(t2.cpu, t1.cpu)}, ${ratio(t4.cpu, t2.cpu)}; linear is about 2)`);
console.log(`  growth per doubling ${worst.toFixed(2)}, goal ≤ ${GOAL}: ${worst <= GOAL ? "met" : "NOT MET"}${worst <= GOAL ? "" : " (run with --phases to see which stage)"}`);

/** Random bytes from a fixed seed (xorshift32), read as Latin-1 text: every byte one character. */
function randomText(bytes, seed) {
  let x = seed >>> 0 || 1;
  const codes = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    codes[i] = x & 0xff;
  }
  return Buffer.from(codes).toString("latin1");
}

console.log("garbage: check of random bytes (every byte a Latin-1 character)");
const garbage = [];
for (const kb of [512, 1024]) {
  const source = randomText(kb * 1024, 11);
  const run = timed(() => compile(source));
  garbage.push(run.wall);
  const errors = run.value.diagnostics.filter((d) => d.severity === "error").length;
  console.log(`  ${String(kb).padStart(5)} KB  ${run.wall.toFixed(0).padStart(6)} ms  ${errors.toLocaleString("en")} errors (the CLI and editor show 200)`);
}
console.log(`  time(1 MB)/time(512 KB) = ${ratio(garbage[1], garbage[0])} (linear is about 2)`);
