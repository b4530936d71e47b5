/**
 * `kuan test [FILES|DIRS]`: runs every example (例 / example) of the policies given (default:
 * policies/), a pass/fail line per example and a closing `N passed, N failed` line. A policy that
 * does not compile counts as one failure. Exit 1 on any failure.
 */
import { visible } from "../diagnostics/visible.js";
import { runExamples } from "../pipeline.js";
import { EXIT, type Command } from "./command.js";
import { loadSources } from "./files.js";
import { useColour, type CliIo } from "./io.js";
import { detectLanguage, isLang, localeLanguage, type Lang } from "./language.js";
import { compileOrReport } from "./policy-errors.js";
import { styles } from "./render.js";
import { parseCommandArgs, UsageError } from "./usage.js";

const USAGE = "kuan test [FILE|DIR…] [--lang zh|en]";

async function runTest(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("test", args, { lang: { type: "string" } });
  if (values.lang !== undefined && !isLang(values.lang)) throw new UsageError({ zh: "--lang 只能是 zh 或 en", en: "--lang must be zh or en" }, "test");
  const uiLang: Lang = (values.lang as Lang | undefined) ?? localeLanguage(io.env);
  const { sources, problems } = await loadSources(positionals.length > 0 ? positionals : ["policies"], io);
  for (const p of problems) io.stderr.write(`kuan: ${p[uiLang]}\n`);
  const style = styles(useColour(io.stdout, io.env));
  let passed = 0;
  let failed = 0;
  for (const source of sources) {
    const lang: Lang = (values.lang as Lang | undefined) ?? detectLanguage(source.text);
    const result = compileOrReport(source.name, source.text, lang, io);
    if (!result) {
      failed++;
      io.stdout.write(`${style.error("✗")} ${visible(source.name)}: ${lang === "zh" ? "政策有错误，例子无法运行" : "the policy has errors; its examples cannot run"}\n`);
      continue;
    }
    for (const example of runExamples(result)) {
      if (example.passed) {
        passed++;
        io.stdout.write(`${"✓"} ${visible(source.name)}: ${visible(example.title)}\n`);
      } else {
        failed++;
        io.stdout.write(`${style.error("✗")} ${visible(source.name)}: ${visible(example.title)}\n`);
        for (const f of example.failures) io.stdout.write(`    ${visible(f[lang])}\n`);
      }
    }
  }
  io.stdout.write(`${passed} passed, ${failed} failed\n`);
  if (problems.length > 0) return EXIT.usage;
  return failed > 0 ? EXIT.problems : EXIT.ok;
}

export const testCommand: Command = {
  name: "test",
  summary: { zh: "运行政策文件中的例子", en: "run the examples in policy files" },
  usage: USAGE,
  options: [
    { flag: "FILE|DIR…", text: { zh: "政策文件或文件夹（默认 policies/）", en: "policy files or folders (default: policies/)" } },
    { flag: "--lang zh|en", text: { zh: "信息的语言（默认：按文件所用关键字）", en: "language of messages (default: that of the file's keywords)" } },
  ],
  run: runTest,
};
