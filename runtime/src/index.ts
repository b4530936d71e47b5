/**
 * Kuan's runtime, imported by every emitted evaluator as `@kuan/runtime` and by the interpreter:
 * exact money and decimals, dates and working days, input validation, the steps of an evaluation,
 * and the trace in words.
 */
export * from "./exact.js";
export * from "./dates.js";
export * from "./decide.js";
export * from "./evaluation.js";
export * from "./inputs.js";
export * from "./session.js";
export * from "./definitions.js";
export * from "./trace-text.js";
export { CN_CALENDAR } from "./calendars/cn.js";
export * from "./cohort.js";
