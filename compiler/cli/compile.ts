/**
 * `kuan compile FILE… -o DIR`: writes, for each policy, `DIR/<name>.ts` (the evaluator module,
 * importing only `@kuan/runtime`) and `DIR/<name>.schema.json` (the input's JSON Schema). Nothing
 * is written for a policy with errors.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { emit } from "../pipeline.js";
import { EXIT, type Command } from "./command.js";
import { loadSources } from "./files.js";
import type { CliIo } from "./io.js";
import { detectLanguage, isLang, localeLanguage, type Lang } from "./language.js";
import { compileOrReport } from "./policy-errors.js";
import { parseCommandArgs, UsageError } from "./usage.js";

const USAGE = "kuan compile FILE… -o DIR [--lang zh|en]";

async function runCompile(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("compile", args, { out: { type: "string", short: "o" }, lang: { type: "string" } });
  if (values.lang !== undefined && !isLang(values.lang)) throw new UsageError({ zh: "--lang 只能是 zh 或 en", en: "--lang must be zh or en" }, "compile");
  if (positionals.length === 0) throw new UsageError({ zh: "请给出要编译的政策文件", en: "give at least one policy file" }, "compile");
  if (values.out === undefined) throw new UsageError({ zh: "请用 -o 给出输出文件夹", en: "give the output folder with -o" }, "compile");
  const uiLang: Lang = (values.lang as Lang | undefined) ?? localeLanguage(io.env);
  const { sources, problems } = await loadSources(positionals, io);
  for (const p of problems) io.stderr.write(`kuan: ${p[uiLang]}\n`);
  let failed = false;
  const written = new Set<string>();
  for (const source of sources) {
    const lang: Lang = (values.lang as Lang | undefined) ?? detectLanguage(source.text);
    const result = compileOrReport(source.name, source.text, lang, io);
    const emitted = result && emit(result);
    if (!emitted) {
      failed = true;
      continue;
    }
    const stem = basename(source.name).replace(/\.kuan$/, "").replace(/[^\p{L}\p{N}._-]/gu, "_") || "policy";
    if (written.has(stem)) {
      io.stderr.write(`kuan: ${lang === "zh" ? `两个文件都会写成 ${stem}.ts，请分开编译` : `two files would both be written as ${stem}.ts; compile them separately`}\n`);
      return EXIT.usage;
    }
    written.add(stem);
    try {
      mkdirSync(values.out, { recursive: true });
      writeFileSync(join(values.out, `${stem}.ts`), emitted.typescript);
      writeFileSync(join(values.out, `${stem}.schema.json`), emitted.schema);
    } catch (error) {
      io.stderr.write(`kuan: ${lang === "zh" ? `无法写入 ${values.out}` : `cannot write to ${values.out}`}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    io.stdout.write(`${join(values.out, `${stem}.ts`)}\n${join(values.out, `${stem}.schema.json`)}\n`);
  }
  if (problems.length > 0) return EXIT.usage;
  return failed ? EXIT.problems : EXIT.ok;
}

export const compileCommand: Command = {
  name: "compile",
  summary: { zh: "把政策编译为 TypeScript 计算模块及输入的 JSON Schema", en: "compile policies to TypeScript evaluator modules and input JSON Schemas" },
  usage: USAGE,
  options: [
    { flag: "-o, --out DIR", text: { zh: "输出文件夹", en: "the output folder" } },
    { flag: "--lang zh|en", text: { zh: "错误信息的语言", en: "language of error messages" } },
  ],
  run: runCompile,
};
