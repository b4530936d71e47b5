/**
 * The diff's golden corpus: every `test/cases/diff/<kind>/` holds a pair (old.kuan and new.kuan,
 * or pair.txt naming two policies) and the expected diff beside it, as text (expected.txt) and as
 * JSON (expected.json). `KUAN_UPDATE=1 npx vitest run test/diff` rewrites them, to be reviewed as
 * a git diff. Beyond the goldens: each pair shows the change its folder is named after (or none),
 * and every witness is evaluated again, through the pipeline, and really decides differently.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compile, diff, diffImpact, evaluate, type CompileResult, type DiffReport } from "../../compiler/pipeline.js";
import { generatePopulation } from "../../compiler/diff/gen-population.js";
import { renderDiffText } from "../../compiler/diff/render-text.js";
import { renderDiffHtml } from "../../compiler/diff/render-html.js";
import type { ChangeKind, Witness } from "../../compiler/diff/model.js";
import { main } from "../../compiler/cli/main.js";
import { evaluate as interpret } from "../../compiler/interpret/index.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const CASES = join(repo, "test", "cases", "diff");
const update = process.env["KUAN_UPDATE"] === "1";

/** Pairs with no change in meaning; every other folder is named after the kind of change it shows. */
const SAME = new Set(["formatting", "rename", "suzhou-2021-zh-en"]);
const KIND_OF: Record<string, ChangeKind | null> = { "suzhou-2021-2024": null };

function pairOf(dir: string): [string, string] {
  const pair = join(CASES, dir, "pair.txt");
  if (existsSync(pair)) {
    const [a = "", b = ""] = readFileSync(pair, "utf8").trim().split("\n");
    return [a, b];
  }
  return [`test/cases/diff/${dir}/old.kuan`, `test/cases/diff/${dir}/new.kuan`];
}

function load(file: string): CompileResult {
  const result = compile(readFileSync(join(repo, file), "utf8"), { fileName: file });
  expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code), file).toEqual([]);
  return result;
}

/** The version with its validity set aside, as the diff compares rules. */
function inForce(result: CompileResult): CompileResult {
  if (!result.ir) throw new Error(`${result.fileName} does not compile`);
  return { ...result, ir: { ...result.ir, validFrom: null, validTo: null } };
}

const RANK: Record<string, number> = { eligible: 2, "needs-review": 1, "not-eligible": 0 };

/** Evaluates a witness on both versions through the public pipeline; returns the sign of new − old. */
function replay(w: Witness, oldResult: CompileResult, newResult: CompileResult, oldName: string | null, newName: string | null, award: boolean): number {
  const run = (r: CompileResult, input: unknown, history: unknown) => {
    const e = evaluate(inForce(r), input, { asOf: w.asOf, history, firm: w.firm, project: w.project, trace: false });
    if (!e.ok) throw new Error(`witness does not evaluate: ${JSON.stringify(e.errors)}`);
    return e.decision;
  };
  const a = run(oldResult, w.oldInput, w.oldHistory);
  const b = run(newResult, w.newInput, w.newHistory);
  const value = (d: typeof a, name: string | null) => (name === null ? undefined : d.outputs[name]);
  const va = value(a, oldName);
  const vb = value(b, newName);
  if (award) {
    const fa = Math.round(Number(va ?? 0) * 100);
    const fb = Math.round(Number(vb ?? 0) * 100);
    if (fa !== fb) return Math.sign(fb - fa);
    const ra = RANK[oldName === null ? "not-eligible" : (a.ruleOutcomes[oldName] ?? "not-eligible")] ?? 0;
    const rb = RANK[newName === null ? "not-eligible" : (b.ruleOutcomes[newName] ?? "not-eligible")] ?? 0;
    return Math.sign(rb - ra);
  }
  if (typeof va === "boolean" || typeof vb === "boolean") return va === vb ? 0 : vb === true ? 1 : -1;
  return JSON.stringify(va) === JSON.stringify(vb) ? 0 : 2;
}

function checkWitnesses(report: DiffReport, oldResult: CompileResult, newResult: CompileResult): number {
  let replayed = 0;
  for (const o of report.outputs) {
    const rule = newResult.ir?.rules.find((r) => r.name === o.newName) ?? oldResult.ir?.rules.find((r) => r.name === o.oldName);
    const award = rule?.kind === "reward" || rule?.kind === "subsidy";
    for (const w of o.witnesses) {
      const sign = replay(w, oldResult, newResult, o.oldName, o.newName, award);
      const expected = w.direction === "more-generous" ? 1 : w.direction === "less-generous" ? -1 : 2;
      expect(sign, `${o.output}: ${w.direction} witness replayed`).toBe(expected);
      replayed++;
    }
    const directions = new Set(o.witnesses.map((w) => w.direction));
    const verdict = directions.has("different") ? "different" : directions.has("more-generous") && directions.has("less-generous") ? "both-ways" : directions.has("more-generous") ? "more-generous" : directions.has("less-generous") ? "less-generous" : "no-difference-found";
    expect(o.verdict, o.output).toBe(verdict);
    expect(o.tried, `${o.output}: applications tried`).toBeGreaterThan(0);
  }
  return replayed;
}

const dirs = readdirSync(CASES).filter((d) => !d.startsWith(".")).sort();

describe("kuan diff golden pairs", () => {
  it("has a pair for every kind of change, and the no-change pairs", () => {
    const kinds: ChangeKind[] = ["amount", "rate", "formula", "condition", "cap", "limit", "split", "exclusion", "priority", "rule-added", "rule-removed", "article-added", "article-removed", "input-added", "input-removed", "input-retyped", "validity", "repeal", "rounding", "review", "quota", "clawback", "example"];
    expect(kinds.filter((k) => !dirs.includes(k))).toEqual([]);
    for (const same of SAME) expect(dirs).toContain(same);
  });

  for (const dir of dirs) {
    it(dir, () => {
      const [oldFile, newFile] = pairOf(dir);
      const oldResult = load(oldFile);
      const newResult = load(newFile);
      const report = diff(oldResult, newResult);
      if (!report) throw new Error("diff returned nothing for two compiled policies");
      if (SAME.has(dir)) expect(report.changes.map((c) => c.summary.en)).toEqual([]);
      else {
        expect(report.changes.length).toBeGreaterThan(0);
        const kind = dir in KIND_OF ? KIND_OF[dir] : (dir as ChangeKind);
        if (kind) expect(report.changes.map((c) => c.kind)).toContain(kind);
      }
      // Every change with outputs says whether a witness was found; a found one has a replayed witness.
      for (const c of report.changes) {
        if (c.witness === "found" && c.kind !== "validity") expect(report.outputs.some((o) => c.outputs.includes(o.output) && o.witnesses.length > 0)).toBe(true);
      }
      checkWitnesses(report, oldResult, newResult);

      const text = `${renderDiffText(report, "zh")}\n${renderDiffText(report, "en")}`;
      const json = `${JSON.stringify(report, null, 2)}\n`;
      for (const [name, actual] of [["expected.txt", text], ["expected.json", json]] as const) {
        const path = join(CASES, dir, name);
        if (update) writeFileSync(path, actual);
        expect(existsSync(path), `${path} is missing: run KUAN_UPDATE=1 npx vitest run test/diff and review the diff`).toBe(true);
        expect(actual).toBe(readFileSync(path, "utf8"));
      }
    });
  }

  it("Suzhou 2021 → 2024: the cap, the third year, the new exclusion and validity, each with a replayed witness", () => {
    const oldResult = load("policies/suzhou-ip-finance-2021.kuan");
    const newResult = load("policies/suzhou-ip-finance-2024.kuan");
    const report = diff(oldResult, newResult) as DiffReport;
    const summaries = report.changes.map((c) => c.summary.zh);
    expect(summaries).toContain("第四条 质押奖励：数额 10万元 → 20万元");
    expect(summaries).toContain("第五条 服务费补贴：限次 2年 → 3年");
    expect(report.changes.map((c) => c.kind)).toEqual(expect.arrayContaining(["validity", "repeal", "input-added", "exclusion", "example"]));
    const verdicts = Object.fromEntries(report.outputs.map((o) => [o.output, o.verdict]));
    expect(verdicts).toMatchObject({ 质押奖励: "both-ways", 服务费补贴: "both-ways", 保险补贴: "less-generous" });
    const more = report.outputs.find((o) => o.output === "服务费补贴")?.witnesses.find((w) => w.direction === "more-generous");
    expect(more?.newHistory.length, "the third year needs two earlier years of grants").toBe(2);
    expect(report.validityWitness).toEqual({ date: "2021-01-01", oldInForce: true, newInForce: false });
    // The validity witness, evaluated on the versions as written.
    const w = report.validityWitness;
    const inForceOn = (r: CompileResult) => {
      if (!r.ir) throw new Error("does not compile");
      const input = Object.fromEntries(r.ir.inputs.map((i) => [i.name, i.spec.type === "bool" ? false : 0]));
      const e = interpret(r.ir, input, { asOf: w?.date ?? "" });
      return e.ok ? e.decision.inForce : null;
    };
    expect([inForceOn(oldResult), inForceOn(newResult)]).toEqual([true, false]);
  });
});

describe("kuan diff on the command line", () => {
  const run = async (args: string[]) => {
    let stdout = "";
    let stderr = "";
    const io = { stdout: { write: (t: string) => void (stdout += t), isTTY: false }, stderr: { write: (t: string) => void (stderr += t), isTTY: false }, env: { LANG: "C.UTF-8" }, readStdin: () => Promise.resolve("") };
    const status = await main(args, io);
    return { status, stdout, stderr };
  };
  const at = (p: string) => join(repo, p);

  it("exits 0 when only formatting, comments, article order and keyword language differ", async () => {
    expect((await run(["diff", at("test/cases/diff/formatting/old.kuan"), at("test/cases/diff/formatting/new.kuan")])).status).toBe(0);
    const twin = await run(["diff", at("policies/suzhou-ip-finance-2021.kuan"), at("policies/suzhou-ip-finance-2021.en.kuan"), "--lang", "en"]);
    expect(twin.status).toBe(0);
    expect(twin.stdout).toContain("No change in meaning");
  });

  it("exits 1 with changes, and --json is the report", async () => {
    const r = await run(["diff", at("test/cases/diff/amount/old.kuan"), at("test/cases/diff/amount/new.kuan"), "--json"]);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect(report.changes.map((c) => c.kind)).toEqual(["amount"]);
  });

  it("reads a population file as its bytes: the same impact as from its text, and a file not in UTF-8 refused by name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kuan-diff-"));
    const oldFile = at("policies/suzhou-ip-finance-2021.kuan");
    const newFile = at("policies/suzhou-ip-finance-2024.kuan");
    const oldResult = compile(readFileSync(oldFile, "utf8"), { fileName: oldFile });
    const newResult = compile(readFileSync(newFile, "utf8"), { fileName: newFile });
    if (!oldResult.ir) throw new Error("the 2021 policy compiles");
    const text = generatePopulation(oldResult.ir, { count: 300, seed: 7 });
    writeFileSync(join(dir, "population.csv"), text);
    const r = await run(["diff", oldFile, newFile, "--population", join(dir, "population.csv"), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const fromText = diffImpact(oldResult, newResult, "population.csv", text);
    expect(fromText?.report).toBeTruthy();
    expect((JSON.parse(r.stdout) as { impact: unknown }).impact).toEqual(JSON.parse(JSON.stringify(fromText?.report)));
    // Latin-1 bytes (a GBK or Excel export would look alike): the file is named, nothing is evaluated.
    writeFileSync(join(dir, "latin1.csv"), Buffer.from("id,firm\nA1,caf\xe9\n", "latin1"));
    const bad = await run(["diff", oldFile, newFile, "--population", join(dir, "latin1.csv"), "--lang", "en"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`kuan: ${join(dir, "latin1.csv")} is not UTF-8 text (if it is GBK, save it as UTF-8)\n`);
    expect(bad.stdout).toBe("");
  });

  it("exits 2 with the diagnostics of a file that does not compile", async () => {
    const r = await run(["diff", at("test/cases/diff/amount/old.kuan"), at("test/fixtures/errors1.kuan")]);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/(错误|error) K\d{4}/);
  });
});

describe("policy text in the diff's output", () => {
  it("shows bidi and control characters as escapes, in text and HTML", () => {
    const old = readFileSync(join(CASES, "amount", "old.kuan"), "utf8");
    // An article title that would reorder what the reviewer reads (U+202E) and ring the terminal
    // (U+0007), in an article whose cap changes (so the diff shows it).
    const changed = old.replace("第四条 质押奖励:", "第四条 质押\u202e\u0007奖励:").replace("10万元)", "20万元)");
    expect(changed).not.toBe(old);
    const report = diff(compile(old, { fileName: "old.kuan" }), compile(changed, { fileName: "new.kuan" }));
    if (!report) throw new Error("both versions compile");
    for (const lang of ["zh", "en"] as const) {
      const text = renderDiffText(report, lang);
      expect(text).toContain("⟨U+202E⟩");
      expect(text).toContain("\\x07");
      expect(text).not.toMatch(/[\u202e\u0007]/);
    }
    const html = renderDiffHtml(report, null);
    expect(html).toContain("⟨U+202E⟩");
    expect(html).not.toMatch(/[\u202e\u0007]/);
  });
});
