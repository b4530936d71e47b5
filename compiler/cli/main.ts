/**
 * The `kuan` command line: global options, then a command from the table in commands.ts.
 * Everything that goes wrong ends here as one clear line and an exit code, never a stack trace.
 */
import { closest } from "../diagnostics/suggest.js";
import { KUAN_VERSION } from "../version.js";
import { EXIT, type Command } from "./command.js";
import { COMMANDS, findCommand } from "./commands.js";
import { processIo, type CliIo } from "./io.js";
import { isLang, localeLanguage, type Lang } from "./language.js";
import { internalError, UsageError, type Bilingual } from "./usage.js";

const TEXT = {
  tagline: { zh: "检查以款（Kuan）语言编写的政策条款", en: "checks policy clauses written in Kuan (款)" },
  usage: { zh: "用法：", en: "usage: " },
  commands: { zh: "命令：", en: "commands:" },
  options: { zh: "选项：", en: "options:" },
  help: { zh: "显示帮助（kuan help 命令：该命令的帮助）", en: "show this help (kuan help COMMAND: a command's help)" },
  commandHelp: { zh: "显示本帮助", en: "show this help" },
  version: { zh: "显示版本", en: "show the version" },
  lang: { zh: "界面语言（默认按系统语言环境）", en: "language of the messages (default: from the locale)" },
  exitCodes: {
    zh: "退出码：0 没有错误（可有警告），1 发现错误，2 用法错误或文件无法读取",
    en: "exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable file",
  },
  docs: { zh: "语言参考：docs/language.md", en: "language reference: docs/language.md" },
  seeHelp: { zh: "运行 kuan help 查看用法", en: "run 'kuan help' for usage" },
} as const satisfies Record<string, Bilingual>;

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`);
}

function generalHelp(lang: Lang): string {
  return [
    `kuan ${KUAN_VERSION} — ${TEXT.tagline[lang]}`,
    "",
    `${TEXT.usage[lang]}kuan COMMAND [options]`,
    "",
    TEXT.commands[lang],
    ...table(COMMANDS.map((c) => [c.name, c.summary[lang]] as const)),
    "",
    TEXT.options[lang],
    ...table([
      ["-h, --help", TEXT.help[lang]],
      ["-V, -v, --version", TEXT.version[lang]],
      ["--lang zh|en", TEXT.lang[lang]],
    ]),
    "",
    TEXT.exitCodes[lang],
    TEXT.docs[lang],
    "",
  ].join("\n");
}

function commandHelp(command: Command, lang: Lang): string {
  return [
    `${TEXT.usage[lang]}${command.usage}`,
    "",
    command.summary[lang],
    "",
    ...table([...command.options.map((o) => [o.flag, o.text[lang]] as const), ["-h, --help", TEXT.commandHelp[lang]]]),
    "",
    (command.exitCodes ?? TEXT.exitCodes)[lang],
    "",
  ].join("\n");
}

/** `--lang` wherever it appears, so that even a usage error speaks the language asked for. */
function requestedLang(argv: readonly string[]): Lang | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = arg === "--lang" ? argv[i + 1] : arg.startsWith("--lang=") ? arg.slice("--lang=".length) : undefined;
    if (value !== undefined && isLang(value)) return value;
  }
  return undefined;
}

const HELP_FLAGS = new Set(["-h", "--help"]);
const VERSION_FLAGS = new Set(["-V", "-v", "--version"]);

async function dispatch(argv: readonly string[], given: CliIo, lang: Lang): Promise<number> {
  let io = given;
  let i = 0;
  // Global options before the command.
  for (; i < argv.length && (argv[i] ?? "").startsWith("-"); i++) {
    const arg = argv[i] ?? "";
    if (HELP_FLAGS.has(arg)) {
      io.stdout.write(generalHelp(lang));
      return EXIT.ok;
    }
    if (VERSION_FLAGS.has(arg)) {
      io.stdout.write(`kuan ${KUAN_VERSION}\n`);
      return EXIT.ok;
    }
    if (arg === "--lang" || arg.startsWith("--lang=")) {
      const value = arg === "--lang" ? argv[++i] : arg.slice("--lang=".length);
      if (value === undefined || !isLang(value)) throw new UsageError({ zh: "--lang 只能是 zh 或 en", en: "--lang must be zh or en" });
      // Before the command, for the command: as if it had been given --lang itself.
      io = { ...io, lang: value };
      continue;
    }
    throw new UsageError({ zh: `未知选项 ${arg}`, en: `unknown option ${arg}` });
  }
  const name = argv[i];
  const rest = argv.slice(i + 1);
  if (name === undefined) {
    io.stdout.write(generalHelp(lang));
    return EXIT.ok;
  }
  if (name === "help") {
    const topic = rest.find((arg, k) => !arg.startsWith("-") && rest[k - 1] !== "--lang");
    if (topic === undefined) {
      io.stdout.write(generalHelp(lang));
      return EXIT.ok;
    }
    const command = findCommand(topic);
    if (!command) throw unknownCommand(topic);
    io.stdout.write(commandHelp(command, lang));
    return EXIT.ok;
  }
  const command = findCommand(name);
  if (!command) throw unknownCommand(name);
  const beforeSeparator = rest.indexOf("--") < 0 ? rest : rest.slice(0, rest.indexOf("--"));
  if (beforeSeparator.some((a) => HELP_FLAGS.has(a))) {
    io.stdout.write(commandHelp(command, lang));
    return EXIT.ok;
  }
  return command.run(rest, io);
}

function unknownCommand(name: string): UsageError {
  const known = COMMANDS.map((c) => c.name).join(", ");
  const suggestion = closest(name, [...COMMANDS.map((c) => c.name), "help"]);
  return suggestion === undefined
    ? new UsageError({ zh: `未知命令“${name}”（可用：${known}）`, en: `unknown command '${name}' (known: ${known})` })
    : new UsageError({ zh: `未知命令“${name}”，是否指“${suggestion}”？（可用：${known}）`, en: `unknown command '${name}': did you mean '${suggestion}'? (known: ${known})` });
}

/** Runs the CLI with `argv` (the arguments after `kuan`); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const lang = requestedLang(argv) ?? localeLanguage(io.env);
  try {
    return await dispatch(argv, io, lang);
  } catch (error) {
    if (error instanceof UsageError) {
      const command = error.command === undefined ? undefined : findCommand(error.command);
      const usage = `${TEXT.usage[lang]}${command ? command.usage : "kuan COMMAND [options]"}`;
      const more = command ? (lang === "zh" ? `运行 kuan help ${command.name} 查看说明` : `run 'kuan help ${command.name}' for details`) : TEXT.seeHelp[lang];
      io.stderr.write(`kuan: ${error.text[lang]}\n${usage}\n${more}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`kuan: ${internalError(undefined, error)[lang]}\n`);
    if (io.env.KUAN_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.usage;
  }
}
