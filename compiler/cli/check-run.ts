/**
 * What `kuan check` does (see check.ts): compiles each policy and reports its diagnostics, in the
 * language its keywords are written in unless `--lang` says otherwise. Exit 0 when no file has an
 * error (warnings allowed), 1 when one has, 2 when a file cannot be read.
 */
import { compile } from "../pipeline.js";
import { LineMap } from "../diagnostics/index.js";
import { EXIT } from "./command.js";
import { loadSources } from "./files.js";
import { useColour, type CliIo } from "./io.js";
import { compareJson, toJson, writeJson, type JsonDiagnostic } from "./json.js";
import { detectLanguage, localeLanguage, type Lang } from "./language.js";
import { MAX_SHOWN, moreLine, renderDiagnostic, styles, summaryLine, type SourceFile } from "./render.js";
import { COMMON_OPTIONS, explicitLang, internalError, parseCommandArgs, UsageError } from "./usage.js";

/** A GitHub Actions workflow command's property or message, escaped as the runner reads it. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=K2001::message` line (workflow annotations). */
export function githubAnnotation(d: JsonDiagnostic, lang: Lang): string {
  const where = `file=${escapeProperty(d.file)},line=${d.span.start.line},col=${d.span.start.column},endLine=${d.span.end.line},endColumn=${d.span.end.column}`;
  const hint = d.hint ? ` (${d.hint[lang]})` : "";
  return `::${d.severity === "error" ? "error" : "warning"} ${where},title=${escapeProperty(`kuan ${d.code}`)}::${escapeData(`${d.message[lang]}${hint}`)}`;
}

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("check", args, { ...COMMON_OPTIONS, format: { type: "string" } });
  const explicit = explicitLang(values.lang, io, "check");
  const format = values.json ? "json" : (values.format ?? "text");
  if (format !== "text" && format !== "json" && format !== "github") {
    throw new UsageError({ zh: `--format 只能是 text、json 或 github，不能是“${format}”`, en: `--format must be text, json or github, not '${format}'` }, "check");
  }
  if (positionals.length === 0) throw new UsageError({ zh: "请给出要检查的文件", en: "give at least one file to check" }, "check");

  const uiLang: Lang = explicit ?? localeLanguage(io.env);
  const { sources, problems } = await loadSources(positionals, io);
  for (const problem of problems) io.stderr.write(`kuan: ${problem[uiLang]}\n`);

  const style = styles(useColour(io.stdout, io.env));
  const json: JsonDiagnostic[] = [];
  const blocks: string[] = [];
  const languages = new Set<Lang>();
  let errors = 0;
  let warnings = 0;
  let crashed = false;
  for (const source of sources) {
    let result: ReturnType<typeof compile>;
    try {
      result = compile(source.text, { fileName: source.name });
    } catch (error) {
      // A bug in the compiler, not in the policy: name the file, go on with the others.
      crashed = true;
      io.stderr.write(`kuan: ${internalError(source.name, error)[uiLang]}\n`);
      continue;
    }
    const lines = new LineMap(source.text);
    const lang = explicit ?? detectLanguage(source.text);
    languages.add(lang);
    const file: SourceFile = { name: source.name, text: source.text, lines };
    let shown = 0;
    for (const d of result.diagnostics) {
      if (d.severity === "error") errors++;
      else warnings++;
      if (format === "text") {
        if (shown++ < MAX_SHOWN) blocks.push(renderDiagnostic(d, file, lang, style));
      } else if (format === "github") blocks.push(githubAnnotation(toJson(d, source.name, lines), lang));
      else json.push(toJson(d, source.name, lines));
    }
    if (format === "text" && shown > MAX_SHOWN) blocks.push(style.note(moreLine(shown - MAX_SHOWN, source.name, lang)));
  }

  if (format === "json") {
    writeJson(io, json.sort(compareJson));
  } else if (format === "github") {
    io.stdout.write(blocks.map((b) => `${b}\n`).join(""));
  } else if (sources.length > 0) {
    // One language for the closing line: the files', when they agree.
    const summaryLang: Lang = explicit ?? (languages.size === 1 ? ([...languages][0] ?? uiLang) : uiLang);
    const summary = summaryLine({ errors, warnings, files: sources.length }, summaryLang);
    const styled = errors > 0 ? style.error(summary) : warnings > 0 ? style.warning(summary) : summary;
    io.stdout.write(blocks.map((b) => `${b}\n\n`).join("") + `${styled}\n`);
  }
  if (problems.length > 0 || crashed) return EXIT.usage;
  return errors > 0 ? EXIT.problems : EXIT.ok;
}
