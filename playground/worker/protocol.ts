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

/** Markers shown at most: past this a file is mostly noise (a paste gone wrong); the problem list says how many more. */
export const MAX_MARKERS = 200;

/** The compile's diagnostics: the first MAX_MARKERS in the editor's shape, and how many there are. */
export interface ProblemsView {
  readonly diagnostics: readonly DiagnosticView[];
  readonly errors: number;
  readonly warnings: number;
}

export interface Analysis {
  readonly ok: boolean;
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

/**
 * The page sends every edit at once; the worker compiles only the newest text it has received
 * (older requests still waiting are dropped), answers with the markers first and the preview
 * (analysis, decision, examples) after, and skips the preview when a newer request came in
 * meanwhile. Sample titles are compiled one sample at a time, only when no update waits.
 */
export interface UpdateRequest {
  readonly type: "update";
  readonly id: number;
  readonly source: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly context: EvaluateContext;
  readonly emit: boolean;
  /** The page already has this source's analysis and examples: send only what changed. */
  readonly sourceKnown: boolean;
  /** The page shows this source's markers: send none. */
  readonly markersKnown: boolean;
}

export interface TitlesRequest {
  readonly type: "titles";
  readonly samples: readonly { readonly key: string; readonly source: string }[];
}

export type WorkerRequest = UpdateRequest | TitlesRequest;

/** The diagnostics of a request's source, sent as soon as it is compiled. */
export interface MarkersResponse {
  readonly type: "markers";
  readonly id: number;
  readonly problems: ProblemsView;
  readonly timing: {
    /** Milliseconds compiling (0 when the source was compiled before). */
    readonly compile: number;
    /** Wall-clock (timeOrigin + now) when the worker took the request and when it answered. */
    readonly receivedAt: number;
    readonly answeredAt: number;
  };
}

/** What the preview needs, sent after the markers unless a newer request came in meanwhile. */
export interface PreviewResponse {
  readonly type: "preview";
  readonly id: number;
  /** Null when the page already has it (`sourceKnown`): only the evaluation was redone. */
  readonly analysis: Analysis | null;
  readonly evaluation: EvaluationView;
  readonly examples: ExamplesView | null;
  readonly emitted: EmitView | null;
  readonly timing: {
    readonly evaluate: number;
    /** Milliseconds inside the worker for the whole request, markers and preview. */
    readonly total: number;
    readonly answeredAt: number;
  };
}

export interface TitleResponse {
  readonly type: "title";
  readonly key: string;
  readonly title: string | null;
  readonly version: string | null;
}

export type WorkerResponse = MarkersResponse | PreviewResponse | TitleResponse;
