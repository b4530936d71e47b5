/**
 * The impact's two fast paths are the slow ones, faster: readPopulation reads what
 * parseApplications reads (the same applications, values, problems and rows, on good files and on
 * files with odd and wrong cells), and the amounts-only decision grants what the full evaluation
 * grants (the fen per application, the totals per payer, the outcomes), on the population of every
 * pair of test/cases/diff and of the seed policies.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseApplications } from "../../compiler/applications/index.js";
import { populationOf, readPopulation, type Population } from "../../compiler/applications/population.js";
import { align } from "../../compiler/diff/align.js";
import { generatePopulation } from "../../compiler/diff/gen-population.js";
import { Impact, populationInputs, UNSPLIT } from "../../compiler/diff/impact.js";
import type { IrPolicy } from "../../compiler/ir/ir.js";
import { fenOfYuan, type RuntimeValue } from "@kuan/runtime/internal";
import { compile } from "../../compiler/pipeline.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const irOf = (file: string): IrPolicy => {
  const r = compile(readFileSync(join(repo, file), "utf8"), { fileName: file });
  if (!r.ok || !r.ir) throw new Error(`${file} does not compile`);
  return r.ir;
};

const pairs: [string, string][] = [
  ...readdirSync(join(repo, "test/cases/diff"))
    .filter((d) => existsSync(join(repo, "test/cases/diff", d, "old.kuan")))
    .map((d): [string, string] => [`test/cases/diff/${d}/old.kuan`, `test/cases/diff/${d}/new.kuan`]),
  ["policies/suzhou-ip-finance-2021.kuan", "policies/suzhou-ip-finance-2024.kuan"],
  ...readdirSync(join(repo, "policies"))
    .filter((f) => f.endsWith(".kuan"))
    .map((f): [string, string] => [`policies/${f}`, `policies/${f}`]),
];

function columnsOf(text: string): Set<string> {
  return new Set(text.slice(0, text.indexOf("\n")).split(","));
}

/** A population's rows, every field and value, for comparing. */
function rowsOf(p: Population) {
  const values = Array.from({ length: p.count }, (_, i) => p.inputs.map((_, k) => p.value(i, k)));
  const each = <T>(f: (i: number) => T): T[] => Array.from({ length: p.count }, (_, i) => f(i));
  // fill, as the impact reads a row's inputs (a default where there is no value): the same values.
  const at = p.inputs.map((_, k) => k);
  const filled = each((i) => {
    const out: RuntimeValue[] = [];
    p.fill(i, [...at, -1], [...at.map(() => "default"), "default"], out);
    return out;
  });
  expect(filled).toEqual(values.map((row) => [...row.map((v) => v ?? "default"), "default"]));
  return { count: p.count, lines: each((i) => p.line(i)), ids: each((i) => p.id(i)), firms: each((i) => p.firm(i)), projects: each((i) => p.project(i)), dates: each((i) => p.date(i)), histories: each((i) => p.history(i)), values };
}

describe("readPopulation ≡ parseApplications", () => {
  const ir = irOf("policies/suzhou-ip-finance-2021.kuan");
  const inputs = ir.inputs.map((i) => ({ name: i.name, spec: i.spec }));
  /** How each file given as bytes was read. */
  const read: (string | undefined)[] = [];
  const same = (text: string) => {
    const slow = parseApplications(text, inputs, { format: "csv" });
    const fast = readPopulation(text, inputs, { format: "csv" });
    expect(fast.problems).toEqual(slow.problems);
    expect(fast.rows).toBe(slow.rows);
    expect(rowsOf(fast.population)).toEqual(rowsOf(populationOf(slow.applications, inputs)));
    // The same file as bytes (UTF-8): the byte reader, or the text reader when it gives way.
    const bytes = readPopulation(new TextEncoder().encode(text), inputs, { format: "csv" });
    expect(bytes.problems).toEqual(slow.problems);
    expect(bytes.rows).toBe(slow.rows);
    expect(rowsOf(bytes.population)).toEqual(rowsOf(populationOf(slow.applications, inputs)));
    read.push(bytes.read);
    expect(rowsOf(fast.population).values).toEqual(slow.applications.map((a) => inputs.map((i) => a.values[i.name] ?? null)));
    return slow;
  };

  it("on generated populations", () => {
    read.length = 0;
    for (const seed of [1, 2, 3]) same(generatePopulation(ir, { count: 400, seed, date: "2024-06-30" }));
    expect(read).toEqual(["bytes", "bytes", "bytes"]);
  });

  it("on cells of other forms and wrong ones, anywhere", () => {
    const base = generatePopulation(ir, { count: 40, seed: 9, date: "2024-06-30" }).trimEnd().split("\n");
    const odd = ["", " ", "0", "12", "12.5", "12.50元", "12.505", "１２元", "500万元", "1,000", '"1,000"', "-1", "yes", "no", "是", "否", "True", "maybe", "2024-6-30", "2024-02-30", "A0000001", "F 1", '"x""y"', '"unclosed', '"a"b', "\u200b", "[]", '"[{""policy"":1}]"', "99999999999999", "8999999999999.99", "0000000000012.3元"];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(base.length - 2), fc.nat(30), fc.constantFrom(...odd)), { maxLength: 6 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        (edits, eol, extraLine) => {
          const lines = base.map((l) => l);
          for (const [row, column, value] of edits) {
            const cells = (lines[row + 1] as string).split(",");
            if (column < cells.length) cells[column] = value;
            else cells.push(value);
            lines[row + 1] = cells.join(",");
          }
          if (extraLine) lines.splice(5, 0, "");
          same(`${lines.join(eol)}${eol}`);
        },
      ),
      { numRuns: 150, seed: 20261202 },
    );
  });

  it("on histories of other forms and wrong ones", () => {
    const head = generatePopulation(ir, { count: 1, seed: 1, date: "2024-06-30" }).split("\n")[0] as string;
    const plain = generatePopulation(ir, { count: 1, seed: 1, date: "2024-06-30" }).split("\n")[1]?.split(",").slice(0, -1).join(",") as string;
    const grant = { policy: ir.id, version: "2021", article: "第四条", rule: "质押奖励", firm: "F0000001", project: "P0000001", application: "e-1", date: "2023-01-01", amount: "6910.55" };
    const csvCell = (json: string) => `"${json.replace(/"/g, '""')}"`;
    const variants: unknown[] = [
      [],
      [grant],
      [grant, { ...grant, application: "e-2", amount: "12元" }],
      [{ ...grant, date: "2023-1-5" }],
      [{ ...grant, date: "2023-02-30" }],
      [{ ...grant, amount: "1,000.00" }],
      [{ ...grant, amount: 100 }],
      [{ ...grant, amount: "-1" }],
      [{ ...grant, policy: " " }],
      [{ ...grant, firm: "\u2000" }],
      [{ ...grant, rule: "a\"b" }],
      [{ ...grant, year: 2023 }],
      [{ ...grant, payers: [{ payer: "市级", amount: "1.00" }] }],
      [{ ...grant, project: undefined, application: undefined }],
      [{ ...grant, policy: undefined }],
      { not: "an array" },
    ];
    const rows = variants.map((v, i) => `A${i},${plain.split(",").slice(1).join(",")},${csvCell(JSON.stringify(v))}`);
    rows.push(`B1,${plain.split(",").slice(1).join(",")},"[{""policy"":""x""}"`);
    rows.push(`B2,${plain.split(",").slice(1).join(",")},"[] "`);
    rows.push(`B3,${plain.split(",").slice(1).join(",")},"[{""a\u0001"":""b""}]"`);
    const file = same(`${head}\n${rows.join("\n")}\n`);
    // Each row alone too: a file with one odd row is read by the text reader whole, one row at a
    // time the byte reader reads each history it can.
    read.length = 0;
    for (const row of rows) same(`${head}\n${row}\n`);
    // Read as bytes: the histories the in-place reader takes (the others by the text reader).
    expect(read.map((r, i) => (r === "bytes" ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 2, 3, 13]);
    read.length = 0;
    // Texts the byte reader makes once (policy, rule, date) and the first characters it judges.
    for (const g of [{ ...grant, rule: "服务费补贴" }, { ...grant, article: "一" }, { ...grant, article: "\u4dff" }, { ...grant, article: "\ua000" }, { ...grant, policy: "~x" }, { ...grant, version: "é" }, { ...grant, amount: "12.5元" }, { ...grant, amount: "12.505" }, { ...grant, amount: "0012" }])
      same(`${head}\n${[1, 2, 3].map((k) => `A${k},${plain.split(",").slice(1).join(",")},${csvCell(JSON.stringify([grant, { ...g, application: `e-${k}` }]))}`).join("\n")}\n`);
    // Both kinds are there: histories read (the first four, the one without ids) and ones refused.
    // Both kinds are there: histories read (in place or by the general reader) and ones refused.
    expect(file.applications.map((a) => a.id)).toEqual(["A0", "A1", "A2", "A3", "A5", "A6", "A10", "A12", "A13", "B2"]);
    expect(file.applications[2]?.history.map((g) => g.amount)).toEqual(["6910.55", "12.00"]);
    expect(file.problems.map((p) => [p.line, p.field])).toEqual([[6, "history[0].date"], [9, "history[0].amount"], [10, "history[0].policy"], [11, "history[0].firm"], [13, "history[0].year"], [16, "history[0].policy"], [17, "history"], [18, "history"], [20, "history"]]);
  });

  it("on grants in other orders and forms, and fields with many texts", () => {
    const head = generatePopulation(ir, { count: 1, seed: 1, date: "2024-06-30" }).split("\n")[0] as string;
    const plain = generatePopulation(ir, { count: 1, seed: 1, date: "2024-06-30" }).split("\n")[1]?.split(",").slice(2, -1).join(",") as string;
    const grant = { policy: ir.id, version: "2021", article: "第四条", rule: "质押奖励", firm: "F0000001", project: "P0000001", application: "e-1", date: "2023-01-01", amount: "6910.55" };
    const csvCell = (json: string) => `"${json.replace(/"/g, '""')}"`;
    const { project: _p, application: _a, ...bare } = grant;
    const { firm: _f, ...noFirm } = grant;
    const reordered = { amount: grant.amount, date: grant.date, rule: grant.rule, article: grant.article, version: grant.version, policy: grant.policy, firm: grant.firm };
    const histories: unknown[][] = [
      [grant],
      [bare],
      [{ ...bare, application: "e-2" }],
      [{ ...bare, project: "P0000001" }],
      [reordered],
      [grant, reordered, { ...grant, application: "e-3" }],
      [noFirm],
      [{ ...noFirm, firm: "F0000001" }],
      [{ ...grant, amount: "0012.30" }],
      [{ ...grant, amount: "12.3元" }],
      [{ ...grant, date: "2023-1-1" }],
      // More articles and rules than the byte reader tries in place: the others by their hash.
      Array.from({ length: 12 }, (_, k) => ({ ...grant, article: `第${k + 1}条`, rule: k % 2 === 0 ? "质押奖励" : `规则${k}`, application: `e-${k}` })),
    ];
    const rows = histories.map((h, i) => `A${i},${i % 3 === 0 ? "F0000001" : `F${i}`},${plain},${csvCell(JSON.stringify(h))}`);
    same(`${head}\n${rows.join("\n")}\n`);
    read.length = 0;
    for (const row of rows) same(`${head}\n${row}\n`);
    // The ones in JSON.stringify's order and the reordered ones alike (a grant without its firm is refused).
    expect(read.map((r, i) => (r === "bytes" ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11]);
    // The same grant with its firm last (another order) twice over: as the first.
    same(`${head}\n${rows[11]}\n${rows[0]?.replace("A0,", "B0,")}\n${rows[5]?.replace("A5,", "B5,")}\n`);
  });

  it("on cells at the file's end and ids, firms and projects at their limits", () => {
    const head = generatePopulation(ir, { count: 1, seed: 1, date: "2024-06-30" }).split("\n")[0] as string;
    const cells = (generatePopulation(ir, { count: 1, seed: 1, date: "2024-06-30" }).split("\n")[1] as string).split(",");
    const columns = head.split(",");
    const without = columns.slice(0, -1);
    const bool = columns.findIndex((c) => inputs.find((i) => i.name === c)?.spec.type === "bool");
    const money = columns.findIndex((c) => inputs.find((i) => i.name === c)?.spec.type === "money");
    // The last cell of the file without a newline after it: a yes/no, an amount, a date.
    read.length = 0;
    for (const last of [bool, money, columns.indexOf("date")]) {
      const order = [...without.map((_, k) => k).filter((k) => k !== last), last];
      const header = order.map((k) => columns[k]).join(",");
      for (const value of last === bool ? ["是", "否", "true", "false", "fals", "tru", "是x"] : last === money ? ["1", "12.3", "12.34元", "元", "1."] : ["2024-06-30", "2024-06-3", "2024-06-300"]) {
        const row = (c: string[]) => order.map((k) => (k === last ? value : c[k])).join(",");
        same(`${header}\n${row(cells)}`);
        same(`${header}\n${row(cells)}\n${row(cells.map((c, k) => (k === 0 ? "A2" : c)))}`);
      }
    }
    // Read in place where the cell is plain (是 as the file's last bytes too), else by the text reader.
    expect(read.filter((r) => r === "bytes").length).toBeGreaterThan(read.length / 2);
    const id = (s: string) => cells.map((c, k) => (k === 0 ? s : c)).join(",");
    const firm = (s: string) => cells.map((c, k) => (k === 1 ? s : c)).join(",");
    const project = (s: string) => cells.map((c, k) => (k === 2 ? s : c)).join(",");
    for (const row of [id("A".repeat(128)), id("A".repeat(129)), id("A~!"), id("A'1"), id("A\u00e91"), firm("F".repeat(64)), firm("F".repeat(65)), firm("F.1_2-3"), firm(".F1"), firm("F+1"), project(""), project("P".repeat(129)), project("P 1")]) same(`${head}\n${row}\n`);
    // Ids that do not rise: each looked up (one twice is a problem).
    same(`${head}\n${id("A3")}\n${id("A1")}\n${id("A2")}\n`);
    same(`${head}\n${id("A3")}\n${id("A1")}\n${id("A3")}\n`);
  });

  it("on files whose header or rows the general reader must read", () => {
    same("");
    same("\uFEFFid,firm,date,质押融资额\nA1,F1,2024-01-01,1元\n");
    same("id,firm,date,nope\nA1,F1,2024-01-01,1\n");
    same('"id",firm,date\nA1,F1,2024-01-01\n');
    same("id,firm,date\nA1,F1,2024-01-01\nA1,F2,2024-01-01\n");
  });
});

/** What the full evaluation of both versions gives: fen per row, totals per payer, outcomes changed. */
function full(impact: Impact, p: Population) {
  const before: number[] = [];
  const after: number[] = [];
  const payersBefore = new Map<string, number>();
  const payersAfter = new Map<string, number>();
  let changedOutcome = 0;
  const add = (grants: readonly { amount: string; payers?: readonly { payer: string; amount: string }[] }[], into: Map<string, number>): number => {
    let fen = 0;
    for (const g of grants) {
      fen += fenOfYuan(g.amount);
      if (g.payers) for (const x of g.payers) into.set(x.payer, (into.get(x.payer) ?? 0) + fenOfYuan(x.amount));
      else into.set(UNSPLIT, (into.get(UNSPLIT) ?? 0) + fenOfYuan(g.amount));
    }
    return fen;
  };
  for (let i = 0; i < p.count; i++) {
    const d = impact.decide(p, i, false);
    if (!d.old.ok || !d.new.ok) return null;
    before.push(add(d.old.decision.grants, payersBefore));
    after.push(add(d.new.decision.grants, payersAfter));
    if (d.old.decision.outcome !== d.new.decision.outcome) changedOutcome++;
  }
  return { before, after, payersBefore: [...payersBefore], payersAfter: [...payersAfter], changedOutcome };
}

describe("amounts only ≡ the full evaluation", () => {
  it.each(pairs)("%s → %s", (a, b) => {
    const oldIr = irOf(a);
    const newIr = irOf(b);
    for (const seed of [1, 2]) {
      const text = generatePopulation(oldIr, { count: 300, seed });
      const columns = columnsOf(text);
      const inputs = populationInputs(oldIr, newIr, columns);
      const read = readPopulation(seed === 1 ? text : new TextEncoder().encode(text), inputs, { format: "csv" });
      // The old version's population may not fit the new one (an input retyped): the same problems.
      expect(read.problems).toEqual(parseApplications(text, inputs, { format: "csv" }).problems);
      if (read.problems.length > 0) continue;
      const impact = new Impact(oldIr, newIr, align(oldIr, newIr), columns);
      if (impact.missing.length > 0) continue;
      const expected = full(impact, read.population);
      const got = impact.decideAll(read.population);
      if (expected === null) {
        expect(got.errors.length).toBeGreaterThan(0);
        continue;
      }
      expect(got.errors).toEqual([]);
      expect([...got.decided.before]).toEqual(expected.before);
      expect([...got.decided.after]).toEqual(expected.after);
      expect([...got.decided.payersBefore]).toEqual(expected.payersBefore);
      expect([...got.decided.payersAfter]).toEqual(expected.payersAfter);
      expect(got.decided.changedOutcome).toBe(expected.changedOutcome);
    }
  });
});
