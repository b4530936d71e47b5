/**
 * The IR: a checked policy lowered to what an evaluator does. Operations are resolved by type
 * (money × rate is `moneyMul`, not `mul`), constants are exact (money in fen as a decimal
 * string, other numbers as exact decimal strings), and every figure keeps its article and span.
 * The interpreter walks it; the emitter prints it. Both call the same runtime.
 */
import type { ExplainNode } from "@kuan/runtime/internal";
import type { Span } from "../diagnostics/index.js";

/** What a value is at run time. Rates, counts, durations and plain factors are exact decimals. */
export type ValueKind = "money" | "dec" | "date" | "year" | "bool" | "text" | "outcome";

export type NumberDomain = "money" | "dec" | "date" | "year";
export type Comparison = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

export type IrExpr =
  | { readonly op: "money"; readonly fen: string }
  | { readonly op: "dec"; readonly value: string }
  | { readonly op: "date"; readonly value: string }
  | { readonly op: "year"; readonly value: number }
  | { readonly op: "bool"; readonly value: boolean }
  | { readonly op: "text"; readonly value: string }
  | { readonly op: "input"; readonly name: string; readonly kind: ValueKind }
  /** The date of the application being decided (申报日期). */
  | { readonly op: "applicationDate" }
  | { readonly op: "rule"; readonly name: string; readonly kind: ValueKind }
  | { readonly op: "moneyAdd" | "moneySub"; readonly a: IrExpr; readonly b: IrExpr }
  | { readonly op: "decAdd" | "decSub" | "decMul"; readonly a: IrExpr; readonly b: IrExpr }
  /** Exact decimal division, rounded to 10 decimal places (half-even): ratios such as money ÷ money. */
  | { readonly op: "decDiv"; readonly a: IrExpr; readonly b: IrExpr }
  /** money × factor, rounded once (the rule's rounding, else the policy's). */
  | { readonly op: "moneyMul"; readonly money: IrExpr; readonly factor: IrExpr; readonly rounding: Rounding }
  /** money ÷ divisor, rounded once (the rule's rounding, else the policy's). */
  | { readonly op: "moneyDiv"; readonly money: IrExpr; readonly divisor: IrExpr; readonly rounding: Rounding }
  /** money ÷ money: an exact ratio (10 decimal places). */
  | { readonly op: "moneyRatio"; readonly a: IrExpr; readonly b: IrExpr }
  | { readonly op: "moneyNeg" | "decNeg"; readonly a: IrExpr }
  | { readonly op: "compare"; readonly domain: NumberDomain | "plain"; readonly cmp: Comparison; readonly a: IrExpr; readonly b: IrExpr }
  | { readonly op: "and" | "or"; readonly a: IrExpr; readonly b: IrExpr }
  | { readonly op: "not"; readonly a: IrExpr }
  | { readonly op: "min" | "max"; readonly domain: NumberDomain; readonly args: readonly IrExpr[] }
  | { readonly op: "if"; readonly cond: IrExpr; readonly then: IrExpr; readonly otherwise: IrExpr }
  | { readonly op: "in"; readonly domain: NumberDomain | "plain"; readonly value: IrExpr; readonly options: readonly IrExpr[] }
  /** date ± duration; months clamp to the month's end; working days use the calendar. */
  | { readonly op: "dateAdd"; readonly unit: "months" | "days" | "workdays"; readonly sign: 1 | -1; readonly date: IrExpr; readonly amount: IrExpr }
  /** year ± a whole number of years (given in months). */
  | { readonly op: "yearAdd"; readonly sign: 1 | -1; readonly year: IrExpr; readonly months: IrExpr }
  /** date − date in days; year − year in months. */
  | { readonly op: "dateDiff" | "yearDiff"; readonly a: IrExpr; readonly b: IrExpr };

import type { InputSpec } from "@kuan/runtime/internal";

export type { InputSpec } from "@kuan/runtime/internal";

export interface IrInput {
  readonly name: string;
  readonly spec: InputSpec;
  /** The declared default as the application would give it (yuan, a decimal, a date…); absent: required. */
  readonly default?: string | number | boolean;
  readonly description: string | null;
  readonly span: Span;
}

export interface ArticleRef {
  /** As written: `第四条`, `article 4`. */
  readonly label: string;
  readonly number: number;
  readonly title: string | null;
}

/** How a value is shown in the trace: money, a percentage, a count with its unit, a duration… */
export type DisplayFormat = "money" | "percent" | "number" | "months" | "days" | "workdays" | "date" | "year" | "bool" | "text" | `count:${string}`;

/** A formula as the officer wrote it, with holes where the values of names go. */
export interface FormulaTemplate {
  readonly parts: readonly (string | number)[];
  readonly holes: readonly { readonly expr: IrExpr; readonly format: DisplayFormat }[];
}

/**
 * How a condition is explained with its values ("企业投入 150万元，须不少于 …"): the shape of the
 * condition (runtime/src/trace-text.ts renders it) and the expressions whose values it shows.
 */
export interface IrExplain {
  /** The condition as written. */
  readonly source: string;
  readonly node: ExplainNode;
  readonly holes: readonly { readonly expr: IrExpr; readonly name: string; readonly format: DisplayFormat }[];
}

export interface IrDefinition {
  readonly condition: IrExpr | null;
  /** The condition explained, for "does not apply" (null without a condition). */
  readonly explain: IrExplain | null;
  readonly value: IrExpr;
  readonly formula: FormulaTemplate;
  readonly conditionText: string | null;
  readonly article: ArticleRef | null;
  /** Where it is, for the trace: the article, or the line of a definition outside articles. */
  readonly label: { readonly zh: string; readonly en: string };
  readonly span: Span;
}

export type CapScope = "each" | "firm" | "firm-year" | "project" | "project-year";

export interface IrCap {
  readonly scope: CapScope;
  readonly amount: IrExpr;
  readonly text: string;
  readonly span: Span;
}

export interface IrLimit {
  /** "times": at most n grants; "years": grants in at most n distinct years. */
  readonly kind: "times" | "years";
  readonly n: number;
  readonly scope: "firm" | "project";
  readonly text: string;
  readonly span: Span;
}

export interface IrShare {
  readonly payer: string;
  /** Exact decimal fraction, e.g. "0.5". */
  readonly share: string;
}

export interface IrCondition {
  readonly condition: IrExpr;
  readonly article: ArticleRef;
  /** The reason as the officer gave it, or the condition's text. */
  readonly reason: string;
  readonly explain: IrExplain;
  readonly span: Span;
}

export interface IrReview {
  readonly condition: IrExpr | null;
  readonly article: ArticleRef;
  readonly reason: string;
  readonly explain: IrExplain | null;
  readonly span: Span;
}

/** A target's two sides, so the decision can say met / not met and the gap. */
export interface IrTarget {
  readonly actual: IrExpr;
  readonly goal: IrExpr;
  readonly cmp: "lt" | "le" | "gt" | "ge";
  readonly domain: NumberDomain;
}

export interface IrQuota {
  readonly n: number;
  readonly perYear: boolean;
  readonly score: string;
  readonly text: string;
  readonly span: Span;
}

export interface IrRule {
  readonly name: string;
  /** How the rule's own value is shown. */
  readonly format: DisplayFormat;
  readonly kind: "reward" | "subsidy" | "eligibility" | "deadline" | "let" | "target";
  readonly valueKind: ValueKind;
  /**
   * Conditional definitions first, each before those it prevails over (优先于), else in source
   * order; the default (unconditional) last.
   */
  readonly definitions: readonly IrDefinition[];
  /** "first": the first definition that holds (the checker proved the rest never compete); "highest": 按最高标准. */
  readonly combine: "first" | "highest";
  readonly article: ArticleRef | null;
  readonly requires: readonly IrCondition[];
  readonly reviews: readonly IrReview[];
  readonly caps: readonly IrCap[];
  readonly limits: readonly IrLimit[];
  readonly split: readonly IrShare[] | null;
  readonly target: IrTarget | null;
  readonly quota: IrQuota | null;
  readonly clawbacks: readonly IrCondition[];
  /**
   * For eligibility tests and targets: whether the decision's outcome rests on it. A test that
   * another rule builds on (企业符合条件 in 可以申报 = 企业符合条件 或 …) is a step, not a verdict.
   */
  readonly decisive: boolean;
  readonly span: Span;
}

export interface IrExclusion extends IrCondition {
  /** Rules it overrides; null: every award of the measure. */
  readonly targets: readonly string[] | null;
}

import type { RoundingMode, RoundingUnit } from "../../grammar/ast.js";

export type { RoundingMode, RoundingUnit } from "../../grammar/ast.js";
export interface Rounding {
  readonly mode: RoundingMode;
  readonly unit: RoundingUnit;
}

export interface IrPolicy {
  /** The key of its grants in a ledger: derived from the title (runtime `policyId`), the same in every version. */
  readonly id: string;
  /** The title as written, for display. */
  readonly title: string;
  readonly version: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly issuer: string | null;
  readonly repeals: readonly string[];
  readonly rounding: Rounding;
  readonly inputs: readonly IrInput[];
  /** In dependency order: a rule comes after every rule it refers to. */
  readonly rules: readonly IrRule[];
  readonly exclusions: readonly IrExclusion[];
  /** Reviews of articles without awards: decided once, after every rule ("may be relaxed"). */
  readonly reviews: readonly IrReview[];
  readonly examples: readonly IrExample[];
}

/** An example from the file, lowered: inputs, earlier grants, expectations. */
export interface IrExample {
  readonly title: string;
  readonly span: Span;
  readonly asOf: string | null;
  readonly givens: readonly { readonly name: string; readonly value: IrExpr; readonly span: Span }[];
  readonly history: readonly { readonly rule: string; readonly year: IrExpr; readonly amount: IrExpr; readonly span: Span }[];
  readonly expectations: readonly { readonly name: string; readonly isOutcome: boolean; readonly value: IrExpr; readonly format: DisplayFormat; readonly span: Span }[];
}
