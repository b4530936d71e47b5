/**
 * `kuan run POLICY… --applications FILE --ledger grants.db [--as-of DATE] [--report OUT.csv|OUT.jsonl]
 * [--dry-run] [--on-error skip|stop] [--firm-format id|uscc] [--json] [--lang zh|en]`: a batch of
 * applications through the grants ledger (compiler/ledger/run.ts says what is guaranteed).
 * Exit 0: every row processed or already in the ledger; 1: bad rows (skipped, or the run stopped);
 * 2: bad arguments, an unreadable file or a ledger refused.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { EXIT, type Command } from "./command.js";
import { loadSources } from "./files.js";
import type { CliIo } from "./io.js";
import { detectLanguage, isLang, localeLanguage, type Lang } from "./language.js";
import { parseCommandArgs, UsageError } from "./usage.js";

const USAGE = "kuan run POLICY… --applications FILE --ledger grants.db [--as-of YYYY-MM-DD] [--report OUT.csv|OUT.jsonl] [--dry-run] [--on-error skip|stop] [--firm-format id|uscc] [--json]";

/** Problems printed before "… and N more": the report file has them all. */
const SHOWN_PROBLEMS = 50;

async function runRun(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", args, {
    applications: { type: "string" },
    ledger: { type: "string" },
    "as-of": { type: "string" },
    report: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    "on-error": { type: "string", default: "skip" },
    "firm-format": { type: "string", default: "id" },
    json: { type: "boolean", default: false },
    lang: { type: "string" },
  });
  if (values.lang !== undefined && !isLang(values.lang)) throw new UsageError({ zh: "--lang 只能是 zh 或 en", en: "--lang must be zh or en" }, "run");
  if (positionals.length === 0) throw new UsageError({ zh: "请给出政策文件", en: "give the policy files" }, "run");
  if (values.applications === undefined) throw new UsageError({ zh: "请用 --applications 给出申报文件", en: "give the application file with --applications" }, "run");
  if (values.ledger === undefined) throw new UsageError({ zh: "请用 --ledger 给出账本文件", en: "give the ledger file with --ledger" }, "run");
  const onError = values["on-error"];
  if (onError !== "skip" && onError !== "stop") throw new UsageError({ zh: "--on-error 只能是 skip 或 stop", en: "--on-error must be skip or stop" }, "run");
  const firmFormat = values["firm-format"];
  if (firmFormat !== "id" && firmFormat !== "uscc") throw new UsageError({ zh: "--firm-format 只能是 id 或 uscc", en: "--firm-format must be id or uscc" }, "run");
  const report = values.report;
  if (report !== undefined && !/\.(csv|jsonl)$/i.test(report)) throw new UsageError({ zh: "--report 文件名应以 .csv 或 .jsonl 结尾", en: "the --report file must end in .csv or .jsonl" }, "run");
  const uiLang: Lang = (values.lang as Lang | undefined) ?? localeLanguage(io.env);

  const [{ parseDate }, { mergeInputs }, { readApplicationFile }, { runBatch }, { LedgerRefused }] = await Promise.all([
    import("@kuan/runtime/internal"),
    import("../applications/index.js"),
    import("../applications/node.js"),
    import("../ledger/run.js"),
    import("../ledger/schema.js"),
  ]);
  const asOfDate = values["as-of"] === undefined ? undefined : parseDate(values["as-of"]);
  if (asOfDate !== undefined && !asOfDate.ok) throw new UsageError({ zh: `--as-of 应为日期 YYYY-MM-DD：${values["as-of"]}`, en: `--as-of should be a date YYYY-MM-DD: ${values["as-of"]}` }, "run");

  const { sources, problems } = await loadSources(positionals, io);
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`kuan: ${p[uiLang]}\n`);
    return EXIT.usage;
  }
  const lang: Lang = (values.lang as Lang | undefined) ?? detectLanguage(sources[0]?.text ?? "");
  const { compileOrReport } = await import("./policy-errors.js");
  const policies = [];
  for (const s of sources) {
    const compiled = compileOrReport(s.name, s.text, lang, io);
    if (!compiled?.ir) return EXIT.problems;
    policies.push({ ir: compiled.ir, sha256: createHash("sha256").update(s.text).digest("hex") });
  }
  const merged = mergeInputs(policies.map((p) => p.ir));
  if (!merged.ok) {
    for (const p of merged.problems) io.stderr.write(`kuan: ${p.field}: ${p[lang]}\n`);
    return EXIT.problems;
  }
  const file = await readApplicationFile(values.applications, merged.inputs, firmFormat, () => io.readStdin());
  if (!file.ok) {
    io.stderr.write(`kuan: ${file[uiLang]}\n`);
    return EXIT.usage;
  }
  const fileSha256 = values.applications === "-" ? "" : createHash("sha256").update(readFileSync(values.applications)).digest("hex");
  const progress = progressReporter(io, lang);
  let summary;
  try {
    summary = runBatch({
      ledger: values.ledger,
      fileName: values.applications,
      fileSha256,
      file: file.file,
      policies,
      ...(asOfDate?.ok ? { asOf: asOfDate.value } : {}),
      dryRun: values["dry-run"],
      onError,
      progress,
      // Each row's decision is kept for the report only.
      keepRows: report !== undefined,
      // Applications per transaction; tests set it small to be killed between more commits.
      ...(io.env.KUAN_RUN_GROUP_SIZE ? { groupSize: Number(io.env.KUAN_RUN_GROUP_SIZE) || 500 } : {}),
    });
  } catch (error) {
    progress.clear();
    if (error instanceof LedgerRefused) {
      io.stderr.write(`kuan: ${error.text[lang]}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  progress.clear();
  const { renderProblem, renderSummary, summaryJson, reportCsv, reportJsonl } = await import("../ledger/report.js");
  summary.problems.slice(0, SHOWN_PROBLEMS).forEach((p) => io.stderr.write(`kuan: ${renderProblem(values.applications ?? "", p, lang)}\n`));
  if (summary.problems.length > SHOWN_PROBLEMS) {
    const more = summary.problems.length - SHOWN_PROBLEMS;
    io.stderr.write(`kuan: ${lang === "zh" ? `……另有 ${more} 处问题${report ? `，见 ${report}` : "（用 --report 全部列出）"}` : `… and ${more} more problems${report ? `: see ${report}` : " (--report lists them all)"}`}\n`);
  }
  for (const w of summary.warnings) io.stderr.write(`kuan: ${lang === "zh" ? "警告" : "warning"}: ${w[lang]}\n`);
  if (report !== undefined) writeFileSync(report, /\.csv$/i.test(report) ? reportCsv(summary) : reportJsonl(summary));
  io.stdout.write(values.json ? summaryJson(summary) : renderSummary(summary, { file: values.applications, ledger: values.ledger, policies: policies.map((p) => p.ir) }, lang));
  return summary.problems.length > 0 ? EXIT.problems : EXIT.ok;
}

interface Progress {
  (done: number, total: number): void;
  clear(): void;
}

/** A bar redrawn in place on a terminal; plain lines at every tenth otherwise. */
function progressReporter(io: CliIo, lang: Lang): Progress {
  const tty = io.stderr.isTTY;
  let lastDraw = 0;
  let lastTenth = 0;
  let drawn = false;
  const word = lang === "zh" ? "已处理" : "processed";
  const report = ((done: number, total: number) => {
    if (total === 0) return;
    if (tty) {
      const now = Date.now();
      if (done < total && now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      io.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.floor((done / total) * 100)).padStart(3)}%  ${word} ${done}/${total}`);
      drawn = true;
    } else {
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth || done === total) {
        if (tenth === lastTenth && done !== total) return;
        lastTenth = tenth;
        io.stderr.write(`kuan run: ${word} ${done}/${total}\n`);
      }
    }
  }) as Progress;
  report.clear = () => {
    if (drawn) io.stderr.write("\r\u001b[2K");
    drawn = false;
  };
  return report;
}

export const runCommand: Command = {
  name: "run",
  summary: { zh: "按账本批量处理申报：不重复、可中断续跑", en: "process a batch of applications through a grants ledger: no double grants, safe to kill and re-run" },
  usage: USAGE,
  options: [
    { flag: "--applications FILE", text: { zh: "申报文件：带表头的 CSV 或 JSON Lines（列：id、firm、project、date、各申报项）", en: "the applications: CSV with a header, or JSON Lines (id, firm, project, date, the policy's inputs)" } },
    { flag: "--ledger FILE", text: { zh: "账本（SQLite 文件，不存在则新建）", en: "the ledger (an SQLite file, created if missing)" } },
    { flag: "--as-of YYYY-MM-DD", text: { zh: "只处理此日及以前的申报，其余留待以后", en: "process applications dated up to this day; leave later ones for a later run" } },
    { flag: "--report FILE", text: { zh: "逐条结果写入 .csv 或 .jsonl", en: "write every row's result to a .csv or .jsonl file" } },
    { flag: "--dry-run", text: { zh: "只计算，不写账本", en: "decide everything, write nothing" } },
    { flag: "--on-error skip|stop", text: { zh: "有问题的行：跳过（默认）或停止", en: "a bad row: skip it (default) or stop" } },
    { flag: "--firm-format id|uscc", text: { zh: "企业标识格式：字母数字（默认）或统一社会信用代码", en: "firm ids: letters and digits (default) or unified social credit codes" } },
    { flag: "--json", text: { zh: "以 JSON 输出汇总", en: "print the summary as JSON" } },
  ],
  run: runRun,
};
