/**
 * A synthetic population for a policy: values its inputs' types accept, with weight on the
 * policy's thresholds and caps (a third of the amounts sit on a turning point: a constant, a fen
 * either side, the input that just reaches a cap through a rate). Deterministic for a seed.
 */
import type { IrExpr, IrPolicy } from "../ir/ir.js";
import { formatYuan, type InputSpec } from "@kuan/runtime/internal";
import { children } from "./align.js";
import { candidates, collectConstants } from "./witness.js";

/** A CSV line (quoted where needed), as compiler/applications reads it. */
function csvLine(values: readonly unknown[]): string {
  return values
    .map((v) => {
      const text = typeof v === "string" ? v : JSON.stringify(v);
      return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(",");
}

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function inputsIn(e: IrExpr, into: Set<string>): void {
  if (e.op === "input") into.add(e.name);
  for (const c of children(e)) inputsIn(c, into);
}

export interface GenOptions {
  readonly count: number;
  readonly seed: number;
  /** The application date of every row (default: the policy's first valid day). */
  readonly date?: string;
}

/** The population as CSV: a header, then one application a line. */
export function generatePopulation(ir: IrPolicy, options: GenOptions): string {
  const random = prng(options.seed);
  const constants = collectConstants(ir);
  const asOf = options.date ?? ir.validFrom ?? `${ir.version.slice(0, 4)}-01-01`;
  const year = Number(asOf.slice(0, 4));
  // Yes/no inputs that exclude are rare in a real cohort; the rest are a coin toss leaning yes.
  const excluding = new Set<string>();
  for (const x of ir.exclusions) inputsIn(x.condition, excluding);
  for (const r of ir.rules) for (const c of r.clawbacks) inputsIn(c.condition, excluding);
  const turning = new Map(ir.inputs.map((i) => [i.name, candidates(i.spec, constants, asOf)]));
  const topFen = Math.max(100_000, ...[...constants.money].map((m) => m * 3));
  const awards = ir.rules.filter((r) => r.kind === "reward" || r.kind === "subsidy");
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const value = (name: string, spec: InputSpec): unknown => {
    const near = turning.get(name) ?? [];
    switch (spec.type) {
      case "bool": return random() < (excluding.has(name) ? 0.03 : 0.65);
      case "money": {
        // Written with its unit ("12.50元"), so no CSV reader can take it for a binary number.
        if (random() < 0.33 && near.length > 0) return `${String(pick(near))}元`;
        // Spread over orders of magnitude up to three times the largest constant, in fen.
        const fen = Math.floor(Math.exp(random() * Math.log(topFen)));
        return `${formatYuan(fen)}元`;
      }
      case "enum": return pick(spec.values);
      case "text": return "";
      default: {
        // A count (件) is whole: the thresholds of other inputs (0.17, 3.0001) are not its values.
        const fits = spec.type === "count" ? near.filter((v) => /^\d+$/.test(String(v))) : near;
        return fits.length > 0 ? pick(fits) : "0";
      }
    }
  };
  // Every application is its own project, so per-project caps and one-off limits can be decided.
  const header = ["id", "firm", "project", "date", ...ir.inputs.map((i) => i.name), "history"];
  const lines = [csvLine(header)];
  for (let n = 1; n <= options.count; n++) {
    const firm = `F${String(n).padStart(7, "0")}`;
    const project = `P${String(n).padStart(7, "0")}`;
    const row: unknown[] = [`A${String(n).padStart(7, "0")}`, firm, project, asOf, ...ir.inputs.map((i) => value(i.name, i.spec))];
    let history = "";
    // One in four has earlier grants of some award: around its cap, in as many years as its
    // limit allows and one more, so caps and limits are reached as often as not.
    if (awards.length > 0 && random() < 1 / 4) {
      const rule = pick(awards);
      const cap = rule.caps.find((c) => c.amount.op === "money")?.amount;
      const capFen = cap?.op === "money" ? Number(cap.fen) : 5_000_000;
      const years = Math.max(1, ...rule.limits.map((l) => l.n));
      const count = 1 + Math.floor(random() * (years + 1));
      // As `kuan eval --history` takes them: each grant its own application, dated.
      const grants = Array.from({ length: count }, (_, k) => ({
        policy: ir.id,
        version: ir.version,
        article: rule.article?.label ?? "",
        rule: rule.name,
        firm,
        project,
        application: `earlier-${n}-${k + 1}`,
        date: `${k === 0 && random() < 0.3 ? year : year - 1 - k}-01-01`,
        amount: formatYuan(random() < 0.5 ? capFen : Math.max(1, Math.floor((random() * capFen) / count))),
      }));
      history = JSON.stringify(grants);
    }
    row.push(history);
    lines.push(csvLine(row));
  }
  return `${lines.join("\n")}\n`;
}
