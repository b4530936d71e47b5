/**
 * Runs an action once some time has passed since the last poke: a debounce that costs a keystroke
 * one clock read, where clearing a timer and setting another cost two timers' bookkeeping at every
 * keystroke (the URL and the sample's label each had one). One timer is pending at most; when it
 * fires early (a poke came since), it is set again for the rest of the pause.
 */
export class Pause {
  private last = 0;
  private pending = false;
  private cancelled = false;

  constructor(
    private readonly pauseMs: number,
    private readonly action: () => void,
  ) {}

  /** Something changed: the action runs `pauseMs` after the last such call. */
  poke(): void {
    this.last = performance.now();
    this.cancelled = false;
    if (this.pending) return;
    this.pending = true;
    setTimeout(() => this.fire(), this.pauseMs);
  }

  /** Nothing is to run (the action was done some other way). */
  cancel(): void {
    this.cancelled = true;
  }

  private fire(): void {
    if (this.cancelled) {
      this.pending = false;
      return;
    }
    const rest = this.last + this.pauseMs - performance.now();
    if (rest > 0) {
      setTimeout(() => this.fire(), rest);
      return;
    }
    this.pending = false;
    this.action();
  }
}
