/**
 * `@kuan/runtime`: what a system that calls Kuan's evaluators uses directly: the decision and
 * error types, JSON in and out (decisions, grants, money), the trace in words, the working-day
 * calendar, a history shared by a batch, and the versions. An emitted module's own `evaluate`,
 * `evaluateMany` and `evaluateCohort` are the way in; see docs/integration.md.
 *
 * The steps that emitted modules call (evaluation sessions, exact arithmetic, date arithmetic,
 * input reading) are `@kuan/runtime/internal`: they change with the evaluator format, not with
 * semantic versioning, so nothing outside Kuan should import them.
 */
export { RUNTIME_VERSION, EVALUATOR_FORMATS } from "./version.js";
export type { Decision, DecisionJson, DecisionWarning, EvaluationOptions, EvaluationResult, HistoryPolicy, HistoryRead, InputError, InputErrorCode, ReasonJson } from "./evaluation.js";
export { INPUT_ERROR_CODES, decisionToJson, grantsFromJson, readHistory, policyId, outputToJson, outputDisplay } from "./evaluation.js";
export type { ArticleInfo, Grant, GrantInput, Outcome, Reason, ReasonKind, Span, TraceEntry, TraceValue, FormulaLine, CapSpec, CapScope, LimitSpec, ShareSpec } from "./decide.js";
export type { Bilingual, RuntimeValue } from "./trace-text.js";
export { formatValue, traceText } from "./trace-text.js";
export type { Dec, Rounding, RoundingMode, RoundingUnit } from "./exact.js";
export { decToString, formatMoneyEn, formatMoneyZh, formatYuan, MAX_WHOLE_YUAN, parseDec, KuanDivisionError, KuanRangeError } from "./exact.js";
export type { WorkingDayCalendar } from "./dates.js";
export { CalendarRangeError } from "./dates.js";
export { CN_CALENDAR } from "./calendars/cn.js";
export type { InputSpec, JsonShape, NamedInputSpec } from "./inputs.js";
export { inputShapes } from "./inputs.js";
export type { CohortPlacement } from "./cohort.js";
export type { BatchApplication, BatchDecision, BatchOptions, CohortApplication, CohortResult } from "./cohort-run.js";
export { SharedHistory, shareHistory } from "./history.js";
