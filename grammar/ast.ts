/**
 * The typed AST: `kind`-tagged, readonly, a span on every node. Built from the CST in one place
 * (to-ast.ts). Numbers are exact decimal strings; nothing here is a JS floating-point amount.
 */
import type { Span } from "../compiler/diagnostics/index.js";
import type { UnitId } from "./keywords.js";

export type { Span };

export interface Name {
  readonly kind: "Name";
  /** The name without 「」. */
  readonly text: string;
  readonly span: Span;
}

export interface UnitRef {
  readonly kind: "Unit";
  readonly id: UnitId;
  /** As written, e.g. `个工作日`. */
  readonly text: string;
  readonly span: Span;
}

// ------------------------------------------------------------------ expressions

export type BinaryOp = "add" | "sub" | "mul" | "div" | "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "and" | "or";

export type OutcomeValue = "eligible" | "not-eligible" | "needs-review" | "not-applicable" | "computed";

export interface NumberExpr {
  readonly kind: "Number";
  /** Exact decimal, magnitude applied: `2.5亿` → "250000000". */
  readonly value: string;
  readonly unit: UnitRef | null;
  readonly text: string;
  readonly span: Span;
}
export interface DateExpr {
  readonly kind: "Date";
  /** ISO `YYYY-MM-DD`. */
  readonly value: string;
  readonly span: Span;
}
export interface YearExpr {
  readonly kind: "Year";
  readonly value: number;
  readonly span: Span;
}
export interface TextExpr {
  readonly kind: "Text";
  readonly value: string;
  readonly span: Span;
}
export interface BoolExpr {
  readonly kind: "Bool";
  readonly value: boolean;
  readonly span: Span;
}
export interface OutcomeExpr {
  readonly kind: "Outcome";
  readonly value: OutcomeValue;
  readonly span: Span;
}
export interface RefExpr {
  readonly kind: "Ref";
  readonly name: Name;
  readonly span: Span;
}
export interface BinaryExpr {
  readonly kind: "Binary";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly opSpan: Span;
  readonly span: Span;
}
export interface NotExpr {
  readonly kind: "Not";
  readonly operand: Expr;
  readonly span: Span;
}
export interface NegateExpr {
  readonly kind: "Negate";
  readonly operand: Expr;
  readonly span: Span;
}
export interface CallExpr {
  readonly kind: "Call";
  readonly fn: "min" | "max";
  readonly fnText: string;
  readonly args: readonly Expr[];
  readonly span: Span;
}
export interface ConditionalExpr {
  readonly kind: "Conditional";
  readonly condition: Expr;
  readonly then: Expr;
  readonly otherwise: Expr;
  readonly span: Span;
}
export interface MembershipExpr {
  readonly kind: "Membership";
  readonly value: Expr;
  readonly options: readonly Expr[];
  readonly span: Span;
}
/** `申报日期` / `application date`: the date of the application being decided. */
export interface ApplicationDateExpr {
  readonly kind: "ApplicationDate";
  readonly span: Span;
}
/** Where the parser recovered from an error: checked as "unknown", reported once already. */
export interface ErrorExpr {
  readonly kind: "ErrorExpr";
  readonly span: Span;
}

export type Expr =
  | NumberExpr
  | DateExpr
  | YearExpr
  | TextExpr
  | BoolExpr
  | OutcomeExpr
  | RefExpr
  | BinaryExpr
  | NotExpr
  | NegateExpr
  | CallExpr
  | ConditionalExpr
  | MembershipExpr
  | ApplicationDateExpr
  | ErrorExpr;

// ------------------------------------------------------------------ types of inputs

export type TypeExpr =
  | { readonly kind: "MoneyType"; readonly span: Span }
  | { readonly kind: "RateType"; readonly span: Span }
  | { readonly kind: "BooleanType"; readonly span: Span }
  | { readonly kind: "DateType"; readonly span: Span }
  | { readonly kind: "YearType"; readonly span: Span }
  | { readonly kind: "TextType"; readonly span: Span }
  /** `数值` / `quantity`: an exact decimal without a unit (statistics, per-10,000 indicators). */
  | { readonly kind: "QuantityType"; readonly span: Span }
  | { readonly kind: "UnitType"; readonly unit: UnitRef; readonly span: Span }
  | { readonly kind: "EnumType"; readonly values: readonly Name[]; readonly span: Span };

// ------------------------------------------------------------------ declarations

export type RoundingMode = "half-up" | "half-even" | "down" | "up";
export type RoundingUnit = "fen" | "jiao" | "yuan" | "wan";

export interface Rounding {
  readonly kind: "Rounding";
  readonly mode: RoundingMode;
  readonly unit: RoundingUnit;
  readonly span: Span;
}

export interface TextItem {
  readonly text: string;
  readonly span: Span;
}

export interface PolicyDecl {
  readonly kind: "Policy";
  readonly title: TextItem | null;
  readonly version: TextItem | null;
  readonly validFrom: DateExpr | null;
  readonly validTo: DateExpr | null;
  readonly issuer: TextItem | null;
  readonly repeals: readonly TextItem[];
  readonly rounding: Rounding | null;
  readonly span: Span;
}

export interface FieldDecl {
  readonly kind: "Field";
  readonly name: Name;
  readonly type: TypeExpr;
  /** `默认 0件` / `default 0 items`: the value when the application leaves the field out. */
  readonly default: Expr | null;
  readonly description: TextItem | null;
  readonly span: Span;
}

export interface ApplicationDecl {
  readonly kind: "Application";
  readonly subject: TextItem | null;
  readonly fields: readonly FieldDecl[];
  readonly span: Span;
}

export type RuleKind = "reward" | "subsidy" | "eligibility" | "deadline" | "let" | "target";

export interface CapClause {
  readonly kind: "Cap";
  readonly perFirm: boolean;
  readonly perProject: boolean;
  readonly perYear: boolean;
  readonly amount: Expr;
  readonly span: Span;
}

/**
 * A limit on how often: `once per firm` (times 1, per firm), `one-off` (times 1, per project),
 * `2 times per firm`, `2 years in all` / `限补贴1年` (years 2 / 1).
 */
export interface LimitClause {
  readonly kind: "Limit";
  readonly perFirm: boolean;
  readonly perProject: boolean;
  readonly perYear: boolean;
  readonly inAll: boolean;
  readonly oneOff: boolean;
  /** `once`/`一次`/`one-off` give 1 time; otherwise the number with its unit. */
  readonly count: NumberExpr | null;
  readonly span: Span;
}

export interface SplitShare {
  readonly payer: Name;
  readonly share: Expr;
  readonly span: Span;
}

export interface SplitClause {
  readonly kind: "Split";
  readonly shares: readonly SplitShare[];
  readonly span: Span;
}

export interface RuleDecl {
  readonly kind: "Rule";
  readonly ruleKind: RuleKind;
  /** The keyword as written (奖励 / reward …), for messages. */
  readonly keyword: string;
  readonly name: Name;
  /** True when written without a name (`reward = …`): the rule is named after its keyword. */
  readonly implicitName: boolean;
  readonly value: Expr;
  readonly condition: Expr | null;
  readonly caps: readonly CapClause[];
  readonly limits: readonly LimitClause[];
  readonly splits: readonly SplitClause[];
  /** This rule's own rounding (`舍入 … 至 元` on its line); null: the policy's. */
  readonly rounding: Rounding | null;
  /** `优先于 第五条` / `overrides article 5`: this definition prevails over those of the articles named. */
  readonly overrides: readonly ArticleCitation[];
  readonly span: Span;
}

/** An article named in a rule: `第五条` / `article 5`. */
export interface ArticleCitation {
  readonly number: number;
  /** As written. */
  readonly label: string;
  readonly span: Span;
}

/** `按最高标准 认定奖励` / `take the highest recognition_award`: of its definitions that apply, the highest counts. */
export interface HighestDecl {
  readonly kind: "Highest";
  readonly target: Name;
  readonly span: Span;
}

export interface ExceptDecl {
  readonly kind: "Except";
  readonly targets: readonly Name[];
  readonly condition: Expr;
  readonly reason: TextItem | null;
  readonly span: Span;
}

export interface RequireDecl {
  readonly kind: "Require";
  readonly condition: Expr;
  readonly reason: TextItem | null;
  readonly span: Span;
}

export interface ReviewDecl {
  readonly kind: "Review";
  readonly condition: Expr | null;
  readonly reason: TextItem | null;
  readonly span: Span;
}

/** `名额 每年 10个 按 评审得分`: a cohort funds at most `count` applicants, best score first. */
export interface QuotaDecl {
  readonly kind: "Quota";
  /** The award it ranks for; null: the article's one award. */
  readonly target: Name | null;
  readonly count: NumberExpr | null;
  readonly perYear: boolean;
  readonly score: Name;
  readonly span: Span;
}

/** `追回 如果 提前退保`: earlier grants of the article's award are to be recovered. */
export interface ClawbackDecl {
  readonly kind: "Clawback";
  readonly condition: Expr;
  readonly reason: TextItem | null;
  readonly span: Span;
}

/** A cap, limit or split on a line of its own: it applies to the article's one award. */
export type ArticleClause = CapClause | LimitClause | SplitClause;

export type ArticleStatement = RuleDecl | ExceptDecl | RequireDecl | ReviewDecl | QuotaDecl | ClawbackDecl | HighestDecl | ArticleClause;

export interface ArticleDecl {
  readonly kind: "Article";
  /** 4 for 第四条 / article 4. */
  readonly number: number;
  /** As written: `第四条`, `article 4`. */
  readonly label: string;
  readonly title: TextItem | null;
  readonly statements: readonly ArticleStatement[];
  readonly headerSpan: Span;
  readonly span: Span;
}

export interface Assignment {
  readonly kind: "Assignment";
  readonly name: Name;
  readonly value: Expr;
  readonly span: Span;
}

/** `已获 服务费补贴 2022年 7万元`: an earlier grant, for once-only and N-years limits. */
export interface HistoryEntry {
  readonly kind: "History";
  readonly rule: Name;
  readonly year: Expr;
  readonly amount: Expr;
  readonly span: Span;
}

export interface ExampleDecl {
  readonly kind: "Example";
  readonly title: TextItem | null;
  readonly givens: readonly Assignment[];
  readonly history: readonly HistoryEntry[];
  readonly asOf: DateExpr | null;
  /** `预期 结果 = 不符合` is an expectation on the name `outcome`/`结果`, with `isOutcome`. */
  readonly expectations: readonly Expectation[];
  readonly span: Span;
}

export interface Expectation {
  readonly kind: "Expectation";
  readonly name: Name;
  readonly isOutcome: boolean;
  readonly value: Expr;
  readonly span: Span;
}

export type TopItem = PolicyDecl | ApplicationDecl | ArticleDecl | ExampleDecl | RuleDecl | HighestDecl;

export interface KuanFile {
  readonly kind: "File";
  readonly items: readonly TopItem[];
  readonly span: Span;
}

export type AstNode = TopItem | ArticleStatement | Expr | FieldDecl | Assignment | Expectation | SplitShare | Name | TypeExpr;

export function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}
