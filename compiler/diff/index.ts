/**
 * The semantic diff of two versions of a policy: align them, list the changes in meaning and the
 * wording notes, then search a witness for every output a change may affect. Pure and free of
 * `node:*`, so the CLI and the playground's worker run the same code.
 */
import type { KuanFile } from "../../grammar/ast.js";
import type { IrPolicy } from "../ir/ir.js";
import { defaultAsOf } from "@kuan/runtime/internal";
import { align } from "./align.js";
import { collectChanges, Sides } from "./changes.js";
import type { Change, DiffReport, OutputVerdict } from "./model.js";
import { WitnessSearch, type SearchOptions } from "./witness.js";

import Papa from "papaparse";
import { detectFormat } from "../applications/index.js";
import { readPopulation, UTF8 } from "../applications/population.js";
import { impactOf, populationInputs, type ImpactOptions, type ImpactResult } from "./impact.js";

export type * from "./model.js";
export type { Decided, ImpactOptions, ImpactReport, ImpactResult, PayerTotal, LargestChange, HistogramBin } from "./impact.js";
export { align } from "./align.js";
export { Impact, impactOf, populationInputs } from "./impact.js";
export { generatePopulation } from "./gen-population.js";
export { UNSPLIT } from "./impact.js";

export interface DiffInput {
  readonly file: string;
  readonly source: string;
  readonly ast: KuanFile;
  readonly ir: IrPolicy;
}

export interface DiffOptions extends SearchOptions {
  /** The date rules are compared on (default: the new version's first valid day). */
  readonly asOf?: string;
}

function comparedOn(newVersion: DiffInput, options: DiffOptions): string {
  return options.asOf ?? defaultAsOf({ version: newVersion.ir.version, validFrom: newVersion.ir.validFrom });
}

/** The columns of an application file: the CSV header, or the keys of the first JSON line. */
function columnsOf(text: string, format: "csv" | "jsonl"): Set<string> {
  const body = text.replace(/^\uFEFF/, "");
  if (format === "csv") return new Set((Papa.parse<string[]>(body, { preview: 1, delimiter: "," }).data[0] ?? []).map((c) => c.trim()));
  const first = body.split("\n").find((l) => l.trim() !== "");
  try {
    const record = JSON.parse(first ?? "{}") as Record<string, unknown>;
    const nested = typeof record["input"] === "object" && record["input"] !== null ? Object.keys(record["input"]) : [];
    return new Set([...Object.keys(record), ...nested]);
  } catch {
    // The reader reports the bad line by number.
    return new Set();
  }
}

/**
 * Both versions on every application of a population (CSV with a header, or JSON Lines, read by
 * compiler/applications): the inputs it gives by either version's name; inputs it lacks are
 * taken as no / 0, and the report says so.
 */
export function populationImpact(oldVersion: DiffInput, newVersion: DiffInput, fileName: string, population: string | Uint8Array, options: ImpactOptions = {}): ImpactResult {
  let given: string | Uint8Array = population;
  let head = typeof given === "string" ? given : "";
  if (typeof given !== "string") {
    // Bytes (UTF-8): the CSV byte reader reads them. Only the header line is decoded here, when
    // it is plain (no quotes) and the file is not JSON Lines; otherwise the whole file, as text.
    const bytes = given;
    const newline = bytes.indexOf(0x0a);
    head = UTF8.decode(bytes.subarray(0, newline < 0 ? bytes.length : newline));
    const plainHeader = !head.includes('"') && head.replace(/^\uFEFF/, "").trim() !== "" && !head.replace(/^\uFEFF/, "").trimStart().startsWith("{");
    if (!plainHeader) given = head = UTF8.decode(bytes);
  }
  const format = detectFormat(fileName, head);
  const columns = columnsOf(head, format);
  const file = readPopulation(given, populationInputs(oldVersion.ir, newVersion.ir, columns), { format });
  if (file.problems.length > 0) return { report: null, errors: file.problems.slice(0, 50) };
  return impactOf(oldVersion.ir, newVersion.ir, align(oldVersion.ir, newVersion.ir), file.population, columns, options);
}


export function diffPolicies(oldVersion: DiffInput, newVersion: DiffInput, options: DiffOptions = {}): DiffReport {
  const alignment = align(oldVersion.ir, newVersion.ir);
  const sides = new Sides(oldVersion, newVersion, alignment);
  const { changes, notes } = collectChanges(sides);
  const asOf = comparedOn(newVersion, options);
  const search = new WitnessSearch(oldVersion.ir, newVersion.ir, alignment, asOf, options);
  const affected: string[] = [];
  for (const c of changes) for (const o of c.outputs) if (!affected.includes(o)) affected.push(o);
  const order = (name: string) => {
    const i = newVersion.ir.rules.findIndex((r) => r.name === name);
    return i >= 0 ? i : newVersion.ir.rules.length + oldVersion.ir.rules.findIndex((r) => r.name === name);
  };
  affected.sort((a, b) => order(a) - order(b));
  const outputs: OutputVerdict[] = affected.map((name) => {
    const isNew = newVersion.ir.rules.some((r) => r.name === name);
    const newName = isNew ? name : null;
    const oldName = isNew ? (alignment.rules.toOld(name) ?? null) : name;
    const newRule = newVersion.ir.rules.find((r) => r.name === newName);
    const oldRule = oldVersion.ir.rules.find((r) => r.name === oldName);
    return { ...search.search(name, oldName, newName), article: { old: oldRule?.article?.label ?? null, new: newRule?.article?.label ?? null } };
  });
  const head = (v: DiffInput) => ({ file: v.file, id: v.ir.id, version: v.ir.version, validFrom: v.ir.validFrom, validTo: v.ir.validTo });
  const validityChanged = changes.some((c) => c.kind === "validity");
  const validityWitness = validityChanged ? search.validityWitness(oldVersion.ir, newVersion.ir) : null;
  const witnessed = (c: (typeof changes)[number]): Change["witness"] => {
    if (c.kind === "validity") return validityWitness ? "found" : "none-found";
    if (c.outputs.length === 0) return "not-decisional";
    return outputs.some((o) => c.outputs.includes(o.output) && o.witnesses.length > 0) ? "found" : "none-found";
  };
  return {
    old: head(oldVersion),
    new: head(newVersion),
    changes: changes.map((c) => ({ ...c, witness: witnessed(c) })),
    notes,
    outputs,
    comparedOn: asOf,
    validityWitness,
  };
}
