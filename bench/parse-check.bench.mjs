/**
 * Parse + check throughput on a generated policy of N, 2N and 4N clauses (N ≥ 10,000), and
 * whether time grows linearly: the ratio time(2N)/time(N) should be about 2.
 * Imports build/ (`npm run bench` builds first).
 */
import { compile } from "../build/compiler/pipeline.js";

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const N = arg("clauses", 10_000);

/** A realistic policy: articles with a reward, a condition, a cap, a limit and a split (4 clauses each). */
function policy(clauses) {
  const lines = ["政策 生成的大政策 版本 2021", "  有效期 2021-01-01 至 2023-12-31", "申报 企业:"];
  for (let i = 0; i < 60; i++) lines.push(`  金额${i}: 金额`, `  标志${i}: 是否`, `  专利${i}: 件`);
  for (let a = 0; a < clauses / 4; a++) {
    const i = a % 60;
    lines.push(`第${a + 1}条 条款${a}:`);
    lines.push(`  奖励 奖励${a} = 最小(金额${i} × ${(a % 9) + 1}%, ${(a % 7) + 1}万元) 如果 标志${i} 且 专利${i} ≥ ${a % 50}件`);
    lines.push(`  上限 每家企业 每年 ${(a % 7) + 2}万元`);
    lines.push(`  限 累计 ${(a % 3) + 1}年`);
    lines.push(`  分担 市级 50%，区级 50%`);
  }
  return `${lines.join("\n")}\n`;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(clauses) {
  const source = policy(clauses);
  const lines = source.split("\n").length;
  compile(source); // warm up
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const result = compile(source);
    times.push(performance.now() - start);
    if (!result.ok) throw new Error(`generated policy has errors: ${result.diagnostics.slice(0, 3).map((d) => d.code)}`);
  }
  const ms = median(times);
  console.log(`  ${String(clauses).padStart(6)} clauses ${String(lines).padStart(7)} lines  ${ms.toFixed(0).padStart(6)} ms  ${Math.round((lines / ms) * 1000).toLocaleString("en").padStart(9)} lines/s`);
  return ms;
}

console.log(`parse + check (median of 5 after a warm-up, node ${process.version})`);
const t1 = measure(N);
const t2 = measure(2 * N);
const t4 = measure(4 * N);
const r2 = t2 / t1;
const r4 = t4 / t2;
console.log(`  time(2N)/time(N) = ${r2.toFixed(2)}, time(4N)/time(2N) = ${r4.toFixed(2)}  (linear: about 2)`);
if (r2 > 2.5 || r4 > 2.5) console.log("  WARNING: growth looks worse than linear");
