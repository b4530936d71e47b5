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
import { compareJson, toJson, type JsonDiagnostic } from "./json.js";
import { detectLanguage, isLang, localeLanguage, type Lang } from "./language.js";
import { MAX_SHOWN, moreLine, renderDiagnostic, styles, summaryLine, type SourceFile } from "./render.js";
import { internalError, parseCommandArgs, UsageError } from "./usage.js";

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("check", args, {
    lang: { type: "string" },
    json: { type: "boolean", default: false },
  });
  const explicit = values.lang;
  if (explicit !== undefined && !isLang(explicit)) {
    throw new UsageError({ zh: `--lang 只能是 zh 或 en，不能是“${explicit}”`, en: `--lang must be zh or en, not '${explicit}'` }, "check");
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
      if (values.json) json.push(toJson(d, source.name, lines));
      else if (shown++ < MAX_SHOWN) blocks.push(renderDiagnostic(d, file, lang, style));
    }
    if (!values.json && shown > MAX_SHOWN) blocks.push(style.note(moreLine(shown - MAX_SHOWN, source.name, lang)));
  }

  if (values.json) {
    io.stdout.write(`${JSON.stringify(json.sort(compareJson), null, 2)}\n`);
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
