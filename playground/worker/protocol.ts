/**
 * Messages between the page and the compiler worker. Everything here is plain data (structured
 * clone): spans stay UTF-16 offsets; the page converts them to Monaco positions.
 */
import type { Span } from "../../compiler/diagnostics/index.js";
import type { DecisionView, EvaluateContext, ExampleResult as PipelineExampleResult } from "../../compiler/pipeline.js";
import type { InputError } from "@kuan/runtime";

export type { Span };
export type Lang = "zh" | "en";
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

// ------------------------------------------------------------------ evaluation (the pipeline's shapes)

export type { DecisionView as Decision, EvaluateContext as EvalContext } from "../../compiler/pipeline.js";
export type { Grant, InputError } from "@kuan/runtime";

export type Outcome = "eligible" | "not-eligible" | "needs-review" | "not-applicable" | "computed";

/** An example's result without its decision (the page shows pass/fail and the failures). */
export type ExampleResult = Omit<PipelineExampleResult, "decision">;

// ------------------------------------------------------------------ what the editor needs

export interface DiagnosticView {
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly span: Span;
  readonly message: Bilingual;
  readonly hint: Bilingual | null;
  readonly related: readonly { readonly span: Span; readonly label: Bilingual }[];
}

/** How a value is entered in the preview form. */
export type FieldKind = "money" | "rate" | "count" | "duration" | "bool" | "date" | "year" | "text" | "enum";

export interface FieldView {
  readonly name: string;
  readonly kind: FieldKind;
  /** The unit shown beside the input (元, %, 件, 年…). */
  readonly unit: string | null;
  readonly values: readonly string[];
  readonly description: string | null;
  /** The value the file's first example gives, as written (`500万元`), to prefill the form. */
  readonly example: string | null;
}

export interface SymbolView {
  readonly name: string;
  readonly kind: "input" | "rule" | "enumValue";
  /** `奖励` / `reward`, `申报项` / `input`… */
  readonly role: Bilingual;
  readonly type: Bilingual | null;
  readonly unit: Bilingual | null;
  readonly definition: Span | null;
  /** The article that defines it: `第四条 质押融资奖励`. */
  readonly article: { readonly label: string; readonly title: string | null; readonly span: Span } | null;
  readonly description: string | null;
}

export interface Analysis {
  readonly ok: boolean;
  readonly diagnostics: readonly DiagnosticView[];
  readonly symbols: readonly SymbolView[];
  /** Every place a declared name is written, for hover and go to definition. */
  readonly occurrences: readonly { readonly start: number; readonly end: number; readonly name: string }[];
  readonly fields: readonly FieldView[];
  /** The keyword spelling the file mostly uses, for completion. */
  readonly spelling: Lang;
  readonly policy: { readonly title: string; readonly version: string; readonly validFrom: string | null; readonly validTo: string | null } | null;
  /** The first example's `截至` date, if it gives one: the preview's default application date. */
  readonly exampleAsOf: string | null;
  /** Rewards and subsidies with their article, for the history editor. */
  readonly awards: readonly { readonly name: string; readonly article: string }[];
}

export type EvaluationView =
  | { readonly status: "blocked" }
  | { readonly status: "invalid"; readonly errors: readonly InputError[] }
  | { readonly status: "decided"; readonly decision: DecisionView }
  | { readonly status: "failed"; readonly message: string };

export type ExamplesView =
  | { readonly status: "blocked" }
  | { readonly status: "ran"; readonly results: readonly ExampleResult[] };

export type EmitView = { readonly status: "blocked" } | { readonly status: "emitted"; readonly code: string };

// ------------------------------------------------------------------ messages

export interface UpdateRequest {
  readonly type: "update";
  readonly id: number;
  readonly source: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly context: EvaluateContext;
  readonly emit: boolean;
  /** The page already has this source's analysis and examples: send only what changed. */
  readonly sourceKnown: boolean;
}

export interface TitlesRequest {
  readonly type: "titles";
  readonly id: number;
  readonly samples: readonly { readonly key: string; readonly source: string }[];
}

export type WorkerRequest = UpdateRequest | TitlesRequest;

export interface UpdateResponse {
  readonly type: "update";
  readonly id: number;
  /** Null when the page already has it (`sourceKnown`): only the evaluation was redone. */
  readonly analysis: Analysis | null;
  readonly evaluation: EvaluationView;
  readonly examples: ExamplesView | null;
  readonly emitted: EmitView | null;
  /** Milliseconds inside the worker: compile (0 when cached), evaluate, total. */
  readonly timing: {
    readonly compile: number;
    readonly evaluate: number;
    readonly total: number;
    /** Wall-clock (timeOrigin + now) when the worker took the request and when it answered. */
    readonly receivedAt: number;
    readonly answeredAt: number;
  };
}

export interface TitlesResponse {
  readonly type: "titles";
  readonly id: number;
  readonly titles: readonly { readonly key: string; readonly title: string | null; readonly version: string | null }[];
}

export type WorkerResponse = UpdateResponse | TitlesResponse;
