/**
 * Checked AST → IR. Runs only on a program without errors; the few things only lowering can see
 * (an amount finer than a fen, a split share that is not a written number) are reported here.
 */
import type * as A from "../../grammar/ast.js";
import { shiftDecimal } from "../../grammar/to-ast.js";
import { visitExpr, type CheckedProgram, type KType } from "../check/index.js";
import { diagnostic, LineMap, type Diagnostic } from "../diagnostics/index.js";
import type { ExplainNode, ExplainSide } from "@kuan/runtime/internal";
import { policyId } from "@kuan/runtime/internal";
import type { IrExplain, Rounding, IrExample, DisplayFormat, IrQuota, IrTarget, ArticleRef, CapScope, FormulaTemplate, InputSpec, IrCap, IrCondition, IrDefinition, IrExclusion, IrExpr, IrInput, IrLimit, IrPolicy, IrReview, IrRule, IrShare, NumberDomain, ValueKind } from "./ir.js";

export interface LowerResult {
  readonly ir: IrPolicy;
  readonly diagnostics: readonly Diagnostic[];
}

export function displayFormat(t: KType): DisplayFormat {
  switch (t.kind) {
    case "money": return "money";
    case "rate": return "percent";
    case "count": return `count:${t.unit}`;
    case "quantity": return "number";
    case "duration": return t.family;
    case "number": return "number";
    case "date": return "date";
    case "year": return "year";
    case "bool": return "bool";
    default: return "text";
  }
}

export function valueKindOf(t: KType): ValueKind {
  switch (t.kind) {
    case "money": return "money";
    case "rate":
    case "count":
    case "quantity":
    case "duration":
    case "number": return "dec";
    case "date": return "date";
    case "year": return "year";
    case "bool": return "bool";
    case "outcome":
    case "enum":
    case "text":
    case "unknown": return t.kind === "outcome" ? "outcome" : "text";
  }
}

function domainOf(t: KType): NumberDomain | "plain" {
  const k = valueKindOf(t);
  return k === "money" || k === "dec" || k === "date" || k === "year" ? k : "plain";
}

function articleRef(a: A.ArticleDecl): ArticleRef {
  return { label: a.label, number: a.number, title: a.title?.text ?? null };
}

function inputSpec(field: A.FieldDecl): InputSpec {
  const t = field.type;
  switch (t.kind) {
    case "MoneyType": return { type: "money" };
    case "RateType": return { type: "rate" };
    case "BooleanType": return { type: "bool" };
    case "DateType": return { type: "date" };
    case "YearType": return { type: "year" };
    case "TextType": return { type: "text" };
    case "QuantityType": return { type: "quantity" };
    case "EnumType": return { type: "enum", values: t.values.map((v) => v.text) };
    case "UnitType": {
      const id = t.unit.id;
      if (id === "yuan") return { type: "money" };
      if (id === "percent") return { type: "rate" };
      if (id === "year" || id === "month" || id === "day" || id === "workday") return { type: "duration", unit: id };
      return { type: "count", unit: id };
    }
  }
}

class Lowering {
  readonly diagnostics: Diagnostic[] = [];
  /** The rounding of the rule being lowered (its own, else the policy's). */
  rounding: Rounding = { mode: "half-up", unit: "fen" };

  constructor(
    private readonly program: CheckedProgram,
    private readonly source: string,
  ) {}

  /** Once per literal: a condition is lowered for its test and again for its explanation (the trace). */
  private report(d: Diagnostic): void {
    const key = `${d.code}:${d.span.start}:${d.span.end}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(d);
  }
  private readonly reported = new Set<string>();

  private typeOf(e: A.Expr): KType {
    return this.program.types.get(e) ?? { kind: "unknown" };
  }

  /** Converts a number literal to its exact run-time constant. */
  private number(e: A.NumberExpr): IrExpr {
    const t = this.typeOf(e);
    if (t.kind === "year") return { op: "year", value: Number(e.value) };
    // Amounts are exact integers of fen: beyond 2^53 - 1 fen a value would silently change.
    const whole = /^\d+(?=\.\d+$|$)/.exec(e.value)?.[0];
    if (whole === undefined || BigInt(whole) > BigInt(Number.MAX_SAFE_INTEGER) / 100n) {
      this.report(diagnostic("K5004", e.span, { text: e.text, max: "90071992547409.91" }));
      return { op: "dec", value: "0" };
    }
    if (t.kind === "money") {
      const fen = shiftDecimal(e.value, 2);
      if (fen.includes(".")) this.report(diagnostic("K5001", e.span, { text: e.text }));
      else if (BigInt(fen) > BigInt(Number.MAX_SAFE_INTEGER)) this.report(diagnostic("K5004", e.span, { text: e.text, max: "90071992547409.91" }));
      return { op: "money", fen: fen.split(".")[0] ?? "0" };
    }
    if (t.kind === "rate" && e.unit?.id === "percent") return { op: "dec", value: shiftDecimal(e.value, -2) };
    if (t.kind === "duration" && e.unit?.id === "year") return { op: "dec", value: shiftDecimal(multiplyBy12(e.value), 0) };
    return { op: "dec", value: e.value };
  }

  expr(e: A.Expr): IrExpr {
    switch (e.kind) {
      case "Number": return this.number(e);
      case "Date": return { op: "date", value: e.value };
      case "Year": return { op: "year", value: e.value };
      case "Text": return { op: "text", value: e.value };
      case "Bool": return { op: "bool", value: e.value };
      case "Outcome": return { op: "text", value: e.value };
      case "ApplicationDate": return { op: "applicationDate" };
      case "ErrorExpr": return { op: "bool", value: false };
      case "Ref": {
        const symbol = this.program.refs.get(e);
        const kind = valueKindOf(this.typeOf(e));
        if (symbol?.kind === "input") return { op: "input", name: symbol.name, kind };
        if (symbol?.kind === "rule") return { op: "rule", name: symbol.name, kind };
        return { op: "text", value: e.name.text };
      }
      case "Not": return { op: "not", a: this.expr(e.operand) };
      case "Negate": return { op: valueKindOf(this.typeOf(e)) === "money" ? "moneyNeg" : "decNeg", a: this.expr(e.operand) };
      case "Call": {
        const domain = domainOf(this.typeOf(e));
        return { op: e.fn, domain: domain === "plain" ? "dec" : domain, args: e.args.map((a) => this.expr(a)) };
      }
      case "Conditional": return { op: "if", cond: this.expr(e.condition), then: this.expr(e.then), otherwise: this.expr(e.otherwise) };
      case "Membership": return { op: "in", domain: domainOf(this.typeOf(e.value)), value: this.expr(e.value), options: e.options.map((o) => this.expr(o)) };
      case "Binary": return this.binary(e);
    }
  }

  private binary(e: A.BinaryExpr): IrExpr {
    const lt = this.typeOf(e.left);
    const rt = this.typeOf(e.right);
    const a = this.expr(e.left);
    const b = this.expr(e.right);
    const lk = valueKindOf(lt);
    const rk = valueKindOf(rt);
    switch (e.op) {
      case "and":
      case "or":
        return { op: e.op, a, b };
      case "eq":
      case "ne":
      case "lt":
      case "le":
      case "gt":
      case "ge":
        return { op: "compare", domain: domainOf(lt), cmp: e.op, a, b };
      case "add":
      case "sub": {
        const sign = e.op === "add" ? 1 : -1;
        if (lk === "date" && rt.kind === "duration") return { op: "dateAdd", unit: rt.family, sign, date: a, amount: b };
        if (rk === "date" && lt.kind === "duration") return { op: "dateAdd", unit: lt.family, sign: 1, date: b, amount: a };
        if (lk === "year" && rt.kind === "duration") return { op: "yearAdd", sign, year: a, months: b };
        if (rk === "year" && lt.kind === "duration") return { op: "yearAdd", sign: 1, year: b, months: a };
        if (lk === "date" && rk === "date") return { op: "dateDiff", a, b };
        if (lk === "year" && rk === "year") return { op: "yearDiff", a, b };
        if (lk === "money") return { op: e.op === "add" ? "moneyAdd" : "moneySub", a, b };
        return { op: e.op === "add" ? "decAdd" : "decSub", a, b };
      }
      case "mul":
        if (lk === "money") return { op: "moneyMul", money: a, factor: b, rounding: this.rounding };
        if (rk === "money") return { op: "moneyMul", money: b, factor: a, rounding: this.rounding };
        return { op: "decMul", a, b };
      case "div":
        if (lk === "money" && rk === "money") return { op: "moneyRatio", a, b };
        if (lk === "money") return { op: "moneyDiv", money: a, divisor: b, rounding: this.rounding };
        return { op: "decDiv", a, b };
    }
  }

  /** A field's default as an application would give it: yuan, a decimal in the field's unit, a date… */
  defaultValue(field: A.FieldDecl, e: A.Expr): string | number | boolean {
    const ir = this.expr(e);
    switch (ir.op) {
      case "money": return shiftDecimal(ir.fen, -2);
      case "dec": {
        // Durations are kept in months; a field in years takes its default in years.
        if (field.type.kind === "UnitType" && field.type.unit.id === "year") {
          const years = shiftDecimal(ir.value, 0);
          const months = BigInt(years.split(".")[0] ?? "0");
          if (years.includes(".") || months % 12n !== 0n) {
            this.report(diagnostic("K5003", e.span, { name: field.name.text }));
            return ir.value;
          }
          return String(months / 12n);
        }
        return ir.value;
      }
      case "date": case "text": case "bool": case "year": return ir.value;
      default: return this.text(e.span);
    }
  }

  text(span: A.Span): string {
    return this.source.slice(span.start, span.end).replace(/\s+/g, " ").trim();
  }

  formula(e: A.Expr): FormulaTemplate {
    const refs: A.RefExpr[] = [];
    visitExpr(e, (x) => {
      if (x.kind === "Ref") {
        const s = this.program.refs.get(x);
        if (s && s.kind !== "enumValue") refs.push(x);
      }
    });
    refs.sort((x, y) => x.span.start - y.span.start);
    const parts: (string | number)[] = [];
    const holes: { expr: IrExpr; format: DisplayFormat }[] = [];
    let at = e.span.start;
    for (const r of refs) {
      if (r.span.start > at) parts.push(this.source.slice(at, r.span.start));
      parts.push(holes.length);
      holes.push({ expr: this.expr(r), format: displayFormat(this.typeOf(r)) });
      at = r.span.end;
    }
    if (at < e.span.end) parts.push(this.source.slice(at, e.span.end));
    return { parts: parts.map((p) => (typeof p === "string" ? p.replace(/\s+/g, " ") : p)), holes };
  }

  /** A condition's shape and the values it shows when it is explained (see IrExplain). */
  explain(e: A.Expr): IrExplain {
    const holes: { expr: IrExpr; name: string; format: DisplayFormat }[] = [];
    const hole = (x: A.Expr): number => {
      holes.push({ expr: this.expr(x), name: this.text(x.span), format: displayFormat(this.typeOf(x)) });
      return holes.length - 1;
    };
    // The names inside an expression, each a hole showing "name value".
    const named = (x: A.Expr): (string | number)[] => {
      const template = this.formula(x);
      const refs = refsIn(x, this.program);
      const offset = holes.length;
      template.holes.forEach((h, i) => holes.push({ expr: h.expr, name: refs[i] ? this.text((refs[i] as A.RefExpr).span) : "", format: h.format }));
      return template.parts.map((p) => (typeof p === "number" ? p + offset : p));
    };
    const side = (x: A.Expr): ExplainSide => {
      const value = hole(x);
      if (x.kind === "Ref") return this.program.refs.get(x)?.kind === "enumValue" ? { name: null, parts: [], value } : { name: this.text(x.span), parts: [], value };
      return { name: null, parts: named(x), value };
    };
    const node = (x: A.Expr): ExplainNode => {
      if (x.kind === "Binary" && (x.op === "and" || x.op === "or")) {
        const parts: { node: ExplainNode; holds: number }[] = [];
        const flatten = (y: A.Expr) => {
          if (y.kind === "Binary" && y.op === x.op) {
            flatten(y.left);
            flatten(y.right);
          } else parts.push({ holds: hole(y), node: node(y) });
        };
        flatten(x);
        return { kind: x.op === "and" ? "all" : "any", parts };
      }
      if (x.kind === "Binary" && (x.op === "eq" || x.op === "ne" || x.op === "lt" || x.op === "le" || x.op === "gt" || x.op === "ge")) {
        return { kind: "compare", cmp: x.op, domain: domainOf(this.typeOf(x.left)), left: side(x.left), right: side(x.right) };
      }
      const operand = x.kind === "Not" ? x.operand : x;
      if (operand.kind === "Ref") {
        const symbol = this.program.refs.get(operand);
        return { kind: "flag", text: this.text(x.span), name: this.text(operand.span), value: hole(operand), given: symbol?.kind === "input" };
      }
      return { kind: "text", text: this.text(x.span), parts: named(x) };
    };
    return { source: this.text(e.span), node: node(e), holes };
  }

  cap(c: A.CapClause): IrCap {
    const scope: CapScope = c.perProject ? (c.perYear ? "project-year" : "project") : c.perYear ? "firm-year" : c.perFirm ? "firm" : "each";
    return { scope, amount: this.expr(c.amount), text: this.text(c.span), span: c.span };
  }

  limit(l: A.LimitClause): IrLimit {
    const scope = l.perProject || (l.oneOff && !l.perFirm) ? "project" : "firm";
    const text = this.text(l.span);
    if (!l.count) return { kind: "times", n: 1, scope, text, span: l.span };
    const n = Number(l.count.value);
    return { kind: l.count.unit?.id === "year" ? "years" : "times", n: Number.isInteger(n) ? n : Math.ceil(n), scope, text, span: l.span };
  }

  split(s: A.SplitClause): IrShare[] {
    return s.shares.map((share) => {
      const e = share.share;
      if (e.kind !== "Number") {
        this.report(diagnostic("K5002", e.span));
        return { payer: share.payer.text, share: "0" };
      }
      return { payer: share.payer.text, share: e.unit?.id === "percent" ? shiftDecimal(e.value, -2) : e.value };
    });
  }
}

/** The names a formula template makes holes of, in source order (as Lowering.formula finds them). */
function refsIn(e: A.Expr, program: CheckedProgram): A.RefExpr[] {
  const refs: A.RefExpr[] = [];
  visitExpr(e, (x) => {
    if (x.kind === "Ref") {
      const s = program.refs.get(x);
      if (s && s.kind !== "enumValue") refs.push(x);
    }
  });
  return refs.sort((x, y) => x.span.start - y.span.start);
}

function multiplyBy12(decimal: string): string {
  const [whole = "0", frac = ""] = decimal.split(".");
  const scale = frac.length;
  const n = BigInt(whole + frac) * 12n;
  const s = n.toString().padStart(scale + 1, "0");
  return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, "");
}

export function lower(program: CheckedProgram, source: string): LowerResult {
  const l = new Lowering(program, source);
  const lines = new LineMap(source);
  const table = program.table;
  const policy = table.policy;
  const policyRounding: Rounding = { mode: policy?.rounding?.mode ?? "half-up", unit: policy?.rounding?.unit ?? "fen" };
  l.rounding = policyRounding;

  const inputs: IrInput[] = (table.application?.fields ?? [])
    .filter((f) => table.symbols.get(f.name.text)?.kind === "input")
    .map((f): IrInput => ({ name: f.name.text, spec: inputSpec(f), ...(f.default ? { default: l.defaultValue(f, f.default) } : {}), description: f.description?.text ?? null, span: f.name.span }));

  const requiresOf = new Map<A.ArticleDecl, IrCondition[]>();
  const reviewsOf = new Map<A.ArticleDecl, IrReview[]>();
  const clawbacksOf = new Map<A.ArticleDecl, IrCondition[]>();
  const quotaOf = new Map<A.ArticleDecl, { target: string | null; quota: IrQuota }>();
  const exclusions: IrExclusion[] = [];
  for (const article of table.articles) {
    const ref = articleRef(article);
    const requires: IrCondition[] = [];
    const reviews: IrReview[] = [];
    for (const s of article.statements) {
      if (s.kind === "Require") requires.push({ condition: l.expr(s.condition), article: ref, reason: s.reason?.text ?? l.text(s.condition.span), explain: l.explain(s.condition), span: s.span });
      if (s.kind === "Review") reviews.push({ condition: s.condition ? l.expr(s.condition) : null, article: ref, reason: s.reason?.text ?? (s.condition ? l.text(s.condition.span) : (article.title?.text ?? article.label)), explain: s.condition ? l.explain(s.condition) : null, span: s.span });
      if (s.kind === "Clawback") {
        const list = clawbacksOf.get(article) ?? [];
        list.push({ condition: l.expr(s.condition), article: ref, reason: s.reason?.text ?? l.text(s.condition.span), explain: l.explain(s.condition), span: s.span });
        clawbacksOf.set(article, list);
      }
      if (s.kind === "Quota") quotaOf.set(article, { target: s.target?.text ?? null, quota: { n: Number(s.count?.value ?? "0"), perYear: s.perYear, score: s.score.text, text: l.text(s.span), span: s.span } });
      if (s.kind === "Except") {
        exclusions.push({
          condition: l.expr(s.condition),
          article: ref,
          reason: s.reason?.text ?? l.text(s.condition.span),
          explain: l.explain(s.condition),
          span: s.span,
          targets: s.targets.length > 0 ? s.targets.map((t) => t.text) : null,
        });
      }
    }
    requiresOf.set(article, requires);
    reviewsOf.set(article, reviews);
  }

  const rules = new Map<string, IrRule>();
  for (const symbol of table.symbols.values()) {
    if (symbol.kind !== "rule") continue;
    const own = symbol.decls.find((d) => d.rule.rounding !== null)?.rule.rounding;
    l.rounding = own ? { mode: own.mode, unit: own.unit } : policyRounding;
    const articleOf = new Map(symbol.decls.map((d) => [d.rule, d.article]));
    const ordered = (program.definitionOrder.get(symbol.name) ?? symbol.decls.map((d) => d.rule)).map((rule) => ({ rule, article: articleOf.get(rule) ?? null }));
    const definitions: IrDefinition[] = ordered.map(({ rule, article }) => ({
      condition: rule.condition ? l.expr(rule.condition) : null,
      explain: rule.condition ? l.explain(rule.condition) : null,
      value: l.expr(rule.value),
      formula: l.formula(rule.value),
      conditionText: rule.condition ? l.text(rule.condition.span) : null,
      article: article ? articleRef(article) : null,
      label: article ? { zh: article.label, en: article.label } : { zh: `第${lines.position(rule.span.start).line}行`, en: `line ${lines.position(rule.span.start).line}` },
      span: rule.span,
    }));
    const caps: IrCap[] = [];
    const limits: IrLimit[] = [];
    let split: IrShare[] | null = null;
    const requires: IrCondition[] = [];
    const reviews: IrReview[] = [];
    const clawbacks: IrCondition[] = [];
    let quota: IrQuota | null = null;
    const isAward = symbol.ruleKind === "reward" || symbol.ruleKind === "subsidy";
    const articlesSeen = new Set<A.ArticleDecl>();
    for (const { rule, article } of symbol.decls) {
      const clauses = program.clauses.get(rule);
      for (const c of clauses?.caps ?? []) caps.push(l.cap(c));
      for (const c of clauses?.limits ?? []) limits.push(l.limit(c));
      for (const c of clauses?.splits ?? []) split = l.split(c);
      if (article && !articlesSeen.has(article)) {
        articlesSeen.add(article);
        // Preconditions gate awards and eligibility tests; reviews belong to awards (see policyReviews).
        if (isAward || symbol.ruleKind === "eligibility") requires.push(...(requiresOf.get(article) ?? []));
        if (isAward) {
          reviews.push(...(reviewsOf.get(article) ?? []));
          clawbacks.push(...(clawbacksOf.get(article) ?? []));
          const q = quotaOf.get(article);
          if (q && (q.target === null || q.target === symbol.name)) quota = q.quota;
        }
      }
    }
    const firstValue = symbol.decls[0]?.rule.value;
    let target: IrTarget | null = null;
    if (symbol.ruleKind === "target" && firstValue?.kind === "Binary" && (firstValue.op === "lt" || firstValue.op === "le" || firstValue.op === "gt" || firstValue.op === "ge")) {
      const domain = domainOf(program.types.get(firstValue.left) ?? { kind: "unknown" });
      target = { actual: l.expr(firstValue.left), goal: l.expr(firstValue.right), cmp: firstValue.op, domain: domain === "plain" ? "dec" : domain };
    }
    const first = symbol.decls[0];
    rules.set(symbol.name, {
      name: symbol.name,
      format: displayFormat(program.ruleTypes.get(symbol.name) ?? { kind: "unknown" }),
      kind: symbol.ruleKind,
      valueKind: valueKindOf(program.ruleTypes.get(symbol.name) ?? { kind: "unknown" }),
      definitions,
      combine: program.highest.has(symbol.name) ? "highest" : "first",
      article: first?.article ? articleRef(first.article) : null,
      requires,
      reviews,
      caps,
      limits,
      split,
      target,
      quota,
      clawbacks,
      decisive: true,
      span: first?.rule.span ?? { start: 0, end: 0 },
    });
  }

  l.rounding = policyRounding;
  // Tests and targets that other rules build on are steps; the rest decide the outcome.
  const referenced = new Set<string>();
  for (const rule of rules.values()) for (const d of rule.definitions) collectRuleRefs(d.value, referenced);
  for (const [name, rule] of rules) if (referenced.has(name) && rule.decisive) rules.set(name, { ...rule, decisive: false });

  const ir: IrPolicy = {
    id: policyId(policy?.title?.text ?? "policy"),
    title: policy?.title?.text ?? "policy",
    version: policy?.version?.text ?? "",
    validFrom: policy?.validFrom?.value ?? null,
    validTo: policy?.validTo?.value ?? null,
    issuer: policy?.issuer?.text ?? null,
    repeals: policy?.repeals.map((r) => r.text) ?? [],
    rounding: policyRounding,
    inputs,
    rules: dependencyOrder(rules, exclusions),
    exclusions,
    reviews: table.articles
      .filter((a) => !a.statements.some((s) => s.kind === "Rule" && (s.ruleKind === "reward" || s.ruleKind === "subsidy")))
      .flatMap((a) => reviewsOf.get(a) ?? []),
    examples: table.examples.map((x, i): IrExample => ({
      title: x.title?.text ?? `#${i + 1}`,
      span: x.span,
      asOf: x.asOf?.value ?? null,
      givens: x.givens.map((g) => ({ name: g.name.text, value: l.expr(g.value), span: g.span })),
      history: x.history.map((h) => ({
        rule: h.rule.text,
        year: h.year.kind === "Number" ? { op: "year", value: Number(h.year.value) } : l.expr(h.year),
        amount: l.expr(h.amount),
        span: h.span,
      })),
      expectations: x.expectations.map((e) => ({
        name: e.name.text,
        isOutcome: e.isOutcome,
        value: l.expr(e.value),
        format: e.isOutcome ? "text" : displayFormat(program.ruleTypes.get(e.name.text) ?? { kind: "unknown" }),
        span: e.span,
      })),
    })),
  };
  return { ir, diagnostics: l.diagnostics };
}

/** Rules in an order where each comes after the rules it refers to (source order otherwise). */
function dependencyOrder(rules: ReadonlyMap<string, IrRule>, exclusions: readonly IrExclusion[]): IrRule[] {
  // Every award waits for what the exclusions refer to: they are decided before any amount.
  const exclusionRefs = new Set<string>();
  for (const x of exclusions) collectRuleRefs(x.condition, exclusionRefs);
  const result: IrRule[] = [];
  const done = new Set<string>();
  const visit = (rule: IrRule) => {
    if (done.has(rule.name)) return;
    done.add(rule.name);
    const deps = ruleRefs(rule);
    if (rule.kind === "reward" || rule.kind === "subsidy") for (const d of exclusionRefs) deps.add(d);
    for (const dep of deps) {
      const r = rules.get(dep);
      if (r) visit(r);
    }
    result.push(rule);
  };
  for (const rule of rules.values()) visit(rule);
  return result;
}

export function exprChildren(e: IrExpr): readonly IrExpr[] {
  switch (e.op) {
    case "money": case "dec": case "date": case "year": case "bool": case "text": case "input": case "rule": case "applicationDate":
      return [];
    case "moneyAdd": case "moneySub": case "decAdd": case "decSub": case "decMul": case "decDiv": case "moneyRatio": case "compare": case "and": case "or": case "dateDiff": case "yearDiff":
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

function collectRuleRefs(e: IrExpr, into: Set<string>): void {
  if (e.op === "rule") into.add(e.name);
  for (const c of exprChildren(e)) collectRuleRefs(c, into);
}

function ruleRefs(rule: IrRule): Set<string> {
  const names = new Set<string>();
  const walk = (e: IrExpr) => collectRuleRefs(e, names);
  for (const d of rule.definitions) {
    walk(d.value);
    if (d.condition) walk(d.condition);
    for (const h of d.formula.holes) walk(h.expr);
  }
  for (const c of rule.caps) walk(c.amount);
  for (const r of rule.requires) walk(r.condition);
  for (const r of rule.reviews) if (r.condition) walk(r.condition);
  for (const c of rule.clawbacks) walk(c.condition);
  return names;
}
