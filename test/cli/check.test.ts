/**
 * `kuan check` as a user runs it: the built CLI (bin/kuan.mjs → build/) in a child process, on
 * the fixtures and on small files written for the case.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(repo, "bin", "kuan.mjs");
const fixture = (name: string) => join(repo, "test", "fixtures", name);
let scratch = "";

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kuan` with a plain environment: no colours (stdout is a pipe anyway), an English locale. */
function kuan(args: readonly string[], options: { cwd?: string; input?: string; script?: string } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: "C.UTF-8" };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.KUAN_DEBUG;
  const result = spawnSync(process.execPath, [options.script ?? bin, ...args], {
    cwd: options.cwd ?? scratch,
    encoding: "utf8",
    env,
    input: options.input ?? "",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The code of every diagnostic headline (`file:line:col: error K2001: …`) in human output. */
function headlineCodes(output: string): string[] {
  return [...output.matchAll(/^\S+:\d+:\d+: (?:错误|警告|error|warning) (K\d{4}):/gm)].map((m) => m[1] ?? "");
}

function write(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return name;
}

function expectNoStackTrace(run: Run): void {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/Error:|node:internal/);
}

/** True when some source of grammar/ or compiler/ is newer than what build/ has of it. */
function buildIsStale(): boolean {
  const stale = (dir: string): boolean =>
    readdirSync(join(repo, dir), { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return stale(path);
      if (!entry.name.endsWith(".ts") || entry.name.endsWith(".d.ts") || entry.name.endsWith(".test.ts")) return false;
      const built = join(repo, "build", path.replace(/\.ts$/, ".js"));
      return !existsSync(built) || statSync(built).mtimeMs < statSync(join(repo, path)).mtimeMs;
    });
  return stale("grammar") || stale("compiler");
}

beforeAll(() => {
  // `npm test` has just built; rebuild only after an edit, so as not to rewrite build/ under
  // other test files' CLI processes.
  if (buildIsStale()) execFileSync(process.execPath, [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: repo, stdio: "pipe" });
  scratch = mkdtempSync(join(tmpdir(), "kuan-cli-"));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("kuan check, human output", () => {
  it("reports nothing and exits 0 for a good file", () => {
    const run = kuan(["check", fixture("oneliner-en.kuan")]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("no problems found\n");
    expect(run.stderr).toBe("");
  });

  it("speaks Chinese for a file with Chinese keywords, and warnings alone exit 0", () => {
    const run = kuan(["check", fixture("sketch-zh.kuan")]);
    expect(run.status).toBe(0);
    expect(headlineCodes(run.stdout)).toEqual(["K4002"]);
    expect(run.stdout).toContain("警告 K4002: 申报项“是重点企业”没有被任何条款使用");
    expect(run.stdout).toContain("  = 提示：删去它，或在条款中使用它\n");
    expect(run.stdout.endsWith("\n1 个警告\n")).toBe(true);
  });

  it("exits 1 with every error of a bad file, in source order, and a summary", () => {
    const run = kuan(["check", fixture("errors1.kuan")]);
    expect(run.status).toBe(1);
    expect(headlineCodes(run.stdout)).toEqual(["K4002", "K1101", "K1101", "K1108", "K1002", "K4010"]);
    expect(run.stdout).toContain("errors1.kuan:9:3: 错误 K1108: 无法理解这一行：“上线”不是语句关键字");
    expect(run.stdout).toContain("  = 提示：是否指“上限”？");
    expect(run.stdout.endsWith("\n4 个错误，2 个警告\n")).toBe(true);
  });

  it("--lang en switches the messages, hints and summary to English", () => {
    const run = kuan(["check", "--lang", "en", fixture("errors1.kuan")]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("errors1.kuan:9:3: error K1108: cannot understand this line: '上线' is not a statement keyword");
    expect(run.stdout).toContain("  = hint: did you mean '上限'?");
    expect(run.stdout).not.toMatch(/错误|警告|提示/);
    expect(run.stdout.endsWith("\n4 errors, 2 warnings\n")).toBe(true);
    expect(kuan(["check", "--lang=zh", fixture("oneliner-en.kuan")]).stdout).toBe("没有发现问题\n");
  });

  it("speaks English for a file with English keywords", () => {
    const name = write("bad-en.kuan", 'policy "demo" version 2021\napplication firm:\n  loan: money\narticle 4:\n  reward = min(lone×1%, 100000) once per firm\n');
    const run = kuan(["check", name]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("bad-en.kuan:5:16: error K2001: unknown name 'lone'");
    expect(run.stdout.endsWith("\n1 error, 1 warning\n")).toBe(true);
  });

  it("puts the caret under the right characters of a line with CJK and full-width characters", () => {
    const name = write("caret.kuan", "政策 示例 版本 2021\n申报 企业:\n  贷款: 金额\n第四条 质押融资奖励:\n  奖励 = 最小（贷歀×1％，10万元）\n");
    const run = kuan(["check", name]);
    expect(run.status).toBe(1);
    const block = run.stdout.split("\n\n")[1];
    // `  奖励 = 最小（` is 15 columns wide (奖励, 最小 and （ take two each): the caret is in column 16.
    expect(block).toBe(
      [
        "caret.kuan:5:11: 错误 K2001: 未定义的名称“贷歀”",
        "  |",
        "5 |   奖励 = 最小（贷歀×1％，10万元）",
        "  |                ^~~~",
        "  = 提示：是否指“贷款”？",
      ].join("\n"),
    );
  });

  it("shows a tab as four spaces and keeps the caret under its character", () => {
    const name = write("tab.kuan", "政策 示例 版本 2021\n申报 企业:\n\t贷款: 金额\n第四条:\n\t奖励 = 贷歀 + 1元\n");
    const run = kuan(["check", name]);
    expect(run.stdout).toContain(["5 |     奖励 = 贷歀 + 1元", "  |            ^~~~"].join("\n"));
  });

  it("shows the other place of a two-place diagnostic", () => {
    const name = write("dup.kuan", "政策 测试 版本 2021\n申报 企业:\n  贷款: 金额\n第四条:\n  奖励 甲 = 贷款 × 1%\n第五条:\n  奖励 甲 = 贷款 × 2%\n");
    const run = kuan(["check", name]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      [
        "dup.kuan:7:6: 错误 K4001: “甲”在第四条和第五条中都有定义，两者之间没有除外顺序",
        "  |",
        "7 |   奖励 甲 = 贷款 × 2%",
        "  |        ^~",
        "  = 提示：只保留一处定义，或在其中一处用 如果 写明适用条件",
        "  = 说明：另一处定义，位于 dup.kuan:5:6",
        "  |",
        "5 |   奖励 甲 = 贷款 × 1%",
        "  |        ^~",
      ].join("\n"),
    );
  });

  it("checks every .kuan file in a folder and reads - from standard input", () => {
    mkdirSync(join(scratch, "policies", "sub"), { recursive: true });
    copyFileSync(fixture("oneliner-zh.kuan"), join(scratch, "policies", "a.kuan"));
    copyFileSync(fixture("errors1.kuan"), join(scratch, "policies", "sub", "b.kuan"));
    const folder = kuan(["check", "policies"]);
    expect(folder.status).toBe(1);
    expect(folder.stdout).toContain("policies/sub/b.kuan:9:3: 错误 K1108");
    expect(folder.stdout.endsWith("\n2 个文件：4 个错误，2 个警告\n")).toBe(true);
    const stdin = kuan(["check", "-"], { input: readFileSync(fixture("oneliner-zh.kuan"), "utf8") });
    expect(stdin.status).toBe(0);
    expect(stdin.stdout).toBe("没有发现问题\n");
  });
});

describe("kuan check --json", () => {
  it("prints one array with both languages, 1-based lines and columns and UTF-16 offsets", () => {
    const run = kuan(["check", "--json", fixture("errors1.kuan")]);
    expect(run.status).toBe(1);
    const source = readFileSync(fixture("errors1.kuan"), "utf8");
    const all = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(all.map((d) => d.code)).toEqual(["K4002", "K1101", "K1101", "K1108", "K1002", "K4010"]);
    for (const d of all) {
      expect(Object.keys(d).filter((k) => k !== "hint" && k !== "related")).toEqual(["file", "code", "severity", "message", "span"]);
      expect(d.file).toBe(fixture("errors1.kuan"));
      expect(["error", "warning"]).toContain(d.severity);
      expect(d.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
      if ("hint" in d) expect(d.hint).toEqual({ zh: expect.any(String), en: expect.any(String) });
    }
    const upper = all.find((d) => d.code === "K1108") as { span: { start: Record<string, number>; end: Record<string, number> }; hint: unknown; message: unknown };
    const at = source.indexOf("上线");
    expect(upper.span.start).toEqual({ line: 9, column: 3, offset: at });
    expect(upper.span.end).toEqual({ line: 9, column: 3 + "上线 10万元".length, offset: at + "上线 10万元".length });
    expect(upper.message).toEqual({ zh: "无法理解这一行：“上线”不是语句关键字", en: "cannot understand this line: '上线' is not a statement keyword" });
    expect(upper.hint).toEqual({ zh: "是否指“上限”？", en: "did you mean '上限'?" });
  });

  it("sorts by file then position, prints [] for clean files and gives related places", () => {
    const dup = write("dup2.kuan", "政策 测试 版本 2021\n申报 企业:\n  贷款: 金额\n第四条:\n  奖励 甲 = 贷款 × 1%\n第五条:\n  奖励 甲 = 贷款 × 2%\n");
    const other = write("a-first.kuan", "政策 测试\n申报 企业:\n  未用: 金额\n");
    const run = kuan(["check", "--json", dup, other]);
    const all = JSON.parse(run.stdout) as { file: string; code: string; related?: { message: unknown; span: { start: unknown } }[] }[];
    expect(all.map((d) => `${d.file} ${d.code}`)).toEqual(["a-first.kuan K4002", "dup2.kuan K4001"]);
    expect(all[1]?.related).toEqual([{ message: { zh: "另一处定义", en: "the other definition" }, span: expect.objectContaining({ start: { line: 5, column: 6, offset: 40 } }) }]);
    expect(JSON.parse(kuan(["check", "--json", fixture("oneliner-en.kuan")]).stdout)).toEqual([]);
  });
});

describe("kuan, usage and failures", () => {
  it("exits 2 for an unreadable file, naming it, without a stack trace", () => {
    const run = kuan(["check", "missing.kuan"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("kuan: cannot read missing.kuan: no such file\n");
    expectNoStackTrace(run);
    const zh = kuan(["check", "--lang", "zh", "missing.kuan", fixture("oneliner-zh.kuan")]);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toBe("kuan: 无法读取 missing.kuan：文件不存在\n");
    expect(zh.stdout).toBe("没有发现问题\n");
  });

  it("exits 2 for a file that is not UTF-8 (a GBK file, say)", () => {
    writeFileSync(join(scratch, "gbk.kuan"), Buffer.from([0xd5, 0xfe, 0xb2, 0xdf, 0x20, 0xb2, 0xe2, 0xca, 0xd4]));
    const run = kuan(["check", "gbk.kuan"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("kuan: gbk.kuan is not UTF-8 text (if it is GBK, save it as UTF-8)\n");
  });

  it("exits 2 with the usage for an unknown option, command or --lang value, or no file", () => {
    for (const args of [["check", "--bogus", "x.kuan"], ["check", "--lang", "fr", "x.kuan"], ["check"], ["frobnicate"], ["--bogus"]]) {
      const run = kuan(args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^kuan: .+\nusage: kuan /);
      expectNoStackTrace(run);
    }
    expect(kuan(["check", "--bogus", "x.kuan"]).stderr).toBe(
      "kuan: unknown option --bogus\nusage: kuan check FILE… [--lang zh|en] [--json | --format text|json|github]\nrun 'kuan help check' for details\n",
    );
  });

  it("has --help, help, help check and --version", () => {
    const help = kuan(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^kuan \d+\.\d+\.\d+ — /);
    expect(help.stdout).toMatch(/\n {2}check +check policy files and report errors and warnings\n/);
    expect(kuan(["help"]).stdout).toBe(help.stdout);
    expect(kuan(["help", "check"]).stdout).toContain("usage: kuan check FILE… [--lang zh|en] [--json | --format text|json|github]");
    expect(kuan(["check", "--help"]).stdout).toBe(kuan(["help", "check"]).stdout);
    // A command whose exit codes differ says its own, once, instead of the usual line.
    const diffHelp = kuan(["help", "diff"]).stdout;
    expect(diffHelp).toContain("\nexit status: 0 no change in meaning, 1 changes, 2 error");
    expect(diffHelp).not.toContain("1 errors found");
    expect(diffHelp).not.toMatch(/^ +exit /m);
    expect(kuan(["--help", "--lang", "zh"]).stdout).toContain("\n用法：kuan COMMAND [options]\n\n命令：\n");
    expect(kuan(["help", "--lang", "zh", "check"]).stdout).toMatch(/^用法：kuan check FILE… \[--lang zh\|en\] \[--json \| --format text\|json\|github\]\n/);
    const { version } = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
    expect(kuan(["--version"]).stdout).toBe(`kuan ${version}\n`);
  });

  it("asks for a build, in one line, when build/ is missing", () => {
    mkdirSync(join(scratch, "unbuilt", "bin"), { recursive: true });
    const script = join(scratch, "unbuilt", "bin", "kuan.mjs");
    copyFileSync(bin, script);
    const run = kuan(["check", fixture("oneliner-en.kuan")], { script });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("kuan: run npm install (or npm run build) first\n");
  });
});
