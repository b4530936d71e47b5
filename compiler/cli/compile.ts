/**
 * `kuan compile FILE… -o DIR|- [--target ts|js] [--check] [--json] [--lang zh|en]`: for each
 * policy, the evaluator module and its input's JSON Schema:
 *   --target ts (default)  DIR/<name>.ts and DIR/<name>.schema.json;
 *   --target js            DIR/<name>.js, DIR/<name>.d.ts and DIR/<name>.schema.json, for a team
 *                          without a TypeScript build (kuan uses the typescript package to strip
 *                          the types, so that must be installed);
 *   -o -                   the one policy's module on stdout, nothing written;
 *   --check                writes nothing: exit 1 if any of those files is missing or differs
 *                          (for CI: "the committed evaluators are those of the committed policies").
 * The header names the source relative to the output folder, so the bytes do not depend on the
 * working directory. Nothing is written for a policy with errors.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { emit, type Emitted } from "../pipeline.js";
import { EXIT, type Command } from "./command.js";
import { loadSources, STDIN_NAME } from "./files.js";
import type { CliIo } from "./io.js";
import { writeJson, type JsonDiagnostic } from "./json.js";
import { detectLanguage, localeLanguage, type Lang } from "./language.js";
import { compileOrReport } from "./policy-errors.js";
import { COMMON_OPTIONS, explicitLang, parseCommandArgs, UsageError, type Bilingual } from "./usage.js";

const USAGE = "kuan compile FILE… -o DIR|- [--target ts|js] [--check] [--json] [--lang zh|en]";

type Target = "ts" | "js";
type Status = "written" | "unchanged" | "stale" | "missing";

interface OutputFile {
  readonly path: string;
  readonly text: string;
}

/** What the source is called inside the emitted files: relative to where they are written, `/`-separated. */
function sourceLabel(sourceName: string, outDir: string | null): string {
  if (sourceName === STDIN_NAME) return sourceName;
  if (outDir === null) return basename(sourceName);
  return relative(resolve(outDir), resolve(sourceName)).split(sep).join("/");
}

function stemOf(sourceName: string): string {
  return basename(sourceName).replace(/\.kuan$/, "").replace(/[^\p{L}\p{N}._-]/gu, "_") || "policy";
}

interface TypeScriptApi {
  transpileModule(code: string, options: { compilerOptions: Record<string, unknown> }): { outputText: string };
  transpileDeclaration(code: string, options: { compilerOptions: Record<string, unknown> }): { outputText: string };
}

/** The typescript package, only for --target js; a clear error where it is not installed. */
async function typescriptApi(): Promise<TypeScriptApi> {
  try {
    const ts = (await import("typescript")) as unknown as { default?: TypeScriptApi } & TypeScriptApi;
    return ts.default ?? ts;
  } catch {
    throw new UsageError(
      { zh: "--target js 需要 typescript 包（npm install -D typescript）", en: "--target js needs the typescript package (npm install -D typescript)" },
      "compile",
    );
  }
}

/** The module as JavaScript and its declarations: the TypeScript with the types taken out, nothing else changed. */
function toJavaScript(ts: TypeScriptApi, code: string): { js: string; dts: string } {
  const compilerOptions = { target: 9 /* ES2022 */, module: 99 /* ESNext */, declaration: true, isolatedDeclarations: true, removeComments: false };
  return { js: ts.transpileModule(code, { compilerOptions }).outputText, dts: ts.transpileDeclaration(code, { compilerOptions }).outputText };
}

function files(emitted: Emitted, stem: string, outDir: string, target: Target, ts: TypeScriptApi | null): OutputFile[] {
  const schema = { path: join(outDir, `${stem}.schema.json`), text: emitted.schema };
  if (target === "ts" || ts === null) return [{ path: join(outDir, `${stem}.ts`), text: emitted.typescript }, schema];
  const { js, dts } = toJavaScript(ts, emitted.typescript);
  return [{ path: join(outDir, `${stem}.js`), text: js }, { path: join(outDir, `${stem}.d.ts`), text: dts }, schema];
}

function statusOnDisk(file: OutputFile): Status {
  if (!existsSync(file.path)) return "missing";
  try {
    return readFileSync(file.path, "utf8") === file.text ? "unchanged" : "stale";
  } catch {
    return "stale";
  }
}

const STATUS_TEXT: Record<Status, Bilingual> = {
  written: { zh: "已写入", en: "written" },
  unchanged: { zh: "未变", en: "unchanged" },
  stale: { zh: "已过期（与政策不符，请重新编译）", en: "stale (differs from the policy: compile again)" },
  missing: { zh: "缺失", en: "missing" },
};

async function runCompile(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("compile", args, {
    ...COMMON_OPTIONS,
    out: { type: "string", short: "o" },
    target: { type: "string", default: "ts" },
    check: { type: "boolean", default: false },
  });
  const explicit = explicitLang(values.lang, io, "compile");
  if (values.target !== "ts" && values.target !== "js") throw new UsageError({ zh: "--target 只能是 ts 或 js", en: "--target must be ts or js" }, "compile");
  const target: Target = values.target;
  if (positionals.length === 0) throw new UsageError({ zh: "请给出要编译的政策文件", en: "give at least one policy file" }, "compile");
  if (values.out === undefined) throw new UsageError({ zh: "请用 -o 给出输出文件夹（或 -o - 输出到标准输出）", en: "give the output folder with -o (or -o - for standard output)" }, "compile");
  const toStdout = values.out === "-";
  if (toStdout && values.check) throw new UsageError({ zh: "--check 要与输出文件夹一起用", en: "--check needs an output folder, not -o -" }, "compile");
  const uiLang: Lang = explicit ?? localeLanguage(io.env);
  const { sources, problems } = await loadSources(positionals, io);
  for (const p of problems) io.stderr.write(`kuan: ${p[uiLang]}\n`);
  if (toStdout && sources.length !== 1) {
    throw new UsageError({ zh: "-o - 只能编译一个政策文件", en: "-o - compiles exactly one policy file" }, "compile");
  }
  const ts = target === "js" ? await typescriptApi() : null;
  const outDir = toStdout ? null : values.out;
  const diagnostics: JsonDiagnostic[] = [];
  const report: { source: string; files: { path: string; status: Status }[] }[] = [];
  let failed = false;
  let stale = false;
  const stems = new Map<string, string>();
  for (const source of sources) {
    const lang: Lang = explicit ?? detectLanguage(source.text);
    const result = compileOrReport(source.name, source.text, lang, io, values.json ? diagnostics : undefined);
    if (!result) {
      failed = true;
      continue;
    }
    const emitted = emit({ ...result, fileName: sourceLabel(source.name, outDir) });
    if (!emitted) {
      failed = true;
      continue;
    }
    if (outDir === null) {
      io.stdout.write(ts === null ? emitted.typescript : toJavaScript(ts, emitted.typescript).js);
      return EXIT.ok;
    }
    const stem = stemOf(source.name);
    const other = stems.get(stem);
    if (other !== undefined) {
      io.stderr.write(`kuan: ${uiLang === "zh" ? `${other} 与 ${source.name} 都会写成 ${stem}.*，请分开编译` : `${other} and ${source.name} would both be written as ${stem}.*; compile them separately`}\n`);
      return EXIT.usage;
    }
    stems.set(stem, source.name);
    const entries: { path: string; status: Status }[] = [];
    for (const file of files(emitted, stem, outDir, target, ts)) {
      const onDisk = statusOnDisk(file);
      if (values.check) {
        if (onDisk !== "unchanged") stale = true;
        entries.push({ path: file.path, status: onDisk });
        continue;
      }
      try {
        mkdirSync(outDir, { recursive: true });
        if (onDisk !== "unchanged") writeFileSync(file.path, file.text);
      } catch (error) {
        io.stderr.write(`kuan: ${uiLang === "zh" ? `无法写入 ${file.path}` : `cannot write ${file.path}`}: ${(error as Error).message}\n`);
        return EXIT.usage;
      }
      entries.push({ path: file.path, status: onDisk === "unchanged" ? "unchanged" : "written" });
    }
    report.push({ source: source.name, files: entries });
  }
  if (values.json) {
    writeJson(io, { ok: !failed && !stale && problems.length === 0, files: report.flatMap((r) => r.files.map((f) => ({ source: r.source, ...f }))), diagnostics });
  } else {
    for (const r of report) for (const f of r.files) io.stdout.write(values.check || f.status !== "written" ? `${f.path}: ${STATUS_TEXT[f.status][uiLang]}\n` : `${f.path}\n`);
  }
  if (problems.length > 0) return EXIT.usage;
  return failed || stale ? EXIT.problems : EXIT.ok;
}

export const compileCommand: Command = {
  name: "compile",
  summary: { zh: "把政策编译为计算模块（TypeScript 或 JavaScript）及输入的 JSON Schema", en: "compile policies to evaluator modules (TypeScript or JavaScript) and input JSON Schemas" },
  usage: USAGE,
  options: [
    { flag: "-o, --out DIR|-", text: { zh: "输出文件夹；- 表示把模块写到标准输出", en: "the output folder; - writes the module to standard output" } },
    { flag: "--target ts|js", text: { zh: "ts：.ts 模块（默认）；js：.js 与 .d.ts（需安装 typescript 包）", en: "ts: a .ts module (default); js: .js and .d.ts (needs the typescript package)" } },
    { flag: "--check", text: { zh: "不写文件；输出文件缺失或过期时退出码为 1（用于 CI）", en: "write nothing; exit 1 if an output file is missing or stale (for CI)" } },
    { flag: "--json", text: { zh: "输出 JSON：{ ok, files: [{ source, path, status }], diagnostics }", en: "print JSON: { ok, files: [{ source, path, status }], diagnostics }" } },
    { flag: "--lang zh|en", text: { zh: "信息的语言", en: "language of the messages" } },
  ],
  run: runCompile,
};
