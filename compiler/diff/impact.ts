/**
 * Impact over a population: both versions decide every application (validity set aside, as for
 * the witnesses), and the report says how many changed outcome or amount, who gains and who
 * loses, the total per payer before and after, the largest changes with their reasons, and the
 * distribution of the deltas. Money stays integer fen throughout.
 */
import type { IrPolicy } from "../ir/ir.js";
import { evaluateInputs } from "../interpret/index.js";
import { amountsProgram, type AmountsProgram } from "../interpret/amounts.js";
import { CHUNK, columnPair, termsFromContext, type ColumnProgram, type ColumnShare } from "./columnar.js";
import type { ApplicationProblem } from "../applications/index.js";
import type { GrantCells, Population } from "../applications/population.js";
import { decFromInt, fenOfYuan, formatMoneyEn, formatMoneyZh, indexHistory, policyId, sameGrant, splitFen, yearOf, type Bilingual, type CapSpec, type Decision, type EvaluationContext, type FullAwardSpec, type EvaluationOptions, type EvaluationResult, type Grant, type InputSpec, type NamedInputSpec, type Outcome, type PriorGrant, type RuntimeValue, type ShareSpec } from "@kuan/runtime/internal";
import { policyInfo } from "../ir/specs.js";
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

/** Fen per payer, in the order payers first appear (as a Map of the decisions' grants lists them). */
class PayerSums {
  private readonly index = new Map<string, number>();
  private readonly payers: string[] = [];
  private readonly totals: number[] = [];
  /** Slots in the order their payer was first added to. */
  private readonly order: number[] = [];

  /** The slot of a payer, for addAt (nothing is added: the payer's place in the order is its first addition). */
  slot(payer: string): number {
    let i = this.index.get(payer);
    if (i === undefined) {
      i = this.totals.length;
      this.index.set(payer, i);
      this.payers.push(payer);
      this.totals.push(Number.NaN);
    }
    return i;
  }

  addAt(slot: number, fen: number): void {
    const t = this.totals[slot] as number;
    if (t !== t) {
      this.order.push(slot);
      this.totals[slot] = fen;
    } else this.totals[slot] = t + fen;
  }

  add(payer: string, fen: number): void {
    this.addAt(this.slot(payer), fen);
  }

  into(map: Map<string, number>): void {
    for (const i of this.order) {
      const payer = this.payers[i] as string;
      map.set(payer, (map.get(payer) ?? 0) + (this.totals[i] as number));
    }
  }
}

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

/** Adds a decision's grants to the totals per payer; returns the fen granted. */
function payersOf(decision: Decision, into: PayerSums): number {
  let total = 0;
  for (const g of decision.grants) {
    const fen = fenOfYuan(g.amount);
    total += fen;
    if (g.payers) for (const p of g.payers) into.add(p.payer, fenOfYuan(p.amount));
    else into.add(UNSPLIT, fen);
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

/** One version as the impact decides it: validity set aside, its inputs laid out from the population's columns. */
class Version {
  readonly ir: IrPolicy;
  readonly columns: readonly Column[];
  /** A grant's rule (as a row may name it, by either version's name) → this version's rule. */
  private readonly rules = new Map<string, string | undefined>();

  constructor(
    ir: IrPolicy,
    readonly side: "old" | "new",
    alignment: Alignment,
    given: ReadonlySet<string>,
    defaulted: ImpactReport["defaulted"][number][],
    missing: { version: "old" | "new"; input: string }[],
    /** The ids of the two versions compared: the grants of either count, renamed into this one's. */
    private readonly measure: ReadonlySet<string>,
  ) {
    this.ir = { ...ir, validFrom: null, validTo: null };
    this.columns = ir.inputs.map((input) => {
      const other = side === "old" ? alignment.inputs.toNew(input.name) : alignment.inputs.toOld(input.name);
      const column = given.has(input.name) ? input.name : other !== undefined && given.has(other) ? other : null;
      const f = fallback(input.spec);
      if (column === null && f) defaulted.push({ version: side, input: input.name, value: f.shown });
      if (column === null && !f) missing.push({ version: side, input: input.name });
      return { name: input.name, column, fallback: f ? f.value : null };
    });
    this.fallbacks = this.columns.map((c) => c.fallback);
    this.row = new Array<RuntimeValue>(this.columns.length).fill(null);
    this.own = new Set(ir.rules.map((r) => r.name));
    this.amounts = amountsProgram(this.ir);
    this.shares = this.amounts.awards.map((a) => a.split);
    this.granted = new Float64Array(this.amounts.awards.length);
    for (const a of policyInfo(this.ir).awards) {
      const list = this.awardArticles.get(a.rule);
      if (list) list.push(a.article);
      else this.awardArticles.set(a.rule, [a.article]);
    }
    this.plainId = policyId(this.ir.id) === this.ir.id;
    this.rename = side === "old" ? (name) => alignment.rules.toOld(name) : (name) => alignment.rules.toNew(name);
  }

  private readonly own: ReadonlySet<string>;
  private readonly rename: (name: string) => string | undefined;

  /** This version's name of a grant's rule, if it has the rule. */
  /** Whether a grant's policy is one of the two versions compared (their ids, as the history check reads a title). */
  ofMeasure(policy: string): boolean {
    if (this.measure.has(policy)) return true;
    let id = this.policyIds.get(policy);
    if (id === undefined) {
      id = policyId(policy);
      if (this.policyIds.size < 1000) this.policyIds.set(policy, id);
    }
    return this.measure.has(id);
  }

  private readonly policyIds = new Map<string, string>();

  ruleOf(name: string): string | undefined {
    const known = this.rules.get(name);
    if (known !== undefined || this.rules.has(name)) return known;
    const mine = this.own.has(name) ? name : this.rename(name);
    this.rules.set(name, mine);
    return mine;
  }

  /** The application's inputs in this version's order (what the interpreter takes). */
  inputs(p: Population, row: number): readonly RuntimeValue[] {
    const out = new Array<RuntimeValue>(this.columns.length);
    this.fillInputs(p, row, out);
    return out;
  }

  /** The application's inputs into `out` (reused from row to row by the amounts-only decision). */
  private fillInputs(p: Population, row: number, out: RuntimeValue[]): void {
    if (this.bound !== p) this.bind(p);
    p.fill(row, this.at, this.fallbacks, out);
  }

  /** The population whose values `at` points into. */
  private bound: Population | null = null;
  /** For each of this version's inputs, its column in the population (-1: the default). */
  private at: number[] = [];
  private readonly fallbacks: readonly RuntimeValue[];
  /** The inputs of the row being decided amounts only. */
  private readonly row: RuntimeValue[];

  private bind(p: Population): void {
    const index = new Map(p.inputs.map((s, k) => [s.name, k]));
    this.at = this.columns.map((c) => (c.column === null ? -1 : (index.get(c.column) ?? -1)));
    this.bound = p;
  }

  /** Earlier grants of the row, as this version keys them (its title, its rule names). */
  history(given: readonly Grant[]): readonly Grant[] {
    // Most rows name this version's policy and rules already: then they are passed as they are.
    let same = true;
    for (const g of given) if (g.policy !== this.ir.id || this.ruleOf(g.rule) !== g.rule) same = false;
    if (same) return given;
    const out: Grant[] = [];
    for (const g of given) {
      // Another measure's grant is not one of these versions' to count: left as it is, for the
      // history check to refuse (K5202), never renamed into this version's.
      if (!this.ofMeasure(g.policy)) {
        out.push(g);
        continue;
      }
      const rule = this.ruleOf(g.rule);
      if (rule !== undefined) out.push({ ...g, policy: this.ir.id, rule });
    }
    return out;
  }

  /** The policy compiled for amounts only, and for each of its awards the payers of its grant. */
  private readonly amounts: AmountsProgram;
  private readonly shares: readonly (readonly ShareSpec[] | null)[];
  /** Fen granted per award by the last amounts-only decision. */
  private readonly granted: Float64Array;
  /** What the history check needs: the awards by rule, with their articles (as PolicyInfo lists them). */
  private readonly awardArticles = new Map<string, string[]>();
  private readonly plainId: boolean;

  /**
   * The context the amounts-only decision takes, as readOptions makes it from the row's options
   * and history; null when anything in them is out of the ordinary (the full evaluation then says
   * what). The history rows come from compiler/applications, validated as grantsFromJson
   * validates them; the checks of checkHistory and selectHistory that depend on the version are
   * made here. Firm and project ids are as the reader checked them: not empty, no spaces at
   * either end (what readOptions asks of them).
   */
  private context(p: Population, row: number): EvaluationContext | null {
    const date = p.date(row);
    const given = p.history(row);
    if (date !== this.lastDate) {
      if (!ISO_DATE.test(date)) return null;
      this.lastDate = date;
      this.lastYear = yearOf(date);
    }
    const year = this.lastYear;
    if (given.length === 0) {
      // One context for the rows without history, pointed at each in turn: its firm and project
      // ids are read from the population only if a rule asks for them.
      const ctx = this.plain;
      ctx.population = p;
      ctx.row = row;
      ctx.date = date;
      ctx.year = year;
      return ctx;
    }
    const firm = p.firm(row);
    const project = p.project(row);
    if (!this.plainId || given.length > MAX_FAST_HISTORY) return null;
    const rows = this.history(given);
    const version = this.ir.version;
    const prior: PriorGrant[] = [];
    for (let i = 0; i < rows.length; i++) {
      const g = rows[i] as Grant;
      if (g.policy !== this.ir.id) return null;
      const articles = this.awardArticles.get(g.rule);
      if (articles === undefined) return null;
      if (g.version === version && articles[0] !== "" && !articles.includes(this.written(g.article))) return null;
      for (let k = 0; k < i; k++) if (sameGrant(g, rows[k] as Grant)) return null;
      // Dated after the application, or another firm's: not counted (the full decision warns).
      if (g.date > date || g.firm !== firm) continue;
      prior.push({ rule: g.rule, firm: g.firm, project: g.project, year: yearOf(g.date), fen: fenOfYuan(g.amount), grant: g });
    }
    return { firm, project, application: undefined, date, year, history: prior, byRule: indexHistory(prior) };
  }

  private lastDate = "";
  private lastYear = 0;
  private readonly plain = new RowContext();
  private readonly articles = new Map<string, string>();

  /** An article as the history check reads it (checkHistory's normal form). */
  private written(article: string): string {
    let w = this.articles.get(article);
    if (w === undefined) {
      w = article.normalize("NFKC").replace(/\s+/g, " ").trim();
      if (this.articles.size < 10_000) this.articles.set(article, w);
    }
    return w;
  }

  /**
   * This version's outcome for the application, amounts only (the fen per award kept for
   * `addGrants`); null when only a full evaluation can say.
   */
  amountsOf(p: Population, row: number): Outcome | null {
    const ctx = this.context(p, row);
    if (ctx === null) return null;
    this.fillInputs(p, row, this.row);
    return this.amounts.decide(this.row, ctx, this.granted);
  }

  /** The version compiled column-wise (null: it decides row by row); set by Impact, with the other version's (columnPair). */
  columnar: ColumnProgram | null = null;

  /** An input as the column-wise programs share it: the population's column it reads (or none) and its type. */
  inputKey(name: string): string | null {
    const k = this.ir.inputs.findIndex((i) => i.name === name);
    if (k < 0) return null;
    const column = this.columns[k] as Column;
    return JSON.stringify([column.column, (this.ir.inputs[k] as IrPolicy["inputs"][number]).spec.type]);
  }

  /** Decides rows from, …, from + n - 1 column-wise (columnar is not null); the results are in `columnar`. */
  runColumns(p: Population, from: number, n: number): void {
    if (this.bound !== p) this.bind(p);
    const program = this.columnar as ColumnProgram;
    program.run(p, this.at, from, n, (row, j) => {
      const cells = p.grantCells ? p.grantCells(row) : null;
      return cells === null ? termsFromContext(program, this.context(p, row), j) : this.termsFromCells(p, row, cells, program, j);
    });
  }

  /** Kept grants of the row being read by termsFromCells: their index, this version's rule, and what the sums read of them. */
  private readonly kept = new Int32Array(MAX_FAST_HISTORY);
  private readonly keptRule: string[] = new Array<string>(MAX_FAST_HISTORY).fill("");
  private readonly counted = new Uint8Array(MAX_FAST_HISTORY);
  private readonly keptFen = new Float64Array(MAX_FAST_HISTORY);
  private readonly keptYear = new Float64Array(MAX_FAST_HISTORY);
  private readonly keptProject = new Uint8Array(MAX_FAST_HISTORY);
  private readonly years = new Float64Array(MAX_FAST_HISTORY);
  /** Per numbered rule text of the cells being read: this version's rule (null: none), found once. */
  private cellsRules: (string | null | undefined)[] = [];
  private cellsPolicy: (number | undefined)[] = [];
  private cellsVersion: (boolean | undefined)[] = [];
  private cellsArticle: (boolean | undefined)[][] = [];
  /** Per numbered rule text: the articles of this version's award of that rule (null: none). */
  private cellsAwards: (readonly string[] | null | undefined)[] = [];
  /** Per numbered date text: whether it is after `laterFor` (the application date of the rows being read). */
  private cellsLater: (boolean | undefined)[] = [];
  private laterFor = "";
  private cellsFor: GrantCells | null = null;

  /**
   * termsFromContext(context(p, row)) on the grants as the byte reader keeps them (no Grant or
   * PriorGrant objects): the same checks as context (renamed rules, articles, a grant twice;
   * later grants and other firms' not counted) and what priorTerms reads of each award's caps and
   * limits. False where context would give null or priorTerms -1.
   */
  private termsFromCells(p: Population, row: number, cells: GrantCells, program: ColumnProgram, j: number): boolean {
    const n = cells.count;
    if (!this.plainId || n > MAX_FAST_HISTORY) return false;
    const date = p.date(row);
    if (date !== this.lastDate) {
      if (!ISO_DATE.test(date)) return false;
      this.lastDate = date;
      this.lastYear = yearOf(date);
    }
    const year = this.lastYear;
    if (this.cellsFor !== cells) {
      this.cellsFor = cells;
      this.cellsRules = [];
      this.cellsPolicy = [];
      this.cellsVersion = [];
      this.cellsArticle = [];
      this.cellsAwards = [];
      this.cellsLater = [];
    }
    if (this.laterFor !== date) {
      this.laterFor = date;
      this.cellsLater = [];
    }
    const later = this.cellsLater;
    const rules = this.cellsRules;
    const policies = this.cellsPolicy;
    // Per numbered text, found once: this version's rule, whether a policy is this version's (1),
    // the other's (2) or another measure's (0), whether a version is this one's.
    for (let g = 0; g < n; g++) {
      const r = cells.id(g, 3);
      if (rules[r] === undefined) rules[r] = this.ruleOf(cells.text(g, 3)) ?? null;
      const q = cells.id(g, 0);
      let state = policies[q];
      if (state === undefined) {
        const policy = cells.text(g, 0);
        state = policy === this.ir.id ? 1 : this.ofMeasure(policy) ? 2 : 0;
        policies[q] = state;
      }
      // Another measure's grant: context's to refuse (see history()).
      if (state === 0) return false;
    }
    // history() passes the grants as they are when every one names this version's policy and
    // rule, else renamed (rules it lacks left out): either way each kept grant's rule is this
    // version's name of its rule.
    const kept = this.kept;
    const keptRule = this.keptRule;
    const counted = this.counted;
    let m = 0;
    for (let g = 0; g < n; g++) {
      const rule = rules[cells.id(g, 3)];
      if (rule === null || rule === undefined) continue;
      kept[m] = g;
      keptRule[m] = rule;
      m++;
    }
    const version = this.ir.version;
    const versions = this.cellsVersion;
    const project = p.hasProject(row);
    for (let i = 0; i < m; i++) {
      const g = kept[i] as number;
      const rule = keptRule[i] as string;
      const r = cells.id(g, 3);
      let articles = this.cellsAwards[r];
      if (articles === undefined) {
        articles = this.awardArticles.get(rule) ?? null;
        this.cellsAwards[r] = articles;
      }
      if (articles === null) return false;
      const vid = cells.id(g, 1);
      let mine = versions[vid];
      if (mine === undefined) {
        mine = cells.text(g, 1) === version;
        versions[vid] = mine;
      }
      if (mine && articles[0] !== "") {
        // Whether the article is one of the rule's, per numbered rule and article text.
        const byArticle = (this.cellsArticle[r] ??= []);
        const aid = cells.id(g, 2);
        let ok = byArticle[aid];
        if (ok === undefined) {
          ok = articles.includes(this.written(cells.text(g, 2)));
          byArticle[aid] = ok;
        }
        if (!ok) return false;
      }
      const fen = cells.fen(g);
      for (let k = 0; k < i; k++) {
        const h = kept[k] as number;
        if (fen === cells.fen(h) && rule === keptRule[k] && cells.text(g, 1) === cells.text(h, 1) && cells.text(g, 7) === cells.text(h, 7) && cells.same(g, h, 4) && cells.same(g, h, 5) && cells.same(g, h, 6)) return false;
      }
      // Dated after the application, or another firm's: not counted.
      const did = cells.id(g, 7);
      let after = later[did];
      if (after === undefined) {
        after = cells.text(g, 7) > date;
        later[did] = after;
      }
      counted[i] = after || !cells.own(g, 4) ? 0 : 1;
      this.keptFen[i] = fen;
      this.keptYear[i] = cells.year(g);
      this.keptProject[i] = project && cells.own(g, 5) ? 1 : 0;
    }
    const keptFen = this.keptFen;
    const keptYear = this.keptYear;
    const keptProject = this.keptProject;
    const years = this.years;
    const awards = program.awards;
    const terms = this.termsOf(program);
    if (!project && terms.byProject) return false;
    // The awards the counted grants are of: the others' caps have used nothing, their limits are not reached (unless of 0).
    let hits = terms.byRule === null ? -1 : 0;
    const keptAward = this.keptAward;
    if (terms.byRule !== null)
      for (let i = 0; i < m; i++) {
        const k = counted[i] === 1 ? (terms.byRule.get(keptRule[i] as string) ?? -1) : -1;
        keptAward[i] = k;
        if (k >= 0) hits |= 1 << k;
      }
    for (let k = 0; k < awards.length; k++) {
      const spec = awards[k] as FullAwardSpec;
      const used = program.priorUsed[k] as Float64Array;
      const caps = spec.caps;
      if ((hits & (1 << k)) === 0) {
        for (let c = 0; c < caps.length; c++) used[j * caps.length + c] = 0;
        (program.priorLimited[k] as Int8Array)[j] = terms.bare[k] as number;
        continue;
      }
      for (let c = 0; c < caps.length; c++) {
        const scope = (caps[c] as CapSpec).scope;
        let total = 0;
        if (scope !== "each") {
          const byProject = scope === "project" || scope === "project-year";
          if (byProject && !project) return false;
          const perYear = scope === "firm-year" || scope === "project-year";
          for (let i = 0; i < m; i++) {
            if (counted[i] !== 1 || keptRule[i] !== spec.rule) continue;
            if (byProject && keptProject[i] !== 1) continue;
            if (perYear && keptYear[i] !== year) continue;
            total += keptFen[i] as number;
            if (!Number.isSafeInteger(total)) return false;
          }
        }
        used[j * caps.length + c] = total;
      }
      let limited = 0;
      for (const limit of spec.limits) {
        const byProject = limit.scope === "project";
        if (byProject && !project) return false;
        let times = 0;
        let distinct = 0;
        for (let i = 0; i < m; i++) {
          if (counted[i] !== 1 || keptRule[i] !== spec.rule) continue;
          if (byProject && keptProject[i] !== 1) continue;
          times++;
          const y = keptYear[i] as number;
          if (y === year) continue;
          let seen = false;
          for (let q = 0; q < distinct; q++) if (years[q] === y) seen = true;
          if (!seen) years[distinct++] = y;
        }
        if (limit.kind === "times" ? times >= limit.n : distinct >= limit.n) limited = 1;
      }
      (program.priorLimited[k] as Int8Array)[j] = limited;
    }
    return true;
  }

  private readonly keptAward = new Int32Array(MAX_FAST_HISTORY);
  private terms: { program: ColumnProgram; byProject: boolean; bare: Int8Array; byRule: Map<string, number> | null } | null = null;

  /**
   * What termsFromCells reads of the program's awards, found once: whether any cap or limit is
   * per project (then a row without a project is unusual), each award's limit reached with no
   * grants (a limit of 0), each award by its rule (null: two awards of one rule, or more than 31
   * awards; then every award looks at every grant).
   */
  private termsOf(program: ColumnProgram): { program: ColumnProgram; byProject: boolean; bare: Int8Array; byRule: Map<string, number> | null } {
    if (this.terms !== null && this.terms.program === program) return this.terms;
    const awards = program.awards;
    const byProject = awards.some((a) => a.caps.some((c) => c.scope === "project" || c.scope === "project-year") || a.limits.some((l) => l.scope === "project"));
    const bare = Int8Array.from(awards, (a) => (a.limits.some((l) => l.n <= 0) ? 1 : 0));
    let byRule: Map<string, number> | null = new Map(awards.map((a, k) => [a.rule, k]));
    if (byRule.size !== awards.length || awards.length > 31) byRule = null;
    this.terms = { program, byProject, bare, byRule };
    return this.terms;
  }

  /** Adds what runColumns granted to row j of the chunk to the totals per payer; returns the fen. */
  addColumnGrants(j: number, into: PayerSums): number {
    const program = this.columnar as ColumnProgram;
    const total = program.total[j] as number;
    if (total === 0) return 0;
    const granted = program.granted;
    if (this.slotsFor !== into) {
      // Each award's payers' slots in `into`, found once.
      this.slotsFor = into;
      this.slots = this.shares.map((shares) => (shares ? shares.map((s) => into.slot(s.payer)) : [into.slot(UNSPLIT)]));
    }
    const slots = this.slots;
    let fen = 0;
    for (let k = 0; k < granted.length; k++) {
      const amount = (granted[k] as Float64Array)[j] as number;
      if (amount === 0) continue;
      fen += amount;
      const shares = this.shares[k];
      const to = slots[k] as number[];
      if (shares) {
        // The last split of these shares (the other version's same award on this row, mostly), else split now.
        const memo = this.splits[k] as SplitMemo;
        if (memo.amount !== amount) {
          memo.amount = amount;
          memo.parts = splitFen(amount, shares);
        }
        const parts = memo.parts;
        for (let i = 0; i < shares.length; i++) into.addAt(to[i] as number, parts[i] as number);
      } else into.addAt(to[0] as number, amount);
    }
    return fen;
  }

  private slotsFor: PayerSums | null = null;
  private slots: number[][] = [];
  /** Per award, the last split of its amount (shared with the other version's awards of the same shares: shareSplits). */
  private splits: SplitMemo[] = [];

  /** Each award's split memo, the same object for the same shares in both versions (`memos` by the shares' JSON). */
  shareSplits(memos: Map<string, SplitMemo>): void {
    this.splits = this.shares.map((shares) => {
      const key = JSON.stringify(shares);
      let memo = memos.get(key);
      if (memo === undefined) {
        memo = { amount: -1, parts: [] };
        memos.set(key, memo);
      }
      return memo;
    });
  }

  /** Adds what the last amountsOf granted to the totals per payer (split as the grant splits it); returns the fen. */
  addGrants(into: PayerSums): number {
    const granted = this.granted;
    let fen = 0;
    for (let k = 0; k < granted.length; k++) {
      const amount = granted[k] as number;
      if (amount === 0) continue;
      fen += amount;
      const shares = this.shares[k];
      if (shares) {
        const parts = splitFen(amount, shares);
        for (let i = 0; i < shares.length; i++) into.add((shares[i] as ShareSpec).payer, parts[i] as number);
      } else into.add(UNSPLIT, amount);
    }
    return fen;
  }

  decide(p: Population, row: number, trace: boolean): EvaluationResult {
    const given = p.history(row);
    const history = given.length === 0 ? NO_GRANTS : this.history(given);
    const project = p.project(row);
    const asOf = p.date(row);
    const firm = p.firm(row);
    const options: EvaluationOptions = project !== undefined ? { asOf, firm, project, trace, history } : { asOf, firm, trace, history };
    return evaluateInputs(this.ir, this.inputs(p, row), options);
  }
}

const NO_GRANTS: readonly Grant[] = [];

/** splitFen's parts of the last amount split (amount -1: none yet). */
interface SplitMemo {
  amount: number;
  parts: readonly number[];
}

/** The context of a row without history, as readOptions makes it: its ids read when asked for. */
class RowContext implements EvaluationContext {
  population: Population | null = null;
  row = 0;
  date = "";
  year = 0;
  readonly application = undefined;
  readonly history: readonly PriorGrant[] = NO_PRIOR;
  readonly byRule: ReadonlyMap<string, readonly PriorGrant[]> = EMPTY_INDEX;

  get firm(): string | undefined {
    return (this.population as Population).firm(this.row);
  }

  get project(): string | undefined {
    return (this.population as Population).project(this.row);
  }
}

const NO_PRIOR: readonly PriorGrant[] = [];
const EMPTY_INDEX: ReadonlyMap<string, readonly PriorGrant[]> = new Map();
const ISO_DATE = /^\d{4}-\d\d-\d\d$/;
/** Longer histories go to the full evaluation (its duplicate check is by key, not pairwise). */
const MAX_FAST_HISTORY = 16;

/** What evaluating both versions on every application gives, before it is aggregated. */
export interface Decided {
  /** Fen granted to each application (in the population's order) by the old and the new version. */
  readonly before: Float64Array;
  readonly after: Float64Array;
  /** Applications whose outcome differs between the versions. */
  readonly changedOutcome: number;
  /** Fen per payer, summed over the population. */
  readonly payersBefore: ReadonlyMap<string, number>;
  readonly payersAfter: ReadonlyMap<string, number>;
  /** Applications decided row by row (amounts only or in full) rather than column-wise. */
  readonly rowByRow: number;
  /** Each application's outcome under the old and the new version, when asked for (decideAll's `outcomes`). */
  readonly outcomesBefore?: readonly Outcome[];
  readonly outcomesAfter?: readonly Outcome[];
}

/** Both versions on applications, and the aggregation of what changed. */
export class Impact {
  private readonly old: Version;
  private readonly new: Version;
  readonly defaulted: ImpactReport["defaulted"][number][] = [];
  /** Inputs a version needs that the population lacks and that have no default. */
  readonly missing: { version: "old" | "new"; input: string }[] = [];

  constructor(
    oldIr: IrPolicy,
    newIr: IrPolicy,
    private readonly alignment: Alignment,
    columns: ReadonlySet<string>,
  ) {
    const measure = new Set([oldIr.id, newIr.id]);
    this.old = new Version(oldIr, "old", alignment, columns, this.defaulted, this.missing, measure);
    this.new = new Version(newIr, "new", alignment, columns, this.defaulted, this.missing, measure);
    const splits = new Map<string, SplitMemo>();
    this.old.shareSplits(splits);
    this.new.shareSplits(splits);
    const pair = columnPair(this.old.ir, (name) => this.old.inputKey(name), this.new.ir, (name) => this.new.inputKey(name));
    if (pair !== null) {
      this.old.columnar = pair.a;
      this.new.columnar = pair.b;
      this.share = pair.share;
    }
  }

  /** The columns both versions compute alike, computed once per chunk (null: no column-wise programs). */
  private readonly share: ColumnShare | null = null;

  /** How many of the new version's column-wise expressions are the old version's, computed once (0: none, or row by row). */
  get sharedColumns(): number {
    return this.share?.shared ?? 0;
  }

  /** Decides one application under both versions. */
  decide(p: Population, row: number, trace = false): { old: EvaluationResult; new: EvaluationResult } {
    return { old: this.old.decide(p, row, trace), new: this.new.decide(p, row, trace) };
  }

  /**
   * Both versions on every application, without the trace: the fen each grants and the totals
   * per payer. Stops at MAX_ERRORS problems (a row one version cannot decide), which are returned.
   */
  decideAll(p: Population, options: { readonly outcomes?: boolean } = {}): { decided: Decided; errors: ApplicationProblem[] } {
    const outcomesBefore: Outcome[] | undefined = options.outcomes ? [] : undefined;
    const outcomesAfter: Outcome[] | undefined = options.outcomes ? [] : undefined;
    let rowByRow = 0;
    const before = new Float64Array(p.count);
    const after = new Float64Array(p.count);
    const sumsBefore = new PayerSums();
    const sumsAfter = new PayerSums();
    const errors: ApplicationProblem[] = [];
    let changedOutcome = 0;
    /** One row decided row by row; false once MAX_ERRORS problems are found. */
    const row = (i: number): boolean => {
      rowByRow++;
      // Amounts only, where both versions can decide so; otherwise in full (which names any error).
      const fastA = this.old.amountsOf(p, i);
      const fastB = fastA === null ? null : this.new.amountsOf(p, i);
      if (fastA !== null && fastB !== null) {
        before[i] = this.old.addGrants(sumsBefore);
        after[i] = this.new.addGrants(sumsAfter);
        if (fastA !== fastB) changedOutcome++;
        if (outcomesBefore && outcomesAfter) {
          outcomesBefore[i] = fastA;
          outcomesAfter[i] = fastB;
        }
        return true;
      }
      const a = this.old.decide(p, i, false);
      const b = this.new.decide(p, i, false);
      if (!a.ok || !b.ok) {
        // The same mistake found by both versions (a bad field, another measure's grant) is one error.
        const both = [...(a.ok ? [] : a.errors), ...(b.ok ? [] : b.errors)];
        both.forEach((e, k) => {
          if (both.findIndex((x) => x.field === e.field && x.message.zh === e.message.zh) === k) errors.push({ line: p.line(i), field: e.field, id: p.id(i), zh: e.message.zh, en: e.message.en });
        });
        return errors.length < MAX_ERRORS;
      }
      before[i] = payersOf(a.decision, sumsBefore);
      after[i] = payersOf(b.decision, sumsAfter);
      if (a.decision.outcome !== b.decision.outcome) changedOutcome++;
      if (outcomesBefore && outcomesAfter) {
        outcomesBefore[i] = a.decision.outcome;
        outcomesAfter[i] = b.decision.outcome;
      }
      return true;
    };
    const colA = this.old.columnar;
    const colB = this.new.columnar;
    if (colA !== null && colB !== null) {
      // Column-wise, a chunk of rows at a time; a row either version marks unusual row by row.
      const unusualA = colA.unusual;
      const unusualB = colB.unusual;
      chunks: for (let from = 0; from < p.count; from += CHUNK) {
        const m = Math.min(CHUNK, p.count - from);
        // The old version first: the columns the new one shares are computed in its run.
        (this.share as ColumnShare).next();
        this.old.runColumns(p, from, m);
        this.new.runColumns(p, from, m);
        for (let j = 0; j < m; j++) {
          const i = from + j;
          if (unusualA[j] === 1 || unusualB[j] === 1) {
            if (!row(i)) break chunks;
            continue;
          }
          before[i] = this.old.addColumnGrants(j, sumsBefore);
          after[i] = this.new.addColumnGrants(j, sumsAfter);
          if (colA.outcome[j] !== colB.outcome[j]) changedOutcome++;
          if (outcomesBefore && outcomesAfter) {
            outcomesBefore[i] = colA.outcome[j] as Outcome;
            outcomesAfter[i] = colB.outcome[j] as Outcome;
          }
        }
      }
    } else {
      for (let i = 0; i < p.count; i++) if (!row(i)) break;
    }
    const payersBefore = new Map<string, number>();
    const payersAfter = new Map<string, number>();
    sumsBefore.into(payersBefore);
    sumsAfter.into(payersAfter);
    return { decided: { before, after, changedOutcome, payersBefore, payersAfter, rowByRow, ...(outcomesBefore && outcomesAfter ? { outcomesBefore, outcomesAfter } : {}) }, errors };
  }

  /** Why one application's amount changed: the awards that moved, and reasons only one version gave. */
  reasons(old: Decision, next: Decision): Bilingual[] {
    const out: Bilingual[] = [];
    const money = (fen: number): Bilingual => ({ zh: formatMoneyZh(fen), en: formatMoneyEn(fen) });
    for (const r of this.new.ir.rules) {
      if (r.kind !== "reward" && r.kind !== "subsidy") continue;
      const oldName = this.alignment.rules.toOld(r.name);
      const a = oldName === undefined ? 0 : Number(old.outputs[oldName] ?? 0);
      const b = Number(next.outputs[r.name] ?? 0);
      if (a !== b) out.push({ zh: `${r.article?.label ?? ""} ${r.name} ${money(a).zh} → ${money(b).zh}`, en: `${r.article?.label ?? ""} ${r.name} ${money(a).en} → ${money(b).en}` });
    }
    for (const r of this.old.ir.rules) {
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

  /**
   * The report from what decideAll gave: changed amounts, winners and losers, totals, the
   * distribution of the deltas, and the largest changes decided again with their reasons.
   */
  aggregate(p: Population, decided: Decided, largestCount = 10): ImpactReport {
    const { before, after } = decided;
    let changedAmount = 0;
    let winners = 0;
    let losers = 0;
    let totalBefore = 0;
    let totalAfter = 0;
    const deltas: number[] = [];
    let largest: { delta: number; index: number }[] = [];
    let smallestKept = 0;
    for (let i = 0; i < p.count; i++) {
      const a = before[i] as number;
      const b = after[i] as number;
      totalBefore += a;
      totalAfter += b;
      if (a === b) continue;
      changedAmount++;
      if (b > a) winners++;
      else losers++;
      const delta = b - a;
      deltas.push(delta);
      if (largest.length < largestCount || Math.abs(delta) > smallestKept) {
        largest.push({ delta, index: i });
        largest.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.index - y.index);
        largest = largest.slice(0, largestCount);
        smallestKept = Math.abs((largest[largest.length - 1] as { delta: number }).delta);
      }
    }
    const payers = [...new Set([...decided.payersBefore.keys(), ...decided.payersAfter.keys()])].map((payer) => {
      const x = decided.payersBefore.get(payer) ?? 0;
      const y = decided.payersAfter.get(payer) ?? 0;
      return { payer, before: x, after: y, delta: y - x };
    });
    const top: LargestChange[] = largest.flatMap((l) => {
      const d = this.decide(p, l.index, true);
      if (!d.old.ok || !d.new.ok) return [];
      const total = (x: Decision) => x.grants.reduce((s, g) => s + fenOfYuan(g.amount), 0);
      return [{ line: p.line(l.index), id: p.id(l.index), firm: p.firm(l.index), before: total(d.old.decision), after: total(d.new.decision), delta: l.delta, outcomeBefore: d.old.decision.outcome, outcomeAfter: d.new.decision.outcome, reasons: this.reasons(d.old.decision, d.new.decision) }];
    });
    return { applications: p.count, changedOutcome: decided.changedOutcome, changedAmount, winners, losers, totalBefore, totalAfter, payers, largest: top, histogram: histogram(deltas), defaulted: this.defaulted };
  }
}

export interface ImpactResult {
  readonly report: ImpactReport | null;
  readonly errors: readonly ApplicationProblem[];
}

export interface ImpactOptions {
  readonly largest?: number;
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
export function impactOf(oldIr: IrPolicy, newIr: IrPolicy, alignment: Alignment, population: Population, columns: ReadonlySet<string>, options: ImpactOptions = {}): ImpactResult {
  const impact = new Impact(oldIr, newIr, alignment, columns);
  const errors: ApplicationProblem[] = impact.missing.map((m) => ({ line: 1, field: m.input, zh: `${m.version === "old" ? "旧" : "新"}版需要此列（无法取默认值）`, en: `the ${m.version} version needs this column (it has no default)` }));
  if (errors.length > 0) return { report: null, errors };
  const all = impact.decideAll(population);
  if (all.errors.length > 0) return { report: null, errors: all.errors.slice(0, MAX_ERRORS) };
  const report = impact.aggregate(population, all.decided, options.largest ?? 10);
  // Each amount is exact; a sum of amounts past 2^53 fen (some 90 trillion yuan) would not be:
  // refused, never rounded. The sums only grow, so their final values tell.
  const sums: [string, number][] = [["(total)", report.totalBefore], ["(total)", report.totalAfter], ...report.payers.flatMap((x): [string, number][] => [[x.payer, x.before], [x.payer, x.after]])];
  const unsafe = sums.find(([, fen]) => !Number.isSafeInteger(fen));
  if (unsafe) {
    const field = unsafe[0] === "(total)" ? "(total)" : `(payer ${unsafe[0]})`;
    return { report: null, errors: [{ line: 1, field, zh: "总额超过可精确计算的范围（2^53 分，约 90 万亿元）：不予四舍五入，不作报告", en: "the total is beyond the exact range (2^53 fen, some 90 trillion yuan): it is not rounded, and no report is made" }] };
  }
  return { report, errors: [] };
}
