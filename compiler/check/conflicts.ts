/**
 * Can two definitions of one name both apply? Conditions are turned into a disjunction of
 * conjunctions of atoms the checker understands — a yes/no value or its negation, a range of one
 * number, date or year, a set of values of one enumeration or text — and every pair of
 * conjunctions is tested. The answer is sound where it says "disjoint" (they never both hold) and
 * "overlap" (an application exists in which both hold, given as a witness); anything else is
 * "unknown", and the checker asks the officer for a priority.
 */
import type * as A from "../../grammar/ast.js";
import { UNITS } from "../../grammar/keywords.js";
import type { KSymbol } from "../names/index.js";
import type { KType } from "./types.js";

export type Relation =
  | { readonly kind: "identical" }
  | { readonly kind: "disjoint" }
  | { readonly kind: "overlap"; readonly witness: { readonly zh: string; readonly en: string } }
  | { readonly kind: "unknown" };

export interface ConditionContext {
  readonly types: ReadonlyMap<A.Expr, KType>;
  readonly refs: ReadonlyMap<A.RefExpr, KSymbol>;
}

/** An exact rational a / 10^scale, for bounds. */
interface Num {
  readonly units: bigint;
  readonly scale: number;
}

interface Bound {
  readonly value: Num;
  readonly inclusive: boolean;
}

/** How the values of a key are spaced: money by the fen, counts, days and years by one. */
type Domain = "money" | "count" | "continuous" | "date" | "year";

type Atom =
  /** A yes/no value (an input, a rule, or an expression the checker does not look into). */
  | { readonly kind: "bool"; readonly key: string; readonly positive: boolean; readonly input: boolean }
  | { readonly kind: "range"; readonly key: string; readonly domain: Domain; readonly type: KType; readonly lo: Bound | null; readonly hi: Bound | null; readonly input: boolean }
  | { readonly kind: "notEqual"; readonly key: string; readonly value: Num; readonly input: boolean }
  /** The value is (positive) or is not (negative) one of `values`; `universe` is the enumeration's values. */
  | { readonly kind: "set"; readonly key: string; readonly values: readonly string[]; readonly positive: boolean; readonly universe: readonly string[] | null; readonly input: boolean };

type Conjunction = readonly Atom[];
type Dnf = readonly Conjunction[];

/** Beyond this many conjunctions the checker does not try (and asks for a priority). */
const MAX_CONJUNCTIONS = 64;

const OPPOSITE: Record<"lt" | "le" | "gt" | "ge", "lt" | "le" | "gt" | "ge"> = { lt: "ge", le: "gt", gt: "le", ge: "lt" };
const MIRRORED: Record<"lt" | "le" | "gt" | "ge", "lt" | "le" | "gt" | "ge"> = { lt: "gt", le: "ge", gt: "lt", ge: "le" };

export function relation(a: A.Expr, b: A.Expr, ctx: ConditionContext): Relation {
  if (canonical(a, ctx) === canonical(b, ctx)) return { kind: "identical" };
  const da = dnf(a, true, ctx);
  const db = dnf(b, true, ctx);
  if (!da || !db || da.length * db.length > MAX_CONJUNCTIONS * MAX_CONJUNCTIONS) return { kind: "unknown" };
  let allDisjoint = true;
  for (const ca of da) {
    for (const cb of db) {
      const r = satisfiable([...ca, ...cb]);
      if (r.kind === "sat") return { kind: "overlap", witness: r.witness };
      if (r.kind === "unknown") allDisjoint = false;
    }
  }
  return allDisjoint ? { kind: "disjoint" } : { kind: "unknown" };
}

// ---------------------------------------------------------------- canonical text

/** The structure of an expression without spans or spellings (`且` and `and` alike). */
export function canonical(e: A.Expr, ctx: ConditionContext): string {
  switch (e.kind) {
    case "Number": {
      const n = numberOf(e);
      return n ? `#${numText(n)}` : `#${e.value}`;
    }
    case "Date": return `@${e.value}`;
    case "Year": return `y${e.value}`;
    case "Text": return JSON.stringify(e.value);
    case "Bool": return e.value ? "true" : "false";
    case "Outcome": return `outcome:${e.value}`;
    case "Ref": return `$${e.name.text}`;
    case "ApplicationDate": return "asOf";
    case "ErrorExpr": return "?";
    case "Not": return `(not ${canonical(e.operand, ctx)})`;
    case "Negate": return `(neg ${canonical(e.operand, ctx)})`;
    case "Binary": return `(${e.op} ${canonical(e.left, ctx)} ${canonical(e.right, ctx)})`;
    case "Call": return `(${e.fn} ${e.args.map((x) => canonical(x, ctx)).join(" ")})`;
    case "Conditional": return `(if ${canonical(e.condition, ctx)} ${canonical(e.then, ctx)} ${canonical(e.otherwise, ctx)})`;
    case "Membership": return `(in ${canonical(e.value, ctx)} ${e.options.map((x) => canonical(x, ctx)).join(" ")})`;
  }
}

// ---------------------------------------------------------------- atoms

function dnf(e: A.Expr, positive: boolean, ctx: ConditionContext): Dnf | null {
  if (e.kind === "Not") return dnf(e.operand, !positive, ctx);
  if (e.kind === "Binary" && (e.op === "and" || e.op === "or")) {
    const l = dnf(e.left, positive, ctx);
    const r = dnf(e.right, positive, ctx);
    if (!l || !r) return null;
    // De Morgan: `not (a and b)` is `not a or not b`.
    const conjunctive = (e.op === "and") === positive;
    if (!conjunctive) return l.length + r.length > MAX_CONJUNCTIONS ? null : [...l, ...r];
    if (l.length * r.length > MAX_CONJUNCTIONS) return null;
    return l.flatMap((x) => r.map((y) => [...x, ...y]));
  }
  if (e.kind === "Bool") return e.value === positive ? [[]] : [];
  return [[...atom(e, positive, ctx)]];
}

function isInput(e: A.Expr, ctx: ConditionContext): boolean {
  return e.kind === "Ref" && ctx.refs.get(e)?.kind === "input";
}

/** The atoms that say `e` (or, with `positive` false, its negation). */
function atom(e: A.Expr, positive: boolean, ctx: ConditionContext): Atom[] {
  const opaque: Atom = { kind: "bool", key: canonical(e, ctx), positive, input: isInput(e, ctx) };
  if (e.kind === "Membership") {
    const set = valueSet(e.value, e.options, ctx);
    return set ? [{ ...set, positive }] : [opaque];
  }
  if (e.kind !== "Binary") return [opaque];
  if (e.op !== "eq" && e.op !== "ne" && e.op !== "lt" && e.op !== "le" && e.op !== "gt" && e.op !== "ge") return [opaque];
  // `x = 是`: a yes/no value.
  const boolSide = (subject: A.Expr, other: A.Expr): Atom[] | undefined => {
    if (other.kind !== "Bool" || (e.op !== "eq" && e.op !== "ne")) return undefined;
    return atom(subject, (other.value === (e.op === "eq")) === positive, ctx);
  };
  const asBool = boolSide(e.left, e.right) ?? boolSide(e.right, e.left);
  if (asBool) return asBool;
  const equalSet = e.op === "eq" || e.op === "ne" ? (valueSet(e.left, [e.right], ctx) ?? valueSet(e.right, [e.left], ctx)) : null;
  if (equalSet) return [{ ...equalSet, positive: (e.op === "eq") === positive }];
  const leftConst = constantOf(e.left);
  const rightConst = constantOf(e.right);
  const subject = rightConst ? e.left : leftConst ? e.right : undefined;
  const value = rightConst ?? leftConst;
  if (!subject || !value || constantOf(subject) || subject.kind === "ErrorExpr") return [opaque];
  const type = ctx.types.get(subject);
  if (!type) return [opaque];
  const key = canonical(subject, ctx);
  const input = isInput(subject, ctx);
  const domain = domainOf(type);
  if (!domain) return [opaque];
  let op: A.BinaryOp = e.op;
  if (!rightConst) op = op === "eq" || op === "ne" ? op : MIRRORED[op as keyof typeof MIRRORED];
  if (!positive) op = op === "eq" ? "ne" : op === "ne" ? "eq" : OPPOSITE[op as keyof typeof OPPOSITE];
  switch (op) {
    case "eq": return [{ kind: "range", key, domain, type, lo: { value, inclusive: true }, hi: { value, inclusive: true }, input }];
    case "ne": return [{ kind: "notEqual", key, value, input }];
    case "lt": return [{ kind: "range", key, domain, type, lo: null, hi: { value, inclusive: false }, input }];
    case "le": return [{ kind: "range", key, domain, type, lo: null, hi: { value, inclusive: true }, input }];
    case "gt": return [{ kind: "range", key, domain, type, lo: { value, inclusive: false }, hi: null, input }];
    default: return [{ kind: "range", key, domain, type, lo: { value, inclusive: true }, hi: null, input }];
  }
}

/** `等级 属于 (优秀, 良好)`, `类别 = "甲类"`: a set of values of an enumeration or a text. */
function valueSet(subject: A.Expr, options: readonly A.Expr[], ctx: ConditionContext): Extract<Atom, { kind: "set" }> | null {
  const type = ctx.types.get(subject);
  if (!type || (type.kind !== "enum" && type.kind !== "text")) return null;
  if (subject.kind === "Text" || (subject.kind === "Ref" && ctx.refs.get(subject)?.kind === "enumValue")) return null;
  const values: string[] = [];
  for (const o of options) {
    if (o.kind === "Text") values.push(o.value);
    else if (o.kind === "Ref" && ctx.refs.get(o)?.kind === "enumValue") values.push(o.name.text);
    else return null;
  }
  return { kind: "set", key: canonical(subject, ctx), values, positive: true, universe: type.kind === "enum" ? type.values : null, input: isInput(subject, ctx) };
}

function domainOf(t: KType): Domain | undefined {
  switch (t.kind) {
    case "money": return "money";
    case "count": return "count";
    case "rate":
    case "duration":
    case "quantity": return "continuous";
    case "date": return "date";
    case "year": return "year";
    default: return undefined;
  }
}

/** A constant's exact value in the units the run time uses (fractions for %, months for years, days since 1970). */
function constantOf(e: A.Expr): Num | undefined {
  switch (e.kind) {
    case "Number": return numberOf(e);
    case "Date": return { units: BigInt(Math.round(Date.parse(`${e.value}T00:00:00Z`) / 86_400_000)), scale: 0 };
    case "Year": return { units: BigInt(e.value), scale: 0 };
    case "Negate": {
      const n = constantOf(e.operand);
      return n ? { units: -n.units, scale: n.scale } : undefined;
    }
    default: return undefined;
  }
}

function numberOf(e: A.NumberExpr): Num | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(e.value);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  let n: Num = { units: BigInt((m[1] ?? "0") + frac), scale: frac.length };
  if (e.unit?.id === "percent") n = { units: n.units, scale: n.scale + 2 };
  if (e.unit?.id === "year") n = { units: n.units * 12n, scale: n.scale };
  return n;
}

// ---------------------------------------------------------------- satisfiability

function compare(a: Num, b: Num): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * 10n ** BigInt(scale - a.scale);
  const y = b.units * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

function add(a: Num, b: Num): Num {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale), scale };
}

const STEP: Record<Domain, Num | null> = { money: { units: 1n, scale: 2 }, count: { units: 1n, scale: 0 }, date: { units: 1n, scale: 0 }, year: { units: 1n, scale: 0 }, continuous: null };
const ZERO: Num = { units: 0n, scale: 0 };

function tighterLo(a: Bound | null, b: Bound | null): Bound | null {
  if (!a) return b;
  if (!b) return a;
  const c = compare(a.value, b.value);
  return c > 0 ? a : c < 0 ? b : { value: a.value, inclusive: a.inclusive && b.inclusive };
}

function tighterHi(a: Bound | null, b: Bound | null): Bound | null {
  if (!a) return b;
  if (!b) return a;
  const c = compare(a.value, b.value);
  return c < 0 ? a : c > 0 ? b : { value: a.value, inclusive: a.inclusive && b.inclusive };
}

type Sat = { readonly kind: "sat"; readonly witness: { readonly zh: string; readonly en: string } } | { readonly kind: "unsat" } | { readonly kind: "unknown" };

/** The smallest value on the grid of `step` that is ≥ n (or > n when `strict`). */
function gridAbove(n: Num, step: Num, strict: boolean): Num {
  const scale = Math.max(n.scale, step.scale);
  const units = n.units * 10n ** BigInt(scale - n.scale);
  const s = step.units * 10n ** BigInt(scale - step.scale);
  let q = units / s;
  // BigInt division truncates toward zero: that is the ceiling for negatives, the floor for positives.
  if (q * s < units) q += 1n;
  if (strict && q * s === units) q += 1n;
  return { units: q * step.units, scale: step.scale };
}

/** The largest value on the grid of `step` that is ≤ n (or < n when `strict`). */
function gridBelow(n: Num, step: Num, strict: boolean): Num {
  const up = gridAbove(n, step, !strict);
  return { units: up.units - step.units, scale: up.scale };
}

/** A value for one key that meets every constraint; undefined when none does. */
function pick(domain: Domain, lo: Bound | null, hi: Bound | null, excluded: readonly Num[]): Num | undefined | "unknown" {
  const step = STEP[domain];
  const isExcluded = (n: Num) => excluded.some((x) => compare(x, n) === 0);
  if (step) {
    // Whole counts, days and years, whole fen: the first value on the grid inside the bounds.
    const low = lo ? gridAbove(lo.value, step, !lo.inclusive) : undefined;
    const high = hi ? gridBelow(hi.value, step, !hi.inclusive) : undefined;
    if (low && high && compare(low, high) > 0) return undefined;
    const down = low === undefined && high !== undefined;
    let candidate = low ?? high ?? ZERO;
    for (let i = 0; i <= excluded.length; i++) {
      if ((high && compare(candidate, high) > 0) || (low && compare(candidate, low) < 0)) return undefined;
      if (!isExcluded(candidate)) return candidate;
      candidate = add(candidate, down ? { units: -step.units, scale: step.scale } : step);
    }
    return "unknown";
  }
  if (lo && hi) {
    const c = compare(lo.value, hi.value);
    if (c > 0 || (c === 0 && !(lo.inclusive && hi.inclusive))) return undefined;
  }
  const one: Num = { units: 1n, scale: 0 };
  let inside: Num;
  if (lo?.inclusive) inside = lo.value;
  else if (hi?.inclusive) inside = hi.value;
  else if (lo && hi) inside = { units: add(lo.value, hi.value).units * 5n, scale: Math.max(lo.value.scale, hi.value.scale) + 1 };
  else if (lo) inside = add(lo.value, one);
  else if (hi) inside = add(hi.value, { units: -1n, scale: 0 });
  else inside = ZERO;
  return isExcluded(inside) ? "unknown" : inside;
}

function satisfiable(atoms: Conjunction): Sat {
  const byKey = new Map<string, Atom[]>();
  for (const a of atoms) {
    const list = byKey.get(a.key) ?? [];
    list.push(a);
    byKey.set(a.key, list);
  }
  const witness: { zh: string; en: string }[] = [];
  let provable = true;
  for (const [key, list] of byKey) {
    const first = list[0] as Atom;
    if (!list.every((a) => a.input)) provable = false;
    if (list.some((a) => a.kind !== first.kind && !(a.kind === "range" && first.kind === "notEqual") && !(a.kind === "notEqual" && first.kind === "range"))) {
      provable = false;
      continue;
    }
    if (first.kind === "bool") {
      const polarities = new Set(list.map((a) => (a as Extract<Atom, { kind: "bool" }>).positive));
      if (polarities.size > 1) return { kind: "unsat" };
      const yes = first.positive;
      witness.push({ zh: `${display(key)} = ${yes ? "是" : "否"}`, en: `${display(key)} = ${yes ? "yes" : "no"}` });
      continue;
    }
    if (first.kind === "set") {
      const sets = list as Extract<Atom, { kind: "set" }>[];
      let allowed: string[] | null = first.universe ? [...first.universe] : null;
      const excluded = new Set<string>();
      for (const s of sets) {
        if (s.positive) allowed = allowed ? allowed.filter((v) => s.values.includes(v)) : [...s.values];
        else for (const v of s.values) excluded.add(v);
      }
      if (allowed) {
        const left = allowed.filter((v) => !excluded.has(v));
        if (left.length === 0) return { kind: "unsat" };
        witness.push({ zh: `${display(key)} = ${left[0]}`, en: `${display(key)} = ${left[0]}` });
      } else {
        // A text with only "is not" constraints: some other text meets them.
        witness.push({ zh: `${display(key)} 为其他文本`, en: `${display(key)} another text` });
      }
      continue;
    }
    const ranges = list.filter((a): a is Extract<Atom, { kind: "range" }> => a.kind === "range");
    const notEqual = list.filter((a): a is Extract<Atom, { kind: "notEqual" }> => a.kind === "notEqual").map((a) => a.value);
    const range = ranges[0];
    if (!range) {
      // Only "is not" constraints: plenty of values are left, but which type they have is not known here.
      provable = false;
      continue;
    }
    let lo: Bound | null = null;
    let hi: Bound | null = null;
    for (const r of ranges) {
      lo = tighterLo(lo, r.lo);
      hi = tighterHi(hi, r.hi);
    }
    // Amounts, counts, rates and durations given in an application are never negative.
    if (range.domain !== "date" && range.domain !== "year" && range.input) lo = tighterLo(lo, { value: ZERO, inclusive: true });
    const value = pick(range.domain, lo, hi, notEqual);
    if (value === undefined) return { kind: "unsat" };
    if (value === "unknown") {
      provable = false;
      continue;
    }
    witness.push(formatWitness(key, value, range.type));
  }
  if (!provable) return { kind: "unknown" };
  return { kind: "sat", witness: { zh: witness.map((w) => w.zh).join("，") || "总是", en: witness.map((w) => w.en).join(", ") || "always" } };
}

function display(key: string): string {
  return key.startsWith("$") ? key.slice(1) : key;
}

function numText(n: Num): string {
  const negative = n.units < 0n;
  const digits = (negative ? -n.units : n.units).toString().padStart(n.scale + 1, "0");
  const whole = n.scale === 0 ? digits : digits.slice(0, -n.scale);
  const frac = n.scale === 0 ? "" : digits.slice(-n.scale).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

function unitWords(id: string, n: Num): { zh: string; en: string } {
  const u = UNITS.find((x) => x.id === id);
  const one = compare(n, { units: 1n, scale: 0 }) === 0;
  const en: readonly string[] = u?.en ?? [id];
  return { zh: u?.zh[0] ?? id, en: ` ${(one ? en[1] : undefined) ?? en[0] ?? id}` };
}

function formatWitness(key: string, n: Num, t: KType): { zh: string; en: string } {
  const name = display(key);
  const both = (zh: string, en: string) => ({ zh: `${name} = ${zh}`, en: `${name} = ${en}` });
  switch (t.kind) {
    case "money": return both(`${numText(n)}元`, `${numText(n)} yuan`);
    case "rate": {
      const pct = numText(n.scale >= 2 ? { units: n.units, scale: n.scale - 2 } : { units: n.units * 10n ** BigInt(2 - n.scale), scale: 0 });
      return both(`${pct}%`, `${pct}%`);
    }
    case "count": {
      const u = unitWords(t.unit, n);
      return both(`${numText(n)}${u.zh}`, `${numText(n)}${u.en}`);
    }
    case "duration": {
      // Durations in years and months are kept in months: whole years read as years.
      const years = t.family === "months" && n.scale === 0 && n.units % 12n === 0n && n.units !== 0n;
      const shown: Num = years ? { units: n.units / 12n, scale: 0 } : n;
      const id = years ? "year" : t.family === "months" ? "month" : t.family === "days" ? "day" : "workday";
      const u = unitWords(id, shown);
      return both(`${numText(shown)}${u.zh}`, `${numText(shown)}${u.en}`);
    }
    case "date": {
      const iso = new Date(Number(n.units) * 86_400_000).toISOString().slice(0, 10);
      return both(iso, iso);
    }
    case "year": return both(`${numText(n)}年`, numText(n));
    default: return both(numText(n), numText(n));
  }
}
