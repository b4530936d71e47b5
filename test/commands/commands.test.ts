/**
 * `kuan eval`, `kuan compile` and `kuan test` as a user runs them: the built CLI in a child
 * process, exit codes, JSON shape, field-named input errors, no stack traces.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SKETCH = join(ROOT, "test/fixtures/sketch-zh.kuan");
const work = mkdtempSync(join(tmpdir(), "kuan-cli-"));

function kuan(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/kuan.mjs"), ...args], { cwd: ROOT, encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const app = { 质押融资额: "500万元", 担保费: 80000, 评估费: "3万", 是重点企业: false, 权属有争议: false, 严重失信: false };

beforeAll(() => {
  if (!existsSync(join(ROOT, "build/kuan.cjs"))) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  writeFileSync(join(work, "app.json"), JSON.stringify(app));
  writeFileSync(join(work, "history.json"), JSON.stringify([{ policy: "苏州市知识产权金融奖励补贴", version: "2021", article: "第五条", rule: "服务费补贴", firm: "firm", date: "2022-03-01", amount: "70000" }]));
});

describe("kuan eval", () => {
  it("prints the decision as JSON with money as yuan strings", () => {
    const r = kuan(["eval", SKETCH, "--input", join(work, "app.json"), "--history", join(work, "history.json"), "--as-of", "2022-05-01", "--firm", "firm", "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { outcome: string; outputs: Record<string, string>; grants: { amount: string }[]; trace: { text: { zh: string } }[] };
    expect(json.outcome).toBe("eligible");
    expect(json.outputs).toEqual({ 质押奖励: "50000.00", 服务费补贴: "30000.00" });
    expect(json.trace[0]?.text.zh).toBe("第四条（质押融资奖励）：质押奖励 = 最小(500万元 × 1%, 10万元) = 5万元");
  });

  it("prints the decision and trace for people, in the policy's language", () => {
    const r = kuan(["eval", SKETCH, "--input", join(work, "app.json"), "--as-of", "2022-05-01"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("结果: 符合");
    expect(r.out).toContain("第五条 服务费补贴: 100000.00 元  (市级 50000.00 元，区级 50000.00 元)");
  });

  it("bad input: exit 1, each bad field named, no number", () => {
    const r = kuan(["eval", SKETCH, "--input", "-"], JSON.stringify({ ...app, 质押融资额: -1, 担保费: "abc" }));
    expect(r.code).toBe(1);
    // Input errors are the result (stdout), with their codes; stderr is for what stopped the command.
    expect(r.out).toContain("质押融资额: 金额不能为负 [K5304]");
    expect(r.out).toContain("担保费:");
    expect(r.out).not.toMatch(/结果|Outcome/);
    expect(r.err).toBe("");
  });

  it("unreadable or malformed files: exit 2 with a clear message, no stack trace", () => {
    const missing = kuan(["eval", SKETCH, "--input", join(work, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("nope.json");
    writeFileSync(join(work, "bad.json"), "{ not json");
    const bad = kuan(["eval", SKETCH, "--input", join(work, "bad.json"), "--lang", "en"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("is not valid JSON");
    expect(bad.err + missing.err).not.toMatch(/\n\s+at /);
  });
});

describe("kuan eval --calendar", () => {
  it("uses another working-day calendar, and names a bad entry in it", () => {
    const policy = join(ROOT, "test/cases/emit/good/bond-and-deadline.kuan");
    writeFileSync(join(work, "centre.json"), JSON.stringify({ 利息: 0, 税费: 0, 担保费: 0, 服务费: 0, 是发行人: false, 立项日期: "2021-09-24", 评价结果: "良好", 有效发明专利: 60 }));
    const official = JSON.parse(kuan(["eval", policy, "--input", join(work, "centre.json"), "--as-of", "2021-10-01", "--json"]).out) as { outputs: Record<string, string> };
    expect(official.outputs["验收申请截止"]).toBe("2024-10-12");
    writeFileSync(join(work, "plain.json"), JSON.stringify({ name: "weekdays only", covers: { from: "2024-01-01", to: "2024-12-31" }, holidays: [], workdays: [] }));
    const plain = JSON.parse(kuan(["eval", policy, "--input", join(work, "centre.json"), "--calendar", join(work, "plain.json"), "--as-of", "2021-10-01", "--json"]).out) as { outputs: Record<string, string> };
    expect(plain.outputs["验收申请截止"]).toBe("2024-10-08");
    writeFileSync(join(work, "bad-cal.json"), JSON.stringify({ name: "x", covers: { from: "2024-01-01", to: "2024-12-31" }, holidays: ["2024-02-30"], workdays: [] }));
    const bad = kuan(["eval", policy, "--input", join(work, "centre.json"), "--calendar", join(work, "bad-cal.json"), "--as-of", "2021-10-01"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("holidays[0]");
  });
});

describe("kuan compile", () => {
  it("writes the module and the input schema", () => {
    const out = join(work, "out");
    const r = kuan(["compile", SKETCH, "-o", out]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, "sketch-zh.ts"), "utf8")).toContain('import * as K from "@kuan/runtime/internal";');
    const schema = JSON.parse(readFileSync(join(out, "sketch-zh.schema.json"), "utf8")) as { required: string[] };
    expect(schema.required).toContain("质押融资额");
  });

  it("writes nothing for a policy with errors and exits 1", () => {
    writeFileSync(join(work, "broken.kuan"), "政策 x 版本 2021\n申报 企业:\n  a: 金额\n第一条:\n  奖励 b = a + 3件\n");
    const r = kuan(["compile", join(work, "broken.kuan"), "-o", join(work, "out2")]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("K3001");
    expect(existsSync(join(work, "out2"))).toBe(false);
  });
});

describe("kuan test", () => {
  it("runs the examples: a line per example and the closing count", () => {
    const r = kuan(["test", join(ROOT, "test/fixtures/sketch-zh.kuan"), join(ROOT, "test/fixtures/oneliner-en.kuan")]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("✓");
    expect(r.out.trim().split("\n").at(-1)).toBe("2 passed, 0 failed");
  });

  it("a wrong expectation fails with the difference and exit 1", () => {
    writeFileSync(join(work, "wrong.kuan"), readFileSync(SKETCH, "utf8").replace("预期 质押奖励 = 5万元", "预期 质押奖励 = 6万元"));
    const r = kuan(["test", join(work, "wrong.kuan")]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("质押奖励 应为 6万元，实际为 5万元");
    expect(r.out.trim().split("\n").at(-1)).toBe("0 passed, 1 failed");
  });
});
