/**
 * Impact over a population: both versions decide every application (validity set aside, as for
 * the witnesses), and the report says how many changed outcome or amount, who gains and who
 * loses, the total per payer before and after, the largest changes with their reasons, and the
 * distribution of the deltas. Money stays integer fen throughout.
 */
import type { IrPolicy } from "../ir/ir.js";
import { evaluateValues } from "../interpret/index.js";
import type { Application, ApplicationProblem } from "../applications/index.js";
import { decFromInt, formatMoneyEn, formatMoneyZh, parseMoney, type Bilingual, type Decision, type EvaluationOptions, type EvaluationResult, type Grant, type InputSpec, type NamedInputSpec, type RuntimeValue } from "@kuan/runtime/internal";
import type { Alignment } from "./align.js";

export interface PayerTotal {
  readonly payer: string;
  /** Fen. */
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

export interface LargestChange {
  readonly line: number;
  readonly id: string;
  readonly firm: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  readonly outcomeBefore: string;
  readonly outcomeAfter: string;
  readonly reasons: readonly Bilingual[];
}

export interface HistogramBin {
  /** Fen, from inclusive, to exclusive (the last bin includes its end). */
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

export interface ImpactReport {
  readonly applications: number;
  readonly changedOutcome: number;
  readonly changedAmount: number;
  readonly winners: number;
  readonly losers: number;
  readonly totalBefore: number;
  readonly totalAfter: number;
  readonly payers: readonly PayerTotal[];
  readonly largest: readonly LargestChange[];
  /** Deltas of the applications whose amount changed. */
  readonly histogram: readonly HistogramBin[];
  /** Inputs one version needs that the population does not have: taken as no / 0, and said so. */
  readonly defaulted: readonly { readonly version: "old" | "new"; readonly input: string; readonly value: string }[];
}

/** Not split between payers. */
export const UNSPLIT = "—";

/** A version's input: where an application gives it (its own name or the other version's), or its default. */
interface Column {
  readonly name: string;
  /** The name the population uses for it, or null (taken as the default). */
  readonly column: string | null;
  readonly fallback: RuntimeValue;
}

function fallback(spec: InputSpec): { value: RuntimeValue; shown: string } | null {
  if (spec.type === "bool") return { value: false, shown: "否/no" };
  if (spec.type === "money") return { value: 0, shown: "0" };
  if (spec.type === "count" || spec.type === "rate" || spec.type === "duration") return { value: decFromInt(0), shown: "0" };
  return null;
}

/** Decides one version's application with validity set aside (default: the interpreter). */
export type Evaluator = (values: Readonly<Record<string, RuntimeValue>>, options: EvaluationOptions) => EvaluationResult;

/** A grant's yuan string (as the runtime writes it) in fen. */
function fenOf(yuan: string): number {
  const p = parseMoney(yuan);
  if (!p.ok) throw new Error(`a grant's amount is not money: ${yuan}`);
  return p.value;
}

function payersOf(decision: Decision, into: Map<string, number>): number {
  let total = 0;
  for (const g of decision.grants) {
    const fen = fenOf(g.amount);
    total += fen;
    if (g.payers) for (const p of g.payers) into.set(p.payer, (into.get(p.payer) ?? 0) + fenOf(p.amount));
    else into.set(UNSPLIT, (into.get(UNSPLIT) ?? 0) + fen);
  }
  return total;
}

function niceStep(span: number, bins: number): number {
  const raw = Math.max(1, Math.ceil(span / bins));
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return raw;
}

export function histogram(deltas: readonly number[], bins = 12): HistogramBin[] {
  if (deltas.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const d of deltas) {
    if (d < min) min = d;
    if (d > max) max = d;
  }
  // Bins on whole yuan at least: a histogram in fen says nothing a reviewer reads.
  const step = Math.max(100, niceStep(max - min + 1, bins));
  const start = Math.floor(min / step) * step;
  const count = Math.max(1, Math.floor((max - start) / step) + 1);
  const out = Array.from({ length: count }, (_, i) => ({ from: start + i * step, to: start + (i + 1) * step, count: 0 }));
  for (const d of deltas) (out[Math.min(count - 1, Math.floor((d - start) / step))] as { count: number }).count++;
  return out;
}

/** Both versions on applications, and the aggregation of what changed. */
export class Impact {
  private readonly oldIr: IrPolicy;
  private readonly newIr: IrPolicy;
  private readonly oldColumns: Column[];
  private readonly newColumns: Column[];
  private readonly evaluators: { readonly old: Evaluator; readonly new: Evaluator };
  readonly defaulted: ImpactReport["defaulted"][number][] = [];
  /** Inputs a version needs that the population lacks and that have no default. */
  readonly missing: { version: "old" | "new"; input: string }[] = [];

  constructor(
    oldIr: IrPolicy,
    newIr: IrPolicy,
    private readonly alignment: Alignment,
    columns: ReadonlySet<string>,
    evaluators?: { readonly old: Evaluator; readonly new: Evaluator },
  ) {
    this.oldIr = { ...oldIr, validFrom: null, validTo: null };
    this.newIr = { ...newIr, validFrom: null, validTo: null };
    const inForce = { old: this.oldIr, new: this.newIr };
    this.evaluators = evaluators ?? { old: (values, options) => evaluateValues(inForce.old, values, options), new: (values, options) => evaluateValues(inForce.new, values, options) };
    const layout = (ir: IrPolicy, side: "old" | "new"): Column[] =>
      ir.inputs.map((input) => {
        const other = side === "old" ? alignment.inputs.toNew(input.name) : alignment.inputs.toOld(input.name);
        const column = columns.has(input.name) ? input.name : other !== undefined && columns.has(other) ? other : null;
        const f = fallback(input.spec);
        if (column === null && f) this.defaulted.push({ version: side, input: input.name, value: f.shown });
        if (column === null && !f) this.missing.push({ version: side, input: input.name });
        return { name: input.name, column, fallback: f ? f.value : null };
      });
    this.oldColumns = layout(oldIr, "old");
    this.newColumns = layout(newIr, "new");
  }

  private values(columns: readonly Column[], given: Readonly<Record<string, RuntimeValue>>): Record<string, RuntimeValue> {
    const values: Record<string, RuntimeValue> = Object.create(null) as Record<string, RuntimeValue>;
    for (const c of columns) values[c.name] = c.column === null ? c.fallback : (given[c.column] ?? c.fallback);
    return values;
  }

  /** Earlier grants of the row, as each version keys them (its title, its rule names). */
  private history(app: Application): { old: Grant[]; new: Grant[] } {
    if (app.history.length === 0) return { old: [], new: [] };
    const out = { old: [] as Grant[], new: [] as Grant[] };
    for (const g of app.history) {
      const oldRule = this.oldIr.rules.some((r) => r.name === g.rule) ? g.rule : this.alignment.rules.toOld(g.rule);
      const newRule = this.newIr.rules.some((r) => r.name === g.rule) ? g.rule : this.alignment.rules.toNew(g.rule);
      if (oldRule !== undefined) out.old.push({ ...g, policy: this.oldIr.id, rule: oldRule });
      if (newRule !== undefined) out.new.push({ ...g, policy: this.newIr.id, rule: newRule });
    }
    return out;
  }

  /** Decides one application under both versions. */
  decide(app: Application, trace = false): { old: EvaluationResult; new: EvaluationResult } {
    const history = this.history(app);
    const context = { asOf: app.date, firm: app.firm, ...(app.project !== undefined ? { project: app.project } : {}), trace };
    return {
      old: this.evaluators.old(this.values(this.oldColumns, app.values), { ...context, history: history.old }),
      new: this.evaluators.new(this.values(this.newColumns, app.values), { ...context, history: history.new }),
    };
  }

  /** Why one application's amount changed: the awards that moved, and reasons only one version gave. */
  reasons(old: Decision, next: Decision): Bilingual[] {
    const out: Bilingual[] = [];
    const money = (fen: number): Bilingual => ({ zh: formatMoneyZh(fen), en: formatMoneyEn(fen) });
    for (const r of this.newIr.rules) {
      if (r.kind !== "reward" && r.kind !== "subsidy") continue;
      const oldName = this.alignment.rules.toOld(r.name);
      const a = oldName === undefined ? 0 : Number(old.outputs[oldName] ?? 0);
      const b = Number(next.outputs[r.name] ?? 0);
      if (a !== b) out.push({ zh: `${r.article?.label ?? ""} ${r.name} ${money(a).zh} → ${money(b).zh}`, en: `${r.article?.label ?? ""} ${r.name} ${money(a).en} → ${money(b).en}` });
    }
    for (const r of this.oldIr.rules) {
      if ((r.kind === "reward" || r.kind === "subsidy") && !this.alignment.rules.hasOld(r.name) && Number(old.outputs[r.name] ?? 0) !== 0) {
        const a = Number(old.outputs[r.name]);
        out.push({ zh: `${r.article?.label ?? ""} ${r.name} ${money(a).zh} → （已删去）`, en: `${r.article?.label ?? ""} ${r.name} ${money(a).en} → (removed)` });
      }
    }
    const texts = (d: Decision) => new Set(d.reasons.map((r) => `${r.article.label}：${r.text}`));
    const before = texts(old);
    const after = texts(next);
    for (const t of after) if (!before.has(t)) out.push({ zh: `新：${t}`, en: `new: ${t}` });
    for (const t of before) if (!after.has(t)) out.push({ zh: `旧：${t}`, en: `old: ${t}` });
    return out;
  }
}

export interface ImpactResult {
  readonly report: ImpactReport | null;
  readonly errors: readonly ApplicationProblem[];
}

export interface ImpactOptions {
  readonly largest?: number;
  /**
   * Evaluators with validity set aside (default: the interpreter). A bulk run may pass emitted
   * modules compiled from the versions without their validity; they decide the same (the
   * differential tests hold them to the interpreter).
   */
  readonly evaluators?: { readonly old: Evaluator; readonly new: Evaluator };
}

const MAX_ERRORS = 50;

/**
 * The inputs of both versions that a population's columns give: by either version's name (so a
 * population of the old version serves the new one), every name once.
 */
export function populationInputs(oldIr: IrPolicy, newIr: IrPolicy, columns: ReadonlySet<string>): NamedInputSpec[] {
  const out = new Map<string, NamedInputSpec>();
  for (const i of [...newIr.inputs, ...oldIr.inputs]) if (columns.has(i.name) && !out.has(i.name)) out.set(i.name, { name: i.name, spec: i.spec });
  return [...out.values()];
}

/** Evaluates both versions on every application (read by compiler/applications) and aggregates. */
export function impactOf(oldIr: IrPolicy, newIr: IrPolicy, alignment: Alignment, applications: readonly Application[], columns: ReadonlySet<string>, options: ImpactOptions = {}): ImpactResult {
  const largestCount = options.largest ?? 10;
  const impact = new Impact(oldIr, newIr, alignment, columns, options.evaluators);
  const errors: ApplicationProblem[] = impact.missing.map((m) => ({ line: 1, field: m.input, zh: `${m.version === "old" ? "旧" : "新"}版需要此列（无法取默认值）`, en: `the ${m.version} version needs this column (it has no default)` }));
  if (errors.length > 0) return { report: null, errors };
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  let changedOutcome = 0;
  let changedAmount = 0;
  let winners = 0;
  let losers = 0;
  let totalBefore = 0;
  let totalAfter = 0;
  const deltas: number[] = [];
  let largest: { delta: number; app: Application }[] = [];
  let smallestKept = 0;
  for (const app of applications) {
    const d = impact.decide(app);
    if (!d.old.ok || !d.new.ok) {
      for (const e of [...(d.old.ok ? [] : d.old.errors), ...(d.new.ok ? [] : d.new.errors)]) errors.push({ line: app.line, field: e.field, id: app.id, zh: e.message.zh, en: e.message.en });
      if (errors.length >= MAX_ERRORS) break;
      continue;
    }
    const a = payersOf(d.old.decision, before);
    const b = payersOf(d.new.decision, after);
    totalBefore += a;
    totalAfter += b;
    if (d.old.decision.outcome !== d.new.decision.outcome) changedOutcome++;
    if (a === b) continue;
    changedAmount++;
    if (b > a) winners++;
    else losers++;
    const delta = b - a;
    deltas.push(delta);
    if (largest.length < largestCount || Math.abs(delta) > smallestKept) {
      largest.push({ delta, app });
      largest.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.app.line - y.app.line);
      largest = largest.slice(0, largestCount);
      smallestKept = Math.abs((largest[largest.length - 1] as { delta: number }).delta);
    }
  }
  if (errors.length > 0) return { report: null, errors: errors.slice(0, MAX_ERRORS) };
  const payers = [...new Set([...before.keys(), ...after.keys()])].map((payer) => {
    const x = before.get(payer) ?? 0;
    const y = after.get(payer) ?? 0;
    return { payer, before: x, after: y, delta: y - x };
  });
  const top: LargestChange[] = largest.flatMap((l) => {
    const d = impact.decide(l.app, true);
    if (!d.old.ok || !d.new.ok) return [];
    const total = (x: Decision) => x.grants.reduce((s, g) => s + fenOf(g.amount), 0);
    return [{ line: l.app.line, id: l.app.id, firm: l.app.firm, before: total(d.old.decision), after: total(d.new.decision), delta: l.delta, outcomeBefore: d.old.decision.outcome, outcomeAfter: d.new.decision.outcome, reasons: impact.reasons(d.old.decision, d.new.decision) }];
  });
  return {
    report: { applications: applications.length, changedOutcome, changedAmount, winners, losers, totalBefore, totalAfter, payers, largest: top, histogram: histogram(deltas), defaulted: impact.defaulted },
    errors: [],
  };
}
