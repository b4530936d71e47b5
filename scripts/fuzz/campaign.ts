/**
 * A slice of the campaign, run in one thread: sources `from`…`to - 1` of a seed, each examined,
 * accepted modules type-checked in batches. The workers of run.ts and the fixed-seed slice in
 * `npm test` (test/fuzz/slice.test.ts) both run this.
 */
import { examine, typecheckModules, type Finding } from "./oracle.js";
import { sourceFor, type SourceKind } from "./generate.js";

export interface SourceReport {
  readonly index: number;
  readonly kind: SourceKind;
  readonly accepted: boolean;
  readonly ms: number;
  readonly findings: readonly Finding[];
  /** Whether its emitted module went through strict tsc. */
  readonly typechecked: boolean;
}

export interface SliceEvents {
  /** Before a source (the watchdog's cue); `null` while a batch is type-checked. */
  readonly starting?: (index: number | null) => void;
  readonly report: (r: SourceReport, source: string) => void;
}

/** How many accepted modules one strict tsc program checks. */
export const TYPECHECK_BATCH = 50;

/** `typecheckEvery`: type-check every n-th accepted module (1: all; a long campaign on a busy machine may sample). */
export function runSlice(seed: number, from: number, to: number, events: SliceEvents, typecheckEvery = 1): void {
  let pending: { index: number; kind: SourceKind; source: string; ms: number; findings: readonly Finding[]; module: string }[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    events.starting?.(null);
    const errors = typecheckModules(pending.map((p) => p.module));
    pending.forEach((p, i) => {
      const e = errors[i] ?? [];
      const findings = e.length > 0 ? [...p.findings, { kind: "typecheck" as const, detail: e.slice(0, 5).join("\n") }] : p.findings;
      events.report({ index: p.index, kind: p.kind, accepted: true, ms: p.ms, findings, typechecked: true }, p.source);
    });
    pending = [];
  };
  for (let index = from; index < to; index++) {
    const { kind, source } = sourceFor(seed, index);
    events.starting?.(index);
    const result = examine(source, index);
    if (result.module !== null && index % typecheckEvery === 0) {
      pending.push({ index, kind, source, ms: result.ms, findings: result.findings, module: result.module });
      if (pending.length >= TYPECHECK_BATCH) flush();
    } else events.report({ index, kind, accepted: result.accepted, ms: result.ms, findings: result.findings, typechecked: false }, source);
  }
  flush();
}
