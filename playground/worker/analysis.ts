/**
 * What the editor needs from one compile, as plain data: the diagnostics in both languages (sent
 * first, for the markers), then the declared names with their types, units and defining
 * articles, where each name is written, and the application's fields for the preview form.
 */
import type * as A from "../../grammar/ast.js";
import type { CompileResult } from "../../compiler/pipeline.js";
import type { KType } from "../../compiler/check/index.js";
import { RULE_KIND_NAMES } from "../../compiler/pipeline.js";
import { hintOf, messageOf, type Diagnostic } from "../../compiler/diagnostics/index.js";
import { MAX_MARKERS, type Analysis, type Bilingual, type DiagnosticView, type FieldKind, type FieldView, type Lang, type ProblemsView, type SymbolView } from "./protocol.js";

/** The markers' part of a compile: only the diagnostics shown are put in both languages (a garbage paste has thousands). */
export function problems(result: Pick<CompileResult, "diagnostics">): ProblemsView {
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  return { diagnostics: result.diagnostics.slice(0, MAX_MARKERS).map(diagnosticView), errors, warnings: result.diagnostics.length - errors };
}

export function analyse(result: CompileResult): Analysis {
  const { table, ruleTypes } = result.program;
  const symbols: SymbolView[] = [];
  for (const symbol of table.symbols.values()) {
    switch (symbol.kind) {
      case "input":
        symbols.push({
          name: symbol.name,
          kind: "input",
          role: { zh: "申报项", en: "application input" },
          type: typeText(symbol.type),
          unit: unitText(symbol.type),
          definition: symbol.decl.name.span,
          article: null,
          description: symbol.decl.description?.text ?? null,
        });
        break;
      case "rule": {
        const first = symbol.decls[0];
        const type = ruleTypes.get(symbol.name);
        symbols.push({
          name: symbol.name,
          kind: "rule",
          role: RULE_ROLES[symbol.ruleKind],
          type: type ? typeText(type) : null,
          unit: type ? unitText(type) : null,
          definition: first?.rule.name.span ?? null,
          article: first?.article
            ? { label: first.article.label, title: first.article.title?.text ?? null, span: first.article.headerSpan }
            : null,
          description: null,
        });
        break;
      }
      case "enumValue": {
        const definition = table.application?.fields
          .flatMap((f) => (f.type.kind === "EnumType" ? f.type.values : []))
          .find((v) => v.text === symbol.name);
        symbols.push({
          name: symbol.name,
          kind: "enumValue",
          role: { zh: "取值", en: "enumeration value" },
          type: { zh: symbol.fields.map((f) => `“${f}”的取值`).join("、"), en: symbol.fields.map((f) => `a value of '${f}'`).join(", ") },
          unit: null,
          definition: definition?.span ?? null,
          article: null,
          description: null,
        });
        break;
      }
    }
  }

  const awards = [...table.symbols.values()].flatMap((s) =>
    s.kind === "rule" && (s.ruleKind === "reward" || s.ruleKind === "subsidy") ? [{ name: s.name, article: s.decls[0]?.article?.label ?? "" }] : [],
  );

  return {
    ok: result.ok,
    symbols,
    occurrences: occurrences(result.ast, table.symbols),
    fields: fields(result),
    spelling: spelling(result.ast),
    policy: table.policy
      ? {
          title: table.policy.title?.text ?? "",
          version: table.policy.version?.text ?? "",
          validFrom: table.policy.validFrom?.value ?? null,
          validTo: table.policy.validTo?.value ?? null,
        }
      : null,
    exampleAsOf: table.examples[0]?.asOf?.value ?? null,
    awards,
  };
}

function diagnosticView(d: Diagnostic): DiagnosticView {
  const hintZh = hintOf(d, "zh");
  const hintEn = hintOf(d, "en");
  return {
    code: d.code,
    severity: d.severity,
    span: d.span,
    message: { zh: messageOf(d, "zh"), en: messageOf(d, "en") },
    hint: hintZh !== undefined && hintEn !== undefined ? { zh: hintZh, en: hintEn } : null,
    related: d.related ?? [],
  };
}

const RULE_ROLES: Readonly<Record<A.RuleKind, Bilingual>> = RULE_KIND_NAMES;

const DURATION_UNITS: Record<"months" | "days" | "workdays", Bilingual> = {
  months: { zh: "年 / 个月", en: "years / months" },
  days: { zh: "日", en: "days" },
  workdays: { zh: "工作日", en: "working days" },
};

function typeText(t: KType): Bilingual {
  switch (t.kind) {
    case "money": return { zh: "金额", en: "money" };
    case "rate": return { zh: "比例", en: "rate" };
    case "count": return { zh: "数量", en: "count" };
    case "quantity": return { zh: "数值", en: "quantity" };
    case "duration": return { zh: "期间", en: "duration" };
    case "date": return { zh: "日期", en: "date" };
    case "year": return { zh: "年份", en: "year" };
    case "bool": return { zh: "是否", en: "yes/no" };
    case "enum": return { zh: `之一（${t.values.join("、")}）`, en: `one of (${t.values.join(", ")})` };
    case "text": return { zh: "文本", en: "text" };
    case "outcome": return { zh: "结果", en: "outcome" };
    case "number": return { zh: "无单位的数字", en: "number without a unit" };
    case "unknown": return { zh: "未知", en: "unknown" };
  }
}

function unitText(t: KType): Bilingual | null {
  switch (t.kind) {
    case "money": return { zh: "元（精确到分）", en: "yuan (exact to the fen)" };
    case "rate": return { zh: "%", en: "%" };
    case "count": return { zh: t.unit, en: t.unit };
    case "duration": return DURATION_UNITS[t.family];
    default: return null;
  }
}

function fieldKind(t: A.TypeExpr): { kind: FieldKind; unit: string | null } {
  switch (t.kind) {
    case "MoneyType": return { kind: "money", unit: "元" };
    case "RateType": return { kind: "rate", unit: "%" };
    case "BooleanType": return { kind: "bool", unit: null };
    case "DateType": return { kind: "date", unit: null };
    case "YearType": return { kind: "year", unit: null };
    case "TextType": return { kind: "text", unit: null };
    // A quantity is entered like a count, decimals allowed, with no unit.
    case "QuantityType": return { kind: "count", unit: null };
    case "EnumType": return { kind: "enum", unit: null };
    case "UnitType": {
      const dimension = t.unit.id;
      if (dimension === "yuan") return { kind: "money", unit: "元" };
      if (dimension === "percent") return { kind: "rate", unit: "%" };
      if (dimension === "year" || dimension === "month" || dimension === "day" || dimension === "workday") return { kind: "duration", unit: t.unit.text };
      return { kind: "count", unit: t.unit.text };
    }
  }
}

/** Examples may leave out yes/no inputs (否) and amounts, rates, counts and durations (0). */
const EXAMPLE_DEFAULTS: Partial<Record<FieldKind, string>> = { bool: "否", money: "0", rate: "0", count: "0", duration: "0" };

function fields(result: CompileResult): FieldView[] {
  const application = result.program.table.application;
  if (!application) return [];
  const firstExample = result.program.table.examples[0];
  return application.fields.map((field) => {
    const given = firstExample?.givens.find((g) => g.name.text === field.name.text);
    const { kind, unit } = fieldKind(field.type);
    return {
      name: field.name.text,
      kind,
      unit,
      values: field.type.kind === "EnumType" ? field.type.values.map((v) => v.text) : [],
      description: field.description?.text ?? null,
      // What the first example gives; else what `kuan test` assumes when an example leaves it out.
      example: given ? prefill(given.value, kind, field.type, result.source) : EXAMPLE_DEFAULTS[kind] ?? null,
    };
  });
}

/**
 * A form value the evaluator accepts, from what an example gives: a count or duration field takes
 * the bare number (`50件` → `50`, `两件` → `2`) when the example's unit is the field's own; the
 * rest as written.
 */
function prefill(value: A.Expr, kind: FieldKind, type: A.TypeExpr, source: string): string {
  const written = source.slice(value.span.start, value.span.end);
  if ((kind !== "count" && kind !== "duration") || value.kind !== "Number") return written;
  const fieldUnit = type.kind === "UnitType" ? type.unit.id : null;
  return value.unit === null || value.unit.id === fieldUnit ? value.value : written;
}

/** Every `Name` node whose text is a declared name: a walk over the readonly AST tree. */
function occurrences(file: A.KuanFile, symbols: ReadonlyMap<string, unknown>): { start: number; end: number; name: string }[] {
  const found: { start: number; end: number; name: string }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (record["kind"] === "Name") {
      const name = node as A.Name;
      if (symbols.has(name.text)) found.push({ start: name.span.start, end: name.span.end, name: name.text });
      return;
    }
    for (const key in record) if (key !== "span") visit(record[key]);
  };
  visit(file.items);
  return found.sort((a, b) => a.start - b.start);
}

const HAS_CJK = /[\u3400-\u9fff]/;

/** Chinese when most statement keywords and article headers are written in Chinese. */
function spelling(file: A.KuanFile): Lang {
  let zh = 0;
  let en = 0;
  const count = (written: string) => (HAS_CJK.test(written) ? zh++ : en++);
  for (const item of file.items) {
    if (item.kind === "Article") {
      count(item.label);
      for (const s of item.statements) if (s.kind === "Rule") count(s.keyword);
    } else if (item.kind === "Rule") count(item.keyword);
  }
  return en > zh ? "en" : "zh";
}
