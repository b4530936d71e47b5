/**
 * "Did you mean" at the sizes the fuzz campaign found quadratic (2.6 s for a 10,000-character name
 * with one typo, 39 s for 30,000, a 1 MB name never ending, 45 s for 3,000 misspelt uses among
 * 3,000 inputs). Each case is `kuan check`'s work on a whole policy (compile), CPU time, the
 * fastest of 3. Goal: each under a second; the many-names cases at 1,500, 3,000 and 6,000 show how
 * the count scales. test/fuzz/suggest.test.ts checks the answers.
 *
 *   npm run bench -- suggest
 * Imports build/ (run `npm run build` first; `npm run bench` does).
 */
import { compile } from "../build/compiler/pipeline.js";
import { goal } from "./lib.mjs";

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** A policy declaring `name` and using it once with one character changed in the middle. */
function misspelt(name) {
  const at = Math.floor(name.length / 2);
  const typo = `${name.slice(0, at)}x${name.slice(at + 1)}`;
  return ["政策 测试 版本 2022", "申报 企业:", `  「${name}」: 金额`, "第一条:", `  资助 甲 = 「${typo}」`].join("\n");
}

function manyMisspelt(n) {
  const names = Array.from({ length: n }, (_, i) => `input_${String(i).padStart(4, "0")}_amount`);
  return ["政策 测试 版本 2022", "申报 企业:", ...names.map((name) => `  ${name}: 金额`), "第一条:", ...names.map((name, i) => `  资助 r${i} = ${name.replace("input", "inptu")}`)].join("\n");
}

const cases = [
  ["a 10,000-character name with one typo", misspelt("专利".repeat(2500) + "a".repeat(5000))],
  ["a 30,000-character name with one typo", misspelt("专利资助".repeat(7500))],
  ["a 1 MB name with one typo", misspelt("b".repeat(1_000_000))],
  ["1,500 misspelt uses among 1,500 inputs", manyMisspelt(1500)],
  ["3,000 misspelt uses among 3,000 inputs", manyMisspelt(3000)],
  ["6,000 misspelt uses among 6,000 inputs", manyMisspelt(6000)],
];

for (const [label, source] of cases) {
  let best = Infinity;
  let suggested = 0;
  for (let round = 0; round < 3; round++) {
    const start = cpu();
    const result = compile(source);
    best = Math.min(best, cpu() - start);
    suggested = result.diagnostics.filter((d) => d.code === "K2001" && d.args?.suggestion !== undefined).length;
  }
  console.log(`  ${label}: ${best.toFixed(3)} s CPU, ${suggested} suggestion(s)`);
  goal(`check, ${label} (cpu)`, best, 1, "s", "< 1 s", true);
}
