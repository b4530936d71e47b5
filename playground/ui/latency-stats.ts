/**
 * The latency probe's figures (ui/latency.ts), without the DOM: the bench that reads them from
 * the page (bench/playground-latency.ts) type-checks in the node project and takes them from here.
 */

export interface Stats {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export interface LatencySummary {
  /** Keydown → markers set (Monaco draws them at its next frame). */
  readonly markers: Stats;
  /** Keydown → the next animation frame after the markers were set. */
  readonly markersPainted: Stats;
  /** Keydown → preview (analysis, decision, examples) drawn. */
  readonly preview: Stats;
  /** Making the markers on the page (small policies, ui/page-markers.ts). */
  readonly pageCheck: Stats;
  readonly workerCompile: Stats;
  /** The worker's whole request, markers and preview. */
  readonly workerTotal: Stats;
  /** Applying markers on the page, and applying a preview. */
  readonly applyMarkers: Stats;
  readonly applyPreview: Stats;
  /** Keydown → the request leaves the page (Monaco's own handling of the key comes first). */
  readonly toRequest: Stats;
  /** The hops: page → worker (the worker was busy), worker → page (the page was busy). */
  readonly toWorker: Stats;
  readonly toPage: Stats;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? Number.NaN) };
}
