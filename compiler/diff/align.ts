/**
 * Lining up two versions of a policy: which input, rule and article of the old version is which of
 * the new. Names first; what is left is matched by shape (the same formula with other names, the
 * same kind of rule in the same article), so renaming and renumbering (or an edition with English
 * names) are recognised as wording, not as a rule removed and another added.
 */
import type { IrExpr, IrInput, IrPolicy, IrRule } from "../ir/ir.js";

export interface Alignment {
  readonly inputs: BiMap;
  readonly rules: BiMap;
  /** Old article number → new article number. */
  readonly articles: ReadonlyMap<number, number>;
}

/** A one-to-one map between old and new names. */
export class BiMap {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();

  set(oldName: string, newName: string): void {
    this.forward.set(oldName, newName);
    this.backward.set(newName, oldName);
  }
  toNew(oldName: string): string | undefined {
    return this.forward.get(oldName);
  }
  toOld(newName: string): string | undefined {
    return this.backward.get(newName);
  }
  hasOld(oldName: string): boolean {
    return this.forward.has(oldName);
  }
  hasNew(newName: string): boolean {
    return this.backward.has(newName);
  }
  pairs(): [string, string][] {
    return [...this.forward.entries()];
  }
}

type Namer = (kind: "input" | "rule", name: string) => string;

/**
 * A canonical text of an expression: equal keys mean equal meaning (names through `namer`).
 * `withRounding: false` leaves out how money × rate rounds (to tell a change of the policy's
 * rounding from a change of the formula).
 */
export function exprKey(e: IrExpr, namer: Namer, withRounding = true): string {
  const k = (x: IrExpr): string => exprKey(x, namer, withRounding);
  const r = (rounding: { mode: string; unit: string }) => (withRounding ? `,${rounding.mode}/${rounding.unit}` : "");
  switch (e.op) {
    case "money": return `money(${e.fen})`;
    case "dec": return `dec(${e.value})`;
    case "date": return `date(${e.value})`;
    case "year": return `year(${e.value})`;
    case "bool": return `bool(${e.value})`;
    case "text": return `text(${JSON.stringify(e.value)})`;
    case "input": return `input(${namer("input", e.name)})`;
    case "rule": return `rule(${namer("rule", e.name)})`;
    case "applicationDate": return "applicationDate";
    case "moneyAdd": case "moneySub": case "decAdd": case "decSub": case "decMul": case "decDiv": case "moneyRatio": case "dateDiff": case "yearDiff":
      return `${e.op}(${k(e.a)},${k(e.b)})`;
    case "moneyMul": return `moneyMul(${k(e.money)},${k(e.factor)}${r(e.rounding)})`;
    case "moneyDiv": return `moneyDiv(${k(e.money)},${k(e.divisor)}${r(e.rounding)})`;
    case "moneyNeg": case "decNeg": case "not": return `${e.op}(${k(e.a)})`;
    case "compare": return `compare(${e.domain},${e.cmp},${k(e.a)},${k(e.b)})`;
    case "and": case "or": return `${e.op}(${k(e.a)},${k(e.b)})`;
    case "min": case "max": return `${e.op}(${e.domain},${e.args.map(k).join(",")})`;
    case "if": return `if(${k(e.cond)},${k(e.then)},${k(e.otherwise)})`;
    case "in": return `in(${e.domain},${k(e.value)},${e.options.map(k).join(",")})`;
    case "dateAdd": return `dateAdd(${e.unit},${e.sign},${k(e.date)},${k(e.amount)})`;
    case "yearAdd": return `yearAdd(${e.sign},${k(e.year)},${k(e.months)})`;
  }
}

/** The children of an expression, in a fixed order (for walking two expressions side by side). */
export function children(e: IrExpr): readonly IrExpr[] {
  switch (e.op) {
    case "money": case "dec": case "date": case "year": case "bool": case "text": case "input": case "rule": case "applicationDate": return [];
    case "moneyAdd": case "moneySub": case "decAdd": case "decSub": case "decMul": case "decDiv": case "moneyRatio": case "dateDiff": case "yearDiff": case "and": case "or": case "compare":
      return [e.a, e.b];
    case "moneyMul": return [e.money, e.factor];
    case "moneyDiv": return [e.money, e.divisor];
    case "moneyNeg": case "decNeg": case "not": return [e.a];
    case "min": case "max": return e.args;
    case "if": return [e.cond, e.then, e.otherwise];
    case "in": return [e.value, ...e.options];
    case "dateAdd": return [e.date, e.amount];
    case "yearAdd": return [e.year, e.months];
  }
}

/** Every expression of a rule (definitions, conditions, caps, target), for walking and keys. */
export function ruleExprs(rule: IrRule): IrExpr[] {
  const out: IrExpr[] = [];
  for (const d of rule.definitions) {
    if (d.condition) out.push(d.condition);
    out.push(d.value);
  }
  for (const c of rule.caps) out.push(c.amount);
  for (const r of [...rule.requires, ...rule.clawbacks]) out.push(r.condition);
  for (const r of rule.reviews) if (r.condition) out.push(r.condition);
  return out;
}

/** A rule's shape with every name left out: equal shapes are the same rule under other names. */
function shapeKey(rule: IrRule): string {
  const anonymous: Namer = (kind) => kind;
  const parts = [rule.kind, rule.valueKind, ...ruleExprs(rule).map((e) => exprKey(e, anonymous))];
  parts.push(...rule.caps.map((c) => c.scope), ...rule.limits.map((l) => `${l.kind}${l.n}${l.scope}`));
  if (rule.split) parts.push(rule.split.map((s) => s.share).join("/"));
  return parts.join("|");
}

function sameSpec(a: IrInput, b: IrInput): boolean {
  return JSON.stringify(a.spec) === JSON.stringify(b.spec);
}

/** Votes for input pairs: where two matched rules have an input at the same place of the same formula. */
function voteInputs(a: IrExpr, b: IrExpr, votes: Map<string, number>): void {
  if (a.op !== b.op) return;
  if (a.op === "input" && b.op === "input") {
    const key = `${a.name}\u0000${b.name}`;
    votes.set(key, (votes.get(key) ?? 0) + 1);
    return;
  }
  const ca = children(a);
  const cb = children(b);
  if (ca.length !== cb.length) return;
  for (let i = 0; i < ca.length; i++) voteInputs(ca[i] as IrExpr, cb[i] as IrExpr, votes);
}

function articleNumber(rule: IrRule): number | null {
  return rule.article?.number ?? null;
}

/** Lines up the two versions. */
export function align(oldIr: IrPolicy, newIr: IrPolicy): Alignment {
  const inputs = new BiMap();
  const rules = new BiMap();
  const newInputs = new Map(newIr.inputs.map((i) => [i.name, i]));
  for (const i of oldIr.inputs) if (newInputs.has(i.name)) inputs.set(i.name, i.name);
  const newRules = new Map(newIr.rules.map((r) => [r.name, r]));
  for (const r of oldIr.rules) if (newRules.has(r.name)) rules.set(r.name, r.name);

  // Renamed rules: same shape, or same kind at the same place of the same article.
  const position = (ir: IrPolicy, rule: IrRule): number => ir.rules.filter((r) => articleNumber(r) === articleNumber(rule) && r.kind === rule.kind).indexOf(rule);
  const matchRules = (score: (o: IrRule, n: IrRule) => number): void => {
    const candidates: { o: IrRule; n: IrRule; s: number }[] = [];
    for (const o of oldIr.rules) {
      if (rules.hasOld(o.name)) continue;
      for (const n of newIr.rules) {
        if (rules.hasNew(n.name) || o.kind !== n.kind || o.valueKind !== n.valueKind) continue;
        const s = score(o, n);
        if (s > 0) candidates.push({ o, n, s });
      }
    }
    candidates.sort((x, y) => y.s - x.s);
    for (const c of candidates) if (!rules.hasOld(c.o.name) && !rules.hasNew(c.n.name)) rules.set(c.o.name, c.n.name);
  };
  matchRules((o, n) => {
    const sameShape = shapeKey(o) === shapeKey(n);
    const sameArticle = articleNumber(o) === articleNumber(n);
    const samePlace = sameArticle && position(oldIr, o) === position(newIr, n);
    if (sameShape && (sameArticle || o.article?.title === n.article?.title)) return 3 + (samePlace ? 1 : 0);
    return samePlace && o.article !== null ? 1 : 0;
  });

  // Inputs: by votes from the matched rules and exclusions, then what is left by type and place.
  const votes = new Map<string, number>();
  for (const [o, n] of rules.pairs()) {
    const a = ruleExprs(oldIr.rules.find((r) => r.name === o) as IrRule);
    const b = ruleExprs(newRules.get(n) as IrRule);
    for (let i = 0; i < Math.min(a.length, b.length); i++) voteInputs(a[i] as IrExpr, b[i] as IrExpr, votes);
  }
  oldIr.exclusions.forEach((x, i) => {
    const y = newIr.exclusions[i];
    if (y && y.article.number === x.article.number) voteInputs(x.condition, y.condition, votes);
  });
  const ranked = [...votes.entries()].sort((x, y) => y[1] - x[1]);
  const oldInputs = new Map(oldIr.inputs.map((i) => [i.name, i]));
  for (const [key] of ranked) {
    const [o = "", n = ""] = key.split("\u0000");
    const oi = oldInputs.get(o);
    const ni = newInputs.get(n);
    if (oi && ni && !inputs.hasOld(o) && !inputs.hasNew(n) && sameSpec(oi, ni)) inputs.set(o, n);
  }
  const oldLeft = oldIr.inputs.filter((i) => !inputs.hasOld(i.name));
  const newLeft = newIr.inputs.filter((i) => !inputs.hasNew(i.name));
  for (const o of oldLeft) {
    const n = newLeft.find((c) => !inputs.hasNew(c.name) && sameSpec(o, c) && c.description !== null && c.description === o.description);
    if (n) inputs.set(o.name, n.name);
  }

  // Rules left over, now that inputs are known: the same formula under the mapped names.
  const oldNamer: Namer = (kind, name) => (kind === "input" ? inputs.toNew(name) : rules.toNew(name)) ?? `?${name}`;
  const newNamer: Namer = (_, name) => name;
  const fullKey = (rule: IrRule, namer: Namer) => ruleExprs(rule).map((e) => exprKey(e, namer)).join("|");
  matchRules((o, n) => (fullKey(o, oldNamer) === fullKey(n, newNamer) ? 2 : 0));

  // Articles: by number, unless the article's rules all moved to one other article (renumbered).
  const articles = new Map<number, number>();
  const numbers = (ir: IrPolicy) =>
    new Set(
      ir.rules
        .flatMap((r) => [articleNumber(r), ...r.definitions.map((d) => d.article?.number ?? null)])
        .concat(ir.exclusions.map((x) => x.article.number), ir.reviews.map((r) => r.article.number))
        .filter((n): n is number => n !== null),
    );
  const oldNumbers = numbers(oldIr);
  const newNumbers = numbers(newIr);
  for (const number of oldNumbers) {
    const targets = new Set(
      oldIr.rules
        .filter((r) => articleNumber(r) === number)
        .map((r) => rules.toNew(r.name))
        .filter((n): n is string => n !== undefined)
        .map((n) => articleNumber(newRules.get(n) as IrRule)),
    );
    const [only] = [...targets];
    if (targets.size === 1 && only !== null && only !== undefined && only !== number) articles.set(number, only);
    else if (newNumbers.has(number)) articles.set(number, number);
  }
  // Articles without rules (exclusions only) that were renumbered: the same conditions elsewhere.
  for (const number of oldNumbers) {
    if (articles.has(number)) continue;
    const conditions = oldIr.exclusions.filter((x) => x.article.number === number).map((x) => exprKey(x.condition, oldNamer));
    const match = [...newNumbers].find((m) => ![...articles.values()].includes(m) && conditions.length > 0 && conditions.every((c) => newIr.exclusions.some((y) => y.article.number === m && exprKey(y.condition, newNamer) === c)));
    if (match !== undefined) articles.set(number, match);
  }
  return { inputs, rules, articles };
}

/** The namer that reads old names as the new version's (unmatched: marked, so they never compare equal). */
export function oldNamer(a: Alignment): Namer {
  return (kind, name) => (kind === "input" ? a.inputs.toNew(name) : a.rules.toNew(name)) ?? `?old:${name}`;
}

export const NEW_NAMER: Namer = (_, name) => name;
