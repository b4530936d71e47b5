/**
 * `@kuan/runtime/internal`: everything, including the steps that emitted modules and Kuan's own
 * interpreter call. Not a public API: it changes with the evaluator format (EVALUATOR_FORMATS),
 * which every emitted module checks when it loads. Use `@kuan/runtime` instead.
 */
export * from "./index.js";
export * from "./exact.js";
export * from "./dates.js";
export * from "./decide.js";
export * from "./evaluation.js";
export * from "./inputs.js";
export * from "./session.js";
export * from "./trace-text.js";
export * from "./cohort.js";
export * from "./cohort-run.js";
export * from "./history.js";
export * from "./definitions.js";
