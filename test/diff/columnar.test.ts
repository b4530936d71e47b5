/**
 * The column-wise impact (compiler/diff/columnar.ts) ≡ the plain interpreter: on random
 * populations (fast-check) whose amounts sit on the policies' turning points (every constant, a
 * fen either side, the input that just reaches a cap through a rate, amounts near 2^53 fen whose
 * sums overflow), with earlier grants at and around each cap and limit (a fen under, at, over;
 * as many years as a limit allows and one more; another firm's, another project's, a later one,
 * one twice) and rows without a project, every application gets from decideAll the fen and the
 * outcome that the full evaluation of each version gives it, and the totals per payer are the
 * same. The column-wise path must have decided most rows itself (else this would test nothing).
 * The columns both versions compute alike are computed once (ColumnShare): shared and not shared
 * (another constant, a retyped input) alike give what the interpreter gives.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPopulation } from "../../compiler/applications/population.js";
import { align, children } from "../../compiler/diff/align.js";
import { columnProgram } from "../../compiler/diff/columnar.js";
import { Impact, populationInputs, UNSPLIT } from "../../compiler/diff/impact.js";
import { candidates, collectConstants } from "../../compiler/diff/witness.js";
import type { IrExpr, IrPolicy, IrRule } from "../../compiler/ir/ir.js";
import { fenOfYuan, formatYuan, type Grant } from "@kuan/runtime/internal";
import { compile } from "../../compiler/pipeline.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const irOf = (file: string): IrPolicy => {
  const r = compile(readFileSync(join(repo, file), "utf8"), { fileName: file });
  if (!r.ok || !r.ir) throw new Error(`${file} does not compile`);
  return r.ir;
};
const inForce = (ir: IrPolicy): IrPolicy => ({ ...ir, validFrom: null, validTo: null });

const pairs: [string, string][] = [
  ["policies/suzhou-ip-finance-2021.kuan", "policies/suzhou-ip-finance-2024.kuan"],
  ["policies/suzhou-ip-finance-2021.kuan", "policies/suzhou-ip-finance-2021.en.kuan"],
  ...readdirSync(join(repo, "test/cases/diff"))
    .filter((d) => existsSync(join(repo, "test/cases/diff", d, "old.kuan")))
    .map((d): [string, string] => [`test/cases/diff/${d}/old.kuan`, `test/cases/diff/${d}/new.kuan`]),
];

const DATE = "2024-06-30";
const YEAR = 2024;

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface Row {
  readonly values: readonly string[];
  readonly project: boolean;
  readonly grants: readonly { readonly award: number; readonly back: number; readonly fen: number; readonly firm: boolean; readonly project: boolean; readonly later: boolean; readonly twice: boolean }[];
}

function awardsOf(ir: IrPolicy): { ir: IrPolicy; rule: IrRule }[] {
  return ir.rules.filter((r) => r.kind === "reward" || r.kind === "subsidy").map((rule) => ({ ir, rule }));
}

function inputsIn(e: IrExpr, into: Set<string>): void {
  if (e.op === "input") into.add(e.name);
  for (const c of children(e)) inputsIn(c, into);
}

/** Amounts (fen) where an award's cap or limit turns: each money constant, a fen either side, half of it. */
function edgeFen(ir: IrPolicy): number[] {
  const out = new Set<number>([1, 100]);
  for (const c of collectConstants(ir).money) for (const d of [-1, 0, 1]) if (c + d > 0) out.add(c + d);
  for (const c of collectConstants(ir).money) if (c > 1) out.add(Math.floor(c / 2));
  return [...out];
}

describe("column-wise impact ≡ the full evaluation, row by row", () => {
  it.each(pairs)("%s → %s", (a, b) => {
    const oldIr = irOf(a);
    const newIr = irOf(b);
    expect(columnProgram(inForce(oldIr))).not.toBeNull();
    const names = [...new Set([...oldIr.inputs, ...newIr.inputs].map((i) => i.name))];
    const columns = new Set(["id", "firm", "project", "date", ...names, "history"]);
    const inputs = populationInputs(oldIr, newIr, columns);
    const constants = collectConstants(oldIr);
    const newConstants = collectConstants(newIr);
    for (const m of newConstants.money) constants.money.add(m);
    for (const r of newConstants.rates) constants.rates.add(r);
    // Yes/no inputs that exclude or claw back are rarely yes (else few rows would reach a cap).
    const rare = new Set<string>();
    for (const ir of [oldIr, newIr]) {
      for (const x of ir.exclusions) inputsIn(x.condition, rare);
      for (const r of ir.rules) for (const c of r.clawbacks) inputsIn(c.condition, rare);
    }
    const cell = (name: string, spec: (typeof inputs)[number]["spec"]): fc.Arbitrary<string> => {
      if (spec.type === "bool") {
        const yes = fc.constantFrom("true", "是");
        const no = fc.constantFrom("false", "否");
        return rare.has(name) ? fc.oneof({ weight: 1, arbitrary: yes }, { weight: 15, arbitrary: no }) : fc.oneof({ weight: 2, arbitrary: yes }, { weight: 1, arbitrary: no });
      }
      if (spec.type === "money") {
        const near = candidates(spec, constants, DATE).map((v) => `${String(v)}元`);
        return fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...near) },
          { weight: 2, arbitrary: fc.integer({ min: 0, max: 1_000_000_000_000 }).map((fen) => formatYuan(fen)) },
          // Near 2^53 fen: a sum or product of two is out of the safe range (the row goes row by row).
          { weight: 1, arbitrary: fc.constantFrom("89999999999999.99", "45035996273704.96元", "9007199254740.99") },
        );
      }
      return fc.constant("0");
    };
    const awards = [...awardsOf(oldIr), ...awardsOf(newIr)];
    const fens = [...new Set([...edgeFen(oldIr), ...edgeFen(newIr)])];
    const grant = fc.record({
      award: fc.nat({ max: Math.max(0, awards.length - 1) }),
      back: fc.integer({ min: 0, max: 4 }),
      fen: fc.constantFrom(...fens),
      project: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      later: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      twice: fc.oneof({ weight: 20, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    });
    // Mostly this firm's grants; now and then another firm's (not counted).
    const ownFirm = fc.oneof({ weight: 12, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
    const row: fc.Arbitrary<Row> = fc.record({
      values: fc.tuple(...inputs.map((i) => cell(i.name, i.spec))),
      project: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      grants: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(fc.tuple(grant, ownFirm).map(([g, firm]) => ({ ...g, firm })), { minLength: 1, maxLength: 4 }) }),
    });
    let columnWise = 0;
    let rows = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 80 }), (population) => {
        const lines = [["id", "firm", "project", "date", ...inputs.map((i) => i.name), "history"].join(",")];
        population.forEach((r, n) => {
          const firm = `F${n}`;
          const project = r.project ? `P${n}` : "";
          const grants: Grant[] = [];
          r.grants.forEach((g, k) => {
            const award = awards[g.award];
            if (!award) return;
            const one: Grant = {
              policy: award.ir.id,
              version: award.ir.version,
              article: award.rule.article?.label ?? "",
              rule: award.rule.name,
              firm: g.firm ? firm : "OTHER",
              ...(r.project ? { project: g.project ? project : "P-other" } : {}),
              application: `e-${n}-${k}`,
              date: g.later ? "2024-12-01" : `${YEAR - g.back}-01-01`,
              amount: formatYuan(g.fen),
            };
            grants.push(one);
            if (g.twice) grants.push({ ...one });
          });
          lines.push([`A${n}`, firm, project, DATE, ...r.values, grants.length > 0 ? csvCell(JSON.stringify(grants)) : ""].join(","));
        });
        const read = readPopulation(new TextEncoder().encode(`${lines.join("\n")}\n`), inputs, { format: "csv" });
        expect(read.problems).toEqual([]);
        const p = read.population;
        const impact = new Impact(oldIr, newIr, align(oldIr, newIr), columns);
        // Suzhou 2021 and 2024 compute most columns alike: computed once. (The English edition's
        // inputs read columns of their own names here, so only its constants are shared.)
        if (b.endsWith("2024.kuan")) expect(impact.sharedColumns).toBeGreaterThan(10);
        if (b.endsWith(".en.kuan")) expect(impact.sharedColumns).toBeGreaterThan(0);
        const got = impact.decideAll(p, { outcomes: true });
        // What the plain interpreter gives, row by row.
        const payersBefore = new Map<string, number>();
        const payersAfter = new Map<string, number>();
        const add = (grantsOf: readonly { amount: string; payers?: readonly { payer: string; amount: string }[] }[], into: Map<string, number>): number => {
          let fen = 0;
          for (const g of grantsOf) {
            fen += fenOfYuan(g.amount);
            if (g.payers) for (const x of g.payers) into.set(x.payer, (into.get(x.payer) ?? 0) + fenOfYuan(x.amount));
            else into.set(UNSPLIT, (into.get(UNSPLIT) ?? 0) + fenOfYuan(g.amount));
          }
          return fen;
        };
        let failed = false;
        for (let i = 0; i < p.count; i++) {
          const d = impact.decide(p, i, false);
          if (!d.old.ok || !d.new.ok) {
            failed = true;
            break;
          }
          expect([i, got.decided.before[i], got.decided.outcomesBefore?.[i]]).toEqual([i, add(d.old.decision.grants, payersBefore), d.old.decision.outcome]);
          expect([i, got.decided.after[i], got.decided.outcomesAfter?.[i]]).toEqual([i, add(d.new.decision.grants, payersAfter), d.new.decision.outcome]);
        }
        if (failed) {
          expect(got.errors.length).toBeGreaterThan(0);
          return;
        }
        expect(got.errors).toEqual([]);
        expect([...got.decided.payersBefore]).toEqual([...payersBefore]);
        expect([...got.decided.payersAfter]).toEqual([...payersAfter]);
        rows += p.count;
        columnWise += p.count - got.decided.rowByRow;
      }),
      { numRuns: a.startsWith("policies/") ? 80 : 30, seed: 20261202 },
    );
    // Most rows decided column-wise: the unusual ones (overflow, refused histories, no project) are a minority.
    expect(columnWise).toBeGreaterThan(rows / 3);
  });
});
