/**
 * The application file reader: CSV with a header and JSON Lines, typed against the Suzhou finance
 * measure's inputs; every bad row reported by line and field; the core free of node:*.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { detectFormat, firmProblem, mergeInputs, parseApplications, processingOrder, splitCsv, visible } from "../../compiler/applications/index.js";
import { compile } from "../../compiler/pipeline.js";
import { validateInput } from "@kuan/runtime/internal";

const root = fileURLToPath(new URL("../../", import.meta.url));
const policy = (name: string) => {
  const result = compile(readFileSync(`${root}policies/${name}`, "utf8"), { fileName: name });
  if (!result.ir) throw new Error(`${name} does not compile`);
  return result.ir;
};
const suzhou = policy("suzhou-ip-finance-2021.kuan");
const inputs = suzhou.inputs;
const names = inputs.map((i) => i.name);

/** A row with every input given: 否 for yes/no, 0 for money, then the overrides. */
function row(over: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = { id: "A1", firm: "F1", project: "P1", date: "2021-03-01" };
  for (const i of inputs) base[i.name] = i.spec.type === "bool" ? "否" : "0";
  return { ...base, ...over };
}
function csv(rows: readonly Record<string, string>[], columns = ["id", "firm", "project", "date", ...names]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.join(","), ...rows.map((r) => columns.map((c) => quote(r[c] ?? "")).join(","))].join("\n") + "\n";
}

describe("CSV", () => {
  it("reads typed inputs with the runtime's own validation (500万元, 是, 30000.00)", () => {
    const file = parseApplications(csv([row({ 质押融资额: "500万元", 已放款: "是", 担保费: "30000.00" })]), inputs, { format: "csv" });
    expect(file.problems).toEqual([]);
    expect(file.rows).toBe(1);
    const [a] = file.applications;
    expect(a).toMatchObject({ line: 2, id: "A1", firm: "F1", project: "P1", date: "2021-03-01" });
    expect(a?.values["质押融资额"]).toBe(500_000_000); // fen
    expect(a?.values["已放款"]).toBe(true);
    expect(a?.values["担保费"]).toBe(3_000_000);
    expect(a?.input["质押融资额"]).toBe("500万元");
  });

  it("counts lines as an editor does: a quoted line break, CRLF, empty lines, a BOM", () => {
    const text = "\uFEFF" + csv([row({ id: "A1" }), row({ id: "A2", project: "two\nlines" }), row({ id: "A3" })]).replace(/\n(?=A3)/, "\n\n").replace(/\n/g, "\r\n");
    const file = parseApplications(text, inputs, { format: "csv" });
    // A line break inside a quoted id is read, and refused as invisible.
    expect(file.problems.map((p) => [p.line, p.field, p.en])).toEqual([[3, "project", "contains invisible characters: 'two\\nlines'"]]);
    expect(file.applications.map((a) => [a.id, a.line])).toEqual([["A1", 2], ["A3", 6]]);
  });

  it("reports every bad row by line and field, and keeps the good ones", () => {
    const text = csv([
      row({ id: "OK1" }),
      row({ id: "B1", 质押融资额: "五百" }), // wrong type
      row({ id: "B2", 已放款: "" }), // missing field
      row({ id: "B3", firm: "ACME CORP" }), // unknown firm format
      row({ id: "B4", date: "2021-02-30" }), // no such date
      row({ id: "OK1" }), // duplicate id
      row({ id: "", firm: "" }), // missing id and firm
    ]);
    const file = parseApplications(text, inputs, { format: "csv" });
    expect(file.applications.map((a) => a.id)).toEqual(["OK1"]);
    expect(file.problems.map((p) => [p.line, p.field, p.id])).toEqual([
      [3, "质押融资额", "B1"],
      [4, "已放款", "B2"],
      [5, "firm", "B3"],
      [6, "date", "B4"],
      [7, "id", "OK1"],
      [8, "id", undefined],
      [8, "firm", undefined],
    ]);
    expect(file.problems[0]?.en).toContain("五百");
    expect(file.problems[1]?.en).toBe("is missing");
    expect(file.problems[2]?.en).toContain("unknown firm format");
    expect(file.problems[4]?.en).toContain("line 2");
  });

  it("refuses a header with a column the policy does not have, or a row of the wrong width", () => {
    const extra = parseApplications(csv([row()], ["id", "firm", "date", ...names, "质押融资金额"]), inputs, { format: "csv" });
    expect(extra.applications).toEqual([]);
    expect(extra.problems.map((p) => [p.line, p.field])).toEqual([[1, "质押融资金额"]]);
    const width = parseApplications(csv([row()]) + "A9,F9\n", inputs, { format: "csv" });
    expect(width.applications).toHaveLength(1);
    expect(width.problems.map((p) => [p.line, p.field])).toEqual([[3, "(row)"]]);
    expect(parseApplications("", inputs, { format: "csv" }).problems.map((p) => p.field)).toEqual(["(header)"]);
  });

  it("takes Chinese column names and a history column", () => {
    const history = JSON.stringify([{ policy: suzhou.id, version: "2021", article: "第四条", rule: "质押奖励", firm: "F1", date: "2020-05-01", amount: "50000.00" }]);
    const r = row();
    const text = csv([{ ...r, 申报编号: "甲-1", 企业: "F1", 申报日期: "2021年3月1日", 已获: history }], ["申报编号", "企业", "申报日期", "已获", ...names]);
    const file = parseApplications(text, inputs, { format: "csv" });
    expect(file.problems).toEqual([]);
    expect(file.applications[0]).toMatchObject({ id: "甲-1", date: "2021-03-01" });
    expect(file.applications[0]?.history).toEqual([{ policy: suzhou.id, version: "2021", article: "第四条", rule: "质押奖励", firm: "F1", date: "2020-05-01", amount: "50000.00" }]);
    const bad = parseApplications(csv([{ ...r, history: '[{"policy":"x","version":"1","article":"第一条","rule":"y","firm":"F1","date":"2020-01-01","amount":"lots"}]' }], ["id", "firm", "date", "history", ...names]), inputs, { format: "csv" });
    expect(bad.problems.map((p) => [p.line, p.field])).toEqual([[2, "history[0].amount"]]);
  });
});

describe("JSON Lines", () => {
  it("reads flat or nested inputs, JSON numbers and booleans; null is absent", () => {
    const flat = { ...row({ id: "J1" }), 质押融资额: 5_000_000, 已放款: true };
    const { id, firm, project, date, ...rest } = row({ id: "J2" });
    const nested = { id, firm, project, date, input: rest };
    const text = `${JSON.stringify(flat)}\n\n${JSON.stringify(nested)}\n${JSON.stringify({ ...row({ id: "J3" }), 已放款: null })}\nnot json\n[1]\n`;
    const file = parseApplications(text, inputs, { format: "jsonl" });
    expect(file.applications.map((a) => [a.id, a.line])).toEqual([["J1", 1], ["J2", 3]]);
    expect(file.applications[0]?.values["质押融资额"]).toBe(500_000_000);
    expect(file.problems.map((p) => [p.line, p.field])).toEqual([[4, "已放款"], [5, "(row)"], [6, "(row)"]]);
    expect(file.rows).toBe(5);
  });

  it("names a wrong type of a standard field", () => {
    const file = parseApplications(JSON.stringify({ ...row(), firm: 42 }), inputs, { format: "jsonl" });
    expect(file.problems.map((p) => [p.line, p.field, p.en])).toEqual([[1, "firm", "should be non-empty text"]]);
  });
});

describe("ids, formats and order", () => {
  it("checks unified social credit codes by their check character", () => {
    expect(firmProblem("91320500MA1MOOOO0X", "uscc")).not.toBeNull();
    expect(firmProblem("91350100M000100Y43", "uscc")).toBeNull();
    expect(firmProblem("91350100M000100Y44", "uscc")?.en).toContain("should be 3");
    expect(firmProblem("f-1.a_b", "id")).toBeNull();
    expect(firmProblem("企业甲", "id")?.en).toContain("unknown firm format");
  });

  it("shows invisible characters in what it prints", () => {
    expect(visible("A\u202eB\u0007")).toBe("A⟨U+202E⟩B\\x07");
    const file = parseApplications(csv([row({ project: "P\u202e1" })]), inputs, { format: "csv" });
    expect(file.problems[0]?.en).toContain("⟨U+202E⟩");
  });

  it("detects the format from the name, else from the first character", () => {
    expect(detectFormat("a.CSV", "{")).toBe("csv");
    expect(detectFormat("a.ndjson", "id")).toBe("jsonl");
    expect(detectFormat("-", '\uFEFF {"id":1}')).toBe("jsonl");
    expect(detectFormat("-", "id,firm")).toBe("csv");
  });

  it("merges the inputs of a measure's versions; a type clash names the input", () => {
    const v2024 = policy("suzhou-ip-finance-2024.kuan");
    const merged = mergeInputs([suzhou, v2024]);
    expect(merged.ok && merged.inputs.map((i) => i.name)).toEqual([...new Set([...names, ...v2024.inputs.map((i) => i.name)])]);
    const clash = mergeInputs([suzhou, { id: "x", version: "1", inputs: [{ name: "已放款", spec: { type: "money" } }] }]);
    expect(!clash.ok && clash.problems.map((p) => p.field)).toEqual(["已放款"]);
  });

  it("orders by application date, then id, whatever the file order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.stringMatching(/^[A-Z][0-9]{1,3}$/), day: fc.integer({ min: 1, max: 28 }) }), { maxLength: 30 }), (specs) => {
        const rows = [...new Map(specs.map((s) => [s.id, s])).values()].map((s) => row({ id: s.id, date: `2021-03-${String(s.day).padStart(2, "0")}` }));
        const ordered = processingOrder(parseApplications(csv(rows), inputs, { format: "csv" }).applications);
        const reversed = processingOrder(parseApplications(csv([...rows].reverse()), inputs, { format: "csv" }).applications);
        expect(ordered.map((a) => a.id)).toEqual(reversed.map((a) => a.id));
        for (let i = 1; i < ordered.length; i++) {
          const [a, b] = [ordered[i - 1], ordered[i]];
          if (a && b) expect(a.date < b.date || (a.date === b.date && a.id < b.id)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("cells read once per file (a cache) give exactly what the runtime's validator reads from the text (property)", () => {
    const money = fc.oneof(
      fc.bigInt({ min: 0n, max: 10n ** 16n }).map((f) => `${f / 100n}.${String(f % 100n).padStart(2, "0")}`),
      fc.integer({ min: 0, max: 99_999 }).map((n) => `${n}万元`),
      fc.integer({ min: 0, max: 9_999 }).map((n) => `${n}.5万`),
      fc.constantFrom("0", "1e3", "-5", "1,000", "0.001", "５００", "89999999999999.99", "90000000000000.00"),
    );
    // What an evaluator accepts for one money cell, read alone (schema, then the reader).
    const alone = (text: string) => validateInput([{ name: "m", spec: { type: "money" } }], { m: text });
    fc.assert(
      fc.property(fc.array(money, { minLength: 1, maxLength: 20 }), (amounts) => {
        const rows = amounts.map((m, i) => row({ id: `M${i}`, 质押融资额: m, 担保费: amounts[(i + 1) % amounts.length] ?? "0" }));
        const file = parseApplications(csv([...rows, ...rows.map((r) => ({ ...r, id: `${r.id}b` }))]), inputs, { format: "csv" });
        const bad = new Set(file.problems.map((p) => `${p.id ?? ""}/${p.field}`));
        for (const [i, m] of amounts.entries()) {
          const next = amounts[(i + 1) % amounts.length] ?? "0";
          for (const id of [`M${i}`, `M${i}b`]) {
            for (const [field, text] of [["质押融资额", m], ["担保费", next]] as const) {
              const expected = alone(text);
              expect(bad.has(`${id}/${field}`)).toBe(!expected.ok);
              const a = file.applications.find((x) => x.id === id);
              if (expected.ok && a) expect(a.values[field]).toBe(expected.values[0]);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("splits CSV as papaparse does: quotes, doubled quotes, commas and line breaks in fields (property)", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "7", ",", '"', "\n", " ", "中"), maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.tuple(fc.array(cell, { minLength: width, maxLength: width }), fc.boolean()), { minLength: 1, maxLength: 6 })), (grid) => {
        // Quoted where needed, or always (a quoted plain field reads as itself).
        const text = grid.map(([cells, always]) => cells.map((v) => (always || /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(",")).join("\n") + "\n";
        const rows: string[][] = [];
        const lines: number[] = [];
        splitCsv(text, (cells, line) => void (rows.push(cells), lines.push(line)), () => expect.unreachable());
        const papa = Papa.parse<string[]>(text, { delimiter: ",", newline: "\n" });
        expect(papa.errors).toEqual([]);
        // papaparse also gives the empty line after the last line break as a row.
        expect(rows).toEqual(papa.data.slice(0, grid.length));
        expect(rows).toEqual(grid.map(([cells]) => cells));
        // Each row starts on the line after the line breaks of every row before it.
        let line = 1;
        grid.forEach(([cells], i) => {
          expect(lines[i]).toBe(line);
          line += 1 + cells.join("").split("\n").length - 1;
        });
      }),
      { numRuns: 300 },
    );
  });

  it("reports a quote out of place or never closed as a bad row, and reads on", () => {
    const text = csv([row({ id: "Q1" }), row({ id: "Q2" }), row({ id: "Q3" })]).replace("Q2,", '"Q2"x,');
    const file = parseApplications(text, inputs, { format: "csv" });
    expect(file.applications.map((a) => a.id)).toEqual(["Q1", "Q3"]);
    expect(file.problems.map((p) => [p.line, p.field, p.en])).toEqual([[3, "(row)", "bad CSV: a closing quote must be followed by a comma or the end of the line"]]);
    expect(file.rows).toBe(3);
    const open = parseApplications(csv([row({ id: "Q1" })]) + '"Q2,F1\nQ3,F1\n', inputs, { format: "csv" });
    expect(open.applications.map((a) => a.id)).toEqual(["Q1"]);
    expect(open.problems.map((p) => [p.line, p.field, p.en])).toEqual([[3, "(row)", "bad CSV: a quoted field is not closed"]]);
  });

  it("a row reads as the runtime's validateInput reads the same record: values, or the same fields in the same order (property)", () => {
    const text = fc.constantFrom("", "是", "否", "yes", "no", "true", "0", "12.50", "12.505", "500万元", "1,000", "abc", "-1", "1e3", "５００", "0.5");
    const firstNames = names.slice(0, 8);
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: firstNames.length, maxLength: firstNames.length }), { minLength: 1, maxLength: 12 }), (grid) => {
        const rows = grid.map((cells, i) => row({ id: `V${i}`, ...Object.fromEntries(firstNames.map((n, j) => [n, cells[j] ?? ""])) }));
        const file = parseApplications(csv(rows), inputs, { format: "csv" });
        rows.forEach((r, i) => {
          const record = Object.fromEntries(names.filter((n) => r[n] !== "").map((n) => [n, r[n]]));
          const expected = validateInput(inputs, record);
          const line = i + 2;
          const got = file.applications.find((a) => a.line === line);
          if (expected.ok) {
            expect(file.problems.filter((p) => p.line === line)).toEqual([]);
            expect(got?.values).toEqual(Object.fromEntries(inputs.map((s, k) => [s.name, expected.values[k]])));
          } else {
            expect(got).toBeUndefined();
            expect(file.problems.filter((p) => p.line === line).map((p) => [p.field, p.en])).toEqual(expected.errors.map((e) => [e.field, e.message.en]));
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it("the parsing core imports nothing from node:*", () => {
    const core = readFileSync(`${root}compiler/applications/index.ts`, "utf8");
    expect(core).not.toMatch(/from\s+["']node:/);
    expect(core).not.toMatch(/\b(Buffer|process)\./);
  });
});
