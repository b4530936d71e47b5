/**
 * Witnesses: for each output a change may affect, applications on which the two versions decide
 * differently, found by a directed search and verified by evaluating both. The search tries the
 * values where decisions turn — both versions' constants and thresholds, one fen or one unit either
 * side, the input that just reaches a cap through a rate — from seeds that make the award apply
 * (the examples' applications, and one built by switching on what raises the award), with earlier
 * grants at each cap and limit. Rules are compared with validity set aside, on one date: a change
 * of validity has its own witness, a date.
 */
import type { IrExpr, IrPolicy, IrRule } from "../ir/ir.js";
import { evaluateConstant, evaluateValues } from "../interpret/index.js";
import { addDays, decAdd, decCompare, decDiv, decFromInt, decSub, decOf, decToString, formatYuan, readInput, traceText, type Bilingual, type Decision, type Grant, type InputSpec, type RuntimeValue } from "@kuan/runtime/internal";
import { formatValue } from "@kuan/runtime/internal";
import { children, ruleExprs, type Alignment } from "./align.js";
import type { OutputVerdict, Verdict, Witness, WitnessSide } from "./model.js";

/** An input as both versions see it. */
interface SharedInput {
  readonly oldName: string | null;
  readonly newName: string | null;
  readonly spec: InputSpec;
}

/** Where a version's input takes its value from, and the values already read (JSON → runtime). */
interface InputLayout {
  readonly name: string;
  readonly spec: InputSpec;
  /** Index in an application; -1: the version's own input the other lacks (its default). */
  readonly from: number;
  readonly parsed: Map<unknown, { readonly value: RuntimeValue } | null>;
}

/** An application as the search builds it: JSON values by shared-input index. */
type Application = readonly unknown[];

interface HistoryVariant {
  /** Earlier grants of the output's rule: [year, fen]. */
  readonly grants: readonly (readonly [number, number])[];
}

const FIRM = "firm";
const PROJECT = "project";

export interface SearchOptions {
  /** Most applications tried per output (default 2000). */
  readonly budget?: number;
}

function withoutValidity(ir: IrPolicy): IrPolicy {
  return { ...ir, validFrom: null, validTo: null };
}

export function collectConstants(ir: IrPolicy): { money: Set<number>; dec: Set<string>; rates: Set<string>; dates: Set<string>; years: Set<number>; texts: Set<string> } {
  const out = { money: new Set<number>(), dec: new Set<string>(), rates: new Set<string>(), dates: new Set<string>(), years: new Set<number>(), texts: new Set<string>() };
  const walk = (e: IrExpr, factor: boolean): void => {
    if (e.op === "money") out.money.add(Number(e.fen));
    else if (e.op === "dec") (factor ? out.rates : out.dec).add(e.value);
    else if (e.op === "date") out.dates.add(e.value);
    else if (e.op === "year") out.years.add(e.value);
    else if (e.op === "text") out.texts.add(e.value);
    if (e.op === "moneyMul") {
      walk(e.money, false);
      walk(e.factor, true);
      return;
    }
    for (const c of children(e)) walk(c, false);
  };
  for (const r of ir.rules) for (const e of ruleExprs(r)) walk(e, false);
  for (const x of ir.exclusions) walk(x.condition, false);
  for (const r of ir.reviews) if (r.condition) walk(r.condition, false);
  return out;
}

function ceilDiv(n: bigint, d: bigint): bigint {
  return (n + d - 1n) / d;
}

/** Candidate values (as JSON) for an input: where decisions turn. */
export function candidates(spec: InputSpec, k: ReturnType<typeof collectConstants>, asOf: string): unknown[] {
  switch (spec.type) {
    case "bool": return [true, false];
    case "money": {
      const fen = new Set<number>([0, 1, 100]);
      for (const c of k.money) for (const d of [-1, 0, 1]) if (c + d >= 0) fen.add(c + d);
      // The input that makes input × rate reach each amount: the cap of a percentage.
      for (const c of k.money) {
        for (const r of k.rates) {
          const rate = decOf(r);
          if (rate.units <= 0n) continue;
          const scale = 10n ** BigInt(rate.scale);
          const reach = ceilDiv(BigInt(c) * scale, rate.units);
          for (const d of [-1n, 0n, 1n]) if (reach + d >= 0n && reach + d < 9_000_000_000_000n) fen.add(Number(reach + d));
        }
      }
      const sorted = [...fen].sort((a, b) => a - b);
      const top = sorted[sorted.length - 1] ?? 0;
      sorted.push(top * 2 + 100);
      return sorted.map((f) => formatYuan(f));
    }
    case "rate": {
      const values = new Set<string>(["0"]);
      for (const r of [...k.rates, ...k.dec]) {
        const d = decOf(r);
        values.add(r);
        const step = decOf("0.0001");
        if (decCompare(d, step) >= 0) values.add(decToString(decSub(d, step)));
        values.add(decToString(decAdd(d, step)));
      }
      return [...values];
    }
    case "count":
    case "quantity":
    case "duration": {
      const values = new Set<string>(["0", "1"]);
      for (const c of k.dec) {
        const d = decOf(c);
        if (d.scale !== 0) {
          values.add(c);
          continue;
        }
        const n = d.units;
        const perYear = spec.type === "duration" && spec.unit === "year" ? 12n : 1n;
        for (const delta of [-1n, 0n, 1n]) {
          const v = n / perYear + delta;
          if (v >= 0n) values.add(v.toString());
        }
      }
      return [...values];
    }
    case "date": {
      const values = new Set<string>([asOf]);
      for (const d of k.dates) for (const delta of [-1, 0, 1]) values.add(addDays(d, delta));
      return [...values].sort();
    }
    case "year": {
      const values = new Set<number>([Number(asOf.slice(0, 4))]);
      for (const y of k.years) for (const d of [-1, 0, 1]) values.add(y + d);
      return [...values].sort((a, b) => a - b);
    }
    case "enum": return [...spec.values];
    case "text": return ["", ...k.texts];
  }
}

function defaultJson(spec: InputSpec, asOf: string): unknown {
  switch (spec.type) {
    case "bool": return false;
    case "money": return "0.00";
    case "rate": case "count": case "duration": return "0";
    case "date": return asOf;
    case "year": return Number(asOf.slice(0, 4));
    case "enum": return spec.values[0] ?? "";
    case "text": return "";
  }
}

/** A constant as an input value in JSON (an example's given). */
function constantJson(ir: IrPolicy, e: IrExpr, spec: InputSpec): unknown {
  const v = evaluateConstant(ir, e);
  if (spec.type === "money" && typeof v === "number") return formatYuan(v);
  if (typeof v === "object" && v !== null) {
    // A duration in years is kept in months.
    if (spec.type === "duration" && spec.unit === "year") return decToString(decDiv(v, decFromInt(12)));
    return decToString(v);
  }
  return v;
}

type Ordered = "award" | "eligibility" | "value";

function orderOf(rule: IrRule | undefined): Ordered {
  if (!rule) return "value";
  if (rule.kind === "reward" || rule.kind === "subsidy") return "award";
  if (rule.kind === "eligibility" || rule.kind === "target") return "eligibility";
  return "value";
}

const OUTCOME_RANK: Record<string, number> = { eligible: 2, "needs-review": 1, "not-eligible": 0 };

function sameValue(a: RuntimeValue | undefined, b: RuntimeValue | undefined): boolean {
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) return decCompare(a, b) === 0;
  return (a ?? null) === (b ?? null);
}

/** +1: the new version gives more; -1: less; 0: the same; 2: different without an order. */
function compareOutput(kind: Ordered, oldDecision: Decision, newDecision: Decision, oldName: string | null, newName: string | null): number {
  const ov = oldName === null ? undefined : oldDecision.outputs[oldName];
  const nv = newName === null ? undefined : newDecision.outputs[newName];
  if (kind === "award") {
    const of = typeof ov === "number" ? ov : 0;
    const nf = typeof nv === "number" ? nv : 0;
    if (nf !== of) return nf > of ? 1 : -1;
    const orank = OUTCOME_RANK[oldName === null ? "not-eligible" : (oldDecision.ruleOutcomes[oldName] ?? "not-eligible")] ?? 0;
    const nrank = OUTCOME_RANK[newName === null ? "not-eligible" : (newDecision.ruleOutcomes[newName] ?? "not-eligible")] ?? 0;
    return nrank === orank ? 0 : nrank > orank ? 1 : -1;
  }
  if (kind === "eligibility") {
    const o = ov === true;
    const n = nv === true;
    return o === n ? 0 : n ? 1 : -1;
  }
  return sameValue(ov, nv) ? 0 : 2;
}

export class WitnessSearch {
  private readonly oldIr: IrPolicy;
  private readonly newIr: IrPolicy;
  private readonly shared: SharedInput[];
  private readonly constants: ReturnType<typeof collectConstants>;
  private readonly year: number;
  private oldLayout: readonly InputLayout[] | null = null;
  private newLayout: readonly InputLayout[] | null = null;

  constructor(
    oldIr: IrPolicy,
    newIr: IrPolicy,
    alignment: Alignment,
    readonly asOf: string,
    private readonly options: SearchOptions = {},
  ) {
    this.oldIr = withoutValidity(oldIr);
    this.newIr = withoutValidity(newIr);
    this.year = Number(asOf.slice(0, 4));
    const shared: SharedInput[] = [];
    for (const n of newIr.inputs) {
      const oldName = alignment.inputs.toOld(n.name) ?? null;
      const o = oldName === null ? undefined : oldIr.inputs.find((i) => i.name === oldName);
      shared.push({ oldName: o ? (oldName as string) : null, newName: n.name, spec: n.spec });
    }
    for (const o of oldIr.inputs) if (!alignment.inputs.hasOld(o.name)) shared.push({ oldName: o.name, newName: null, spec: o.spec });
    this.shared = shared;
    const a = collectConstants(oldIr);
    const b = collectConstants(newIr);
    this.constants = {
      money: new Set([...a.money, ...b.money]),
      dec: new Set([...a.dec, ...b.dec]),
      rates: new Set([...a.rates, ...b.rates]),
      dates: new Set([...a.dates, ...b.dates]),
      years: new Set([...a.years, ...b.years]),
      texts: new Set([...a.texts, ...b.texts]),
    };
  }

  /** For each input of a version: where its value comes from in an application (-1: the default). */
  private layout(side: "old" | "new"): readonly InputLayout[] {
    const cached = side === "old" ? this.oldLayout : this.newLayout;
    if (cached) return cached;
    const ir = side === "old" ? this.oldIr : this.newIr;
    const layout = ir.inputs.map((input) => {
      const i = this.shared.findIndex((s) => (side === "old" ? s.oldName : s.newName) === input.name);
      const sameType = i >= 0 && JSON.stringify(input.spec) === JSON.stringify(this.shared[i]?.spec);
      return { name: input.name, spec: input.spec, from: sameType ? i : -1, parsed: new Map() };
    });
    if (side === "old") this.oldLayout = layout;
    else this.newLayout = layout;
    return layout;
  }

  /** The JSON input of one version for an application (inputs the version lacks are left out). */
  inputFor(side: "old" | "new", app: Application): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const l of this.layout(side)) out[l.name] = l.from >= 0 ? app[l.from] : defaultJson(l.spec, this.asOf);
    return out;
  }

  private values(side: "old" | "new", app: Application): Record<string, RuntimeValue> | null {
    const values: Record<string, RuntimeValue> = Object.create(null) as Record<string, RuntimeValue>;
    for (const l of this.layout(side)) {
      const json = l.from >= 0 ? app[l.from] : defaultJson(l.spec, this.asOf);
      let parsed = l.parsed.get(json);
      if (parsed === undefined) {
        const r = readInput(json, l.spec);
        parsed = r.ok ? { value: r.value } : null;
        l.parsed.set(json, parsed);
      }
      if (parsed === null) return null;
      values[l.name] = parsed.value;
    }
    return values;
  }

  historyFor(side: "old" | "new", rule: string | null, h: HistoryVariant): Grant[] {
    if (rule === null) return [];
    const ir = side === "old" ? this.oldIr : this.newIr;
    const article = ir.rules.find((r) => r.name === rule)?.article?.label ?? "";
    // One application per grant: equal rows are two grants, as the variant means.
    return h.grants.map(([year, amount], k) => ({ policy: ir.id, version: ir.version, article, rule, firm: FIRM, project: PROJECT, application: `history-${k + 1}`, date: `${year}-01-01`, amount: formatYuan(amount) }));
  }

  decide(side: "old" | "new", app: Application, history: readonly Grant[], trace: boolean): Decision | null {
    const values = this.values(side, app);
    if (!values) return null;
    const result = evaluateValues(side === "old" ? this.oldIr : this.newIr, values, { asOf: this.asOf, history, firm: FIRM, project: PROJECT, trace });
    return result.ok ? result.decision : null;
  }

  private relevant(oldRule: IrRule | undefined, newRule: IrRule | undefined): number[] {
    const names = (ir: IrPolicy, rule: IrRule | undefined): Set<string> => {
      const found = new Set<string>();
      if (!rule) return found;
      const seen = new Set<string>();
      const visit = (r: IrRule): void => {
        if (seen.has(r.name)) return;
        seen.add(r.name);
        const walk = (e: IrExpr): void => {
          if (e.op === "input") found.add(e.name);
          if (e.op === "rule") {
            const dep = ir.rules.find((x) => x.name === e.name);
            if (dep) visit(dep);
          }
          for (const c of children(e)) walk(c);
        };
        for (const e of ruleExprs(r)) walk(e);
      };
      visit(rule);
      for (const x of ir.exclusions) {
        if (x.targets !== null && !x.targets.includes(rule.name)) continue;
        const walk = (e: IrExpr): void => {
          if (e.op === "input") found.add(e.name);
          if (e.op === "rule") {
            const dep = ir.rules.find((y) => y.name === e.name);
            if (dep) visit(dep);
          }
          for (const c of children(e)) walk(c);
        };
        walk(x.condition);
      }
      return found;
    };
    const o = names(this.oldIr, oldRule);
    const n = names(this.newIr, newRule);
    return this.shared.map((s, i) => ((s.oldName !== null && o.has(s.oldName)) || (s.newName !== null && n.has(s.newName)) ? i : -1)).filter((i) => i >= 0);
  }

  private histories(oldRule: IrRule | undefined, newRule: IrRule | undefined): HistoryVariant[] {
    const variants: HistoryVariant[] = [{ grants: [] }];
    const y = this.year;
    const capAmounts = new Set<number>();
    for (const rule of [oldRule, newRule]) {
      for (const cap of rule?.caps ?? []) {
        if (cap.scope === "each" || cap.amount.op !== "money") continue;
        const fen = Number(cap.amount.fen);
        const year = cap.scope.endsWith("year") ? y : y - 1;
        for (const amount of [fen - 100, fen - 1, fen]) if (amount > 0 && !capAmounts.has(amount * 10_000 + year)) {
          capAmounts.add(amount * 10_000 + year);
          variants.push({ grants: [[year, amount]] });
        }
      }
    }
    let most = 0;
    for (const rule of [oldRule, newRule]) for (const l of rule?.limits ?? []) most = Math.max(most, l.n);
    for (let k = 1; k <= Math.min(most + 1, 6); k++) {
      variants.push({ grants: Array.from({ length: k }, (_, i) => [y - 1 - i, 100] as const) });
      variants.push({ grants: [...Array.from({ length: k - 1 }, (_, i) => [y - 1 - i, 100] as const), [y, 100] as const] });
    }
    return variants;
  }

  private seeds(relevant: readonly number[], oldName: string | null, newName: string | null, kind: Ordered): Application[] {
    const seeds: Application[] = [];
    const base = this.shared.map((s) => defaultJson(s.spec, this.asOf));
    for (const [ir, side] of [[this.newIr, "new"], [this.oldIr, "old"]] as const) {
      for (const x of ir.examples) {
        const app = [...base];
        for (const g of x.givens) {
          const i = this.shared.findIndex((s) => (side === "old" ? s.oldName : s.newName) === g.name);
          const s = this.shared[i];
          if (s) app[i] = constantJson(ir, g.value, s.spec);
        }
        seeds.push(app);
      }
    }
    // Built: amounts in the middle of their candidates, then switch on each yes/no that raises the output.
    const built = [...base];
    for (const i of relevant) {
      const s = this.shared[i] as SharedInput;
      if (s.spec.type === "bool") continue;
      const c = candidates(s.spec, this.constants, this.asOf);
      built[i] = c[Math.floor(c.length / 2)];
    }
    const score = (app: Application): number => {
      let total = 0;
      const o = this.decide("old", app, [], false);
      const n = this.decide("new", app, [], false);
      for (const [d, name] of [[o, oldName], [n, newName]] as const) {
        if (!d || name === null) continue;
        const v = d.outputs[name];
        total += (typeof v === "number" ? v : v === true ? 1 : 0) + (OUTCOME_RANK[d.ruleOutcomes[name] ?? ""] ?? 0) * (kind === "award" ? 0.5 : 1);
      }
      return total;
    };
    for (let round = 0; round < 2; round++) {
      for (const i of relevant) {
        const s = this.shared[i] as SharedInput;
        if (s.spec.type !== "bool") continue;
        const flipped = [...built];
        flipped[i] = !(built[i] === true);
        if (score(flipped) > score(built)) built[i] = flipped[i];
      }
    }
    // Conjunctions (two yes/no that only together make the award apply) need two flips at once.
    const bools = relevant.filter((i) => this.shared[i]?.spec.type === "bool");
    if (score(built) === 0) {
      pairs: for (let a = 0; a < bools.length; a++) {
        for (let b = a + 1; b < bools.length; b++) {
          const flipped = [...built];
          flipped[bools[a] as number] = !(built[bools[a] as number] === true);
          flipped[bools[b] as number] = !(built[bools[b] as number] === true);
          if (score(flipped) > 0) {
            built.splice(0, built.length, ...flipped);
            break pairs;
          }
        }
      }
    }
    // The seeds on which the output is granted or holds go first: a change shows there.
    const scored = [built, ...seeds].map((app) => ({ app, score: score(app) }));
    const seen = new Set<string>();
    return scored
      .filter((x) => !seen.has(JSON.stringify(x.app)) && seen.add(JSON.stringify(x.app)) !== undefined)
      .sort((a, b) => (b.score > 0 ? 1 : 0) - (a.score > 0 ? 1 : 0))
      .map((x) => x.app);
  }

  /** Searches for applications on which the output differs; classifies the output. */
  search(output: string, oldName: string | null, newName: string | null): Omit<OutputVerdict, "article"> {
    const oldRule = oldName === null ? undefined : this.oldIr.rules.find((r) => r.name === oldName);
    const newRule = newName === null ? undefined : this.newIr.rules.find((r) => r.name === newName);
    const kind = orderOf(newRule ?? oldRule);
    const relevant = this.relevant(oldRule, newRule);
    const budget = this.options.budget ?? 2000;
    const tried = new Set<string>();
    const found = new Map<number, { app: Application; history: HistoryVariant }>();
    const attempt = (app: Application, history: HistoryVariant): void => {
      const key = `${JSON.stringify(app)}#${JSON.stringify(history.grants)}`;
      if (tried.has(key) || tried.size >= budget) return;
      tried.add(key);
      const o = this.decide("old", app, this.historyFor("old", oldName, history), false);
      const n = this.decide("new", app, this.historyFor("new", newName, history), false);
      if (!o || !n) return;
      const c = compareOutput(kind, o, n, oldName, newName);
      if (c !== 0 && !found.has(c)) found.set(c, { app, history });
    };
    const done = () => tried.size >= budget || (found.has(1) && found.has(-1)) || found.has(2);
    const seeds = this.seeds(relevant, oldName, newName, kind);
    const histories = this.histories(oldRule, newRule);
    const cands = new Map(relevant.map((i) => [i, candidates((this.shared[i] as SharedInput).spec, this.constants, this.asOf)]));
    // Every seed with every history first; then each input through its candidates, built seed first.
    for (const history of histories) for (const seed of seeds) if (!done()) attempt(seed, history);
    single: for (const seed of seeds) {
      for (const history of histories) {
        for (const i of relevant) {
          for (const v of cands.get(i) ?? []) {
            const app = [...seed];
            app[i] = v;
            attempt(app, history);
            if (done()) break single;
          }
        }
      }
    }
    // Two inputs at a time, from the first seed, for what one change alone cannot reach.
    const seed = seeds[0];
    if (seed && !done()) {
      outer: for (const history of histories) {
        for (let a = 0; a < relevant.length; a++) {
          for (let b = a + 1; b < relevant.length; b++) {
            const ia = relevant[a] as number;
            const ib = relevant[b] as number;
            for (const va of cands.get(ia) ?? []) {
              for (const vb of cands.get(ib) ?? []) {
                const app = [...seed];
                app[ia] = va;
                app[ib] = vb;
                attempt(app, history);
                if (done()) break outer;
              }
            }
          }
        }
      }
    }
    const witnesses: Witness[] = [];
    for (const c of [1, -1, 2]) {
      const f = found.get(c);
      if (f) witnesses.push(this.witness(f.app, f.history, oldName, newName, c === 1 ? "more-generous" : c === -1 ? "less-generous" : "different", newRule ?? oldRule));
    }
    const verdict: Verdict = found.has(2) ? "different" : found.has(1) && found.has(-1) ? "both-ways" : found.has(1) ? "more-generous" : found.has(-1) ? "less-generous" : "no-difference-found";
    return { output, oldName, newName, verdict, tried: tried.size, witnesses };
  }

  private witness(app: Application, history: HistoryVariant, oldName: string | null, newName: string | null, direction: Witness["direction"], rule: IrRule | undefined): Witness {
    const oldHistory = this.historyFor("old", oldName, history);
    const newHistory = this.historyFor("new", newName, history);
    const o = this.decide("old", app, oldHistory, true) as Decision;
    const n = this.decide("new", app, newHistory, true) as Decision;
    const lines = (d: Decision, name: string | null) => d.trace.filter((t) => t.rule === null || t.rule === name).map(traceText);
    const ol = lines(o, oldName);
    const nl = lines(n, newName);
    const onlyIn = (a: Bilingual[], b: Bilingual[]) => a.filter((x) => !b.some((y) => y.zh === x.zh && y.en === x.en));
    const format = rule?.format ?? "text";
    const side = (d: Decision, name: string | null, only: Bilingual[]): WitnessSide => {
      const v = name === null ? undefined : d.outputs[name];
      return {
        inForce: d.inForce,
        outcome: d.outcome,
        value: v === undefined ? null : formatValue(v, format),
        fen: typeof v === "number" && format === "money" ? v : null,
        ruleOutcome: name === null ? null : (d.ruleOutcomes[name] ?? null),
        traceOnlyHere: only,
      };
    };
    // The ledger's own rows (docs/runtime.md, "History"): a witness replays through `--history` as it is.
    const grantsJson = (grants: readonly Grant[]): Readonly<Record<string, unknown>>[] => grants.map((g) => ({ ...g }));
    return {
      oldInput: this.inputFor("old", app),
      newInput: this.inputFor("new", app),
      oldHistory: grantsJson(oldHistory),
      newHistory: grantsJson(newHistory),
      asOf: this.asOf,
      firm: FIRM,
      project: PROJECT,
      direction,
      old: side(o, oldName, onlyIn(ol, nl)),
      new: side(n, newName, onlyIn(nl, ol)),
    };
  }

  /** A date on which exactly one of the versions is in force (checked by evaluating both), if any. */
  validityWitness(oldIr: IrPolicy, newIr: IrPolicy): { date: string; oldInForce: boolean; newInForce: boolean } | null {
    const dates = new Set<string>();
    for (const d of [oldIr.validFrom, oldIr.validTo, newIr.validFrom, newIr.validTo]) if (d) for (const delta of [-1, 0, 1]) dates.add(addDays(d, delta));
    const app = this.shared.map((s) => defaultJson(s.spec, this.asOf));
    for (const date of [...dates].sort()) {
      const decide = (ir: IrPolicy, side: "old" | "new") => {
        const values = this.values(side, app);
        if (!values) return null;
        const r = evaluateValues(ir, values, { asOf: date, firm: FIRM, project: PROJECT, trace: false });
        return r.ok ? r.decision.inForce : null;
      };
      const o = decide(oldIr, "old");
      const n = decide(newIr, "new");
      if (o !== null && n !== null && o !== n) return { date, oldInForce: o, newInForce: n };
    }
    return null;
  }
}
