/**
 * Applications under the Suzhou finance measure (policies/suzhou-ip-finance-2021.kuan) for the
 * ledger tests: a row builder and CSV writing, every input given (否 and 0 unless said).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compile } from "../../compiler/pipeline.js";
import type { IrPolicy } from "../../compiler/ir/ir.js";

export const repo = fileURLToPath(new URL("../../", import.meta.url));
export const SUZHOU = `${repo}policies/suzhou-ip-finance-2021.kuan`;
export const SUZHOU_2024 = `${repo}policies/suzhou-ip-finance-2024.kuan`;

export function policyIr(path: string): IrPolicy {
  const result = compile(readFileSync(path, "utf8"), { fileName: path });
  if (!result.ir) throw new Error(`${path} does not compile`);
  return result.ir;
}

const suzhou = policyIr(SUZHOU);
export const INPUTS = suzhou.inputs.map((i) => i.name);
const BOOLS = new Set(suzhou.inputs.filter((i) => i.spec.type === "bool").map((i) => i.name));
export const COLUMNS = ["id", "firm", "project", "date", ...INPUTS];

export type Row = Record<string, string>;

export function row(id: string, firm: string, project: string, date: string, given: Record<string, string> = {}): Row {
  const r: Row = { id, firm, project, date };
  for (const name of INPUTS) r[name] = BOOLS.has(name) ? "否" : "0";
  return { ...r, ...given };
}

export function csv(rows: readonly Row[], columns: readonly string[] = COLUMNS): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[columns.join(","), ...rows.map((r) => columns.map((c) => quote(r[c] ?? "")).join(","))].join("\n")}\n`;
}

/** A deterministic mix of many applications by fewer firms (so that history matters). */
export function population(n: number, seed: number): Row[] {
  let s = seed | 0;
  const random = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const firm = `F${Math.floor(random() * Math.max(1, n / 5))}`;
    const project = `P${Math.floor(random() * Math.max(1, n / 3))}`;
    const date = `${2021 + Math.floor(random() * 3)}-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
    const k = random();
    const given: Record<string, string> =
      k < 0.35 ? { 质押融资额: `${Math.floor(random() * 2000)}万元`, 已放款: "是", 担保费: String(Math.floor(random() * 80000)), 评估费: `${Math.floor(random() * 40000)}.5` }
      : k < 0.6 ? { 是重点企业: random() < 0.8 ? "是" : "否", 已付清保费: "是", 保险保费: String(Math.floor(random() * 400000)), 提前退保: random() < 0.15 ? "是" : "否" }
      : k < 0.85 ? { 是债券发行人: "是", 债券利息: String(Math.floor(random() * 5_000_000)), 债券税费: "1200.01" }
      : { 已放款: "是", 担保费: "50000", 严重失信: random() < 0.5 ? "是" : "否" };
    rows.push(row(`A${String(i).padStart(6, "0")}`, firm, project, date, given));
  }
  return rows;
}
