/**
 * Keystroke → markers and keystroke → preview, timed inside the page. A keydown in the editor
 * starts a clock when the text changes (the keydown that changed it: arrow keys start none); the
 * clock stops when the markers compiled from a text that includes that keystroke are set, and
 * again when the preview of such a text is drawn, and at the next animation frame after each.
 * The worker's own times are kept beside them, to show where the time goes.
 */
import type { Sent } from "./compiler-client.js";
import type { MarkersResponse, PreviewResponse } from "../worker/protocol.js";

import { stats, type LatencySummary, type Stats } from "./latency-stats.js";

export { stats, type LatencySummary, type Stats };

interface Keystroke {
  readonly at: number;
  readonly version: number;
  marked: boolean;
  /** Its preview is drawn (it is kept only for its markers). */
  previewed: boolean;
}

const KEYS = ["markers", "markersPainted", "preview", "pageCheck", "workerCompile", "workerTotal", "applyMarkers", "applyPreview", "toRequest", "toWorker", "toPage"] as const;

export class LatencyProbe {
  private lastKeydown: number | null = null;
  private open: Keystroke[] = [];
  private samples: Record<(typeof KEYS)[number], number[]> = LatencyProbe.empty();

  constructor(editorHost: HTMLElement) {
    editorHost.addEventListener("keydown", () => (this.lastKeydown = performance.now()), { capture: true });
  }

  private static empty(): Record<(typeof KEYS)[number], number[]> {
    return Object.fromEntries(KEYS.map((k) => [k, []])) as unknown as Record<(typeof KEYS)[number], number[]>;
  }

  /** The editor's text changed to `version`: the last keydown (if any since the last change) caused it. */
  changed(version: number): void {
    if (this.lastKeydown === null) return;
    this.open.push({ at: this.lastKeydown, version, marked: false, previewed: false });
    this.lastKeydown = null;
  }

  markersApplied(response: MarkersResponse, sent: Sent, applyStarted: number): void {
    const now = performance.now();
    this.samples.applyMarkers.push(now - applyStarted);
    if (response.timing.compile > 0) this.samples.workerCompile.push(response.timing.compile);
    const covered = this.open.filter((k) => !k.marked && k.version <= sent.version);
    for (const k of covered) {
      k.marked = true;
      this.samples.markers.push(now - k.at);
      this.samples.toRequest.push(sent.at - k.at);
      this.samples.toWorker.push(response.timing.receivedAt - (performance.timeOrigin + sent.at));
      this.samples.toPage.push(performance.timeOrigin + applyStarted - response.timing.answeredAt);
    }
    if (covered.length > 0) {
      requestAnimationFrame(() => {
        const painted = performance.now();
        for (const k of covered) this.samples.markersPainted.push(painted - k.at);
      });
    }
  }

  /** The page made the markers of `version` itself, in `ms`, in the keystroke's own task. */
  markersOnPage(version: number, ms: number): void {
    const now = performance.now();
    this.samples.pageCheck.push(ms);
    const covered = this.open.filter((k) => !k.marked && k.version <= version);
    for (const k of covered) {
      k.marked = true;
      this.samples.markers.push(now - k.at);
    }
    if (covered.length > 0) {
      requestAnimationFrame(() => {
        const painted = performance.now();
        for (const k of covered) this.samples.markersPainted.push(painted - k.at);
      });
    }
  }

  previewApplied(response: PreviewResponse, sent: Sent, applyStarted: number): void {
    const now = performance.now();
    this.samples.applyPreview.push(now - applyStarted);
    this.samples.workerTotal.push(response.timing.total);
    const covered = this.open.filter((k) => k.version <= sent.version && !k.previewed);
    for (const k of covered) {
      k.previewed = true;
      this.samples.preview.push(now - k.at);
    }
    // A keystroke whose markers are still to come (from the markers worker) stays open for them.
    this.open = this.open.filter((k) => !k.previewed || !k.marked);
  }

  reset(): void {
    this.lastKeydown = null;
    this.open = [];
    this.samples = LatencyProbe.empty();
  }

  summary(): LatencySummary {
    return Object.fromEntries(KEYS.map((k) => [k, stats(this.samples[k])])) as unknown as LatencySummary;
  }
}
