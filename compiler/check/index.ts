/**
 * The dimensional type checker and the semantic checks of a policy. Types go into side tables
 * (the AST is never mutated). Inference is bidirectional: a bare number takes its dimension from
 * where it is used (`min(贷款×1%, 100000)` makes 100000 money); where nothing tells, it is an error.
 */
import * as A from "../../grammar/ast.js";
import { diagnostic, LineMap, type Diagnostic, type Span } from "../diagnostics/index.js";
import { relation } from "./conflicts.js";
import { Suggester } from "../diagnostics/suggest.js";
import { buildSymbols, reportUnknownName, type KSymbol, type RuleSymbol, type SymbolTable } from "../names/index.js";
import { isNumeric, sameType, T, typeName, type KType } from "./types.js";
import { shiftDecimal } from "../../grammar/to-ast.js";

/** A bare number can become money, a rate or a count; a duration needs its unit (3 years or 3 months?). */
function takesBareNumber(t: KType | undefined): t is KType {
  return t !== undefined && (t.kind === "money" || t.kind === "rate" || t.kind === "count" || t.kind === "quantity");
}

export { typeName, type KType } from "./types.js";

/** Caps, limits and splits of one award: those on its line plus those on lines of their own. */
export interface AwardClauses {
  readonly caps: readonly A.CapClause[];
  readonly limits: readonly A.LimitClause[];
  readonly splits: readonly A.SplitClause[];
}

export interface CheckedProgram {
  readonly table: SymbolTable;
  readonly types: ReadonlyMap<A.Expr, KType>;
  readonly refs: ReadonlyMap<A.RefExpr, KSymbol>;
  readonly ruleTypes: ReadonlyMap<string, KType>;
  readonly clauses: ReadonlyMap<A.RuleDecl, AwardClauses>;
  /** Numbers used as plain factors (`费用 × 2`): dimensionless on purpose. */
  readonly scalars: ReadonlySet<A.Expr>;
  /** Names whose definitions combine by 按最高标准: of those that apply, the highest counts. */
  readonly highest: ReadonlySet<string>;
  /** Each rule's definitions in the order they are tried: the one that prevails first, the default last. */
  readonly definitionOrder: ReadonlyMap<string, readonly A.RuleDecl[]>;
  readonly diagnostics: readonly Diagnostic[];
}

const RULE_KIND_TYPES: Record<Exclude<A.RuleKind, "let">, KType> = {
  reward: T.money,
  subsidy: T.money,
  eligibility: T.bool,
  deadline: T.date,
  target: T.bool,
};

/** How each kind of rule is named, for messages and for the editor's hover. */
export const RULE_KIND_NAMES: Readonly<Record<A.RuleKind, { readonly zh: string; readonly en: string }>> = {
  reward: { zh: "奖励", en: "reward" },
  subsidy: { zh: "补贴", en: "subsidy" },
  eligibility: { zh: "资格", en: "eligibility" },
  deadline: { zh: "期限", en: "deadline" },
  let: { zh: "定义", en: "definition" },
  target: { zh: "目标", en: "target" },
};

const OP_NAMES: Record<string, { zh: string; en: string }> = {
  add: { zh: "加", en: "add" },
  sub: { zh: "减", en: "subtract" },
  mul: { zh: "乘", en: "multiply" },
  div: { zh: "除", en: "divide" },
};

/**
 * What the editor keeps between checks of one file, to skip the examples that cannot have changed
 * (they are most of a keystroke's check): each example node found clean, with the key of the names
 * and types it was checked against (Checker.exampleEnvironment). The editor's incremental parser
 * keeps the nodes of the parts of the file an edit left alone, so an example is skipped when its
 * node is the same and so is every name and type it could read. A program checked with a memo is
 * for its diagnostics only: a skipped example leaves no types in the side tables.
 */
export class ExampleMemo {
  readonly clean = new WeakMap<A.ExampleDecl, string>();
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  /** Names of inputs and rules an expression referred to, counted: an example that refers to one is never skipped. */
  private symbolRefs = 0;
  readonly types = new Map<A.Expr, KType>();
  readonly refs = new Map<A.RefExpr, KSymbol>();
  readonly ruleTypes = new Map<string, KType>();
  readonly scalars = new Set<A.Expr>();
  readonly clauses = new Map<A.RuleDecl, { caps: A.CapClause[]; limits: A.LimitClause[]; splits: A.SplitClause[] }>();
  private readonly inferring = new Set<string>();
  /** Names each rule's definition refers to, for cycles and for "unused" warnings. */
  readonly dependencies = new Map<string, Set<string>>();
  private currentRule: string | undefined;
  readonly table: SymbolTable;
  /** Made at the first message that names a line (most checks need none). */
  private lineMap: LineMap | null = null;
  /** Names whose definitions combine by 按最高标准 (the highest that applies). */
  readonly highest = new Set<string>();
  /** Each rule's definitions in the order the evaluator tries them (see checkDefinitions). */
  readonly definitionOrder = new Map<string, readonly A.RuleDecl[]>();
  /** "Did you mean" over every name, the rules or the inputs: indexed at the first unknown name. */
  private readonly suggesters = new Map<"name" | "rule" | "input", Suggester>();

  constructor(
    private readonly file: A.KuanFile,
    private readonly source: string,
    /** Start offsets of the lines with a syntax error. */
    private readonly brokenLines: ReadonlySet<number> = new Set(),
    private readonly exampleMemo: ExampleMemo | null = null,
  ) {
    this.table = buildSymbols(file, source, this.diagnostics);
  }

  private suggester(kind: "name" | "rule" | "input"): Suggester {
    let known = this.suggesters.get(kind);
    if (known === undefined) {
      const symbols = [...this.table.symbols.values()];
      known = new Suggester((kind === "name" ? symbols : symbols.filter((s) => s.kind === kind)).map((s) => s.name));
      this.suggesters.set(kind, known);
    }
    return known;
  }

  private report(code: Parameters<typeof diagnostic>[0], span: Span, args: Record<string, string> = {}): void {
    this.diagnostics.push(diagnostic(code, span, args));
  }

  private typeArgs(prefix: string, t: KType): Record<string, string> {
    const n = typeName(t);
    return { [prefix]: n.zh, [`${prefix}En`]: n.en };
  }

  // ---------------------------------------------------------------- rules

  ruleType(symbol: RuleSymbol, at?: Span): KType {
    const known = this.ruleTypes.get(symbol.name);
    if (known) return known;
    if (this.inferring.has(symbol.name)) {
      const cycle = [...this.inferring, symbol.name].join(" → ");
      this.report("K2008", at ?? symbol.decls[0]?.rule.name.span ?? { start: 0, end: 0 }, { name: symbol.name, cycle });
      this.ruleTypes.set(symbol.name, T.unknown);
      return T.unknown;
    }
    this.inferring.add(symbol.name);
    const outer = this.currentRule;
    this.currentRule = symbol.name;
    let result: KType = T.unknown;
    symbol.decls.forEach(({ rule }, index) => {
      const expected = rule.ruleKind === "let" ? (index === 0 ? undefined : result) : RULE_KIND_TYPES[rule.ruleKind];
      const t = this.inferTop(rule.value, expected);
      if (index === 0 && rule.ruleKind === "let") result = t;
      if (rule.ruleKind !== "let") result = RULE_KIND_TYPES[rule.ruleKind];
      if (expected && t.kind !== "unknown" && !sameType(t, expected) && rule.ruleKind !== "target") {
        const kind = RULE_KIND_NAMES[rule.ruleKind];
        this.report("K3008", rule.value.span, { kind: kind.zh, kindEn: kind.en, name: symbol.name, ...this.typeArgs("expected", expected), ...this.typeArgs("type", t) });
      }
      if (rule.condition) this.expectBool(rule.condition);
      if (rule.ruleKind === "target" && !isTargetComparison(rule.value, this.types)) this.report("K3021", rule.value.span, { name: symbol.name });
    });
    this.currentRule = outer;
    this.inferring.delete(symbol.name);
    // A definition half read (its line has a syntax error) has no type its uses could be checked against.
    const halfRead = symbol.decls.some(({ rule }) => rule.ruleKind === "let" && this.brokenLines.has(this.source.lastIndexOf("\n", rule.span.start - 1) + 1));
    if (halfRead) result = T.unknown;
    if (!this.ruleTypes.has(symbol.name)) this.ruleTypes.set(symbol.name, result);
    return this.ruleTypes.get(symbol.name) ?? result;
  }

  /** Infers an expression whose numbers must end up with a dimension. */
  inferTop(e: A.Expr, expected?: KType): KType {
    // Inference recurses; an expression nested deeper than any policy would be (a generated
    // 20,000-term sum) is a diagnostic instead of a stack overflow.
    if (exprDepth(e) > MAX_EXPR_DEPTH) {
      this.report("K3031", e.span, { depth: String(MAX_EXPR_DEPTH) });
      return T.unknown;
    }
    let t = this.infer(e, expected);
    if (t.kind === "number" && takesBareNumber(expected)) {
      this.settle(e, expected);
      t = expected;
    }
    this.reportBareNumbers(e);
    return t;
  }

  private reportBareNumbers(e: A.Expr): void {
    // Most values checked are a single literal or name (an example's `500万元`): no walk for them.
    if (isLeaf(e)) {
      this.reportBareNumber(e);
      return;
    }
    const bare: A.NumberExpr[] = [];
    let unknown = false;
    visitExpr(e, (x) => {
      const t = this.types.get(x);
      if (t?.kind === "unknown") unknown = true;
      if (x.kind !== "Number" || x.unit !== null || this.scalars.has(x)) return;
      if (t?.kind === "number") bare.push(x);
      // A bare number taken as a rate is a fraction (0.13 is 13 %), so `占比 ≥ 13` would mean
      // 1300 %: never silently. 0 is 0 in any unit.
      else if (t?.kind === "rate" && !/^0(?:\.0*)?$/.test(x.value)) this.report("K3032", x.span, { text: x.text, times: shiftDecimal(x.value, 2) });
    });
    // Next to a name already reported (unknown, or of the wrong type) a number could not take its
    // unit from it: that is the one mistake (`未知 ≥ 17`).
    if (unknown) return;
    for (const x of bare) this.report("K3006", x.span, unitHint(x.text, undefined));
  }

  /** reportBareNumbers of an expression with no sub-expressions, without the walk. */
  private reportBareNumber(x: A.Expr): void {
    if (x.kind !== "Number" || x.unit !== null || this.scalars.has(x)) return;
    const t = this.types.get(x);
    if (t?.kind === "number") this.report("K3006", x.span, unitHint(x.text, undefined));
    else if (t?.kind === "rate" && !/^0(?:\.0*)?$/.test(x.value)) this.report("K3032", x.span, { text: x.text, times: shiftDecimal(x.value, 2) });
  }

  /** Gives a dimension to a sub-expression that was still a bare number. */
  private settle(e: A.Expr, t: KType): void {
    if (this.types.get(e)?.kind !== "number" || this.scalars.has(e)) return;
    this.types.set(e, t);
    switch (e.kind) {
      case "Binary":
        if (e.op === "add" || e.op === "sub") {
          this.settle(e.left, t);
          this.settle(e.right, t);
        } else if (e.op === "mul" || e.op === "div") {
          // (2 × 3) as money: the first factor carries the dimension, the rest are plain factors.
          this.settle(e.left, t);
          this.markScalar(e.right);
        }
        break;
      case "Negate":
        this.settle(e.operand, t);
        break;
      case "Call":
        for (const a of e.args) this.settle(a, t);
        break;
      case "Conditional":
        this.settle(e.then, t);
        this.settle(e.otherwise, t);
        break;
      default:
        break;
    }
  }

  private markScalar(e: A.Expr): void {
    visitExpr(e, (x) => {
      if (this.types.get(x)?.kind === "number") this.scalars.add(x);
    });
  }

  // ---------------------------------------------------------------- expressions

  infer(e: A.Expr, expected?: KType): KType {
    const t = this.inferUncached(e, expected);
    this.types.set(e, t);
    return t;
  }

  private inferUncached(e: A.Expr, expected?: KType): KType {
    switch (e.kind) {
      case "Number":
        return this.numberType(e, expected);
      case "Date":
        return T.date;
      case "Year":
        return T.year;
      case "Text":
        // An enumeration's values may be written as strings: `之一("甲类", "乙类")`, `等级 = "甲类"`.
        if (expected?.kind === "enum") {
          if (expected.values.includes(e.value)) return expected;
          this.report("K2006", e.span, { value: e.value, name: expected.field, values: expected.values.join("、") });
          return T.unknown;
        }
        return T.text;
      case "Bool":
        return T.bool;
      case "Outcome":
        return T.outcome;
      case "ApplicationDate":
        return T.date;
      case "ErrorExpr":
        return T.unknown;
      case "Ref":
        return this.refType(e, expected);
      case "Not": {
        const t = this.infer(e.operand, T.bool);
        if (t.kind !== "bool" && t.kind !== "unknown") this.report("K3014", e.operand.span, this.typeArgs("type", t));
        return T.bool;
      }
      case "Negate": {
        const t = this.infer(e.operand, expected);
        if (!isNumeric(t) && t.kind !== "unknown") {
          this.report("K3016", e.span, this.typeArgs("type", t));
          return T.unknown;
        }
        return t;
      }
      case "Binary":
        return this.binaryType(e, expected);
      case "Call":
        return this.callType(e, expected);
      case "Conditional": {
        this.expectBool(e.condition);
        let a = this.infer(e.then, expected);
        let b = this.infer(e.otherwise, expected ?? (a.kind !== "number" ? a : undefined));
        if (a.kind === "number" && b.kind !== "number" && isNumeric(b)) {
          this.settle(e.then, b);
          a = b;
        }
        if (b.kind === "number" && a.kind !== "number" && isNumeric(a)) {
          this.settle(e.otherwise, a);
          b = a;
        }
        if (a.kind === "unknown" || b.kind === "unknown") return T.unknown;
        if (!sameType(a, b)) {
          this.report("K3015", e.span, { ...this.typeArgs("left", a), ...this.typeArgs("right", b) });
          return T.unknown;
        }
        return a;
      }
      case "Membership": {
        const v = this.infer(e.value);
        for (const option of e.options) {
          const o = this.infer(option, v.kind !== "number" ? v : undefined);
          const compatible = o.kind === "unknown" || v.kind === "unknown" || sameType(o, v) || (o.kind === "number" && isNumeric(v)) || (v.kind === "number" && isNumeric(o));
          if (!compatible) this.report("K3018", option.span, { ...this.typeArgs("type", v), ...this.typeArgs("other", o) });
          else if (o.kind === "number" && v.kind !== "number") this.settle(option, v);
        }
        return T.bool;
      }
    }
  }

  private numberType(e: A.NumberExpr, expected?: KType): KType {
    const unit = e.unit;
    // A four-digit whole number where a year is expected is that year (`y >= 2021` in English files).
    if (!unit && expected?.kind === "year" && /^\d{4}$/.test(e.value)) return T.year;
    if (!unit) return takesBareNumber(expected) ? expected : T.number;
    switch (unit.id) {
      case "yuan": return T.money;
      case "percent": return T.rate;
      case "year":
      case "month": return T.duration("months");
      case "day": return T.duration("days");
      case "workday": return T.duration("workdays");
      default: return T.count(unit.id);
    }
  }

  private refType(e: A.RefExpr, expected?: KType): KType {
    const symbol = this.table.symbols.get(e.name.text);
    if (!symbol) {
      if (expected?.kind === "enum") {
        this.report("K2006", e.span, { value: e.name.text, name: expected.field, values: expected.values.join("、") });
        return T.unknown;
      }
      reportUnknownName(e.name, this.source, this.suggester("name"), this.diagnostics);
      return T.unknown;
    }
    this.refs.set(e, symbol);
    if (symbol.kind !== "enumValue") this.symbolRefs++;
    if (this.currentRule !== undefined) {
      const deps = this.dependencies.get(this.currentRule) ?? new Set<string>();
      deps.add(symbol.name);
      this.dependencies.set(this.currentRule, deps);
    }
    switch (symbol.kind) {
      case "input":
        return symbol.type;
      case "rule":
        return this.ruleType(symbol, e.name.span);
      case "enumValue": {
        if (expected?.kind === "enum") {
          if (expected.values.includes(symbol.name)) return expected;
          this.report("K2006", e.span, { value: symbol.name, name: expected.field, values: expected.values.join("、") });
          return T.unknown;
        }
        const field = this.table.symbols.get(symbol.fields[0] ?? "");
        return field?.kind === "input" ? field.type : T.unknown;
      }
    }
  }

  private expectBool(e: A.Expr): void {
    const t = this.inferTop(e, T.bool);
    if (t.kind !== "bool" && t.kind !== "unknown") this.report("K3004", e.span, this.typeArgs("type", t));
  }

  private binaryType(e: A.BinaryExpr, expected?: KType): KType {
    switch (e.op) {
      case "and":
      case "or":
        this.expectBool(e.left);
        this.expectBool(e.right);
        return T.bool;
      case "eq":
      case "ne":
      case "lt":
      case "le":
      case "gt":
      case "ge":
        return this.comparisonType(e);
      case "add":
      case "sub":
        return this.additiveType(e, expected);
      case "mul":
      case "div":
        return this.multiplicativeType(e, expected);
    }
  }

  private comparisonType(e: A.BinaryExpr): KType {
    let l = this.infer(e.left);
    let r = this.infer(e.right, l.kind !== "number" && l.kind !== "unknown" ? l : undefined);
    if (l.kind === "number" && r.kind === "year" && e.left.kind === "Number") l = this.infer(e.left, r);
    if (r.kind === "enum" && l.kind === "text" && e.left.kind === "Text") l = this.infer(e.left, r);
    if (l.kind === "enum" && e.right.kind === "Ref" && r.kind === "unknown") return T.bool;
    if (r.kind === "enum" && l.kind !== "enum" && e.left.kind === "Ref" && this.refs.get(e.left)?.kind === "enumValue") {
      l = this.infer(e.left, r);
      if (l.kind === "unknown") return T.bool;
    }
    if (l.kind === "number" && takesBareNumber(r)) {
      this.settle(e.left, r);
      l = r;
    }
    if (r.kind === "number" && takesBareNumber(l)) {
      this.settle(e.right, l);
      r = l;
    }
    if (l.kind === "unknown" || r.kind === "unknown") return T.bool;
    const bare = l.kind === "number" ? e.left : r.kind === "number" ? e.right : undefined;
    if (bare && (l.kind === "duration" || r.kind === "duration")) {
      visitExpr(bare, (x) => {
        if (x.kind === "Number" && !x.unit) this.scalars.add(x);
      });
      this.report("K3006", bare.span, unitHint(this.source.slice(bare.span.start, bare.span.end), l.kind === "duration" ? l : r));
      return T.bool;
    }
    const ordered = e.op !== "eq" && e.op !== "ne";
    const comparable = sameType(l, r) && (!ordered || isNumeric(l) || l.kind === "date" || l.kind === "year");
    if (!comparable) this.report("K3002", e.opSpan, { ...this.typeArgs("left", l), ...this.typeArgs("right", r) });
    return T.bool;
  }

  private additiveType(e: A.BinaryExpr, expected?: KType): KType {
    let l = this.infer(e.left, expected);
    let r = this.infer(e.right, l.kind === "date" || l.kind === "year" ? undefined : l.kind !== "number" ? l : expected);
    if (l.kind === "unknown" || r.kind === "unknown") return T.unknown;
    // `日期 + 3`: the number needs a unit (3年? 3个月? 3个工作日?); that one error says it all.
    const bare = l.kind === "number" ? e.left : r.kind === "number" ? e.right : undefined;
    if (bare && (l.kind === "date" || r.kind === "date" || l.kind === "year" || r.kind === "year" || l.kind === "duration" || r.kind === "duration")) {
      this.markScalar(bare);
      this.report("K3006", bare.span, unitHint(this.source.slice(bare.span.start, bare.span.end), l.kind === "number" ? r : l));
      return T.unknown;
    }
    if (l.kind === "number" && takesBareNumber(r)) {
      this.settle(e.left, r);
      l = r;
    }
    if (r.kind === "number" && takesBareNumber(l)) {
      this.settle(e.right, l);
      r = l;
    }
    // Dates and years move by durations; the difference of two dates is a number of days.
    if ((l.kind === "date" || l.kind === "year") && r.kind === "duration") {
      if (l.kind === "year" && r.family !== "months") return this.arithmeticError(e, l, r);
      return l;
    }
    if (e.op === "add" && l.kind === "duration" && (r.kind === "date" || r.kind === "year")) return r;
    if (e.op === "sub" && l.kind === "date" && r.kind === "date") return T.duration("days");
    if (e.op === "sub" && l.kind === "year" && r.kind === "year") return T.duration("months");
    if (sameType(l, r) && isNumeric(l)) return l;
    return this.arithmeticError(e, l, r);
  }

  private arithmeticError(e: A.BinaryExpr, l: KType, r: KType): KType {
    const op = OP_NAMES[e.op] ?? { zh: e.op, en: e.op };
    const code = e.op === "mul" || e.op === "div" ? "K3007" : "K3001";
    this.report(code, e.opSpan, { op: op.zh, opEn: op.en, ...this.typeArgs("left", l), ...this.typeArgs("right", r) });
    return T.unknown;
  }

  private multiplicativeType(e: A.BinaryExpr, expected?: KType): KType {
    const l = this.infer(e.left, e.op === "mul" && expected?.kind === "money" ? undefined : undefined);
    const r = this.infer(e.right);
    if (l.kind === "unknown" || r.kind === "unknown") return T.unknown;
    const lk = l.kind;
    const rk = r.kind;
    // A bare number next to a quantity is a plain factor: 费用 × 2, 总额 ÷ 3.
    if (lk === "number" && rk === "number") return T.number;
    if (rk === "number" && isNumeric(l)) {
      this.markScalar(e.right);
      return l;
    }
    if (lk === "number" && e.op === "mul" && isNumeric(r)) {
      this.markScalar(e.left);
      return r;
    }
    if (lk === "quantity" || rk === "quantity") return this.quantityArithmetic(e, l, r);
    if (e.op === "mul") {
      if ((lk === "money" && rk === "rate") || (lk === "rate" && rk === "money")) return T.money;
      if ((lk === "money" && rk === "count") || (lk === "count" && rk === "money")) return T.money;
      if (lk === "rate" && rk === "rate") return T.rate;
      if (lk === "count" && rk === "rate") return l;
      if (lk === "rate" && rk === "count") return r;
      if (lk === "duration" && rk === "rate") return l;
    } else {
      if (lk === "money" && rk === "money") return T.rate;
      if (lk === "money" && rk === "count") return T.money;
      if (lk === "count" && rk === "count" && sameType(l, r)) return T.rate;
      if (lk === "rate" && rk === "rate") return T.rate;
      if (lk === "money" && rk === "rate") return T.money;
    }
    return this.arithmeticError(e, l, r);
  }

  /**
   * A quantity is a plain statistic: with another quantity, a rate or a count it stays a quantity
   * (专利数 ÷ 常住人口 × 10000); money times or over a quantity is money.
   */
  private quantityArithmetic(e: A.BinaryExpr, l: KType, r: KType): KType {
    const other = l.kind === "quantity" ? r : l;
    if (other.kind === "quantity" || other.kind === "rate" || other.kind === "count") return T.quantity;
    if (other.kind === "money" && (e.op === "mul" || l.kind === "money")) return T.money;
    return this.arithmeticError(e, l, r);
  }

  private callType(e: A.CallExpr, expected?: KType): KType {
    const fn = e.fn === "min" ? { zh: "最小", en: "min" } : { zh: "最大", en: "max" };
    if (e.args.length < 2) this.report("K3017", e.span, { fn: fn.zh, fnEn: fn.en });
    const types = e.args.map((a) => this.infer(a, expected));
    const concrete = types.find((t) => t.kind !== "number" && t.kind !== "unknown");
    if (types.some((t) => t.kind === "unknown")) return T.unknown;
    if (!concrete) return T.number;
    if (!isNumeric(concrete) && concrete.kind !== "date" && concrete.kind !== "year") {
      this.report("K3003", e.span, { fn: fn.zh, fnEn: fn.en, ...this.typeArgs("left", concrete), ...this.typeArgs("right", concrete) });
      return T.unknown;
    }
    e.args.forEach((a, i) => {
      const t = types[i] ?? T.unknown;
      if (t.kind === "number" && takesBareNumber(concrete)) this.settle(a, concrete);
      else if (!sameType(t, concrete)) this.report("K3003", a.span, { fn: fn.zh, fnEn: fn.en, ...this.typeArgs("left", concrete), ...this.typeArgs("right", t) });
    });
    return concrete;
  }

  // ---------------------------------------------------------------- articles

  checkArticles(): void {
    for (const symbol of this.table.symbols.values()) if (symbol.kind === "rule") this.ruleType(symbol);
    this.checkHighest();
    for (const symbol of this.table.symbols.values()) if (symbol.kind === "rule") this.checkDefinitions(symbol);
    for (const article of this.table.articles) this.checkArticle(article);
    for (const symbol of this.table.symbols.values()) if (symbol.kind === "rule") this.checkSplits(symbol);
  }

  /** An award is split one way: a second, different split would silently replace the first. */
  private checkSplits(symbol: RuleSymbol): void {
    const splits: A.SplitClause[] = [];
    for (const { rule } of symbol.decls) for (const split of this.clauses.get(rule)?.splits ?? []) splits.push(split);
    const [first, ...others] = splits;
    if (!first) return;
    const written = (c: A.SplitClause) => this.source.slice(c.span.start, c.span.end).replace(/[\s,，、]+/g, "");
    for (const other of others) {
      if (written(other) === written(first)) continue;
      this.diagnostics.push(diagnostic("K4008", other.span, { what: "分担", whatEn: "splits", name: symbol.name }, [{ span: first.span, label: { zh: "另一条分担", en: "the other split" } }]));
    }
  }

  /** Every `按最高标准 X` of the file (in articles or on its own line), by the name it combines. */
  private highestDecls(): Map<string, A.HighestDecl[]> {
    const result = new Map<string, A.HighestDecl[]>();
    const add = (h: A.HighestDecl) => result.set(h.target.text, [...(result.get(h.target.text) ?? []), h]);
    for (const item of this.file.items) {
      if (item.kind === "Highest") add(item);
      if (item.kind === "Article") for (const s of item.statements) if (s.kind === "Highest") add(s);
    }
    return result;
  }

  checkHighest(): void {
    for (const [name, decls] of this.highestDecls()) {
      const symbol = this.table.symbols.get(name);
      for (const h of decls) {
        if (!symbol) {
          reportUnknownName(h.target, this.source, this.suggester("rule"), this.diagnostics);
          continue;
        }
        if (symbol.kind !== "rule") {
          this.report("K2001", h.target.span, { name });
          continue;
        }
        const t = this.ruleTypes.get(name) ?? T.unknown;
        if (t.kind !== "unknown" && !isNumeric(t) && t.kind !== "date" && t.kind !== "year") this.report("K3024", h.target.span, { name, ...this.typeArgs("type", t) });
      }
      if (symbol?.kind === "rule") this.highest.add(name);
    }
  }

  private where(d: RuleSymbol["decls"][number], other?: RuleSymbol["decls"][number]): { zh: string; en: string; label: string } {
    const line = String((this.lineMap ??= LineMap.of(this.source)).position(d.rule.span.start).line);
    // Two definitions in one article are told apart by their lines (not "第四条 and 第四条").
    if (d.article && other?.article === d.article) return { zh: `${d.article.label}第${line}行`, en: `${d.article.label} (line ${line})`, label: d.article.label };
    if (d.article) return { zh: d.article.label, en: d.article.label, label: d.article.label };
    return { zh: `第${line}行`, en: `line ${line}`, label: "" };
  }

  /**
   * A default plus conditional exceptions is fine; two unconditional definitions are not. Two
   * conditional ones need conditions that cannot both hold, a priority (优先于) between them, or
   * 按最高标准 for the name. The order found here is the order the evaluator tries them in.
   */
  private checkDefinitions(symbol: RuleSymbol): void {
    const decls = symbol.decls;
    const unconditional = decls.filter((d) => d.rule.condition === null);
    const [first, second] = unconditional;
    if (first && second) {
      const a = this.where(first, second);
      const b = this.where(second, first);
      this.diagnostics.push(
        diagnostic("K4001", second.rule.name.span, { name: symbol.name, first: a.zh, firstEn: a.en, second: b.zh, secondEn: b.en }, [
          { span: first.rule.name.span, label: { zh: "另一处定义", en: "the other definition" } },
        ]),
      );
    }
    const highest = this.highest.has(symbol.name);
    // over[i] holds j when definition i prevails over definition j.
    const over = decls.map(() => new Set<number>());
    decls.forEach((d, i) => {
      for (const citation of d.rule.overrides) {
        const args = { article: citation.label, articleEn: citation.label, name: symbol.name };
        if (d.rule.condition === null) {
          this.report("K4015", citation.span, { name: symbol.name });
          continue;
        }
        if (highest) {
          this.report("K4016", citation.span, { name: symbol.name });
          continue;
        }
        const targets = decls.map((e, j) => ({ e, j })).filter(({ e, j }) => j !== i && e.article?.number === citation.number);
        if (targets.length === 0) this.report("K2015", citation.span, args);
        for (const { j } of targets) over[i]?.add(j);
      }
    });
    // Transitive closure (a name has a handful of definitions).
    const reach = over.map((s) => new Set(s));
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of reach) for (const j of [...r]) for (const k of reach[j] ?? []) if (!r.has(k)) (r.add(k), (changed = true));
    }
    const cyclic = decls.map((_, i) => reach[i]?.has(i) === true);
    decls.forEach((d, i) => {
      if (!cyclic[i] || cyclic.slice(0, i).some((c, j) => c && reach[i]?.has(j))) return;
      const cycle = [...(reach[i] ?? [])].filter((j) => reach[j]?.has(i)).map((j) => this.where(decls[j] as typeof d).zh);
      const citation = d.rule.overrides[0];
      this.report("K4014", citation?.span ?? d.rule.name.span, { name: symbol.name, cycle: [this.where(d).zh, ...cycle.filter((c) => c !== this.where(d).zh), this.where(d).zh].join(" → ") });
    });
    const conditional = decls.map((d, i) => ({ d, i })).filter(({ d }) => d.rule.condition !== null);
    if (!highest) {
      const ctx = { types: this.types, refs: this.refs };
      for (let x = 0; x < conditional.length; x++) {
        for (let y = x + 1; y < conditional.length; y++) {
          const a = conditional[x] as (typeof conditional)[number];
          const b = conditional[y] as (typeof conditional)[number];
          if (reach[a.i]?.has(b.i) || reach[b.i]?.has(a.i)) continue;
          const r = relation(a.d.rule.condition as A.Expr, b.d.rule.condition as A.Expr, ctx);
          if (r.kind === "disjoint") continue;
          const wa = this.where(a.d, b.d);
          const wb = this.where(b.d, a.d);
          const args: Record<string, string> = { name: symbol.name, first: wa.zh, firstEn: wa.en, second: wb.zh, secondEn: wb.en };
          if (wa.label && wb.label) Object.assign(args, { firstLabel: wa.label, firstLabelEn: wa.label, secondLabel: wb.label, secondLabelEn: wb.label });
          const code = r.kind === "identical" ? "K4011" : r.kind === "overlap" ? "K4012" : "K4013";
          if (r.kind === "overlap") Object.assign(args, { witness: r.witness.zh, witnessEn: r.witness.en });
          this.diagnostics.push(
            diagnostic(code, b.d.rule.condition?.span ?? b.d.rule.name.span, args, [
              { span: a.d.rule.condition?.span ?? a.d.rule.name.span, label: { zh: `${wa.zh}的定义`, en: `the definition in ${wa.en}` } },
            ]),
          );
        }
      }
    }
    // The evaluator's order: a definition before those it prevails over, source order otherwise; the default last.
    const order: number[] = [];
    const placed = new Set<number>();
    const place = (i: number, path: Set<number>) => {
      if (placed.has(i) || path.has(i)) return;
      path.add(i);
      for (const { i: j } of conditional) if (j !== i && reach[j]?.has(i) && !reach[i]?.has(j)) place(j, path);
      placed.add(i);
      order.push(i);
    };
    for (const { i } of conditional) place(i, new Set());
    for (let i = 0; i < decls.length; i++) if (!placed.has(i)) order.push(i);
    this.definitionOrder.set(symbol.name, order.map((i) => (decls[i] as (typeof decls)[number]).rule));
  }

  private checkArticle(article: A.ArticleDecl): void {
    const awards = article.statements.filter((s): s is A.RuleDecl => s.kind === "Rule" && (s.ruleKind === "reward" || s.ruleKind === "subsidy"));
    for (const s of article.statements) {
      if (s.kind === "Rule") {
        const entry = { caps: [...s.caps], limits: [...s.limits], splits: [...s.splits] };
        this.clauses.set(s, entry);
      }
    }
    for (const s of article.statements) {
      switch (s.kind) {
        case "Rule":
          this.checkRuleClauses(s);
          break;
        case "Cap":
        case "Limit":
        case "Split": {
          const what = s.kind === "Cap" ? { zh: "上限", en: "a cap" } : s.kind === "Limit" ? { zh: "限次", en: "a limit" } : { zh: "分担", en: "a split" };
          const target = awards.length === 1 ? awards[0] : undefined;
          if (!target) {
            this.report("K4004", s.span, { what: what.zh, whatEn: what.en, count: String(awards.length) });
            this.checkClause(s, undefined);
            break;
          }
          const entry = this.clauses.get(target);
          if (entry) {
            if (s.kind === "Cap") entry.caps.push(s);
            else if (s.kind === "Limit") entry.limits.push(s);
            else entry.splits.push(s);
          }
          this.checkClause(s, target);
          break;
        }
        case "Except":
          for (const target of s.targets) {
            const symbol = this.table.symbols.get(target.text);
            if (!symbol) reportUnknownName(target, this.source, this.suggester("rule"), this.diagnostics);
            else if (symbol.kind !== "rule" || (symbol.ruleKind !== "reward" && symbol.ruleKind !== "subsidy")) this.report("K2010", target.span, { name: target.text });
          }
          this.expectBool(s.condition);
          break;
        case "Require":
          this.expectBool(s.condition);
          break;
        case "Review":
          if (s.condition) this.expectBool(s.condition);
          break;
        case "Quota": {
          if (s.target) {
            if (!awards.some((a) => a.name.text === s.target?.text)) this.report("K2014", s.target.span, { name: s.target.text });
          } else if (awards.length !== 1) this.report("K4004", s.span, { what: "名额", whatEn: "a quota", count: String(awards.length) });
          const n = s.count;
          if (n && (!/^\d+$/.test(n.value) || (n.unit && !["个", "项", "家"].includes(n.unit.id)))) this.report("K3022", n.span, { text: n.text });
          const score = this.table.symbols.get(s.score.text);
          if (!score) reportUnknownName(s.score, this.source, this.suggester("name"), this.diagnostics);
          else if (score.kind !== "input" || !isNumeric(score.type)) this.report("K3023", s.score.span, { name: s.score.text });
          break;
        }
        case "Highest":
          // Checked with the definitions of its name (checkHighest).
          break;
        case "Clawback":
          if (awards.length !== 1) this.report("K4004", s.span, { what: "追回", whatEn: "a clawback", count: String(awards.length) });
          this.expectBool(s.condition);
          break;
      }
    }
  }

  private checkRuleClauses(rule: A.RuleDecl): void {
    for (const c of rule.caps) this.checkClause(c, rule);
    for (const c of rule.limits) this.checkClause(c, rule);
    for (const c of rule.splits) this.checkClause(c, rule);
  }

  private checkClause(clause: A.ArticleClause, rule: A.RuleDecl | undefined): void {
    switch (clause.kind) {
      case "Cap": {
        const ruleType = rule ? (this.ruleTypes.get(rule.name.text) ?? T.unknown) : T.money;
        const t = this.inferTop(clause.amount, ruleType.kind === "unknown" ? T.money : ruleType);
        if (t.kind !== "unknown" && ruleType.kind !== "unknown" && (!sameType(t, ruleType) || !isNumeric(ruleType))) {
          this.report("K3005", clause.amount.span, { name: rule?.name.text ?? "", ...this.typeArgs("expected", ruleType), ...this.typeArgs("type", t) });
        }
        break;
      }
      case "Limit": {
        const count = clause.count;
        const once = count === null;
        const onceWritten = this.source.slice(clause.span.start, clause.span.end);
        const hasOnce = /一次|once|一次性|one-off/i.test(onceWritten);
        if (once && !hasOnce) this.report("K3012", clause.span, this.typeArgs("type", T.unknown));
        if (count) {
          const id = count.unit?.id;
          if (id !== "次" && id !== "year") {
            const t = count.unit ? this.numberType(count, undefined) : T.number;
            this.report("K3012", count.span, this.typeArgs("type", t));
          }
        }
        break;
      }
      case "Split": {
        let total = 0n;
        let allLiteral = true;
        for (const share of clause.shares) {
          const t = this.inferTop(share.share, T.rate);
          if (t.kind !== "rate" && t.kind !== "unknown") this.report("K3009", share.share.span, this.typeArgs("type", t));
          if (share.share.kind === "Number" && share.share.unit?.id === "percent" && t.kind === "rate") {
            const value = share.share.value;
            // Splits are computed in millionths of the award (0.0001%); a finer share cannot be divided exactly.
            const decimals = (value.split(".")[1] ?? "").replace(/0+$/, "").length;
            if (decimals > (share.share.unit?.id === "percent" ? 4 : 6)) this.report("K3030", share.share.span, { text: share.share.text });
            total += decimalToMillionths(value);
            if (decimalToMillionths(value) > 100_000_000n) this.report("K3011", share.share.span, { value });
          } else allLiteral = false;
        }
        if (allLiteral && clause.shares.length > 0 && total !== 100_000_000n) {
          this.report("K3010", clause.span, { total: millionthsToDecimal(total) });
        }
        break;
      }
    }
  }

  // ---------------------------------------------------------------- examples

  checkExamples(): void {
    // Inputs an example leaves out take their default, else 否 or 0; a date, a year, a text or an
    // enumeration has no such stand-in, and kuan test could not run the example.
    const needed = [...this.table.symbols.values()].filter(
      (symbol) => symbol.kind === "input" && symbol.decl.default === null && ["date", "year", "text", "enum"].includes(symbol.type.kind),
    );
    const memo = this.exampleMemo;
    const environment = memo ? this.exampleEnvironment() : "";
    for (const example of this.table.examples) {
      if (memo?.clean.get(example) === environment) continue;
      const diagnostics = this.diagnostics.length;
      const symbolRefs = this.symbolRefs;
      this.checkExample(example, needed);
      // Clean, and referring to no input or rule (withLostRuleName reads what is referred to).
      if (memo && this.diagnostics.length === diagnostics && this.symbolRefs === symbolRefs) memo.clean.set(example, environment);
    }
  }

  private checkExample(example: A.ExampleDecl, needed: readonly KSymbol[]): void {
    const given = new Set<string>();
    // A line given again (pasted twice) is one mistake: one K2012 per line.
    const linesWithTwice = new Set<number>();
    for (const g of example.givens) {
      const symbol = this.table.symbols.get(g.name.text);
      if (!symbol || symbol.kind !== "input") {
        this.reportUndeclared("K2007", "input", g.name, g.value);
        continue;
      }
      const lineStart = this.source.lastIndexOf("\n", g.name.span.start - 1);
      if (given.has(g.name.text) && !linesWithTwice.has(lineStart)) {
        linesWithTwice.add(lineStart);
        this.report("K2012", g.name.span, { name: g.name.text });
      }
      given.add(g.name.text);
      this.checkExampleValue(g.name.text, g.value, symbol.type);
    }
    for (const h of example.history) {
      const symbol = this.table.symbols.get(h.rule.text);
      if (!symbol) reportUnknownName(h.rule, this.source, this.suggester("rule"), this.diagnostics);
      else if (symbol.kind !== "rule" || (symbol.ruleKind !== "reward" && symbol.ruleKind !== "subsidy")) this.report("K2013", h.rule.span, { name: h.rule.text });
      const bareYear = h.year.kind === "Number" && h.year.unit === null && /^\d{4}$/.test(h.year.value);
      if (bareYear) this.types.set(h.year, T.year);
      else {
        const y = this.infer(h.year);
        if (y.kind !== "year" && y.kind !== "unknown") this.report("K3013", h.year.span, { name: h.rule.text, ...this.typeArgs("expected", T.year), ...this.typeArgs("type", y) });
      }
      this.checkExampleValue(h.rule.text, h.amount, T.money);
    }
    const missing = needed.filter((symbol) => !given.has(symbol.name)).map((symbol) => symbol.name);
    if (missing.length > 0) {
      const at = example.title?.span ?? { start: example.span.start, end: example.span.start };
      this.report("K2011", at, { name: missing.join("、"), nameEn: missing.join(", "), first: missing[0] ?? "" });
    }
    if (example.expectations.length === 0) this.report("K4010", example.span);
    for (const x of example.expectations) {
      if (x.isOutcome) {
        if (x.value.kind !== "Outcome") this.report("K3019", x.value.span);
        continue;
      }
      const symbol = this.table.symbols.get(x.name.text);
      if (!symbol || symbol.kind !== "rule") {
        this.reportUndeclared("K2009", "rule", x.name, x.value);
        continue;
      }
      this.checkExampleValue(x.name.text, x.value, this.ruleTypes.get(symbol.name) ?? T.unknown);
    }
  }

  /**
   * Everything of the file an example's check reads besides the example itself: every name with
   * its kind, an input's type and whether it has a default, a rule's kind and type, an enumeration
   * value's fields (the "did you mean" lists are made from the names). JSON, so that no two
   * different tables give one key.
   */
  private exampleEnvironment(): string {
    const entries: unknown[] = [];
    for (const symbol of this.table.symbols.values()) {
      switch (symbol.kind) {
        case "input":
          entries.push(["i", symbol.name, symbol.type, symbol.decl.default === null]);
          break;
        case "rule":
          entries.push(["r", symbol.name, symbol.ruleKind, this.ruleTypes.get(symbol.name) ?? null]);
          break;
        case "enumValue":
          entries.push(["e", symbol.name, symbol.fields]);
          break;
      }
    }
    return JSON.stringify(entries);
  }

  /** An example gives an input (K2007) or expects a result (K2009) the policy does not declare: "did you mean", and its value's names still checked. */
  private reportUndeclared(code: "K2007" | "K2009", kind: "input" | "rule", name: A.Name, value: A.Expr): void {
    const suggestion = this.suggester(kind).closest(name.text);
    this.report(code, name.span, suggestion ? { name: name.text, suggestion } : { name: name.text });
    this.infer(value);
  }

  private checkExampleValue(name: string, value: A.Expr, type: KType): void {
    // An example states facts: `已放款 = 是`, not `已放款 = 年龄 ≥ 1年`, which would need the inputs it is meant to give.
    if (!this.isWrittenValue(value)) {
      this.report("K4017", value.span, { name });
      return;
    }
    const t = this.inferTop(value, type.kind === "unknown" ? undefined : type);
    if (t.kind !== "unknown" && type.kind !== "unknown" && !sameType(t, type)) {
      this.report("K3013", value.span, { name, ...this.typeArgs("expected", type), ...this.typeArgs("type", t) });
    }
  }

  /** A value written out: a literal, a negative number, or an enumeration value's name (not another input or rule). */
  private isWrittenValue(e: A.Expr): boolean {
    switch (e.kind) {
      case "Number": case "Date": case "Year": case "Text": case "Bool": case "Outcome": case "ErrorExpr":
        return true;
      case "Negate":
        return e.operand.kind === "Number";
      case "Ref": {
        const symbol = this.table.symbols.get(e.name.text);
        return !symbol || (symbol.kind !== "input" && symbol.kind !== "rule");
      }
      case "Not": case "Call": case "Conditional": case "Membership": case "Binary": case "ApplicationDate":
        return false;
    }
  }

  // ---------------------------------------------------------------- header and usage

  /** A declared default has the field's type (`专利数: 件 默认 0件`). */
  checkDefaults(): void {
    for (const field of this.table.application?.fields ?? []) {
      if (!field.default) continue;
      const symbol = this.table.symbols.get(field.name.text);
      if (symbol?.kind !== "input") continue;
      const t = this.inferTop(field.default, symbol.type);
      if (t.kind !== "unknown" && field.default.kind === "Ref" && this.refs.get(field.default)?.kind !== "enumValue") {
        // A default is a value written out, not another field or rule.
        this.report("K3025", field.default.span, { name: field.name.text, ...this.typeArgs("expected", symbol.type), type: "名称", typeEn: "a name" });
      } else if (t.kind !== "unknown" && !sameType(t, symbol.type)) {
        this.report("K3025", field.default.span, { name: field.name.text, ...this.typeArgs("expected", symbol.type), ...this.typeArgs("type", t) });
      }
    }
  }

  checkHeader(): void {
    const policy = this.table.policy;
    if (!policy) this.report("K4005", { start: 0, end: 0 });
    if (policy?.validFrom && policy.validTo && policy.validTo.value < policy.validFrom.value) {
      this.report("K3020", policy.validTo.span, { from: policy.validFrom.value, to: policy.validTo.value });
    }
    if (!this.table.application && this.table.articles.length > 0) {
      const first = this.table.articles[0];
      if (first) this.report("K4006", first.headerSpan);
    }
  }

  /** Inputs nothing uses, inputs only dead definitions use, and definitions nothing uses. */
  checkUsage(): void {
    const roots = new Set<string>();
    const direct = new Set<string>();
    const collect = (e: A.Expr | null, into: Set<string>) => {
      if (!e) return;
      visitExpr(e, (x) => {
        if (x.kind === "Ref") into.add(x.name.text);
      });
    };
    // A policy that only computes (a tax, a ratio) has its definitions as its results.
    const computesOnly = ![...this.table.symbols.values()].some((s) => s.kind === "rule" && s.ruleKind !== "let");
    for (const symbol of this.table.symbols.values()) {
      if (symbol.kind !== "rule" || (symbol.ruleKind === "let" && !computesOnly)) continue;
      roots.add(symbol.name);
    }
    for (const article of this.table.articles) {
      for (const s of article.statements) {
        if (s.kind === "Except" || s.kind === "Require" || s.kind === "Clawback") collect(s.condition, direct);
        if (s.kind === "Quota") direct.add(s.score.text);
        if (s.kind === "Review") collect(s.condition, direct);
        if (s.kind === "Cap") collect(s.amount, direct);
      }
    }
    for (const [rule, entry] of this.clauses) {
      if (rule.ruleKind === "let") continue;
      for (const c of entry.caps) collect(c.amount, direct);
      // A share written as a name is K5002; the name is not also "unused".
      for (const split of entry.splits) for (const share of split.shares) collect(share.share, direct);
      collect(rule.condition, direct);
    }
    for (const name of direct) roots.add(name);
    // A definition an example checks is a result people read, not dead code.
    for (const example of this.table.examples) for (const x of example.expectations) roots.add(x.name.text);
    const reached = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const name = stack.pop() as string;
      if (reached.has(name)) continue;
      reached.add(name);
      for (const dep of this.dependencies.get(name) ?? []) stack.push(dep);
    }
    const usedBy = new Map<string, string>();
    for (const [rule, deps] of this.dependencies) for (const dep of deps) if (!usedBy.has(dep)) usedBy.set(dep, rule);
    for (const symbol of this.table.symbols.values()) {
      if (symbol.kind === "input" && !reached.has(symbol.name)) {
        const via = usedBy.get(symbol.name);
        if (via) this.report("K4003", symbol.decl.name.span, { name: symbol.name, via });
        else this.report("K4002", symbol.decl.name.span, { name: symbol.name });
      }
      if (symbol.kind === "rule" && symbol.ruleKind === "let" && !reached.has(symbol.name)) {
        const decl = symbol.decls[0];
        if (decl) this.report("K4007", decl.rule.name.span, { name: symbol.name });
      }
    }
  }
}

/**
 * A rule that goes by its keyword (`补贴 = 担保费 + 评估费`) which nothing refers to by that
 * keyword, while examples expect a result that does not exist: the rule's name was most likely
 * deleted. One error on the rule's line (K2016) says so and names what is missing, instead of one
 * at every use of the lost name. With more than one such rule, or no such expectation, the
 * diagnostics stand as they are.
 */
function withLostRuleName(checker: Checker, file: A.KuanFile): Diagnostic[] {
  const all = checker.diagnostics;
  const expected = new Set(all.filter((d) => d.code === "K2009").map((d) => d.args["name"] ?? ""));
  if (expected.size === 0) return all;
  const referred = new Set<string>();
  for (const symbol of checker.refs.values()) referred.add(symbol.name);
  for (const example of checker.table.examples) {
    for (const x of example.expectations) referred.add(x.name.text);
    for (const h of example.history) referred.add(h.rule.text);
  }
  for (const item of file.items) {
    const statements = item.kind === "Article" ? item.statements : [item];
    for (const st of statements) {
      if (st.kind === "Highest") referred.add(st.target.text);
      if (st.kind === "Except") for (const t of st.targets) referred.add(t.text);
      if (st.kind === "Quota" && st.target) referred.add(st.target.text);
    }
  }
  const unnamed = [...checker.table.symbols.values()].flatMap((symbol) =>
    symbol.kind === "rule" && !referred.has(symbol.name) ? symbol.decls.filter((d) => d.rule.implicitName && d.rule.ruleKind !== "let" && d.rule.ruleKind !== "target") : [],
  );
  const lost = unnamed.length === 1 ? unnamed[0]?.rule : undefined;
  if (!lost) return all;
  const folded = (d: Diagnostic) => (d.code === "K2001" || d.code === "K2004" || d.code === "K2009") && (expected.has(d.args["name"] ?? "") || expected.has(d.args["whole"] ?? ""));
  const names = [...expected];
  const shown = names.length > 3 ? [...names.slice(0, 3), "…"] : names;
  const uses = all.filter(folded).slice(0, 3).map((d) => ({ span: d.span, label: { zh: `用到“${d.args["name"] ?? ""}”`, en: `'${d.args["name"] ?? ""}' used here` } }));
  const lostName = diagnostic("K2016", lost.name.span, { keyword: lost.keyword, uses: shown.map((n) => `“${n}”`).join("、"), usesEn: shown.map((n) => `'${n}'`).join(", "), first: names[0] ?? "" }, uses);
  return [...all.filter((d) => !folded(d)), lostName];
}

/**
 * K3006's arguments: the number, and the units it could take where it stands — next to a date,
 * a year or a duration only durations make sense (3天? 3个月? 3年?), elsewhere money, a rate or a count.
 */
function unitHint(text: string, beside: KType | undefined): Record<string, string> {
  const zh = (units: string[]) => units.map((u) => `${text}${u}`).join("、");
  const en = (units: string[]) => units.map((u) => `${text} ${u}`).join(", ");
  const [unitsZh, unitsEn] = ((): [string, string] => {
    switch (beside?.kind) {
      case "date":
        return [zh(["天", "个月", "年", "个工作日"]), en(["days", "months", "years", "working days"])];
      case "year":
        return [zh(["年", "个月"]), en(["years", "months"])];
      case "duration":
        if (beside.family === "months") return [zh(["年", "个月"]), en(["years", "months"])];
        if (beside.family === "days") return [zh(["天"]), en(["days"])];
        return [zh(["个工作日"]), en(["working days"])];
      default:
        return [`${text}元、${text}%、${text}件`, `${text} yuan, ${text}%, ${text} items`];
    }
  })();
  return { text, units: unitsZh, unitsEn };
}

/** A target is a comparison of two quantities (`指标 ≥ 13%`), so its gap can be reported. */
function isTargetComparison(e: A.Expr, types: ReadonlyMap<A.Expr, KType>): boolean {
  if (e.kind !== "Binary" || !["lt", "le", "gt", "ge"].includes(e.op)) return false;
  const t = types.get(e.left);
  return t !== undefined && (t.kind === "unknown" || isNumeric(t) || t.kind === "date" || t.kind === "year");
}

function decimalToMillionths(value: string): bigint {
  const [whole = "0", frac = ""] = value.split(".");
  return BigInt(whole) * 1_000_000n + BigInt((frac + "000000").slice(0, 6));
}

function millionthsToDecimal(v: bigint): string {
  const whole = v / 1_000_000n;
  const frac = (v % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** How deeply an expression may nest (brackets, operators, conditions) before K3031. */
export const MAX_EXPR_DEPTH = 500;

/** The nesting depth of an expression, without recursion (it may be too deep to recurse over). */
function exprDepth(root: A.Expr): number {
  if (isLeaf(root)) return 1;
  let deepest = 0;
  // Two stacks (expression, its depth) and no callback: this runs for every value checked.
  const stack: A.Expr[] = [root];
  const depths: number[] = [1];
  for (let e = stack.pop(); e; e = stack.pop()) {
    const depth = depths.pop() as number;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_EXPR_DEPTH) return deepest;
    const from = stack.length;
    pushChildren(e, stack);
    for (let i = from; i < stack.length; i++) depths.push(depth + 1);
  }
  return deepest;
}

/** Calls `f` on `e` and every sub-expression, parents first, children in order (without recursion). */
export function visitExpr(root: A.Expr, f: (x: A.Expr) => void): void {
  const stack: A.Expr[] = [root];
  const children: A.Expr[] = [];
  for (let e = stack.pop(); e; e = stack.pop()) {
    f(e);
    children.length = 0;
    pushChildren(e, children);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as A.Expr);
  }
}

/** An expression with no sub-expressions (see pushChildren). */
function isLeaf(e: A.Expr): boolean {
  switch (e.kind) {
    case "Binary":
    case "Not":
    case "Negate":
    case "Call":
    case "Conditional":
    case "Membership":
      return false;
    default:
      return true;
  }
}

/** Appends the sub-expressions of `e` to `out`, in order. */
function pushChildren(e: A.Expr, out: A.Expr[]): void {
  switch (e.kind) {
    case "Binary":
      out.push(e.left, e.right);
      break;
    case "Not":
    case "Negate":
      out.push(e.operand);
      break;
    case "Call":
      for (const a of e.args) out.push(a);
      break;
    case "Conditional":
      out.push(e.condition, e.then, e.otherwise);
      break;
    case "Membership":
      out.push(e.value);
      for (const o of e.options) out.push(o);
      break;
    case "Number":
    case "Date":
    case "Year":
    case "Text":
    case "Bool":
    case "Outcome":
    case "Ref":
    case "ApplicationDate":
    case "ErrorExpr":
      break;
    default:
      A.assertNever(e);
  }
}

/**
 * `syntax`: the parser's diagnostics; a definition on a line with a syntax error has no type to
 * lend its uses. `exampleMemo`: kept between checks of one file in the editor, for diagnostics only
 * (see ExampleMemo).
 */
export function check(file: A.KuanFile, source: string, syntax: readonly Diagnostic[] = [], exampleMemo: ExampleMemo | null = null): CheckedProgram {
  const brokenLines = new Set(syntax.filter((d) => d.severity === "error").map((d) => source.lastIndexOf("\n", d.span.start - 1) + 1));
  const checker = new Checker(file, source, brokenLines, exampleMemo);
  checker.checkHeader();
  checker.checkDefaults();
  checker.checkArticles();
  checker.checkExamples();
  checker.checkUsage();
  const seen = new Set<string>();
  const diagnostics = withLostRuleName(checker, file).filter((d) => {
    const key = `${d.code}:${d.span.start}:${d.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    table: checker.table,
    types: checker.types,
    refs: checker.refs,
    ruleTypes: checker.ruleTypes,
    clauses: checker.clauses,
    scalars: checker.scalars,
    highest: checker.highest,
    definitionOrder: checker.definitionOrder,
    diagnostics,
  };
}
