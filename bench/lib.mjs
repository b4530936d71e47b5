/**
 * What the benches share: options, loading an emitted module, goals, the generated policy of the
 * compiler benches, and running node in a child process with its CPU time and memory. A goal prints as
 * `met` / `NOT MET` with its figure, and is also appended to the file named by KUAN_BENCH_GOALS
 * (run.mjs sets it), so that `npm run bench` lists every goal again at the end.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/** `--name VALUE` as a number, or the fallback. */
export function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

// bench/ has its own package.json (for the reference engines), so "@kuan/runtime" is pointed at the build directly.
const RUNTIME = new URL("../runtime/dist/index.js", import.meta.url).href;

/** Transpiles a TypeScript module (an emitted evaluator, bench/handwritten.ts) to bench/.out/ and imports it. */
export async function transpileModule(source, file) {
  const { default: ts } = await import("typescript"); // only benches that load emitted code pay for loading the compiler
  const js = ts
    .transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
    .outputText.replace('from "@kuan/runtime"', `from ${JSON.stringify(RUNTIME)}`);
  const dir = fileURLToPath(new URL("./.out/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}${file}`, js);
  return import(pathToFileURL(`${dir}${file}`).href);
}

function figure(value, unit) {
  if (unit === "×") return `${value.toFixed(2)}×`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit}`;
}

/**
 * Prints `label = figure   goal ≥|≤|< target   met|NOT MET`. `atMost`: the figure must not exceed the
 * target (times, memory, growth) instead of reaching it (rates, ratios); "below": it must stay under it.
 */
export function goal(label, value, target, unit, note = "", atMost = false) {
  const met = atMost === "below" ? value < target : atMost ? value <= target : value >= target;
  const line = `${label} = ${figure(value, unit)}   goal ${note || `${atMost === "below" ? "<" : atMost ? "≤" : "≥"} ${figure(target, unit)}`}   ${met ? "met" : "NOT MET"}`;
  console.log(`    ${line}`);
  if (process.env.KUAN_BENCH_GOALS) appendFileSync(process.env.KUAN_BENCH_GOALS, `${JSON.stringify({ line, met })}\n`);
  return met;
}

/** The median of some numbers. */
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The one generated policy of the compiler benches (growth, parse-check): `articles` articles in
 * the shapes of the seed measures, in Chinese keywords. Rewards with caps and once-per-firm limits,
 * subsidies with yearly caps, year limits and city/district splits, grants from an earlier
 * article's rule with preconditions and project caps, eligibility tests with and/or and a review,
 * deadlines in working days, exclusions; every input meets every shape (49 inputs, prime to 6).
 * It compiles without a diagnostic (the benches check).
 */
export function generatePolicy(articles) {
  const inputs = 49;
  const lines = ["政策 生成的政策 版本 2021", "  有效期 2021-01-01 至 2025-12-31", '  废止 "苏财科字〔2009〕88号"', "申报 企业:"];
  for (let i = 0; i < inputs; i++) lines.push(`  融资额${i}: 金额`, `  服务费${i}: 金额`, `  专利数${i}: 件`, `  境外申请${i}: 件`, `  重点${i}: 是否`, `  失信${i}: 是否`, `  期满日${i}: 日期`);
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
        lines.push(`  资格 可申报${a} = (专利数${i} ≥ 50件 且 境外申请${i} ≥ 5件) 或 (专利数${i} ≥ 20件 且 重点${i})`, `  复核 如果 重点${i} 理由 "可适当放宽"`);
        break;
      case 4:
        lines.push(`  期限 截止${a} = 期满日${i} + 10个工作日`, `  奖励 验收奖励${a} = 如果 专利数${i} ≥ 10件 则 ${wan}万元 否则 1万元`);
        break;
      default:
        lines.push(`  除外 如果 失信${i} 或 融资额${i} < 1元 理由 "存在严重失信行为"`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Random bytes from a fixed seed (xorshift32), read as Latin-1 text: every byte one character. */
export function randomText(bytes, seed) {
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

/**
 * `node [nodeArgs] args` in a child process, as a user runs it: exit status, output, wall time, and
 * the child's own CPU time (user + system, all threads, from its start) and peak memory, which
 * bench/exit-usage.cjs (loaded first with -r) reports as it exits.
 */
export function runNode(args, options = {}) {
  const hook = fileURLToPath(new URL("./exit-usage.cjs", import.meta.url));
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["-r", hook, ...args], { encoding: "utf8", maxBuffer: 1 << 28, ...options });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = /\nkuan-bench-usage cpu (\d+) maxrss (\d+)\n$/.exec(run.stderr ?? "");
  if (!usage) throw new Error(`node ${args.join(" ")} ended without reporting its usage (exit ${run.status ?? run.signal}): ${(run.stderr ?? "").slice(0, 400)}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.slice(0, usage.index), wall, cpu: Number(usage[1]) / 1e6, maxRssMb: Number(usage[2]) / 1024 };
}
