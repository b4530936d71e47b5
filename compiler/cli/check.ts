/**
 * `kuan check FILE… [--lang zh|en] [--json]`: compiles each policy and reports its diagnostics.
 * The work is in check-run.ts.
 */
import type { Command } from "./command.js";

export const checkCommand: Command = {
  name: "check",
  summary: { zh: "检查政策文件，报告错误和警告", en: "check policy files and report errors and warnings" },
  usage: "kuan check FILE… [--lang zh|en] [--json | --format text|json|github]",
  options: [
    { flag: "FILE…", text: { zh: "政策文件（.kuan）、包含政策文件的文件夹，或 -（标准输入）", en: "policy files (.kuan), folders of them, or - for standard input" } },
    { flag: "--lang zh|en", text: { zh: "提示信息的语言（默认：按文件所用关键字）", en: "language of the messages (default: that of the file's keywords)" } },
    { flag: "--json", text: { zh: "输出一个 JSON 数组（含中英文信息）", en: "print one JSON array (messages in both languages)" } },
    { flag: "--format github", text: { zh: "输出 GitHub Actions 工作流注释（::error file=…::…）", en: "print GitHub Actions workflow annotations (::error file=…::…)" } },
  ],
  // Loading the compiler takes most of a second: only when the command runs, not for `kuan --help`.
  run: async (args, io) => (await import("./check-run.js")).runCheck(args, io),
};
