/**
 * Markers made on the page itself, in the keystroke's own task, while that is cheap: a small
 * policy is parsed again only where it changed (worker/incremental.ts) and checked in a few
 * milliseconds, so its squiggles are drawn in the same frame as the character typed, as a bare
 * Monaco validator's are, instead of a frame or two later after a round trip to the worker. A
 * large policy, or a check that took longer than BUDGET_MS, is left to the worker (which makes
 * the markers for every edit the page does not); a fast compile there brings the page back in.
 */
import { checkSource } from "../../compiler/pipeline.js";
import { problems } from "../worker/analysis.js";
import { IncrementalParser } from "../worker/incremental.js";
import type { ProblemsView } from "../worker/protocol.js";

/** What a keystroke may spend here on markers. */
const BUDGET_MS = 6;
/** Larger texts are never checked here: their first parse alone would hold up the page. */
const MAX_CHARS = 40_000;

export class PageMarkers {
  private readonly parser = new IncrementalParser();
  private cheap = true;

  /** The markers of `source`, or null when making them here would hold up typing. */
  check(source: string): { problems: ProblemsView; ms: number } | null {
    if (!this.cheap || source.length > MAX_CHARS) return null;
    const started = performance.now();
    const view = problems(checkSource(source, this.parser.parse(source)));
    const ms = performance.now() - started;
    if (ms > BUDGET_MS) this.cheap = false;
    return { problems: view, ms };
  }

  /** The worker compiled a source in `ms`: as cheap again as the page needs? */
  workerCompiled(ms: number): void {
    if (ms > 0 && ms < BUDGET_MS / 2) this.cheap = true;
  }
}
