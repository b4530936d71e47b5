/**
 * Name resolution: builds the symbol table (inputs, rules, enumeration values) and reports
 * duplicates. Looking names up, with "did you mean", is `resolveName`.
 */
import type * as A from "../../grammar/ast.js";
import { KEYWORDS } from "../../grammar/keywords.js";
import { diagnostic, LineMap, type Diagnostic } from "../diagnostics/index.js";
import type { Suggester } from "../diagnostics/suggest.js";
import type { CountUnit, KType } from "../check/types.js";
import { T } from "../check/types.js";

export interface InputSymbol {
  readonly kind: "input";
  readonly name: string;
  readonly type: KType;
  readonly decl: A.FieldDecl;
}

export interface RuleSymbol {
  readonly kind: "rule";
  readonly name: string;
  readonly ruleKind: A.RuleKind;
  /** Every definition, in source order (a default and its exceptions). */
  readonly decls: readonly { readonly rule: A.RuleDecl; readonly article: A.ArticleDecl | null }[];
}

export interface EnumValueSymbol {
  readonly kind: "enumValue";
  readonly name: string;
  /** Enumerated inputs that have this value. */
  readonly fields: readonly string[];
}

export type KSymbol = InputSymbol | RuleSymbol | EnumValueSymbol;

export interface SymbolTable {
  readonly symbols: ReadonlyMap<string, KSymbol>;
  readonly policy: A.PolicyDecl | null;
  readonly application: A.ApplicationDecl | null;
  readonly articles: readonly A.ArticleDecl[];
  readonly examples: readonly A.ExampleDecl[];
}

const COUNT_UNITS: readonly string[] = ["件", "项", "家", "个", "次", "人"];

export function fieldType(decl: A.FieldDecl): KType {
  const t = decl.type;
  switch (t.kind) {
    case "MoneyType": return T.money;
    case "RateType": return T.rate;
    case "BooleanType": return T.bool;
    case "DateType": return T.date;
    case "YearType": return T.year;
    case "TextType": return T.text;
    case "QuantityType": return T.quantity;
    case "EnumType": return { kind: "enum", field: decl.name.text, values: t.values.map((v) => v.text) };
    case "UnitType": {
      const id = t.unit.id;
      if (COUNT_UNITS.includes(id)) return T.count(id as CountUnit);
      if (id === "year" || id === "month") return T.duration("months");
      if (id === "day") return T.duration("days");
      if (id === "workday") return T.duration("workdays");
      if (id === "yuan") return T.money;
      return T.rate;
    }
  }
}

export function buildSymbols(file: A.KuanFile, source: string, diagnostics: Diagnostic[]): SymbolTable {
  // Only a duplicate's message needs line numbers: the map is made at the first.
  let lineMap: LineMap | null = null;
  const lines = { position: (offset: number) => (lineMap ??= LineMap.of(source)).position(offset) };
  const symbols = new Map<string, KSymbol>();
  const firstSpan = new Map<string, A.Span>();
  let policy: A.PolicyDecl | null = null;
  let application: A.ApplicationDecl | null = null;
  const articles: A.ArticleDecl[] = [];
  /** The first article of each number (a scan of all earlier articles made the checker quadratic). */
  const articleByNumber = new Map<number, A.ArticleDecl>();
  const examples: A.ExampleDecl[] = [];
  const ruleDecls = new Map<string, { rule: A.RuleDecl; article: A.ArticleDecl | null }[]>();

  const duplicate = (name: A.Name) => {
    const first = firstSpan.get(name.text);
    diagnostics.push(
      diagnostic("K2002", name.span, { name: name.text, line: String(first ? lines.position(first.start).line : 0) }, first ? [{ span: first, label: { zh: "首次定义", en: "first defined here" } }] : undefined),
    );
  };

  const addRule = (rule: A.RuleDecl, article: A.ArticleDecl | null) => {
    const list = ruleDecls.get(rule.name.text);
    if (list) list.push({ rule, article });
    else ruleDecls.set(rule.name.text, [{ rule, article }]);
  };

  for (const item of file.items) {
    switch (item.kind) {
      case "Policy":
        if (policy) {
          diagnostics.push(diagnostic("K4009", item.span, { what: "政策", whatEn: "policy", line: String(lines.position(policy.span.start).line) }));
        } else policy = item;
        break;
      case "Application":
        const second = application !== null;
        if (application) {
          diagnostics.push(diagnostic("K4009", item.span, { what: "申报", whatEn: "application", line: String(lines.position(application.span.start).line) }));
        } else application = item;
        // The fields of a second block are still declared (a block pasted twice is one mistake, K4009).
        for (const field of item.fields) {
          if (symbols.has(field.name.text)) {
            if (!second) duplicate(field.name);
            continue;
          }
          symbols.set(field.name.text, { kind: "input", name: field.name.text, type: fieldType(field), decl: field });
          firstSpan.set(field.name.text, field.name.span);
        }
        break;
      case "Article": {
        const same = item.number !== 0 ? articleByNumber.get(item.number) : undefined;
        if (same) {
          diagnostics.push(diagnostic("K2005", item.headerSpan, { article: item.label, line: String(lines.position(same.span.start).line) }));
        } else if (item.number !== 0) articleByNumber.set(item.number, item);
        articles.push(item);
        for (const s of item.statements) if (s.kind === "Rule") addRule(s, item);
        break;
      }
      case "Example":
        examples.push(item);
        break;
      case "Rule":
        addRule(item, null);
        break;
    }
  }

  for (const [name, decls] of ruleDecls) {
    const first = decls[0];
    if (!first) continue;
    if (symbols.has(name)) {
      duplicate(first.rule.name);
      continue;
    }
    symbols.set(name, { kind: "rule", name, ruleKind: first.rule.ruleKind, decls });
    firstSpan.set(name, first.rule.name.span);
  }

  // Enumeration values are names too (`评价结果 = 优秀`); a value may belong to several enumerations.
  const enumFields = new Map<string, string[]>();
  for (const item of file.items) {
    if (item.kind !== "Application") continue;
    for (const field of item.fields) {
      if (field.type.kind !== "EnumType" || (symbols.get(field.name.text) as InputSymbol | undefined)?.decl !== field) continue;
      const seen = new Set<string>();
      for (const v of field.type.values) {
        if (seen.has(v.text)) {
          diagnostics.push(diagnostic("K2002", v.span, { name: v.text, line: String(lines.position(field.span.start).line) }));
          continue;
        }
        seen.add(v.text);
        const list = enumFields.get(v.text) ?? [];
        list.push(field.name.text);
        enumFields.set(v.text, list);
      }
    }
  }
  for (const [value, fields] of enumFields) {
    if (!symbols.has(value)) symbols.set(value, { kind: "enumValue", name: value, fields });
  }

  return { symbols, policy, application, articles, examples };
}

const CHINESE_KEYWORD_SPELLINGS = KEYWORDS.flatMap((k) => k.zh).sort((a, b) => b.length - a.length);
/** Keywords that join two operands (`且`, `或`, `不少于` …). */
const JOINING: ReadonlySet<string> = new Set(KEYWORDS.filter((k) => ["And", "Or", "Then", "Else", "In", "AtLeast", "AtMost", "MoreThan", "LessThan"].includes(k.name)).flatMap((k) => k.zh));
/** Keywords after which an operand is still to come: what ends in one of them is not an operand. */
const WANTS_OPERAND = KEYWORDS.filter((k) => ["And", "Or", "Then", "Else", "In", "AtLeast", "AtMost", "MoreThan", "LessThan", "If", "Not"].includes(k.name)).flatMap((k) => [...k.zh, ...k.en]);

/** Whether an operand (a name, a number, a closing bracket or quote) ends at `end`, spaces aside. */
function operandEndsAt(source: string, end: number): boolean {
  let i = end;
  while (i > 0 && /[ \t\u3000]/.test(source.charAt(i - 1))) i--;
  if (i === 0 || !/[\p{L}\p{N}_)）」"”%％]/u.test(source.charAt(i - 1))) return false;
  return !WANTS_OPERAND.some((k) => source.slice(Math.max(0, i - k.length), i).toLowerCase() === k.toLowerCase() && !(/^[a-z]/i.test(k) && /[A-Za-z0-9_]/.test(source.charAt(i - k.length - 1))));
}

/** Whether an operand starts at `start`, spaces aside. */
function operandStartsAt(source: string, start: number): boolean {
  let i = start;
  while (i < source.length && /[ \t\u3000]/.test(source.charAt(i))) i++;
  return /[\p{L}\p{N}_(（「"“]/u.test(source.charAt(i));
}

/**
 * Reports an unknown name. When a keyword written right against it split what may have been
 * meant as one name (`非专利技术占比`), says so and shows the 「」 fix.
 */
export function reportUnknownName(name: A.Name, source: string, candidates: Suggester, diagnostics: Diagnostic[]): void {
  // A conjunction with an operand on its other side is doing its work (`已放款且未知`): it split nothing.
  const before = CHINESE_KEYWORD_SPELLINGS.find((k) => source.endsWith(k, name.span.start) && !(JOINING.has(k) && operandEndsAt(source, name.span.start - k.length)));
  const after = CHINESE_KEYWORD_SPELLINGS.find((k) => source.startsWith(k, name.span.end) && !(JOINING.has(k) && operandStartsAt(source, name.span.end + k.length)));
  if (before || after) {
    const keyword = before ?? after ?? "";
    const whole = before ? before + name.text : name.text + keyword;
    diagnostics.push(diagnostic("K2004", name.span, { name: name.text, keyword, whole }));
    return;
  }
  const suggestion = candidates.closest(name.text);
  diagnostics.push(diagnostic("K2001", name.span, suggestion ? { name: name.text, suggestion } : { name: name.text }));
}
