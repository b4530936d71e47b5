/**
 * README.md shows real output: its programs compile cleanly, and every `$ npx kuan check FILE`
 * block is what the CLI prints for that file (a fixture, or the README's own demo.kuan /
 * demo-zh.kuan, mistyped as the text says where the block shows 贷歀).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../../compiler/pipeline.js";
import { main } from "../../compiler/cli/main.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(join(repo, "README.md"), "utf8");
const programs = [...readme.matchAll(/^```kuan\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
const demos: Record<string, string> = { "demo.kuan": programs[0] ?? "", "demo-zh.kuan": programs[1] ?? "" };
const runs = [...readme.matchAll(/^```text\n\$ npx kuan check (\S+)\n([\s\S]*?)^```$/gm)].map((m) => ({ file: m[1] ?? "", output: m[2] ?? "" }));
const scratch = mkdtempSync(join(tmpdir(), "kuan-readme-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function kuanCheck(file: string, source: string): Promise<string> {
  const path = join(scratch, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
  let out = "";
  const io = { stdout: { write: (t: string) => void (out += t), isTTY: false }, stderr: { write: () => undefined, isTTY: false }, env: {}, readStdin: async () => "" };
  await main(["check", path], io);
  return out.split(`${scratch}/`).join("");
}

const evals = [...readme.matchAll(/^```text\n\$ npx kuan (eval [^\n]+)\n([\s\S]*?)^```$/gm)].map((m) => ({ args: (m[1] ?? "").split(" "), output: m[2] ?? "" }));

describe("README.md", () => {
  it("has the two demo programs, and they compile without a diagnostic", () => {
    expect(programs.length).toBeGreaterThanOrEqual(2);
    for (const p of programs) expect(compile(p).diagnostics).toEqual([]);
  });

  it.each(evals.map((e) => [e.args.join(" "), e] as const))("shows what kuan %s really prints", async (_, run) => {
    let out = "";
    const io = { stdout: { write: (t: string) => void (out += t), isTTY: false }, stderr: { write: () => undefined, isTTY: false }, env: {}, readStdin: async () => "" };
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      await main(run.args, io);
    } finally {
      process.chdir(cwd);
    }
    expect(out).toBe(run.output);
  });

  it.each(runs.map((r) => [r.file, r] as const))("shows what kuan check %s really prints", async (file, run) => {
    const inRepo = join(repo, file);
    let source = existsSync(inRepo) ? readFileSync(inRepo, "utf8") : demos[file];
    expect(source, `no source for ${file}`).toBeDefined();
    if (run.output.includes("贷歀")) source = (source ?? "").replace(/贷款(?=×)/, "贷歀");
    expect(await kuanCheck(file, source ?? "")).toBe(run.output);
  });
});
