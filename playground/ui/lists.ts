/**
 * Long lists (problems, the trace, results, examples) drawn incrementally: an item whose key is
 * unchanged keeps its element (so typing repaints only what changed), new elements are made for
 * the first screenful at once and for the rest in idle time, a slice at a time, so a list of
 * thousands never holds up the keystroke that changed it.
 */

/** Elements made at once; the rest follow in idle slices of SLICE. */
const FIRST = 60;
const SLICE = 200;

type Idle = (callback: () => void) => void;
const whenIdle: Idle =
  typeof requestIdleCallback === "function" ? (callback) => requestIdleCallback(callback, { timeout: 200 }) : (callback) => setTimeout(callback, 16);

export interface ListItem<T> {
  readonly key: string;
  readonly value: T;
}

export class IncrementalList<T> {
  private generation = 0;

  constructor(
    private readonly container: HTMLElement,
    /** Makes the element of a new item. */
    private readonly render: (value: T) => HTMLElement,
    /** Brings a kept element up to date (a click target whose place moved); optional. */
    private readonly refresh?: (element: HTMLElement, value: T) => void,
  ) {}

  draw(items: readonly ListItem<T>[]): void {
    const generation = ++this.generation;
    const wanted = new Set(items.map((item) => item.key));
    const kept = new Map<string, HTMLElement>();
    for (const child of [...this.container.children] as HTMLElement[]) {
      const key = child.dataset["key"];
      if (key !== undefined && wanted.has(key) && !kept.has(key)) kept.set(key, child);
      else child.remove();
    }
    const place = (from: number, count: number): void => {
      const to = Math.min(items.length, from + count);
      for (let i = from; i < to; i++) {
        const item = items[i] as ListItem<T>;
        let element = kept.get(item.key);
        if (element) {
          kept.delete(item.key);
          this.refresh?.(element, item.value);
        } else {
          element = this.render(item.value);
          element.dataset["key"] = item.key;
        }
        const at = this.container.children[i];
        if (at !== element) this.container.insertBefore(element, at ?? null);
      }
      if (to < items.length) {
        whenIdle(() => {
          if (generation === this.generation) place(to, SLICE);
        });
      } else {
        for (const stale of kept.values()) stale.remove();
      }
    };
    place(0, FIRST);
  }
}

/** Keys for items that may repeat: the text, and how many times it came before. */
export function keyed<T>(values: readonly T[], text: (value: T) => string): ListItem<T>[] {
  const seen = new Map<string, number>();
  return values.map((value) => {
    const base = text(value);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { key: `${n}\u0000${base}`, value };
  });
}
