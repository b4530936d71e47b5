/**
 * `kuan eval FILE --input app.json --as-of DATE [--history grants.json] [--firm ID]
 * [--project ID] [--application ID] [--json] [--lang zh|en] [--no-trace]`: the decision for one
 * application, with its reasons and trace. `--cohort apps.json` evaluates a cohort and applies the policy's quotas. Bad input
 * exits 1 with errors naming the fields; an unreadable file or bad option exits 2.
 */
import { visible } from "../diagnostics/visible.js";
import { readFileSync } from "node:fs";
import { calendarFromJson, evaluate, evaluateCohort, type CohortApplication, type DecisionView } from "../pipeline.js";
import { EXIT, type Command } from "./command.js";
import { loadSources } from "./files.js";
import { decodeUtf8, type CliIo } from "./io.js";
import { writeJson, type JsonDiagnostic } from "./json.js";
import { detectLanguage, localeLanguage, type Lang } from "./language.js";
import { compileOrReport } from "./policy-errors.js";
import { explicitLang, parseCommandArgs, UsageError, type Bilingual } from "./usage.js";

const USAGE = "kuan eval FILE --input app.json --as-of YYYY-MM-DD [--history grants.json] [--calendar cal.json] [--firm ID] [--project ID] [--application ID] [--json] [--lang zh|en] [--no-trace] | kuan eval FILE --cohort apps.json --as-of YYYY-MM-DD …";

/** Reads a JSON file (or `-`), with a clear message naming the file and the place of a syntax error. */
async function readJson(path: string, io: CliIo): Promise<{ ok: true; value: unknown } | { ok: false; problem: Bilingual }> {
  let text: string;
  try {
    text = path === "-" ? await io.readStdin() : decodeUtf8(readFileSync(path));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === "ENOENT" ? { zh: "文件不存在", en: "no such file" } : { zh: String((error as Error).message ?? error), en: String((error as Error).message ?? error) };
    return { ok: false, problem: { zh: `无法读取 ${path}：${why.zh}`, en: `cannot read ${path}: ${why.en}` } };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: { zh: `${path} 不是有效的 JSON：${reason}`, en: `${path} is not valid JSON: ${reason}` } };
  }
}

const OUTCOME: Record<string, Bilingual> = {
  eligible: { zh: "符合", en: "eligible" },
  "not-eligible": { zh: "不符合", en: "not eligible" },
  "needs-review": { zh: "需复核", en: "needs review" },
  "not-applicable": { zh: "不适用", en: "not applicable" },
  computed: { zh: "已计算", en: "computed" },
};

function yuan(amount: string, lang: Lang): string {
  return lang === "zh" ? `${amount} 元` : `${amount} yuan`;
}

export function renderDecision(d: DecisionView, lang: Lang, withTrace: boolean): string {
  const zh = lang === "zh";
  const lines: string[] = [];
  lines.push(`${zh ? "结果" : "Outcome"}: ${OUTCOME[d.outcome]?.[lang] ?? d.outcome}   (${d.title}${d.version ? ` ${d.version}` : ""}, ${zh ? "申报日期" : "as of"} ${d.asOf})`);
  const names = Object.keys(d.outputs);
  if (names.length > 0) {
    lines.push("", zh ? "结果项：" : "Results:");
    for (const name of names) {
      const outcome = d.ruleOutcomes[name];
      lines.push(`  ${name} = ${d.displays[name]?.[lang] ?? String(d.outputs[name])}${outcome ? `   [${OUTCOME[outcome]?.[lang] ?? outcome}]` : ""}`);
    }
  }
  if (d.grants.length > 0) {
    lines.push("", zh ? "本次给予：" : "Granted now:");
    for (const g of d.grants) {
      const payers = g.payers ? `  (${g.payers.map((p) => `${p.payer} ${yuan(p.amount, lang)}`).join(zh ? "，" : ", ")})` : "";
      lines.push(`  ${g.article} ${g.rule}: ${yuan(g.amount, lang)}${payers}`);
    }
  }
  if (d.clawbacks.length > 0) {
    lines.push("", zh ? "应追回：" : "To recover:");
    for (const g of d.clawbacks) lines.push(`  ${g.date} ${g.article} ${g.rule}: ${yuan(g.amount, lang)}`);
  }
  if (d.reasons.length > 0) {
    lines.push("", zh ? "理由：" : "Reasons:");
    // A precondition names the awards it holds back (an exclusion's message already does).
    const rules = (r: (typeof d.reasons)[number]) => (r.kind === "unmet" && r.rules.length > 0 ? ` ${r.rules.join(zh ? "、" : ", ")}` : "");
    for (const r of d.reasons) lines.push(`  ${r.article ? `${r.article}${rules(r)}${zh ? "：" : ": "}` : ""}${r.message[lang]}`);
  }
  if (d.warnings.length > 0) {
    lines.push("", zh ? "注意：" : "Warnings:");
    for (const w of d.warnings) lines.push(`  ${w.code} ${w.field}${zh ? "：" : ": "}${w.message[lang]}`);
  }
  if (withTrace && d.trace.length > 0) {
    lines.push("", zh ? "计算过程：" : "Trace:");
    for (const t of d.trace) lines.push(`  ${t.text[lang]}`);
  }
  return `${lines.join("\n")}\n`;
}

async function runEval(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("eval", args, {
    input: { type: "string" },
    cohort: { type: "string" },
    history: { type: "string" },
    calendar: { type: "string" },
    "as-of": { type: "string" },
    firm: { type: "string" },
    project: { type: "string" },
    application: { type: "string" },
    json: { type: "boolean", default: false },
    lang: { type: "string" },
    "no-trace": { type: "boolean", default: false },
  });
  const explicit = explicitLang(values.lang, io, "eval");
  if (positionals.length !== 1) throw new UsageError({ zh: "请给出一个政策文件", en: "give exactly one policy file" }, "eval");
  if ((values.input === undefined) === (values.cohort === undefined)) throw new UsageError({ zh: "请给出 --input 或 --cohort 之一", en: "give either --input or --cohort" }, "eval");
  const uiLang: Lang = explicit ?? localeLanguage(io.env);
  const { sources, problems } = await loadSources(positionals, io);
  const source = sources[0];
  if (problems.length > 0 || !source) {
    for (const p of problems) io.stderr.write(`kuan: ${p[uiLang]}\n`);
    return EXIT.usage;
  }
  const lang: Lang = explicit ?? detectLanguage(source.text);
  const diagnostics: JsonDiagnostic[] = [];
  const result = compileOrReport(source.name, source.text, lang, io, values.json ? diagnostics : undefined);
  if (!result) {
    if (values.json) writeJson(io, { diagnostics });
    return EXIT.problems;
  }
  let history: unknown;
  if (values.history !== undefined) {
    const h = await readJson(values.history, io);
    if (!h.ok) {
      io.stderr.write(`kuan: ${h.problem[lang]}\n`);
      return EXIT.usage;
    }
    history = h.value;
  }
  let calendar;
  if (values.calendar !== undefined) {
    const c = await readJson(values.calendar, io);
    if (!c.ok) {
      io.stderr.write(`kuan: ${c.problem[lang]}\n`);
      return EXIT.usage;
    }
    const parsed = calendarFromJson(c.value);
    if (!parsed.ok) {
      for (const e of parsed.errors) io.stderr.write(`kuan: ${values.calendar}: ${e.field}: ${e.message[lang]}\n`);
      return EXIT.problems;
    }
    calendar = parsed.calendar;
  }
  const context = {
    ...(calendar !== undefined ? { calendar } : {}),
    ...(values["as-of"] !== undefined ? { asOf: values["as-of"] } : {}),
    ...(values.firm !== undefined ? { firm: values.firm } : {}),
    ...(values.project !== undefined ? { project: values.project } : {}),
    ...(values.application !== undefined ? { application: values.application } : {}),
    ...(history !== undefined ? { history } : {}),
    trace: !values["no-trace"],
  };
  const data = await readJson(values.input ?? values.cohort ?? "", io);
  if (!data.ok) {
    io.stderr.write(`kuan: ${data.problem[lang]}\n`);
    return EXIT.usage;
  }
  if (values.cohort !== undefined) {
    if (!Array.isArray(data.value)) {
      io.stderr.write(`kuan: ${lang === "zh" ? "--cohort 文件应为数组：[{ \"id\", \"input\" }, …]" : "the --cohort file must be an array: [{ \"id\", \"input\" }, …]"}\n`);
      return EXIT.problems;
    }
    const apps = (data.value as unknown[]).map((a, i): CohortApplication => {
      const e = (typeof a === "object" && a !== null ? a : {}) as Record<string, unknown>;
      return { id: typeof e["id"] === "string" ? e["id"] : `#${i + 1}`, input: e["input"], ...(typeof e["firm"] === "string" ? { firm: e["firm"] } : {}), ...(typeof e["project"] === "string" ? { project: e["project"] } : {}) };
    });
    // Nothing prints a cohort's traces: none is computed.
    const cohort = evaluateCohort(result, apps, { ...context, trace: false });
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ placements: cohort.placements, decisions: cohort.decisions.map((d) => ({ id: d.id, ...(d.result.ok ? { outcome: d.result.decision.outcome } : { errors: d.result.errors }) })) }, null, 2)}\n`);
    } else {
      for (const p of cohort.placements) io.stdout.write(`${p.rank ?? "-"}\t${p.id}\t${p.rule}\t${OUTCOME[p.outcome]?.[lang] ?? p.outcome}${p.grant ? `\t${p.grant.amount}` : ""}\n`);
    }
    return cohort.decisions.some((d) => !d.result.ok) ? EXIT.problems : EXIT.ok;
  }
  const evaluated = evaluate(result, data.value, context);
  if (!evaluated.ok) {
    if (values.json) io.stdout.write(`${JSON.stringify({ errors: evaluated.errors }, null, 2)}\n`);
    else for (const e of evaluated.errors) io.stdout.write(`${visible(e.field)}: ${visible(e.message[lang])} [${e.code}]\n`);
    return EXIT.problems;
  }
  const d = evaluated.decision;
  if (values.json) {
    const { outcome, outputs, grants, clawbacks, reasons, warnings, ruleOutcomes, trace, policy, title, version, asOf } = d;
    io.stdout.write(`${JSON.stringify({ outcome, outputs, grants, reasons, warnings, trace, ruleOutcomes, clawbacks, policy, title, version, asOf }, null, 2)}\n`);
  } else {
    io.stdout.write(visible(renderDecision(d, lang, !values["no-trace"]), true));
  }
  return EXIT.ok;
}

export const evalCommand: Command = {
  name: "eval",
  summary: { zh: "对一份申报（或一批申报）计算决定，并给出依据", en: "decide an application (or a cohort), with the trace behind every figure" },
  usage: USAGE,
  options: [
    { flag: "--input FILE", text: { zh: "申报数据 JSON（金额可写数字、\"50000.00\" 或 \"500万元\"）", en: "the application as JSON (money as a number, \"50000.00\" or \"500万元\")" } },
    { flag: "--history FILE", text: { zh: "此前已获奖补的记录：JSON 数组，每条与输出的 grants 同形（policy、version、article、rule、firm、project、date、amount 元）", en: "earlier grants: a JSON array of rows shaped like the output's grants (policy, version, article, rule, firm, project, date, amount in yuan)" } },
    { flag: "--calendar FILE", text: { zh: "另一份工作日日历（JSON：name、covers、holidays、workdays）", en: "another working-day calendar (JSON: name, covers, holidays, workdays)" } },
    { flag: "--as-of YYYY-MM-DD", text: { zh: "申报日期（必填）", en: "the application date (required)" } },
    { flag: "--firm ID / --project ID", text: { zh: "企业、项目的标识（按企业、项目计的上限和限次；有 --history 时须给 --firm）", en: "the firm's and project's ids (for per-firm and per-project caps and limits; --history needs --firm)" } },
    { flag: "--application ID", text: { zh: "申报的标识，写入本次给予的记录", en: "the application's id, written into the grants made" } },
    { flag: "--cohort FILE", text: { zh: "一批申报 [{\"id\",\"input\"}]，按名额择优", en: "a cohort [{\"id\",\"input\"}], ranked for quotas" } },
    { flag: "--json", text: { zh: "输出 JSON：{ outcome, outputs, grants, reasons, warnings, trace }，金额为元的十进制字符串", en: "print JSON: { outcome, outputs, grants, reasons, warnings, trace }, money as decimal strings in yuan" } },
    { flag: "--no-trace", text: { zh: "不输出计算过程", en: "leave out the trace" } },
  ],
  run: runEval,
};
