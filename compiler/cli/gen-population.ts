/**
 * `kuan gen-population POLICY --count N --seed S -o FILE`: a synthetic population (CSV) that
 * respects the policy's input types and puts weight on its thresholds and caps; the same seed
 * gives the same file.
 */
import { writeFileSync } from "node:fs";
import { EXIT, type Command } from "./command.js";
import { loadSources } from "./files.js";
import type { CliIo } from "./io.js";
import { detectLanguage, localeLanguage, type Lang } from "./language.js";
import { compileOrReport } from "./policy-errors.js";
import { parseCommandArgs, UsageError } from "./usage.js";

const USAGE = "kuan gen-population POLICY --count N --seed S -o FILE [--as-of YYYY-MM-DD]";

function wholeNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError({ zh: `${flag} 应为非负整数`, en: `${flag} must be a whole number` }, "gen-population");
  return Number(value);
}

async function runGen(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("gen-population", args, {
    count: { type: "string" },
    seed: { type: "string" },
    output: { type: "string", short: "o" },
    "as-of": { type: "string" },
    lang: { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError({ zh: "请给出一个政策文件", en: "give exactly one policy file" }, "gen-population");
  if (values.output === undefined) throw new UsageError({ zh: "请用 -o 给出输出文件", en: "give the output file with -o" }, "gen-population");
  const count = wholeNumber("--count", values.count, 1000);
  const seed = wholeNumber("--seed", values.seed, 1);
  const uiLang: Lang = values.lang === "zh" || values.lang === "en" ? values.lang : localeLanguage(io.env);
  const { sources, problems } = await loadSources(positionals, io);
  const source = sources[0];
  if (problems.length > 0 || !source) {
    for (const p of problems) io.stderr.write(`kuan: ${p[uiLang]}\n`);
    return EXIT.usage;
  }
  const result = compileOrReport(source.name, source.text, detectLanguage(source.text), io);
  if (!result?.ir) return EXIT.problems;
  const { generatePopulation } = await import("../diff/gen-population.js");
  const csv = generatePopulation(result.ir, { count, seed, ...(values["as-of"] !== undefined ? { date: values["as-of"] } : {}) });
  try {
    writeFileSync(values.output, csv);
  } catch (error) {
    io.stderr.write(`kuan: ${uiLang === "zh" ? `无法写入 ${values.output}` : `cannot write ${values.output}`}: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  io.stderr.write(uiLang === "zh" ? `已写入 ${count} 份申报到 ${values.output}\n` : `wrote ${count} applications to ${values.output}\n`);
  return EXIT.ok;
}

export const genPopulationCommand: Command = {
  name: "gen-population",
  summary: { zh: "为政策生成一批合成申报（CSV），偏重门槛与上限附近的取值", en: "generate a synthetic population (CSV) for a policy, weighted on its thresholds and caps" },
  usage: USAGE,
  options: [
    { flag: "--count N", text: { zh: "申报份数（默认 1000）", en: "how many applications (default 1000)" } },
    { flag: "--seed S", text: { zh: "随机种子：同一种子生成同一文件（默认 1）", en: "random seed: the same seed gives the same file (default 1)" } },
    { flag: "-o FILE", text: { zh: "输出的 CSV 文件", en: "the CSV file to write" } },
  ],
  run: runGen,
};
