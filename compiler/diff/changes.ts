/**
 * The changes in meaning between two aligned versions, each with its place in both files, and the
 * notes on what differs only in wording. Meaning is compared on the IR under the alignment (so
 * formatting, comments, article order and keyword language never show); places and the formulas
 * shown come from the source, in the officer's own words.
 */
import type { ArticleDecl, KuanFile, PolicyDecl, SplitClause } from "../../grammar/ast.js";
import { LineMap, type Span } from "../diagnostics/index.js";
import type { IrCondition, IrExample, IrExpr, IrPolicy, IrReview, IrRule } from "../ir/ir.js";
import { formatMoneyEn, formatMoneyZh, type Bilingual } from "@kuan/runtime/internal";
import { children, exprKey, NEW_NAMER, oldNamer, ruleExprs, type Alignment } from "./align.js";
import type { Change, ChangeKind, Note, Place } from "./model.js";
import { visible } from "../diagnostics/visible.js";

/** One version as the diff reads it. */
export interface Version {
  readonly file: string;
  readonly source: string;
  readonly ast: KuanFile;
  readonly ir: IrPolicy;
}

export class Sides {
  private readonly oldLines: LineMap;
  private readonly newLines: LineMap;
  readonly oldKey: (e: IrExpr) => string;
  readonly newKey: (e: IrExpr) => string;
  /** Keys without rounding: equal when only how money × rate rounds differs. */
  readonly oldShape: (e: IrExpr) => string;
  readonly newShape: (e: IrExpr) => string;

  constructor(
    readonly old: Version,
    readonly new_: Version,
    readonly alignment: Alignment,
  ) {
    this.oldLines = new LineMap(old.source);
    this.newLines = new LineMap(new_.source);
    const namer = oldNamer(alignment);
    this.oldKey = (e) => exprKey(e, namer);
    this.newKey = (e) => exprKey(e, NEW_NAMER);
    this.oldShape = (e) => exprKey(e, namer, false);
    this.newShape = (e) => exprKey(e, NEW_NAMER, false);
  }

  place(side: "old" | "new", span: Span | null | undefined): Place | null {
    if (!span) return null;
    const source = side === "old" ? this.old.source : this.new_.source;
    const p = (side === "old" ? this.oldLines : this.newLines).position(span.start);
    return { start: span.start, end: span.end, line: p.line, column: p.column, text: visible(source.slice(span.start, span.end).replace(/\s*\n\s*/g, " ").trim()) };
  }
}

const money = (fen: string): Bilingual => ({ zh: formatMoneyZh(Number(fen)), en: formatMoneyEn(Number(fen)) });

function decShown(value: string, asRate: boolean): string {
  if (!asRate) return value;
  const [whole = "0", frac = ""] = value.split(".");
  const digits = `${whole}${frac.padEnd(2, "0")}`;
  const point = whole.length + 2;
  const percent = `${digits.slice(0, point)}.${digits.slice(point)}`.replace(/^0+(?=\d)/, "").replace(/\.?0*$/, "");
  return `${percent || "0"}%`;
}

interface LeafChange {
  readonly kind: "money" | "rate" | "number";
  readonly old: string;
  readonly new: string;
}

/** Where two expressions of the same shape differ only in constants: those constants; else null. */
function leafChanges(a: IrExpr, b: IrExpr, keyA: (e: IrExpr) => string, keyB: (e: IrExpr) => string, asFactor = false): LeafChange[] | null {
  if (a.op === "money" && b.op === "money") return a.fen === b.fen ? [] : [{ kind: "money", old: a.fen, new: b.fen }];
  if (a.op === "dec" && b.op === "dec") return a.value === b.value ? [] : [{ kind: asFactor ? "rate" : "number", old: a.value, new: b.value }];
  if (a.op !== b.op) return null;
  if (a.op === "moneyMul" && b.op === "moneyMul") {
    if (a.rounding.mode !== b.rounding.mode || a.rounding.unit !== b.rounding.unit) return null;
    const m = leafChanges(a.money, b.money, keyA, keyB);
    const f = leafChanges(a.factor, b.factor, keyA, keyB, true);
    return m && f ? [...m, ...f] : null;
  }
  if (a.op === "input" || a.op === "rule" || a.op === "date" || a.op === "year" || a.op === "bool" || a.op === "text") return keyA(a) === keyB(b) ? [] : null;
  const key = (e: IrExpr): string => e.op;
  if (key(a) !== key(b)) return null;
  const ca = childrenOf(a);
  const cb = childrenOf(b);
  if (!ca || !cb || ca.length !== cb.length) return null;
  const sameHead = JSON.stringify(head(a)) === JSON.stringify(head(b));
  if (!sameHead) return null;
  const out: LeafChange[] = [];
  for (let i = 0; i < ca.length; i++) {
    const c = leafChanges(ca[i] as IrExpr, cb[i] as IrExpr, keyA, keyB);
    if (!c) return null;
    out.push(...c);
  }
  return out;
}

/** The non-expression fields of a node (comparison, domain, units…). */
function head(e: IrExpr): unknown {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (typeof v !== "object") copy[k] = v;
  if ("rounding" in e) copy["rounding"] = e.rounding;
  return copy;
}

function childrenOf(e: IrExpr): readonly IrExpr[] | null {
  switch (e.op) {
    case "moneyAdd": case "moneySub": case "decAdd": case "decSub": case "decMul": case "decDiv": case "moneyRatio": case "dateDiff": case "yearDiff": case "and": case "or": case "compare":
      return [e.a, e.b];
    case "moneyDiv": return [e.money, e.divisor];
    case "moneyNeg": case "decNeg": case "not": return [e.a];
    case "min": case "max": return e.args;
    case "if": return [e.cond, e.then, e.otherwise];
    case "in": return [e.value, ...e.options];
    case "dateAdd": return [e.date, e.amount];
    case "yearAdd": return [e.year, e.months];
    default: return null;
  }
}

function leafText(c: LeafChange): Bilingual {
  if (c.kind === "money") {
    const o = money(c.old);
    const n = money(c.new);
    return { zh: `${o.zh} → ${n.zh}`, en: `${o.en} → ${n.en}` };
  }
  const t = `${decShown(c.old, c.kind === "rate")} → ${decShown(c.new, c.kind === "rate")}`;
  return { zh: t, en: t };
}

function joinTexts(list: readonly Bilingual[]): Bilingual {
  return { zh: list.map((b) => b.zh).join("，"), en: list.map((b) => b.en).join(", ") };
}

/** Rules that depend on `name`, directly or not (and `name` itself). */
function dependents(ir: IrPolicy, name: string): string[] {
  const uses = (rule: IrRule, target: string): boolean => ruleExprs(rule).some((e) => refers(e, target));
  const found = new Set([name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of ir.rules) if (!found.has(r.name) && [...found].some((f) => uses(r, f))) (found.add(r.name), (grew = true));
  }
  return ir.rules.map((r) => r.name).filter((n) => found.has(n));
}

function refers(e: IrExpr, name: string, kind: "rule" | "input" = "rule"): boolean {
  if (e.op === kind && e.name === name) return true;
  const c = childrenOf(e) ?? (e.op === "moneyMul" ? [e.money, e.factor] : []);
  return c.some((x) => refers(x, name, kind));
}

function awards(ir: IrPolicy): string[] {
  return ir.rules.filter((r) => r.kind === "reward" || r.kind === "subsidy").map((r) => r.name);
}

function articleDecls(ast: KuanFile): ArticleDecl[] {
  return ast.items.filter((i): i is ArticleDecl => i.kind === "Article");
}

function policyDecl(ast: KuanFile): PolicyDecl | null {
  return ast.items.find((i): i is PolicyDecl => i.kind === "Policy") ?? null;
}

function splitSpan(ast: KuanFile, rule: IrRule): Span | null {
  for (const article of articleDecls(ast)) {
    if (article.number !== rule.article?.number) continue;
    const own = article.statements.find((s): s is SplitClause => s.kind === "Split");
    if (own) return own.span;
  }
  return rule.split ? rule.span : null;
}

const label = (ir: IrRule | null): string | null => ir?.article?.label ?? null;

/** Whether a rule rounds its own way (`舍入 … 至 元` on its line) rather than as the policy does. */
function ownRounding(rule: IrRule, ir: IrPolicy): boolean {
  const differs = (e: IrExpr): boolean =>
    ((e.op === "moneyMul" || e.op === "moneyDiv") && (e.rounding.mode !== ir.rounding.mode || e.rounding.unit !== ir.rounding.unit)) || children(e).some(differs);
  return ruleExprs(rule).some(differs);
}

const ROUNDING_MODE: Record<string, Bilingual> = { "half-up": { zh: "四舍五入", en: "half-up" }, "half-even": { zh: "银行家舍入", en: "half-even" }, down: { zh: "舍去", en: "down" }, up: { zh: "进位", en: "up" } };
const ROUNDING_UNIT: Record<string, Bilingual> = { fen: { zh: "分", en: "fen" }, jiao: { zh: "角", en: "jiao" }, yuan: { zh: "元", en: "yuan" }, wan: { zh: "万元", en: "wan" } };

function roundingText(r: { mode: string; unit: string }): Bilingual {
  const m = ROUNDING_MODE[r.mode] ?? { zh: r.mode, en: r.mode };
  const u = ROUNDING_UNIT[r.unit] ?? { zh: r.unit, en: r.unit };
  return { zh: `${m.zh}至${u.zh}`, en: `${m.en} to ${u.en}` };
}

/** Collects changes and notes; `add` keeps them in one place so the order is the new file's. */
class Collector {
  readonly changes: (Omit<Change, "witness"> & { readonly order: number })[] = [];
  readonly notes: Note[] = [];

  constructor(private readonly s: Sides) {}

  change(kind: ChangeKind, o: IrRule | null, n: IrRule | null, summary: Bilingual, oldSpan: Span | null | undefined, newSpan: Span | null | undefined, outputs: readonly string[], subject?: { old: string | null; new: string | null }): void {
    this.changes.push({
      kind,
      article: { old: label(o), new: label(n) },
      subject: subject ?? { old: o?.name ?? null, new: n?.name ?? null },
      summary,
      old: this.s.place("old", oldSpan),
      new: this.s.place("new", newSpan),
      outputs,
      order: newSpan ? newSpan.start : Number.MAX_SAFE_INTEGER - 1_000_000 + (oldSpan?.start ?? 0),
    });
  }

  note(kind: Note["kind"], summary: Bilingual, oldSpan: Span | null | undefined, newSpan: Span | null | undefined): void {
    this.notes.push({ kind, summary, old: this.s.place("old", oldSpan), new: this.s.place("new", newSpan) });
  }
}

function ruleTitle(o: IrRule | null, n: IrRule | null): Bilingual {
  const r = n ?? o;
  const a = r?.article?.label;
  return { zh: `${a ? `${a} ` : ""}${r?.name ?? ""}`, en: `${a ? `${a} ` : ""}${r?.name ?? ""}` };
}

function prefixed(prefix: Bilingual, body: Bilingual): Bilingual {
  return { zh: `${prefix.zh}：${body.zh}`, en: `${prefix.en}: ${body.en}` };
}

function compareConditions(
  c: Collector,
  s: Sides,
  kind: ChangeKind,
  o: IrRule,
  n: IrRule,
  olds: readonly (IrCondition | IrReview)[],
  news: readonly (IrCondition | IrReview)[],
  outputs: readonly string[],
  what: Bilingual,
): void {
  const key = (x: IrCondition | IrReview, side: "old" | "new") => (x.condition ? (side === "old" ? s.oldKey(x.condition) : s.newKey(x.condition)) : "always");
  const used = new Set<number>();
  const unmatchedOld: (IrCondition | IrReview)[] = [];
  for (const x of olds) {
    const i = news.findIndex((y, k) => !used.has(k) && key(y, "new") === key(x, "old"));
    if (i < 0) unmatchedOld.push(x);
    else {
      used.add(i);
      const y = news[i] as IrCondition | IrReview;
      if (x.reason !== y.reason) c.note("wording", prefixed(ruleTitle(o, n), { zh: `${what.zh}的理由改写`, en: `reason of the ${what.en} reworded` }), x.span, y.span);
    }
  }
  const unmatchedNew = news.filter((_, k) => !used.has(k));
  const t = ruleTitle(o, n);
  for (let i = 0; i < Math.max(unmatchedOld.length, unmatchedNew.length); i++) {
    const x = unmatchedOld[i];
    const y = unmatchedNew[i];
    if (x && y) c.change(kind, o, n, prefixed(t, { zh: `${what.zh}改变`, en: `${what.en} changed` }), x.span, y.span, outputs);
    else if (y) c.change(kind, o, n, prefixed(t, { zh: `新增${what.zh}`, en: `${what.en} added` }), null, y.span, outputs);
    else if (x) c.change(kind, o, n, prefixed(t, { zh: `删去${what.zh}`, en: `${what.en} removed` }), x.span, null, outputs);
  }
}

function compareRule(c: Collector, s: Sides, o: IrRule, n: IrRule): void {
  const outputs = dependents(s.new_.ir, n.name);
  const t = ruleTitle(o, n);
  if (o.name !== n.name) c.note("renamed-rule", { zh: `规则“${o.name}”改名为“${n.name}”`, en: `rule '${o.name}' renamed '${n.name}'` }, o.span, n.span);
  if ((o.article?.number ?? null) !== (n.article?.number ?? null) && s.alignment.articles.get(o.article?.number ?? -1) !== n.article?.number) {
    c.note("renumbered-article", { zh: `“${n.name}”由${o.article?.label ?? "定义"}移至${n.article?.label ?? "定义"}`, en: `'${n.name}' moved from ${o.article?.label ?? "definitions"} to ${n.article?.label ?? "definitions"}` }, o.span, n.span);
  }
  if (o.kind !== n.kind) c.change("formula", o, n, prefixed(t, { zh: `规则种类 ${o.kind} → ${n.kind}`, en: `kind of rule ${o.kind} → ${n.kind}` }), o.span, n.span, outputs);

  // Definitions: the default and its exceptions, in the order they are tried.
  const defKey = (d: IrRule["definitions"][number], side: "old" | "new") => {
    const k = side === "old" ? s.oldKey : s.newKey;
    return `${d.condition ? k(d.condition) : "default"}=>${k(d.value)}`;
  };
  const oldDefs = o.definitions.map((d) => defKey(d, "old"));
  const newDefs = n.definitions.map((d) => defKey(d, "new"));
  if (oldDefs.join("\n") !== newDefs.join("\n")) {
    const sameSet = oldDefs.length === newDefs.length && [...oldDefs].sort().join("\n") === [...newDefs].sort().join("\n");
    if (sameSet) {
      c.change("priority", o, n, prefixed(t, { zh: "例外的先后顺序改变（先成立者先适用）", en: "order of the exceptions changed (the first that holds applies)" }), o.definitions[0]?.span, n.definitions[0]?.span, outputs);
    } else if (o.definitions.length === n.definitions.length) {
      o.definitions.forEach((od, i) => {
        const nd = n.definitions[i];
        if (!nd || oldDefs[i] === newDefs[i]) return;
        const oc = od.condition ? s.oldKey(od.condition) : null;
        const nc = nd.condition ? s.newKey(nd.condition) : null;
        if (oc !== nc) {
          const what: Bilingual = oc === null ? { zh: "新增适用条件", en: "condition added" } : nc === null ? { zh: "删去适用条件", en: "condition removed" } : { zh: "适用条件改变", en: "condition changed" };
          c.change("condition", o, n, prefixed(t, what), od.span, nd.span, outputs);
        }
        if (s.oldKey(od.value) !== s.newKey(nd.value)) {
          if (s.oldShape(od.value) === s.newShape(nd.value)) {
            // Only the rounding moved: the policy's (reported once, in the header) or the rule's own.
            if (ownRounding(o, s.old.ir) || ownRounding(n, s.new_.ir)) c.change("rounding", o, n, prefixed(t, { zh: "本规则的舍入改变", en: "this rule's rounding changed" }), od.span, nd.span, outputs);
            return;
          }
          const leaves = leafChanges(od.value, nd.value, s.oldKey, s.newKey);
          if (leaves && leaves.length > 0) {
            const kind: ChangeKind = leaves.every((l) => l.kind === "rate") ? "rate" : "amount";
            const word: Bilingual = kind === "rate" ? { zh: "比例", en: "rate" } : { zh: "数额", en: "amount" };
            const body = joinTexts(leaves.map(leafText));
            c.change(kind, o, n, prefixed(t, { zh: `${word.zh} ${body.zh}`, en: `${word.en} ${body.en}` }), od.span, nd.span, outputs);
          } else {
            c.change(n.kind === "eligibility" ? "condition" : "formula", o, n, prefixed(t, n.kind === "eligibility" ? { zh: "资格条件改变", en: "eligibility test changed" } : { zh: "计算公式改变", en: "formula changed" }), od.span, nd.span, outputs);
          }
        }
      });
    } else {
      const oldOnly = o.definitions.filter((_, i) => !newDefs.includes(oldDefs[i] as string));
      const newOnly = n.definitions.filter((_, i) => !oldDefs.includes(newDefs[i] as string));
      for (const d of newOnly) c.change("condition", o, n, prefixed(t, d.condition ? { zh: "新增例外", en: "exception added" } : { zh: "新增默认定义", en: "default added" }), null, d.span, outputs);
      for (const d of oldOnly) c.change("condition", o, n, prefixed(t, d.condition ? { zh: "删去例外", en: "exception removed" } : { zh: "删去默认定义", en: "default removed" }), d.span, null, outputs);
    }
  }

  if (o.combine !== n.combine) {
    const how = (r: IrRule): Bilingual => (r.combine === "highest" ? { zh: "按最高标准", en: "the highest applies" } : { zh: "按优先顺序", en: "by priority" });
    c.change("priority", o, n, prefixed(t, { zh: `多处定义都适用时：${how(o).zh} → ${how(n).zh}`, en: `when several definitions apply: ${how(o).en} → ${how(n).en}` }), o.definitions[0]?.span, n.definitions[0]?.span, outputs);
  }

  // Caps, by scope.
  const capsLeft = [...n.caps];
  for (const oc of o.caps) {
    const i = capsLeft.findIndex((nc) => nc.scope === oc.scope);
    const nc = capsLeft[i];
    if (!nc) {
      c.change("cap", o, n, prefixed(t, { zh: `删去上限（${oc.text}）`, en: `cap removed (${oc.text})` }), oc.span, null, outputs);
      continue;
    }
    capsLeft.splice(i, 1);
    if (s.oldKey(oc.amount) !== s.newKey(nc.amount)) {
      const leaves = leafChanges(oc.amount, nc.amount, s.oldKey, s.newKey);
      const body = leaves && leaves.length > 0 ? joinTexts(leaves.map(leafText)) : { zh: `${oc.text} → ${nc.text}`, en: `${oc.text} → ${nc.text}` };
      c.change("cap", o, n, prefixed(t, { zh: `上限 ${body.zh}`, en: `cap ${body.en}` }), oc.span, nc.span, outputs);
    }
  }
  for (const nc of capsLeft) c.change("cap", o, n, prefixed(t, { zh: `新增上限（${nc.text}）`, en: `cap added (${nc.text})` }), null, nc.span, outputs);

  // Limits, by kind and scope.
  const limitsLeft = [...n.limits];
  for (const ol of o.limits) {
    const i = limitsLeft.findIndex((nl) => nl.kind === ol.kind && nl.scope === ol.scope);
    const nl = limitsLeft[i];
    if (!nl) {
      c.change("limit", o, n, prefixed(t, { zh: `删去限次（${ol.text}）`, en: `limit removed (${ol.text})` }), ol.span, null, outputs);
      continue;
    }
    limitsLeft.splice(i, 1);
    if (nl.n !== ol.n) {
      const unit: Bilingual = ol.kind === "years" ? { zh: "年", en: " years" } : { zh: "次", en: " times" };
      c.change("limit", o, n, prefixed(t, { zh: `限次 ${ol.n}${unit.zh} → ${nl.n}${unit.zh}`, en: `limit ${ol.n}${unit.en} → ${nl.n}${unit.en}` }), ol.span, nl.span, outputs);
    }
  }
  for (const nl of limitsLeft) c.change("limit", o, n, prefixed(t, { zh: `新增限次（${nl.text}）`, en: `limit added (${nl.text})` }), null, nl.span, outputs);

  // Split between payers: the shares in order; payers named otherwise (city / 市级) are wording.
  const shares = (r: IrRule) => (r.split ? r.split.map((x) => decShown(x.share, true)).join(", ") : null);
  const splitText = (r: IrRule) => (r.split ? r.split.map((x) => `${x.payer} ${decShown(x.share, true)}`).join(", ") : null);
  const os = splitText(o);
  const ns = splitText(n);
  if (shares(o) !== shares(n)) {
    const body: Bilingual = os === null ? { zh: `新增分担（${ns}）`, en: `split added (${ns})` } : ns === null ? { zh: `删去分担（${os}）`, en: `split removed (${os})` } : { zh: `分担 ${os} → ${ns}`, en: `split ${os} → ${ns}` };
    c.change("split", o, n, prefixed(t, body), os === null ? null : splitSpan(s.old.ast, o), ns === null ? null : splitSpan(s.new_.ast, n), outputs);
  } else if (os !== ns) {
    c.note("wording", prefixed(t, { zh: `分担方改名 ${os} → ${ns}`, en: `payers renamed ${os} → ${ns}` }), splitSpan(s.old.ast, o), splitSpan(s.new_.ast, n));
  }

  compareConditions(c, s, "condition", o, n, o.requires, n.requires, outputs, { zh: "申报条件", en: "precondition" });
  compareConditions(c, s, "review", o, n, o.reviews, n.reviews, outputs, { zh: "复核", en: "review" });
  compareConditions(c, s, "clawback", o, n, o.clawbacks, n.clawbacks, outputs, { zh: "追回", en: "clawback" });
  const quota = (r: IrRule, score: (name: string) => string) => (r.quota ? `${r.quota.n}/${r.quota.perYear}/${score(r.quota.score)}` : null);
  if (quota(o, (name) => s.alignment.inputs.toNew(name) ?? `?${name}`) !== quota(n, (name) => name)) {
    c.change("quota", o, n, prefixed(t, { zh: `${o.quota?.text ?? "（无名额）"} → ${n.quota?.text ?? "（无名额）"}`, en: `${o.quota?.text ?? "(no quota)"} → ${n.quota?.text ?? "(no quota)"}` }), o.quota?.span, n.quota?.span, outputs);
  }
}

function compareExclusions(c: Collector, s: Sides): void {
  const o = s.old.ir.exclusions;
  const n = s.new_.ir.exclusions;
  const targetsKey = (t: readonly string[] | null, side: "old" | "new") => (t === null ? "*" : t.map((x) => (side === "old" ? s.alignment.rules.toNew(x) ?? `?${x}` : x)).sort().join(","));
  const key = (x: (typeof o)[number], side: "old" | "new") => `${side === "old" ? s.oldKey(x.condition) : s.newKey(x.condition)}|${targetsKey(x.targets, side)}`;
  const used = new Set<number>();
  const leftOld: (typeof o)[number][] = [];
  for (const x of o) {
    const i = n.findIndex((y, k) => !used.has(k) && key(y, "new") === key(x, "old"));
    if (i < 0) {
      leftOld.push(x);
      continue;
    }
    used.add(i);
    const y = n[i] as (typeof n)[number];
    if (x.reason !== y.reason) c.note("wording", { zh: `${y.article.label} 除外情形的理由改写`, en: `${y.article.label}: reason of an exclusion reworded` }, x.span, y.span);
  }
  const leftNew = n.filter((_, k) => !used.has(k));
  const outputsOf = (targets: readonly string[] | null) => targets ?? awards(s.new_.ir);
  const title = (article: string): Bilingual => ({ zh: `${article} 除外`, en: `${article} exclusion` });
  for (const x of leftOld) {
    const j = leftNew.findIndex((y) => s.alignment.articles.get(x.article.number) === y.article.number);
    const y = j >= 0 ? leftNew.splice(j, 1)[0] : undefined;
    const oldOutputs = (x.targets ?? awards(s.old.ir)).map((r) => s.alignment.rules.toNew(r) ?? r);
    if (y) {
      const body: Bilingual = s.oldKey(x.condition) === s.newKey(y.condition) ? { zh: "适用的奖补改变", en: "awards it applies to changed" } : { zh: "情形改变", en: "condition changed" };
      c.changes.push({ kind: "exclusion", article: { old: x.article.label, new: y.article.label }, subject: { old: null, new: null }, summary: prefixed(title(y.article.label), body), old: s.place("old", x.span), new: s.place("new", y.span), outputs: [...new Set([...oldOutputs, ...outputsOf(y.targets)])], order: y.span.start });
    } else {
      c.changes.push({ kind: "exclusion", article: { old: x.article.label, new: null }, subject: { old: null, new: null }, summary: prefixed(title(x.article.label), { zh: `删去不予支持情形：${x.reason}`, en: `exclusion removed: ${x.reason}` }), old: s.place("old", x.span), new: null, outputs: oldOutputs, order: Number.MAX_SAFE_INTEGER - 1_000_000 + x.span.start });
    }
  }
  for (const y of leftNew) {
    c.changes.push({ kind: "exclusion", article: { old: null, new: y.article.label }, subject: { old: null, new: null }, summary: prefixed(title(y.article.label), { zh: `新增不予支持情形：${y.reason}`, en: `exclusion added: ${y.reason}` }), old: null, new: s.place("new", y.span), outputs: outputsOf(y.targets), order: y.span.start });
  }
}

function compareHeader(c: Collector, s: Sides): void {
  const o = s.old.ir;
  const n = s.new_.ir;
  const op = policyDecl(s.old.ast);
  const np = policyDecl(s.new_.ast);
  const push = (kind: ChangeKind, summary: Bilingual, oldSpan: Span | null | undefined, newSpan: Span | null | undefined, outputs: readonly string[]) =>
    c.changes.push({ kind, article: { old: null, new: null }, subject: { old: null, new: null }, summary, old: s.place("old", oldSpan), new: s.place("new", newSpan), outputs, order: -1 });
  const validity = (p: PolicyDecl | null): Span | null => (p?.validFrom && p.validTo ? { start: p.validFrom.span.start, end: p.validTo.span.end } : (p?.validFrom?.span ?? p?.validTo?.span ?? null));
  if (o.validFrom !== n.validFrom || o.validTo !== n.validTo) {
    const range = (p: IrPolicy) => `${p.validFrom ?? "…"} ~ ${p.validTo ?? "…"}`;
    push("validity", { zh: `有效期 ${range(o)} → ${range(n)}`, en: `validity ${range(o)} → ${range(n)}` }, validity(op), validity(np), []);
  }
  const removed = o.repeals.filter((r) => !n.repeals.includes(r));
  const added = n.repeals.filter((r) => !o.repeals.includes(r));
  const repealSpan = (p: PolicyDecl | null, texts: readonly string[]) => p?.repeals.find((r) => texts.includes(r.text))?.span ?? p?.repeals[0]?.span ?? null;
  for (const r of added) push("repeal", { zh: `新增废止：${r}`, en: `now repeals: ${r}` }, null, repealSpan(np, [r]), []);
  for (const r of removed) push("repeal", { zh: `不再废止：${r}`, en: `no longer repeals: ${r}` }, repealSpan(op, [r]), null, []);
  if (o.rounding.mode !== n.rounding.mode || o.rounding.unit !== n.rounding.unit) {
    const a = roundingText(o.rounding);
    const b = roundingText(n.rounding);
    push("rounding", { zh: `舍入 ${a.zh} → ${b.zh}`, en: `rounding ${a.en} → ${b.en}` }, op?.rounding?.span ?? op?.title?.span, np?.rounding?.span ?? np?.title?.span, awards(n));
  }
  if (o.version !== n.version) c.note("version", { zh: `版本 ${o.version} → ${n.version}`, en: `version ${o.version} → ${n.version}` }, op?.version?.span, np?.version?.span);
  if (o.id !== n.id) c.note("title", { zh: `标题改写（台账按标题识别同一政策的已获奖补）`, en: `title reworded (a ledger knows earlier grants of the measure by its title)` }, op?.title?.span, np?.title?.span);
  if ((o.issuer ?? "") !== (n.issuer ?? "")) c.note("wording", { zh: "发布单位改写", en: "issuer reworded" }, op?.issuer?.span, np?.issuer?.span);
}

function compareInputs(c: Collector, s: Sides): void {
  const usedBy = (ir: IrPolicy, input: string) => {
    const direct = ir.rules.filter((r) => ruleExprs(r).some((e) => refers(e, input, "input"))).map((r) => r.name);
    const viaExclusion = ir.exclusions.some((x) => refers(x.condition, input, "input")) ? awards(ir) : [];
    return [...new Set([...direct.flatMap((d) => dependents(ir, d)), ...viaExclusion])];
  };
  const typeText = (spec: unknown) => JSON.stringify(spec);
  for (const o of s.old.ir.inputs) {
    const nName = s.alignment.inputs.toNew(o.name);
    const n = nName === undefined ? undefined : s.new_.ir.inputs.find((i) => i.name === nName);
    if (!n) {
      c.changes.push({ kind: "input-removed", article: { old: null, new: null }, subject: { old: o.name, new: null }, summary: { zh: `删去申报项“${o.name}”`, en: `input '${o.name}' removed` }, old: s.place("old", o.span), new: null, outputs: usedBy(s.old.ir, o.name).map((r) => s.alignment.rules.toNew(r) ?? r), order: 0 });
      continue;
    }
    if (typeText(o.spec) !== typeText(n.spec)) {
      c.changes.push({ kind: "input-retyped", article: { old: null, new: null }, subject: { old: o.name, new: n.name }, summary: { zh: `申报项“${n.name}”的类型 ${o.spec.type} → ${n.spec.type}`, en: `input '${n.name}' retyped ${o.spec.type} → ${n.spec.type}` }, old: s.place("old", o.span), new: s.place("new", n.span), outputs: usedBy(s.new_.ir, n.name), order: n.span.start });
    }
    if (o.name !== n.name) c.note("renamed-input", { zh: `申报项“${o.name}”改名为“${n.name}”`, en: `input '${o.name}' renamed '${n.name}'` }, o.span, n.span);
    else if ((o.description ?? "") !== (n.description ?? "")) c.note("wording", { zh: `申报项“${n.name}”的说明改写`, en: `description of input '${n.name}' reworded` }, o.span, n.span);
  }
  for (const n of s.new_.ir.inputs) {
    if (s.alignment.inputs.hasNew(n.name)) continue;
    c.changes.push({ kind: "input-added", article: { old: null, new: null }, subject: { old: null, new: n.name }, summary: { zh: `新增申报项“${n.name}”`, en: `input '${n.name}' added` }, old: null, new: s.place("new", n.span), outputs: usedBy(s.new_.ir, n.name), order: n.span.start });
  }
}

function exampleKey(x: IrExample, key: (e: IrExpr) => string, name: (n: string) => string): string {
  const givens = x.givens.map((g) => `${name(g.name)}=${key(g.value)}`).sort();
  const history = x.history.map((h) => `${h.rule}@${key(h.year)}:${key(h.amount)}`).sort();
  return `${x.asOf ?? ""}|${givens.join(",")}|${history.join(",")}`;
}

function compareExamples(c: Collector, s: Sides): void {
  const a = s.alignment;
  const oldName = (n: string) => a.inputs.toNew(n) ?? a.rules.toNew(n) ?? `?${n}`;
  const historyName = (x: IrExample): IrExample => ({ ...x, history: x.history.map((h) => ({ ...h, rule: a.rules.toNew(h.rule) ?? `?${h.rule}` })) });
  const oldKeys = s.old.ir.examples.map((x) => exampleKey(historyName(x), s.oldKey, oldName));
  const newKeys = s.new_.ir.examples.map((x) => exampleKey(x, s.newKey, (n) => n));
  const expectations = (x: IrExample, key: (e: IrExpr) => string, name: (n: string) => string) => x.expectations.map((e) => `${e.isOutcome ? "outcome" : name(e.name)}=${key(e.value)}`).sort().join(",");
  const used = new Set<number>();
  s.old.ir.examples.forEach((ox, i) => {
    let j = s.new_.ir.examples.findIndex((nx, k) => !used.has(k) && nx.title === ox.title);
    if (j < 0) j = newKeys.findIndex((k, m) => !used.has(m) && k === oldKeys[i]);
    const nx = s.new_.ir.examples[j];
    if (!nx) {
      c.note("example-removed", { zh: `删去例子“${ox.title}”`, en: `example removed: '${ox.title}'` }, ox.span, null);
      return;
    }
    used.add(j);
    const sameInputs = oldKeys[i] === newKeys[j];
    const sameExpect = expectations(ox, s.oldKey, oldName) === expectations(nx, s.newKey, (n) => n);
    if (sameInputs && !sameExpect) {
      c.changes.push({ kind: "example", article: { old: null, new: null }, subject: { old: ox.title, new: nx.title }, summary: { zh: `例子“${nx.title}”的预期结果改变`, en: `expected result of example '${nx.title}' changed` }, old: s.place("old", ox.span), new: s.place("new", nx.span), outputs: [], order: nx.span.start });
    } else if (!sameInputs) {
      c.note("wording", { zh: `例子“${nx.title}”的申报数据改写`, en: `example '${nx.title}': its application was rewritten` }, ox.span, nx.span);
    }
  });
  s.new_.ir.examples.forEach((nx, k) => {
    if (!used.has(k)) c.note("example-added", { zh: `新增例子“${nx.title}”`, en: `example added: '${nx.title}'` }, null, nx.span);
  });
}

function compareArticles(c: Collector, s: Sides): void {
  const oldArticles = articleDecls(s.old.ast);
  const newArticles = articleDecls(s.new_.ast);
  const mapped = new Set(s.alignment.articles.values());
  for (const oa of oldArticles) {
    // An article the IR does not see (no rule, exclusion or review of its own) keeps its number.
    const target = s.alignment.articles.get(oa.number) ?? (mapped.has(oa.number) ? undefined : oa.number);
    const na = target === undefined ? undefined : newArticles.find((a) => a.number === target);
    if (!na) {
      c.changes.push({ kind: "article-removed", article: { old: oa.label, new: null }, subject: { old: null, new: null }, summary: { zh: `删去${oa.label}${oa.title ? ` ${oa.title.text}` : ""}`, en: `${oa.label}${oa.title ? ` '${oa.title.text}'` : ""} removed` }, old: s.place("old", oa.headerSpan), new: null, outputs: [], order: Number.MAX_SAFE_INTEGER - 2_000_000 + oa.span.start });
      continue;
    }
    if (na.number !== oa.number) c.note("renumbered-article", { zh: `${oa.label} 改为 ${na.label}`, en: `${oa.label} renumbered ${na.label}` }, oa.headerSpan, na.headerSpan);
    else if ((oa.title?.text ?? "") !== (na.title?.text ?? "")) c.note("wording", { zh: `${na.label} 标题改写`, en: `${na.label}: title reworded` }, oa.headerSpan, na.headerSpan);
  }
  for (const na of newArticles) {
    if (mapped.has(na.number) || (oldArticles.some((oa) => oa.number === na.number) && ![...s.alignment.articles.keys()].includes(na.number))) continue;
    c.changes.push({ kind: "article-added", article: { old: null, new: na.label }, subject: { old: null, new: null }, summary: { zh: `新增${na.label}${na.title ? ` ${na.title.text}` : ""}`, en: `${na.label}${na.title ? ` '${na.title.text}'` : ""} added` }, old: null, new: s.place("new", na.headerSpan), outputs: [], order: na.headerSpan.start });
  }
}

/** Every change in meaning and every wording note between the two versions. */
export function collectChanges(s: Sides): { changes: Omit<Change, "witness">[]; notes: Note[] } {
  const c = new Collector(s);
  compareHeader(c, s);
  compareInputs(c, s);
  compareArticles(c, s);
  for (const o of s.old.ir.rules) {
    const nName = s.alignment.rules.toNew(o.name);
    const n = nName === undefined ? undefined : s.new_.ir.rules.find((r) => r.name === nName);
    if (n) compareRule(c, s, o, n);
    else c.change("rule-removed", o, null, { zh: `删去${o.article?.label ?? ""}规则“${o.name}”`, en: `rule '${o.name}'${o.article ? ` of ${o.article.label}` : ""} removed` }, o.span, null, [o.name]);
  }
  for (const n of s.new_.ir.rules) {
    if (s.alignment.rules.hasNew(n.name)) continue;
    c.change("rule-added", null, n, { zh: `新增${n.article?.label ?? ""}规则“${n.name}”`, en: `rule '${n.name}'${n.article ? ` in ${n.article.label}` : ""} added` }, null, n.span, dependents(s.new_.ir, n.name));
  }
  compareExclusions(c, s);
  compareExamples(c, s);
  const changes = [...c.changes].sort((a, b) => a.order - b.order).map(({ order: _order, ...change }) => change);
  return { changes, notes: c.notes };
}
