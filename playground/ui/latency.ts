/**
 * Keystroke → markers + preview latency, timed inside the page: a keydown in the editor starts a
 * clock; it stops when the first result compiled from a source that includes that keystroke has
 * been applied (markers set, preview rendered) and again at the next animation frame, when it is
 * painted. The worker's own compile times are kept beside them.
 */
import type { UpdateResponse } from "../worker/protocol.js";

export interface LatencySummary {
  readonly edits: number;
  readonly applied: { readonly p50: number; readonly p95: number; readonly max: number };
  readonly painted: { readonly p50: number; readonly p95: number; readonly max: number };
  readonly workerCompile: { readonly count: number; readonly p50: number; readonly p95: number; readonly max: number };
  /** The worker's whole update: compile, evaluate, examples, analysis for the editor. */
  readonly workerTotal: { readonly p50: number; readonly p95: number; readonly max: number };
  /** Applying a result on the page: markers, problems, preview. */
  readonly apply: { readonly p50: number; readonly p95: number; readonly max: number };
  /** Keydown → the request leaves the page (Monaco's own handling of the key comes first). */
  readonly toRequest: { readonly p50: number; readonly p95: number; readonly max: number };
  /** Request sent → result received: the worker's update plus two message hops. */
  readonly roundTrip: { readonly p50: number; readonly p95: number; readonly max: number };
  /** The hops alone: page → worker (the worker was busy or asleep) and worker → page (the page was busy). */
  readonly toWorker: { readonly p50: number; readonly p95: number; readonly max: number };
  readonly toPage: { readonly p50: number; readonly p95: number; readonly max: number };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function stats(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? Number.NaN) };
}

export class LatencyProbe {
  private keydowns: number[] = [];
  private appliedMs: number[] = [];
  private paintedMs: number[] = [];
  private compileMs: number[] = [];
  private workerMs: number[] = [];
  private applyMs: number[] = [];
  private toRequestMs: number[] = [];
  private roundTripMs: number[] = [];
  private toWorkerMs: number[] = [];
  private toPageMs: number[] = [];

  constructor(editorHost: HTMLElement) {
    editorHost.addEventListener("keydown", () => this.keydowns.push(performance.now()), { capture: true });
  }

  /** Called right after a result was applied; `sentAt` is when its request left the page. */
  applied(sentAt: number, timing: UpdateResponse["timing"], applyStarted: number): void {
    const now = performance.now();
    this.applyMs.push(now - applyStarted);
    this.workerMs.push(timing.total);
    const covered = this.keydowns.filter((t) => t <= sentAt);
    this.keydowns = this.keydowns.filter((t) => t > sentAt);
    for (const t of covered) {
      this.appliedMs.push(now - t);
      this.toRequestMs.push(sentAt - t);
      this.roundTripMs.push(applyStarted - sentAt);
      this.toWorkerMs.push(timing.receivedAt - (performance.timeOrigin + sentAt));
      this.toPageMs.push(performance.timeOrigin + applyStarted - timing.answeredAt);
    }
    if (timing.compile > 0) this.compileMs.push(timing.compile);
    if (covered.length > 0) requestAnimationFrame(() => {
      const painted = performance.now();
      for (const t of covered) this.paintedMs.push(painted - t);
    });
  }

  reset(): void {
    this.keydowns = [];
    this.appliedMs = [];
    this.paintedMs = [];
    this.compileMs = [];
    this.workerMs = [];
    this.applyMs = [];
    this.toRequestMs = [];
    this.roundTripMs = [];
    this.toWorkerMs = [];
    this.toPageMs = [];
  }

  summary(): LatencySummary {
    return {
      edits: this.appliedMs.length,
      applied: stats(this.appliedMs),
      painted: stats(this.paintedMs),
      workerCompile: { count: this.compileMs.length, ...stats(this.compileMs) },
      workerTotal: stats(this.workerMs),
      apply: stats(this.applyMs),
      toRequest: stats(this.toRequestMs),
      roundTrip: stats(this.roundTripMs),
      toWorker: stats(this.toWorkerMs),
      toPage: stats(this.toPageMs),
    };
  }
}
