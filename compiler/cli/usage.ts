/**
 * What can go wrong running a command, as the user sees it: a usage error (unknown option,
 * missing file argument) ends in the usage line and exit code 2; a bug in Kuan itself in one
 * clear line and exit code 2. Never a stack trace (unless KUAN_DEBUG is set).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { CliIo } from "./io.js";

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export class UsageError extends Error {
  constructor(
    readonly text: Bilingual,
    /** The command whose usage to show, if any. */
    readonly command?: string,
  ) {
    super(text.en);
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * The options every command takes, spread into its parseCommandArgs table:
 *   --lang zh|en  the language of its messages (the global `kuan --lang` counts the same);
 *   --json        one JSON document on stdout: severity words and codes in English, every
 *                 message in both languages (`{ zh, en }`), input errors as `{ code, field, message }`.
 * Whatever the mode, diagnostics and results go to stdout, and what stopped the command from
 * running (an unreadable file, a bad option) goes to stderr as `kuan: …` lines.
 */
export const COMMON_OPTIONS = {
  lang: { type: "string" },
  json: { type: "boolean", default: false },
} as const satisfies Options;

/** The `--lang` the user asked for (the command's own, else the global one), checked; undefined when none. */
export function explicitLang(value: string | undefined, io: CliIo, command: string): "zh" | "en" | undefined {
  if (value === undefined) return io.lang;
  if (value !== "zh" && value !== "en") throw new UsageError({ zh: `--lang 只能是 zh 或 en，不能是“${value}”`, en: `--lang must be zh or en, not '${value}'` }, command);
  return value;
}

/** node:util parseArgs, with its errors turned into bilingual usage errors. */
export function parseCommandArgs<O extends Options>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
}

function describeParseError(error: unknown): Bilingual {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^' ]*)/.exec(message)?.[1] ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return { zh: `未知选项 ${option}`, en: `unknown option ${option}` };
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return message.includes("does not take")
        ? { zh: `选项 ${option} 不接受值`, en: `option ${option} does not take a value` }
        : { zh: `选项 ${option} 需要一个值`, en: `option ${option} needs a value` };
    default:
      return { zh: `无法理解命令行参数：${message}`, en: `cannot read the arguments: ${message}` };
  }
}

/** A bug in Kuan (an exception where none should be), in one line; `where` names the file, if any. */
export function internalError(where: string | undefined, error: unknown): Bilingual {
  const reason = error instanceof Error ? error.message : String(error);
  return where === undefined
    ? { zh: `内部错误：${reason}（这是 Kuan 的缺陷，请报告）`, en: `internal error: ${reason} (a bug in Kuan; please report it)` }
    : { zh: `处理 ${where} 时发生内部错误：${reason}（这是 Kuan 的缺陷，请连同该文件一起报告）`, en: `internal error on ${where}: ${reason} (a bug in Kuan; please report it with the file)` };
}
