/**
 * Markers made on the page itself, in the keystroke's own task, while that is cheap: a small
 * policy is parsed again only where it changed (worker/incremental.ts) and checked in a few
 * milliseconds, so its squiggles are drawn in the same frame as the character typed, as a bare
 * Monaco validator's are, instead of a frame or two later after a round trip to the worker. A
 * large policy, or one whose recent checks here took more than BUDGET_MS (the median of the last
 * few: one slow check on a busy machine is no reason to leave), is left to the worker, which makes
 * the markers for every edit the page does not; fast compiles there bring the page back in.
 */
import { ExampleMemo } from "../../compiler/check/index.js";
import { checkSource } from "../../compiler/pipeline.js";
import { problems } from "../worker/analysis.js";
import { IncrementalParser } from "../worker/incremental.js";
import type { ProblemsView } from "../worker/protocol.js";

/** What a keystroke may spend here on markers. */
const BUDGET_MS = 6;
/** Larger texts are never checked here: their first parse alone would hold up the page. */
const MAX_CHARS = 40_000;

/** Checks remembered for the median. */
const RECENT = 7;

export class PageMarkers {
  private readonly parser = new IncrementalParser();
  /** The examples found clean, skipped while nothing they read changes (markers need no types). */
  private readonly examples = new ExampleMemo();
  private readonly recent: number[] = [];
  private cheap = true;

  private took(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > RECENT) this.recent.shift();
    const sorted = [...this.recent].sort((a, b) => a - b);
    this.cheap = (sorted[sorted.length >> 1] ?? 0) <= BUDGET_MS;
  }

  /** The markers of `source`, or null when making them here would hold up typing. */
  check(source: string): { problems: ProblemsView; ms: number } | null {
    if (!this.cheap || source.length > MAX_CHARS) return null;
    const started = performance.now();
    const view = this.markers(source);
    const ms = performance.now() - started;
    this.took(ms);
    return { problems: view, ms };
  }

  /** The markers of `source`, whatever they cost: the full check's diagnostics, the file parsed again only where it changed. */
  markers(source: string): ProblemsView {
    return problems(checkSource(source, this.parser.parse(source), {}, this.examples));
  }

  /** The worker compiled a source in `ms` (while the page left it the markers). */
  workerCompiled(ms: number): void {
    if (ms > 0 && !this.cheap) this.took(ms);
  }
}
