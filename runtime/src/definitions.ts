/**
 * Choosing among the definitions of one name. The compiler orders them (the one that prevails
 * first, the default last) and proves that unordered ones never both apply, so "the first that
 * holds" is the only choice left for run time; 按最高标准 takes the highest of those that hold.
 * A definition (定义) is computed where it stands, but a failure (a division by zero in a branch
 * no award needs) only counts where its value is used.
 */
import { EvaluationFailure, type ArticleInfo, type Span, type TraceEntry } from "./decide.js";
import { decCompare, type Dec } from "./exact.js";
import { traceValue, type Bilingual, type RuntimeValue } from "./trace-text.js";

/** The index of the highest value that is not null (the first of equal ones), or -1. */
export function highestIndex(values: readonly RuntimeValue[], domain: "money" | "dec" | "date" | "year"): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? null;
    if (v === null) continue;
    const b = best < 0 ? null : (values[best] ?? null);
    if (b === null || greater(v, b, domain)) best = i;
  }
  return best;
}

function greater(a: RuntimeValue, b: RuntimeValue, domain: string): boolean {
  if (domain === "dec") return decCompare(a as Dec, b as Dec) > 0;
  return (a as number | string) > (b as number | string);
}

/** A definition's value, or why it has none. */
export type Deferred<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Computes a definition now; a failure is kept for whoever needs the value. */
export function deferred<T>(compute: () => T): Deferred<T> {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    if (error instanceof EvaluationFailure || error instanceof RangeError) return { ok: false, error };
    throw error;
  }
}

/** The value of a deferred definition: its failure is raised here, where the value is needed. */
export function force<T>(d: Deferred<T>): T {
  if (d.ok) return d.value;
  throw d.error;
}

/** The value a deferred definition shows among the outputs: null when it could not be computed. */
export function shown<T>(d: Deferred<T>): T | null {
  return d.ok ? d.value : null;
}

/** What the trace says about a name with several definitions (derived from the IR at compile time). */
export interface ChoiceSpec {
  readonly rule: string;
  readonly span: Span;
  readonly format: string;
  readonly by: "priority" | "highest";
  /** In the order the definitions are tried. */
  readonly definitions: readonly { readonly article: ArticleInfo | null; readonly label: Bilingual }[];
}

/** Whether a condition holds, for the trace only: one that cannot be computed did not hold. */
export function holdsSafely(test: () => boolean): boolean {
  try {
    return test() === true;
  } catch (error) {
    if (error instanceof EvaluationFailure || error instanceof RangeError) return false;
    throw error;
  }
}

/** When more than one definition applied, the trace lists them and what decided. */
export function traceChoice(trace: TraceEntry[] | null, spec: ChoiceSpec, chosen: number, held: readonly boolean[], values: readonly RuntimeValue[] | null): void {
  if (!trace || chosen < 0) return;
  const list: { label: Bilingual; value: ReturnType<typeof traceValue> | null }[] = [];
  let at = -1;
  spec.definitions.forEach((d, i) => {
    if (i !== chosen && held[i] !== true) return;
    if (i === chosen) at = list.length;
    list.push({ label: d.label, value: values ? traceValue(values[i] ?? null, spec.format) : null });
  });
  if (list.length < 2) return;
  trace.push({ kind: "choice", article: spec.definitions[chosen]?.article ?? null, rule: spec.rule, span: spec.span, held: list, chosen: at, by: spec.by });
}
