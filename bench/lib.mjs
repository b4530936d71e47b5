/**
 * What the benches share: options, loading an emitted module, and goals. A goal prints as
 * `met` / `NOT MET` with its figure, and is also appended to the file named by KUAN_BENCH_GOALS
 * (run.mjs sets it), so that `npm run bench` lists every goal again at the end.
 */
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
 * Prints `label = figure   goal ≥|≤ target   met|NOT MET`. `atMost`: the figure must not exceed the
 * target (times, memory, growth) instead of reaching it (rates, ratios).
 */
export function goal(label, value, target, unit, note = "", atMost = false) {
  const met = atMost ? value <= target : value >= target;
  const line = `${label} = ${figure(value, unit)}   goal ${note || `${atMost ? "≤" : "≥"} ${figure(target, unit)}`}   ${met ? "met" : "NOT MET"}`;
  console.log(`    ${line}`);
  if (process.env.KUAN_BENCH_GOALS) appendFileSync(process.env.KUAN_BENCH_GOALS, `${JSON.stringify({ line, met })}\n`);
  return met;
}
