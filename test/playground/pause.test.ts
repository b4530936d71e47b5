/** The playground's debounce (ui/pause.ts): the action runs once, a pause after the last poke; cancel stops it; a poke after restarts it. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Pause } from "../../playground/ui/pause.js";

describe("Pause", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "performance"] }));
  afterEach(() => vi.useRealTimers());

  it("runs once, pauseMs after the last poke, with one timer pending at most", () => {
    const runs: number[] = [];
    const pause = new Pause(300, () => runs.push(performance.now()));
    for (let t = 0; t < 1000; t += 100) {
      pause.poke();
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(100);
    }
    // The last poke was at 900 ms.
    vi.advanceTimersByTime(199);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([1200]);
    vi.advanceTimersByTime(5000);
    expect(runs).toEqual([1200]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does nothing once cancelled, and starts again at the next poke", () => {
    let runs = 0;
    const pause = new Pause(300, () => runs++);
    pause.poke();
    vi.advanceTimersByTime(100);
    pause.cancel();
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(0);
    pause.poke();
    vi.advanceTimersByTime(300);
    expect(runs).toBe(1);
    // A poke right after a cancel, while the old timer is still pending, still runs once.
    pause.poke();
    pause.cancel();
    pause.poke();
    vi.advanceTimersByTime(300);
    expect(runs).toBe(2);
  });
});
