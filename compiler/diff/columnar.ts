/**
 * The impact's decisions column by column (`kuan diff --population`): each IR node of a version
 * is computed once per chunk of rows over typed arrays (amounts as integer fen in a Float64Array,
 * exact below 2^53; yes/no as 1 / 0), like a vectorised query engine, instead of once per
 * application through the interpreter's closures. It computes what amountsProgram
 * (compiler/interpret/amounts.ts) computes, for the policies whose rules it knows (amounts and
 * yes/no, rates as constants, awards with caps, limits, splits, exclusions and reviews); any
 * other policy has no columnar program (null) and the impact decides row by row.
 *
 * A row on which anything is out of the ordinary — a value that is not plain, a sum or product
 * out of the safe range (addFen / mulFen would fail), a definition with no value, a history the
 * amounts-only checks do not pass, a project-wide cap without a project — is marked `unusual`,
 * and the impact decides it row by row (amounts only, else in full), which says what happened.
 * Marking too many rows costs time only; every row not marked gets amountsProgram's result
 * (test/diff/columnar.test.ts checks this on random populations with edge values).
 */
import type { IrExpr, IrPolicy, IrRule } from "../ir/ir.js";
import { awardSpec } from "../ir/specs.js";
import { decOf, divFen, mulFen, overallOutcome, type Dec, type EvaluationContext, type FullAwardSpec, type Outcome, type OutcomeTally } from "@kuan/runtime/internal";
import { priorTerms } from "../interpret/amounts.js";
import type { Population } from "../applications/population.js";

/** Rows per chunk: the columns of a version stay in the cache. */
export const CHUNK = 2048;

type Col = () => Float64Array;
/** A compiled expression: a column, or a decimal constant (a rate: only a factor or divisor of an amount). */
type ColVec = { readonly col: Col; readonly bool: boolean };
type Vec = ColVec | { readonly dec: Dec };

/** What is not computed column-wise: the whole policy then goes row by row. */
class Unsupported extends Error {}

export interface ColumnProgram {
  /** The policy's awards in its order (amountsProgram's). */
  readonly awards: readonly FullAwardSpec[];
  /** Fen granted per award (awards[k]) to the chunk's rows: granted[k][j]; and in all (the awards' sum, in their order). */
  readonly granted: readonly Float64Array[];
  readonly total: Float64Array;
  /** The outcome of each row of the chunk (when not unusual). */
  readonly outcome: Outcome[];
  /** 1: the row must be decided row by row. */
  readonly unusual: Uint8Array;
  /**
   * What the history gives each award (k) for row j of the chunk, written by `history` in run:
   * the fen its cap i has used already in priorUsed[k][j * caps + i], whether a limit is reached
   * (1) in priorLimited[k][j].
   */
  readonly priorUsed: readonly Float64Array[];
  readonly priorLimited: readonly Int8Array[];
  /**
   * Decides the rows from, …, from + n - 1 (n ≤ CHUNK): `at[j]` is the population's input for this
   * version's input j (-1: its default, 0 or no); `history(row, j)` writes what a row with earlier
   * grants (row `row`, j in the chunk) gives each award, as priorTerms reads it from the
   * amounts-only context (false: the row is unusual).
   */
  run(p: Population, at: readonly number[], from: number, n: number, history: (row: number, j: number) => boolean): void;
}

/** history for run from the amounts-only context of a row (null: unusual), as priorTerms reads it. */
export function termsFromContext(program: ColumnProgram, ctx: EvaluationContext | null, j: number): boolean {
  if (ctx === null) return false;
  for (let k = 0; k < program.awards.length; k++) {
    const spec = program.awards[k] as FullAwardSpec;
    const l = priorTerms(spec, ctx, program.priorUsed[k] as Float64Array, j * spec.caps.length);
    if (l < 0) return false;
    (program.priorLimited[k] as Int8Array)[j] = l;
  }
  return true;
}

type Op = "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "and" | "or" | "min" | "max";
type Loop = (x: Float64Array, y: Float64Array, out: Float64Array, n: number) => void;
const LOOPS: Record<Op, Loop> = {
  eq: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = x[j] === y[j] ? 1 : 0; },
  ne: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = x[j] !== y[j] ? 1 : 0; },
  lt: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = (x[j] as number) < (y[j] as number) ? 1 : 0; },
  le: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = (x[j] as number) <= (y[j] as number) ? 1 : 0; },
  gt: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = (x[j] as number) > (y[j] as number) ? 1 : 0; },
  ge: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = (x[j] as number) >= (y[j] as number) ? 1 : 0; },
  and: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = x[j] === 1 && y[j] === 1 ? 1 : 0; },
  or: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = x[j] === 1 || y[j] === 1 ? 1 : 0; },
  // On amounts (integers, never NaN or -0 here) Math.min / Math.max are the interpreter's pick.
  min: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = Math.min(x[j] as number, y[j] as number); },
  max: (x, y, out, n) => { for (let j = 0; j < n; j++) out[j] = Math.max(x[j] as number, y[j] as number); },
};

const programs = new WeakMap<IrPolicy, ColumnProgram | null>();

/** The policy's columnar program, or null when it uses something the columns do not compute (cached per IR). */
export function columnProgram(ir: IrPolicy): ColumnProgram | null {
  if (programs.has(ir)) return programs.get(ir) as ColumnProgram | null;
  let program: ColumnProgram | null;
  try {
    program = compile(ir, null);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    program = null;
  }
  programs.set(ir, program);
  return program;
}

/**
 * The columns two programs compute alike (columnPair): each expression of the second whose
 * structure, with every input named by the population's column it reads and its type, is one of
 * the first's is the first's column, computed once per chunk (`stamp`, moved on by `next()`
 * before the first program runs on a chunk; the second runs after it on the same rows).
 * A shared column marks its unusual rows in the first program's `unusual`: the impact decides a
 * row row by row when either program marks it, so the second needs no mark of its own.
 */
export class ColumnShare {
  stamp = 0;
  /** How many of the second program's expressions are the first's (for tests and the bench). */
  shared = 0;
  readonly cache = new Map<string, ColVec>();
  next(): void {
    this.stamp++;
  }
}

/** What compile needs to share columns: the share, and each input's key (its population column and type; null: not shared). */
interface Sharing {
  readonly share: ColumnShare;
  readonly second: boolean;
  readonly inputKey: (name: string) => string | null;
}

/**
 * The columnar programs of two versions decided on the same rows (the impact's), with the
 * expressions they compute alike shared (ColumnShare); null when either has none. `inputKey`
 * names an input of each by what it reads (the population's column and the input's type).
 */
export function columnPair(a: IrPolicy, keyA: (name: string) => string | null, b: IrPolicy, keyB: (name: string) => string | null): { a: ColumnProgram; b: ColumnProgram; share: ColumnShare } | null {
  const share = new ColumnShare();
  try {
    const first = compile(a, { share, second: false, inputKey: keyA });
    const second = compile(b, { share, second: true, inputKey: keyB });
    return { a: first, b: second, share };
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return null;
  }
}

function compile(ir: IrPolicy, sharing: Sharing | null): ColumnProgram {
  if (ir.validFrom !== null || ir.validTo !== null) throw new Unsupported();
  if (ir.reviews.some((r) => r.condition === null) || ir.exclusions.some((x) => x.condition === null)) throw new Unsupported();
  const unusual = new Uint8Array(CHUNK);
  /** Rows in the chunk being decided (each closure reads it into a local `n` first). */
  let rows = 0;
  const buffer = (): Float64Array => new Float64Array(CHUNK);

  // Inputs: amounts and yes/no only (any other kind, if used, is not supported).
  const inputIndex = new Map<string, number>();
  ir.inputs.forEach((input, i) => {
    if (!inputIndex.has(input.name)) inputIndex.set(input.name, i);
  });
  const inputCols = ir.inputs.map(() => buffer());
  const inputUsed = ir.inputs.map(() => false);
  const ruleIndex = new Map<string, number>();
  ir.rules.forEach((rule, i) => {
    if (!ruleIndex.has(rule.name)) ruleIndex.set(rule.name, i);
  });
  const slots = ir.rules.map(() => buffer());
  /** Rules computed so far (a reference to a later one is not supported: its slot is empty there). */
  let done = 0;

  const isCol = (v: Vec): v is ColVec => "col" in v;
  const col = (v: Vec, bool: boolean): Col => {
    if (!isCol(v) || v.bool !== bool) throw new Unsupported();
    return v.col;
  };
  const constant = (x: number, bool: boolean): ColVec => {
    const out = buffer().fill(x);
    return { col: () => out, bool };
  };
  /** x op y on every row; each operation its own loop (one call site per operation, nothing to dispatch per row). */
  const binary = (a: Col, b: Col, bool: boolean, op: Op): ColVec => {
    const out = buffer();
    const loop = LOOPS[op];
    return {
      bool,
      col: () => {
        const n = rows;
        loop(a(), b(), out, n);
        return out;
      },
    };
  };
  /** An amount: a safe integer, else the row is unusual (where addFen / subFen would fail). */
  const checked = (a: Col, b: Col, sign: 1 | -1): ColVec => {
    const out = buffer();
    return {
      bool: false,
      col: () => {
        const n = rows;
        const x = a();
        const y = b();
        for (let j = 0; j < n; j++) {
          const r = (x[j] as number) + sign * (y[j] as number);
          if (!Number.isSafeInteger(r)) unusual[j] = 1;
          out[j] = r;
        }
        return out;
      },
    };
  };
  /** mulFen / divFen on every row (exact by construction: the runtime's own function), a failure marking the row. */
  const scaled = (m: Col, f: (fen: number) => number): ColVec => {
    const out = buffer();
    return {
      bool: false,
      col: () => {
        const n = rows;
        const x = m();
        for (let j = 0; j < n; j++) {
          const v = x[j] as number;
          if (!Number.isSafeInteger(v)) {
            unusual[j] = 1;
            out[j] = 0;
            continue;
          }
          try {
            out[j] = f(v);
          } catch {
            unusual[j] = 1;
            out[j] = 0;
          }
        }
        return out;
      },
    };
  };

  /** An expression's key for sharing: its JSON, inputs named by what they read, rules by this program (null: not shared). */
  const keyOf = (e: IrExpr, inputKey: (name: string) => string | null, side: string): string | null => {
    let ok = true;
    const text = JSON.stringify(e, (_k, v: unknown) => {
      if (v === null || typeof v !== "object" || !("op" in v)) return v;
      const x = v as IrExpr;
      if (x.op === "input") {
        const key = inputKey(x.name);
        if (key === null) ok = false;
        return { op: "input", kind: x.kind, key };
      }
      // A rule's column is this program's own.
      if (x.op === "rule") return { op: "rule", name: x.name, side };
      return v;
    });
    return ok ? text : null;
  };
  /** An expression's column, the share's when the first program computes it alike (each memoised per chunk). */
  const expr = (e: IrExpr): Vec => {
    if (sharing === null) return build(e);
    const share = sharing.share;
    const key = keyOf(e, sharing.inputKey, sharing.second ? "second" : "first");
    if (key === null) return build(e);
    const hit = share.cache.get(key);
    if (hit !== undefined) {
      if (sharing.second) share.shared++;
      return hit;
    }
    const v = build(e);
    if (!isCol(v)) return v;
    const inner = v.col;
    let stamp = -1;
    let out: Float64Array | null = null;
    const memo: ColVec = {
      bool: v.bool,
      col: () => {
        if (stamp !== share.stamp || out === null) {
          out = inner();
          stamp = share.stamp;
        }
        return out;
      },
    };
    share.cache.set(key, memo);
    return memo;
  };
  const build = (e: IrExpr): Vec => {
    switch (e.op) {
      case "money": {
        const fen = Number(e.fen);
        if (!Number.isSafeInteger(fen)) throw new Unsupported();
        return constant(fen, false);
      }
      case "bool": return constant(e.value ? 1 : 0, true);
      case "dec": return { dec: decOf(e.value) };
      case "input": {
        const i = inputIndex.get(e.name);
        if (i === undefined) throw new Unsupported();
        const type = (ir.inputs[i] as IrPolicy["inputs"][number]).spec.type;
        if (type !== "money" && type !== "bool") throw new Unsupported();
        inputUsed[i] = true;
        const out = inputCols[i] as Float64Array;
        return { col: () => out, bool: type === "bool" };
      }
      case "rule": {
        const i = ruleIndex.get(e.name);
        if (i === undefined || i >= done) throw new Unsupported();
        const rule = ir.rules[i] as IrRule;
        const bool = kindOf(rule);
        const out = slots[i] as Float64Array;
        return { col: () => out, bool };
      }
      case "moneyAdd": return checked(col(expr(e.a), false), col(expr(e.b), false), 1);
      case "moneySub": return checked(col(expr(e.a), false), col(expr(e.b), false), -1);
      case "moneyNeg": return checked(col(constant(0, false), false), col(expr(e.a), false), -1);
      case "moneyMul": {
        const m = col(expr(e.money), false);
        const x = expr(e.factor);
        if (isCol(x)) throw new Unsupported();
        const r = e.rounding;
        const by = x.dec;
        return scaled(m, (fen) => mulFen(fen, by, r));
      }
      case "moneyDiv": {
        const m = col(expr(e.money), false);
        const x = expr(e.divisor);
        if (isCol(x)) throw new Unsupported();
        const r = e.rounding;
        const by = x.dec;
        return scaled(m, (fen) => divFen(fen, by, r));
      }
      case "compare": {
        if (e.domain !== "money" && e.domain !== "plain") throw new Unsupported();
        const a = expr(e.a);
        const b = expr(e.b);
        if (!isCol(a) || !isCol(b) || a.bool !== b.bool) throw new Unsupported();
        switch (e.cmp) {
          case "eq": return binary(a.col, b.col, true, "eq");
          case "ne": return binary(a.col, b.col, true, "ne");
          case "lt": return binary(a.col, b.col, true, "lt");
          case "le": return binary(a.col, b.col, true, "le");
          case "gt": return binary(a.col, b.col, true, "gt");
          case "ge": return binary(a.col, b.col, true, "ge");
        }
        throw new Unsupported();
      }
      case "and": return binary(col(expr(e.a), true), col(expr(e.b), true), true, "and");
      case "or": return binary(col(expr(e.a), true), col(expr(e.b), true), true, "or");
      case "not": {
        const a = col(expr(e.a), true);
        const out = buffer();
        return {
          bool: true,
          col: () => {
            const n = rows;
            const x = a();
            for (let j = 0; j < n; j++) out[j] = 1 - (x[j] as number);
            return out;
          },
        };
      }
      case "min":
      case "max": {
        if (e.domain !== "money" || e.args.length === 0) throw new Unsupported();
        const args = e.args.map((a) => col(expr(a), false));
        let acc = args[0] as Col;
        const min = e.op === "min";
        for (const b of args.slice(1)) acc = binary(acc, b, false, min ? "min" : "max").col as Col;
        return { col: acc, bool: false };
      }
      case "if": {
        const c = col(expr(e.cond), true);
        const a = expr(e.then);
        const b = expr(e.otherwise);
        if (!isCol(a) || !isCol(b) || a.bool !== b.bool) throw new Unsupported();
        const out = buffer();
        const ac = a.col;
        const bc = b.col;
        return {
          bool: a.bool,
          col: () => {
            const n = rows;
            const k = c();
            const x = ac();
            const y = bc();
            for (let j = 0; j < n; j++) out[j] = k[j] === 1 ? (x[j] as number) : (y[j] as number);
            return out;
          },
        };
      }
      case "in": {
        if (e.domain !== "money" && e.domain !== "plain") throw new Unsupported();
        const v = expr(e.value);
        if (!isCol(v)) throw new Unsupported();
        let acc: Col | null = null;
        for (const o of e.options) {
          const eq = binary(v.col, col(expr(o), v.bool), true, "eq").col;
          acc = acc === null ? eq : binary(acc, eq, true, "or").col;
        }
        return acc === null ? constant(0, true) : { col: acc, bool: true };
      }
      default:
        throw new Unsupported();
    }
  };
  /** Every condition of a list holds (every) or some holds; an empty list: `every`. */
  const holds = (conditions: readonly (IrExpr | null)[], every: boolean): Col => {
    const cols = conditions.map((c) => (c === null ? col(constant(1, true), true) : col(expr(c), true)));
    if (cols.length === 0) return col(constant(every ? 1 : 0, true), true);
    let acc = cols[0] as Col;
    for (const b of cols.slice(1)) acc = binary(acc, b, true, every ? "and" : "or").col as Col;
    return acc;
  };
  /** The chooser's "first": the index of the first definition that holds (-1: none), and its value. */
  const chooser = (rule: IrRule, bool: boolean): { d: Col; value: Col } => {
    if (rule.combine !== "first" || rule.definitions.length === 0) throw new Unsupported();
    const defs = rule.definitions;
    const conditions = defs.map((d) => (d.condition === null ? null : col(expr(d.condition), true)));
    const values = defs.map((d) => col(expr(d.value), bool));
    const dOut = buffer();
    const vOut = buffer();
    if (defs.length === 1 && conditions[0] === null) {
      const v = values[0] as Col;
      const zero = buffer();
      return { d: () => zero, value: v };
    }
    if (defs.length === 1) {
      // One definition with its 如果: it applies where its condition holds.
      const condition = conditions[0] as Col;
      const value = values[0] as Col;
      return {
        d: () => {
          const n = rows;
          const k = condition();
          const x = value();
          const d = dOut;
          const v = vOut;
          for (let j = 0; j < n; j++) {
            const holds = k[j] === 1;
            d[j] = holds ? 0 : -1;
            v[j] = holds ? (x[j] as number) : 0;
          }
          return d;
        },
        value: () => vOut,
      };
    }
    return {
      d: () => {
        const n = rows;
        const cs = conditions.map((c) => (c === null ? null : c()));
        const vs = values.map((v) => v());
        for (let j = 0; j < n; j++) {
          let d = -1;
          for (let i = 0; i < cs.length; i++) {
            const c = cs[i] as Float64Array | null;
            if (c === null || c[j] === 1) {
              d = i;
              break;
            }
          }
          dOut[j] = d;
          vOut[j] = d >= 0 ? ((vs[d] as Float64Array)[j] as number) : 0;
        }
        return dOut;
      },
      value: () => vOut,
    };
  };

  // The steps, in the policy's order; exclusions decided before the first award (amountsProgram's order).
  type Step = () => void;
  const steps: Step[] = [];
  const awards: FullAwardSpec[] = [];
  const granted: Float64Array[] = [];
  const eligible = new Int32Array(CHUNK);
  const needsReview = new Int32Array(CHUNK);
  const notApplicable = new Int32Array(CHUNK);
  const testsFailed = new Int32Array(CHUNK);
  const reviewed = new Uint8Array(CHUNK);
  const total = new Float64Array(CHUNK);
  const excluded = new Uint8Array(CHUNK);
  let tests = 0;
  const holdsOf: Float64Array[] = [];
  // Per award with earlier grants in the chunk: the caps' fen used and whether a limit is reached.
  const priorUsed: Float64Array[] = [];
  const priorLimited: Int8Array[] = [];
  const withHistory = new Uint8Array(CHUNK);
  /** Rows of the chunk without a project (filled when some award's caps or limits are per project). */
  const projectless = new Uint8Array(CHUNK);
  let perProject = false;
  const firstAward = ir.rules.findIndex((r) => r.kind === "reward" || r.kind === "subsidy");
  const exclusionsAt = firstAward < 0 ? ir.rules.length : firstAward;
  const exclusionStep = (): Step => {
    const conditions = ir.exclusions.map((x) => col(expr(x.condition as IrExpr), true));
    for (let i = 0; i < conditions.length; i++) holdsOf.push(buffer());
    return () => {
      const n = rows;
      excluded.fill(0, 0, n);
      for (let i = 0; i < conditions.length; i++) {
        const c = (conditions[i] as Col)();
        const h = holdsOf[i] as Float64Array;
        for (let j = 0; j < n; j++) {
          const v = c[j] as number;
          h[j] = v;
          if (v === 1) excluded[j] = 1;
        }
      }
    };
  };

  for (let i = 0; i < ir.rules.length; i++) {
    if (i === exclusionsAt) steps.push(exclusionStep());
    const rule = ir.rules[i] as IrRule;
    const slot = slots[i] as Float64Array;
    switch (rule.kind) {
      case "let": {
        const bool = kindOf(rule);
        const c = chooser(rule, bool);
        steps.push(() => {
          const n = rows;
          const d = c.d();
          const v = c.value();
          for (let j = 0; j < n; j++) {
            // No definition applies: a value only the row-by-row decision can say what it means.
            if ((d[j] as number) < 0) unusual[j] = 1;
            slot[j] = v[j] as number;
          }
        });
        break;
      }
      case "eligibility": {
        const c = chooser(rule, true);
        const requires = holds(rule.requires.map((r) => r.condition), true);
        const reviews = holds(rule.reviews.map((r) => r.condition), false);
        const anyReview = rule.reviews.length > 0;
        const decisive = rule.decisive;
        if (decisive) tests++;
        steps.push(() => {
          const n = rows;
          const d = c.d();
          const v = c.value();
          const rv = anyReview ? reviews() : null;
          const rq = requires();
          for (let j = 0; j < n; j++) {
            let result = (d[j] as number) >= 0 && v[j] === 1 ? 1 : 0;
            if (rv !== null && rv[j] === 1) reviewed[j] = 1;
            if (rq[j] !== 1) result = 0;
            if (decisive && result === 0) testsFailed[j] = (testsFailed[j] as number) + 1;
            slot[j] = result;
          }
        });
        break;
      }
      case "reward":
      case "subsidy": {
        const spec = awardSpec(ir, rule);
        const k = awards.length;
        awards.push(spec);
        const out = buffer();
        granted.push(out);
        const requires = holds(rule.requires.map((r) => r.condition), true);
        const clawbacks = holds(rule.clawbacks.map((c) => c.condition), false);
        const c = chooser(rule, false);
        const caps = rule.caps.map((cap) => col(expr(cap.amount), false));
        const reviews = holds(rule.reviews.map((r) => r.condition), false);
        const review = spec.quota !== null;
        const stoppedBy = ir.exclusions.flatMap((x, e) => (x.targets === null || x.targets.includes(rule.name) ? [e] : []));
        // Every exclusion stops this award: excluded (some exclusion holds) is enough.
        const stoppedByAll = stoppedBy.length === ir.exclusions.length;
        const project = spec.caps.some((cap) => cap.scope === "project" || cap.scope === "project-year") || spec.limits.some((l) => l.scope === "project");
        if (project) perProject = true;
        // Without earlier grants: nothing used; a limit of n ≤ 0 is reached already.
        const limitedBare = spec.limits.some((l) => l.n <= 0) ? 1 : 0;
        const used = new Float64Array(CHUNK * Math.max(1, spec.caps.length));
        const limited = new Int8Array(CHUNK);
        priorUsed.push(used);
        priorLimited.push(limited);
        const capCount = spec.caps.length;
        const stopCount = stoppedBy.length;
        const stoppers = stoppedBy.map((e) => holdsOf[e] as Float64Array);
        steps.push(() => {
          const n = rows;
          const rq = requires();
          const cb = clawbacks();
          const d = c.d();
          const v = c.value();
          const capCols = caps.map((cap) => cap());
          const cap0 = capCount > 0 ? (capCols[0] as Float64Array) : v;
          const rv = reviews();
          // The chunk's arrays as locals: the loop below reads no closure's variables.
          const ex = excluded, u = unusual, na = notApplicable, pl = projectless, wh = withHistory, nr = needsReview, el = eligible, tt = total, o = out, sl = slot, us = used, lm = limited;
          o.fill(0, 0, n);
          for (let j = 0; j < n; j++) {
            let amount = 0;
            let stopped = false;
            if (ex[j] === 1) {
              if (stoppedByAll) stopped = true;
              else for (let e = 0; e < stopCount; e++) if ((stoppers[e] as Float64Array)[j] === 1) stopped = true;
            }
            if (rq[j] !== 1 || stopped || cb[j] === 1) {
              // Not open, excluded or clawed back: nothing (a clawback's firm is always given here).
            } else if ((d[j] as number) < 0) {
              na[j] = (na[j] as number) + 1;
            } else {
              amount = Math.max(0, v[j] as number);
              if (project && pl[j] === 1) u[j] = 1;
              const h = wh[j] === 1;
              if (capCount === 1) {
                const room = Math.max(0, (cap0[j] as number) - (h ? (us[j] as number) : 0));
                if (amount > room) amount = room;
              } else
                for (let i = 0; i < capCount; i++) {
                  const room = Math.max(0, ((capCols[i] as Float64Array)[j] as number) - (h ? (us[j * capCount + i] as number) : 0));
                  if (amount > room) amount = room;
                }
              if ((h ? lm[j] : limitedBare) === 1) amount = 0;
              else {
                const r = review || rv[j] === 1;
                if (r) nr[j] = (nr[j] as number) + 1;
                if (amount !== 0 && !r) {
                  el[j] = (el[j] as number) + 1;
                  o[j] = amount;
                  tt[j] = (tt[j] as number) + amount;
                }
              }
            }
            sl[j] = amount;
          }
        });
        break;
      }
      default:
        throw new Unsupported();
    }
    done = i + 1;
  }
  if (exclusionsAt === ir.rules.length) steps.push(exclusionStep());
  const policyReviews = ir.reviews.length > 0 ? holds(ir.reviews.map((r) => r.condition), false) : null;

  const outcome: Outcome[] = new Array<Outcome>(CHUNK).fill("computed");
  const tally: OutcomeTally = { awards: awards.length, eligible: 0, needsReview: 0, notApplicable: 0, tests, testsFailed: 0 };
  const inputs = ir.inputs.map((_, i) => i).filter((i) => inputUsed[i]);
  const types = ir.inputs.map((i) => i.spec.type);
  let lastDate = "";

  return {
    awards,
    granted,
    total,
    outcome,
    unusual,
    priorUsed,
    priorLimited,
    run(p, at, from, count, history) {
      rows = count;
      const n = count;
      unusual.fill(0, 0, n);
      eligible.fill(0, 0, n);
      needsReview.fill(0, 0, n);
      notApplicable.fill(0, 0, n);
      testsFailed.fill(0, 0, n);
      reviewed.fill(0, 0, n);
      total.fill(0, 0, n);
      for (const i of inputs) {
        const out = inputCols[i] as Float64Array;
        const k = at[i] as number;
        if (k < 0) out.fill(0, 0, n);
        // The population's column under this name must be of this version's type (a retyped input is the row-by-row decision's to refuse).
        else {
          const read = p.inputs[k]?.spec.type === types[i] ? p.numbers(k, from, n, out) : "none";
          if (read === "none") unusual.fill(1, 0, n);
          else if (read === "some") for (let j = 0; j < n; j++) if (out[j] !== out[j]) unusual[j] = 1;
        }
      }
      // Dates as the amounts-only context checks them; earlier grants as it reads them.
      for (let j = 0; j < n; j++) {
        const row = from + j;
        if (perProject) projectless[j] = p.hasProject(row) ? 0 : 1;
        const date = p.date(row);
        if (date !== lastDate) {
          if (!ISO_DATE.test(date)) {
            unusual[j] = 1;
            continue;
          }
          lastDate = date;
        }
        if (!p.hasHistory(row)) {
          withHistory[j] = 0;
          continue;
        }
        withHistory[j] = 1;
        if (!history(row, j)) unusual[j] = 1;
      }
      for (const step of steps) step();
      const pr = policyReviews ? policyReviews() : null;
      for (let j = 0; j < n; j++) {
        if (unusual[j] === 1) continue;
        tally.eligible = eligible[j] as number;
        tally.needsReview = needsReview[j] as number;
        tally.notApplicable = notApplicable[j] as number;
        tally.testsFailed = testsFailed[j] as number;
        outcome[j] = overallOutcome(tally, excluded[j] === 1, reviewed[j] === 1 || (pr !== null && pr[j] === 1));
      }
    },
  };
}

const ISO_DATE = /^\d{4}-\d\d-\d\d$/;

/** Whether a rule's value is a yes/no (true) or an amount (false); anything else is not supported. */
function kindOf(rule: IrRule): boolean {
  if (rule.kind === "eligibility") return true;
  if (rule.kind === "reward" || rule.kind === "subsidy") return false;
  if (rule.valueKind === "money") return false;
  if (rule.valueKind === "bool") return true;
  throw new Unsupported();
}
