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
import type { DiffReport, OutputVerdict } from "./model.js";
import { WitnessSearch, type SearchOptions } from "./witness.js";

export type * from "./model.js";

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

export function diffPolicies(oldVersion: DiffInput, newVersion: DiffInput, options: DiffOptions = {}): DiffReport {
  const alignment = align(oldVersion.ir, newVersion.ir);
  const sides = new Sides(oldVersion, newVersion, alignment);
  const { changes, notes } = collectChanges(sides);
  const asOf = options.asOf ?? defaultAsOf({ id: newVersion.ir.id, version: newVersion.ir.version, validFrom: newVersion.ir.validFrom, validTo: newVersion.ir.validTo });
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
  return {
    old: head(oldVersion),
    new: head(newVersion),
    changes,
    notes,
    outputs,
    comparedOn: asOf,
    validityWitness: validityChanged ? search.validityWitness(oldVersion.ir, newVersion.ir) : null,
  };
}
