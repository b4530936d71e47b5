/**
 * Impact over a population: both versions decide every application (validity set aside, as for
 * the witnesses), and the report says how many changed outcome or amount, who gains and who
 * loses, the total per payer before and after, the largest changes with their reasons, and the
 * distribution of the deltas. Money stays integer fen throughout.
 */
import type { IrPolicy } from "../ir/ir.js";
import { evaluate } from "../interpret/index.js";
import { formatMoneyEn, formatMoneyZh, formatYuan, parseDate, parseMoney, type Bilingual, type Decision, type EvaluationOptions, type EvaluationResult, type Grant, type InputSpec } from "@kuan/runtime";
import type { Alignment } from "./align.js";
import type { Population, PopulationError } from "./population.js";

export interface PayerTotal {
  readonly payer: string;
  /** Fen. */
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

export interface LargestChange {
  readonly line: number;
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
  readonly comparedOn: string;
}

/** Not split between payers. */
export const UNSPLIT = "—";

interface Column {
  readonly name: string;
  readonly spec: InputSpec;
  /** The population column that gives it, or null (taken as the default). */
  readonly column: string | null;
  /** The default as an input value (false, "0"); null: none. */
  readonly fallback: unknown;
}

const FIXED = new Set(["firm", "project", "date", "history"]);

function fallback(spec: InputSpec): { value: unknown; shown: string } | null {
  if (spec.type === "bool") return { value: false, shown: "否/no" };
  if (spec.type === "money" || spec.type === "count" || spec.type === "rate" || spec.type === "duration") return { value: 0, shown: "0" };
  return null;
}

/** Decides one version's application: the interpreter, or an emitted module's `evaluate`. */
export type Evaluator = (input: Readonly<Record<string, unknown>>, options: EvaluationOptions) => EvaluationResult;

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
  const step = niceStep(max - min + 1, bins);
  const start = Math.floor(min / step) * step;
  const count = Math.max(1, Math.floor((max - start) / step) + 1);
  const out = Array.from({ length: count }, (_, i) => ({ from: start + i * step, to: start + (i + 1) * step, count: 0 }));
  for (const d of deltas) (out[Math.min(count - 1, Math.floor((d - start) / step))] as { count: number }).count++;
  return out;
}

export class Impact {
  private readonly oldColumns: Column[];
  private readonly newColumns: Column[];
  private readonly evaluators: { readonly old: Evaluator; readonly new: Evaluator };
  readonly defaulted: ImpactReport["defaulted"][number][] = [];

  constructor(
    private readonly oldIr: IrPolicy,
    private readonly newIr: IrPolicy,
    private readonly alignment: Alignment,
    private readonly comparedOn: string,
    columns: readonly string[],
    evaluators?: { readonly old: Evaluator; readonly new: Evaluator },
  ) {
    this.oldIr = { ...oldIr, validFrom: null, validTo: null };
    this.newIr = { ...newIr, validFrom: null, validTo: null };
    const inForce = { old: this.oldIr, new: this.newIr };
    this.evaluators = evaluators ?? { old: (input, options) => evaluate(inForce.old, input, options), new: (input, options) => evaluate(inForce.new, input, options) };
    const present = new Set(columns);
    const layout = (ir: IrPolicy, side: "old" | "new"): Column[] =>
      ir.inputs.map((input) => {
        const other = side === "old" ? alignment.inputs.toNew(input.name) : alignment.inputs.toOld(input.name);
        const column = present.has(input.name) ? input.name : other !== undefined && present.has(other) ? other : null;
        const f = fallback(input.spec);
        if (column === null && f) this.defaulted.push({ version: side, input: input.name, value: f.shown });
        return { name: input.name, spec: input.spec, column, fallback: f ? f.value : null };
      });
    this.oldColumns = layout(oldIr, "old");
    this.newColumns = layout(newIr, "new");
  }

  /** Columns that are no input of either version (a typo would otherwise be silently ignored). */
  unknownColumns(columns: readonly string[]): string[] {
    const known = new Set([...this.oldIr.inputs.map((i) => i.name), ...this.newIr.inputs.map((i) => i.name), ...FIXED]);
    return columns.filter((c) => !known.has(c));
  }

  /** Inputs a version needs that have neither a column nor a default (dates, text, choices). */
  missingColumns(): { version: "old" | "new"; input: string }[] {
    return [
      ...this.oldColumns.filter((c) => c.column === null && c.fallback === null).map((c) => ({ version: "old" as const, input: c.name })),
      ...this.newColumns.filter((c) => c.column === null && c.fallback === null).map((c) => ({ version: "new" as const, input: c.name })),
    ];
  }

  /** One version's application: its inputs by its own names, from the row's columns or their defaults. */
  private input(columns: readonly Column[], fields: Readonly<Record<string, unknown>>, line: number, errors: PopulationError[]): Record<string, unknown> | null {
    const input: Record<string, unknown> = {};
    let ok = true;
    for (const c of columns) {
      const raw = c.column === null ? c.fallback : fields[c.column];
      if (raw === "" || raw === undefined) {
        ok = false;
        errors.push({ line, field: c.column ?? c.name, zh: "缺少此项", en: "is missing" });
      }
      input[c.name] = raw;
    }
    return ok ? input : null;
  }

  private history(fields: Readonly<Record<string, unknown>>, line: number, firm: string, errors: PopulationError[]): { old: Grant[]; new: Grant[] } | null {
    const raw = fields["history"];
    if (raw === undefined || raw === "" || raw === null) return { old: [], new: [] };
    let list: unknown = raw;
    if (typeof raw === "string") {
      try {
        list = JSON.parse(raw) as unknown;
      } catch {
        errors.push({ line, field: "history", zh: "应为 JSON 数组：[{\"rule\",\"year\",\"amount\"}]", en: 'should be a JSON array: [{"rule","year","amount"}]' });
        return null;
      }
    }
    if (!Array.isArray(list)) {
      errors.push({ line, field: "history", zh: "应为数组", en: "should be an array" });
      return null;
    }
    const out = { old: [] as Grant[], new: [] as Grant[] };
    for (let i = 0; i < list.length; i++) {
      const e = (typeof list[i] === "object" && list[i] !== null ? list[i] : {}) as Record<string, unknown>;
      const at = `history[${i}]`;
      const rule = e["rule"];
      const year = e["year"];
      const amount = parseMoney(e["amount"]);
      if (typeof rule !== "string" || rule === "") errors.push({ line, field: `${at}.rule`, zh: "应为规则名", en: "should be a rule's name" });
      if (typeof year !== "number" || !Number.isInteger(year)) errors.push({ line, field: `${at}.year`, zh: "应为年份", en: "should be a year" });
      if (!amount.ok) errors.push({ line, field: `${at}.amount`, zh: amount.zh, en: amount.en });
      if (typeof rule !== "string" || typeof year !== "number" || !amount.ok) return null;
      const project = typeof e["project"] === "string" ? e["project"] : typeof fields["project"] === "string" ? fields["project"] : undefined;
      const oldRule = this.oldIr.rules.some((r) => r.name === rule) ? rule : this.alignment.rules.toOld(rule);
      const newRule = this.newIr.rules.some((r) => r.name === rule) ? rule : this.alignment.rules.toNew(rule);
      if (oldRule === undefined && newRule === undefined) {
        errors.push({ line, field: `${at}.rule`, zh: `“${rule}”不是任一版本的规则`, en: `'${rule}' is a rule of neither version` });
        return null;
      }
      const grant = (ir: IrPolicy, name: string): Grant => ({ policy: ir.id, version: ir.version, article: "", rule: name, firm, ...(project !== undefined ? { project } : {}), date: `${year}-01-01`, amount: formatYuan(amount.value) });
      if (oldRule !== undefined) out.old.push(grant(this.oldIr, oldRule));
      if (newRule !== undefined) out.new.push(grant(this.newIr, newRule));
    }
    return out;
  }

  /** Decides one row under both versions; null (with errors) when the row is bad. */
  decide(fields: Readonly<Record<string, unknown>>, line: number, errors: PopulationError[], trace = false): { old: Decision; new: Decision; firm: string } | null {
    const firm = typeof fields["firm"] === "string" && fields["firm"] !== "" ? fields["firm"] : `#${line}`;
    const project = typeof fields["project"] === "string" && fields["project"] !== "" ? fields["project"] : undefined;
    let asOf = this.comparedOn;
    const date = fields["date"];
    if (date !== undefined && date !== "") {
      const parsed = parseDate(date);
      if (!parsed.ok) {
        errors.push({ line, field: "date", zh: parsed.zh, en: parsed.en });
        return null;
      }
      asOf = parsed.value;
    }
    const o = this.input(this.oldColumns, fields, line, errors);
    const n = this.input(this.newColumns, fields, line, errors);
    const history = this.history(fields, line, firm, errors);
    if (!o || !n || !history) return null;
    const context = { asOf, firm, ...(project !== undefined ? { project } : {}), trace };
    const a = this.evaluators.old(o, { ...context, history: history.old });
    const b = this.evaluators.new(n, { ...context, history: history.new });
    const columnOf = (columns: readonly Column[], field: string) => columns.find((c) => c.name === field)?.column ?? field;
    if (!a.ok) for (const e of a.errors) errors.push({ line, field: columnOf(this.oldColumns, e.field), zh: e.zh, en: e.en });
    if (!b.ok && a.ok) for (const e of b.errors) errors.push({ line, field: columnOf(this.newColumns, e.field), zh: e.zh, en: e.en });
    if (!a.ok || !b.ok) return null;
    return { old: a.decision, new: b.decision, firm };
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
  readonly errors: readonly PopulationError[];
}

const MAX_ERRORS = 50;

/** Evaluates both versions on every row of the population. */
export interface ImpactOptions {
  readonly largest?: number;
  /**
   * Evaluators with validity set aside (default: the interpreter). A bulk run may pass emitted
   * modules compiled from the versions without their validity; they decide the same (the
   * differential tests hold them to the interpreter).
   */
  readonly evaluators?: { readonly old: Evaluator; readonly new: Evaluator };
}

export function impactOf(oldIr: IrPolicy, newIr: IrPolicy, alignment: Alignment, population: Population, comparedOn: string, options: ImpactOptions = {}): ImpactResult {
  const largestCount = options.largest ?? 10;
  const errors: PopulationError[] = [...population.errors];
  const impact = new Impact(oldIr, newIr, alignment, comparedOn, population.columns, options.evaluators);
  for (const c of impact.unknownColumns(population.columns)) errors.push({ line: 1, field: c, zh: "不是任一版本的申报项（也不是 firm、project、date、history）", en: "is an input of neither version (nor firm, project, date, history)" });
  for (const m of impact.missingColumns()) errors.push({ line: 1, field: m.input, zh: `${m.version === "old" ? "旧" : "新"}版需要此列（无法默认）`, en: `the ${m.version} version needs this column (it has no default)` });
  if (errors.length > 0) return { report: null, errors: errors.slice(0, MAX_ERRORS) };
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  let changedOutcome = 0;
  let changedAmount = 0;
  let winners = 0;
  let losers = 0;
  let totalBefore = 0;
  let totalAfter = 0;
  const deltas: number[] = [];
  let largest: { line: number; delta: number; row: Readonly<Record<string, unknown>> }[] = [];
  for (const row of population.rows) {
    const d = impact.decide(row.fields, row.line, errors);
    if (!d) {
      if (errors.length >= MAX_ERRORS) break;
      continue;
    }
    const a = payersOf(d.old, before);
    const b = payersOf(d.new, after);
    totalBefore += a;
    totalAfter += b;
    if (d.old.outcome !== d.new.outcome) changedOutcome++;
    if (a !== b) {
      changedAmount++;
      if (b > a) winners++;
      else losers++;
      deltas.push(b - a);
      const delta = b - a;
      if (largest.length < largestCount || Math.abs(delta) > Math.abs((largest[largest.length - 1] as { delta: number }).delta)) {
        largest.push({ line: row.line, delta, row: row.fields });
        largest.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.line - y.line);
        largest = largest.slice(0, largestCount);
      }
    }
  }
  if (errors.length > 0) return { report: null, errors: errors.slice(0, MAX_ERRORS) };
  const payers = [...new Set([...before.keys(), ...after.keys()])].map((payer) => {
    const x = before.get(payer) ?? 0;
    const y = after.get(payer) ?? 0;
    return { payer, before: x, after: y, delta: y - x };
  });
  const top: LargestChange[] = largest.map((l) => {
    const d = impact.decide(l.row, l.line, [], true);
    if (!d) throw new Error(`row ${l.line} decided once but not twice`);
    const total = (x: Decision) => x.grants.reduce((s, g) => s + fenOf(g.amount), 0);
    return { line: l.line, firm: d.firm, before: total(d.old), after: total(d.new), delta: l.delta, outcomeBefore: d.old.outcome, outcomeAfter: d.new.outcome, reasons: impact.reasons(d.old, d.new) };
  });
  return {
    report: {
      applications: population.rows.length,
      changedOutcome,
      changedAmount,
      winners,
      losers,
      totalBefore,
      totalAfter,
      payers,
      largest: top,
      histogram: histogram(deltas),
      defaulted: impact.defaulted,
      comparedOn,
    },
    errors: [],
  };
}
