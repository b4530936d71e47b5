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
import { writeJson, type JsonDiagnostic } from "./json.js";
import { detectLanguage, localeLanguage, type Lang } from "./language.js";
import { compileOrReport } from "./policy-errors.js";
import { styles } from "./render.js";
import { COMMON_OPTIONS, explicitLang, parseCommandArgs, type Bilingual } from "./usage.js";

const USAGE = "kuan test [FILE|DIR…] [--lang zh|en] [--json]";

async function runTest(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("test", args, COMMON_OPTIONS);
  const explicit = explicitLang(values.lang, io, "test");
  const uiLang: Lang = explicit ?? localeLanguage(io.env);
  // --json: the same facts as the lines below, as one document.
  const results: { file: string; title: string | null; passed: boolean; failures: readonly Bilingual[] }[] = [];
  const diagnostics: JsonDiagnostic[] = [];
  const out = values.json ? { write: (_text: string): void => undefined } : io.stdout;
  const { sources, problems } = await loadSources(positionals.length > 0 ? positionals : ["policies"], io);
  for (const p of problems) io.stderr.write(`kuan: ${p[uiLang]}\n`);
  const style = styles(useColour(io.stdout, io.env));
  let passed = 0;
  let failed = 0;
  for (const source of sources) {
    const lang: Lang = explicit ?? detectLanguage(source.text);
    const result = compileOrReport(source.name, source.text, lang, io, values.json ? diagnostics : undefined);
    if (!result) {
      failed++;
      results.push({ file: source.name, title: null, passed: false, failures: [{ zh: "政策有错误，例子无法运行", en: "the policy has errors; its examples cannot run" }] });
      out.write(`${style.error("✗")} ${visible(source.name)}: ${lang === "zh" ? "政策有错误，例子无法运行" : "the policy has errors; its examples cannot run"}\n`);
      continue;
    }
    for (const example of runExamples(result)) {
      results.push({ file: source.name, title: example.title, passed: example.passed, failures: example.failures });
      if (example.passed) {
        passed++;
        out.write(`${"✓"} ${visible(source.name)}: ${visible(example.title)}\n`);
      } else {
        failed++;
        out.write(`${style.error("✗")} ${visible(source.name)}: ${visible(example.title)}\n`);
        for (const f of example.failures) out.write(`    ${visible(f[lang])}\n`);
      }
    }
  }
  if (values.json) writeJson(io, { passed, failed, results, diagnostics });
  else io.stdout.write(`${passed} passed, ${failed} failed\n`);
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
    { flag: "--json", text: { zh: "输出 JSON：{ passed, failed, results, diagnostics }", en: "print JSON: { passed, failed, results, diagnostics }" } },
  ],
  run: runTest,
};
