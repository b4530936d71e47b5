/**
 * Which runtime this is, and which emitted modules it can run. An emitted module checks
 * EVALUATOR_FORMATS when it loads: the steps it calls (`@kuan/runtime/internal`) change only with
 * a new format number, so a mismatch is one clear error at import, never a wrong figure later.
 */

/** The package version, in lockstep with the `kuan` compiler (a test keeps them equal). */
export const RUNTIME_VERSION: string = "0.1.0";

/** The formats of emitted modules this runtime runs; kuan 0.1 emits format 3 (format 2 kept each award's result and joined them with awardsOutcome, awardsGrants and awardsReasons; format 1 built trace lines with formulaLine, and its split lines listed payers). */
export const EVALUATOR_FORMATS: readonly number[] = [3];
