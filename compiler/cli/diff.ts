/**
 * `kuan diff OLD.kuan NEW.kuan [--lang zh|en] [--json] [--html OUT.html] [--population FILE]
 * [--as-of DATE]`: what changed in meaning between two versions, a witness for every changed
 * output, and with a population what it costs. Exit 0: no change in meaning; 1: changes; 2: an
 * error (a file that does not compile: its diagnostics; a bad population row: its line and field).
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "./command.js";
import { cannotRead, loadSources } from "./files.js";
import { checkedUtf8, type CliIo } from "./io.js";
import { detectLanguage, isLang, localeLanguage, type Lang } from "./language.js";
import { compileOrReport } from "./policy-errors.js";
import { parseCommandArgs, UsageError } from "./usage.js";

const USAGE = "kuan diff OLD.kuan NEW.kuan [--lang zh|en] [--json] [--html OUT.html] [--population FILE] [--as-of YYYY-MM-DD]";

/** Exit statuses of `kuan diff` (its own: 1 means "changes", as for diff(1)). */
const DIFF_EXIT = { same: 0, changed: 1, error: 2 } as const;

async function runDiff(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("diff", args, {
    lang: { type: "string" },
    json: { type: "boolean", default: false },
    html: { type: "string" },
    population: { type: "string" },
    "as-of": { type: "string" },
  });
  if (values.lang !== undefined && !isLang(values.lang)) throw new UsageError({ zh: "--lang 只能是 zh 或 en", en: "--lang must be zh or en" }, "diff");
  if (positionals.length !== 2) throw new UsageError({ zh: "请给出两个政策文件：旧版 新版", en: "give two policy files: OLD NEW" }, "diff");
  if (values["as-of"] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values["as-of"])) throw new UsageError({ zh: "--as-of 应为 YYYY-MM-DD", en: "--as-of must be YYYY-MM-DD" }, "diff");
  const uiLang: Lang = (values.lang as Lang | undefined) ?? localeLanguage(io.env);
  const { sources, problems } = await loadSources(positionals, io);
  const [oldSource, newSource] = sources;
  if (problems.length > 0 || !oldSource || !newSource) {
    for (const p of problems) io.stderr.write(`kuan: ${p[uiLang]}\n`);
    if (problems.length === 0) io.stderr.write(`kuan: ${uiLang === "zh" ? "两个文件是同一个" : "the two files are the same file"}\n`);
    return DIFF_EXIT.error;
  }
  const lang: Lang = (values.lang as Lang | undefined) ?? detectLanguage(newSource.text);
  const oldResult = compileOrReport(oldSource.name, oldSource.text, (values.lang as Lang | undefined) ?? detectLanguage(oldSource.text), io);
  const newResult = compileOrReport(newSource.name, newSource.text, lang, io);
  if (!oldResult || !newResult) return DIFF_EXIT.error;

  const { diff, diffImpact } = await import("../pipeline.js");
  const { renderDiffText } = await import("../diff/render-text.js");
  const options = values["as-of"] !== undefined ? { asOf: values["as-of"] } : {};
  const report = diff(oldResult, newResult, options);
  if (!report) return DIFF_EXIT.error;

  let impact = null;
  if (values.population !== undefined) {
    // A file is handed over as its bytes (checked to be UTF-8): the population reader reads them where they stand.
    let text: string | Uint8Array;
    try {
      text = values.population === "-" ? await io.readStdin() : checkedUtf8(readFileSync(values.population));
    } catch (error) {
      io.stderr.write(`kuan: ${cannotRead(values.population, error)[uiLang]}\n`);
      return DIFF_EXIT.error;
    }
    const result = diffImpact(oldResult, newResult, values.population, text);
    if (!result || !result.report) {
      for (const e of result?.errors ?? []) io.stderr.write(`kuan: ${values.population}:${e.line}: ${e.field}: ${e[lang]}\n`);
      return DIFF_EXIT.error;
    }
    impact = result.report;
  }

  if (values.html !== undefined) {
    const { renderDiffHtml } = await import("../diff/render-html.js");
    try {
      writeFileSync(values.html, renderDiffHtml(report, impact));
    } catch (error) {
      io.stderr.write(`kuan: ${uiLang === "zh" ? `无法写入 ${values.html}` : `cannot write ${values.html}`}: ${(error as Error).message}\n`);
      return DIFF_EXIT.error;
    }
  }
  if (values.json) io.stdout.write(`${JSON.stringify(impact ? { ...report, impact } : report, null, 2)}\n`);
  else {
    io.stdout.write(renderDiffText(report, lang));
    if (impact) {
      const { renderImpactText } = await import("../diff/render-text.js");
      io.stdout.write(`\n${renderImpactText(impact, lang)}`);
    }
  }
  return report.changes.length > 0 ? DIFF_EXIT.changed : DIFF_EXIT.same;
}

export const diffCommand: Command = {
  name: "diff",
  summary: { zh: "比较政策的两个版本：含义上的变化、每项变化的见证申报、对一批申报的影响", en: "compare two versions of a policy: changes in meaning, a witness for each, the impact on a population" },
  usage: USAGE,
  options: [
    { flag: "--json", text: { zh: "输出 JSON（变化、见证、影响）", en: "print JSON (changes, witnesses, impact)" } },
    { flag: "--html OUT.html", text: { zh: "另写一份独立的双语 HTML 报告（内嵌 SVG 图，无需联网）", en: "also write a self-contained bilingual HTML report (inline SVG plots, no network)" } },
    { flag: "--population FILE", text: { zh: "一批申报（带表头的 CSV 或 JSON Lines；可选列 firm、project、date、history）", en: "a population (CSV with a header or JSON Lines; optional columns firm, project, date, history)" } },
    { flag: "--as-of YYYY-MM-DD", text: { zh: "比较规则所用的日期（默认：新版有效期首日）", en: "the date rules are compared on (default: the new version's first valid day)" } },
  ],
  exitCodes: { zh: "退出码：0 含义无变化，1 有变化，2 出错（文件无法编译时附其诊断）", en: "exit status: 0 no change in meaning, 1 changes, 2 error (a file that does not compile: its diagnostics)" },
  run: runDiff,
};
