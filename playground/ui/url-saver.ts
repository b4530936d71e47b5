/**
 * Keeps the URL's fragment up to date without touching the typing path: a change is saved once
 * typing pauses (a debounce), in idle time, compressed in a worker (worker/url-worker.ts). When
 * the page is hidden or left, the view is written at once on the page's thread.
 */
import UrlWorker from "../worker/url-worker.ts?worker";
import type { UrlRequest, UrlResponse } from "../worker/url-worker.js";
import { Pause } from "./pause.js";
import { writeUrlState, type ViewState } from "./url-state.js";

const PAUSE_MS = 400;

type Idle = (callback: () => void) => void;
const whenIdle: Idle =
  typeof requestIdleCallback === "function" ? (callback) => requestIdleCallback(callback, { timeout: 1000 }) : (callback) => setTimeout(callback, 0);

export class UrlSaver {
  private worker: Worker | null = null;
  private readonly pause = new Pause(PAUSE_MS, () => whenIdle(() => this.save()));
  private nextId = 1;
  private newestId = 0;
  /** The fragment this page wrote last: a different one in the address bar was pasted there. */
  written = location.hash;

  constructor(private readonly view: () => ViewState) {
    const now = () => this.saveNow();
    addEventListener("pagehide", now);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") now();
    });
  }

  /** Saves once typing pauses. */
  saveSoon(): void {
    this.pause.poke();
  }

  private save(): void {
    this.worker ??= this.startWorker();
    const id = this.nextId++;
    this.newestId = id;
    const request: UrlRequest = { id, state: this.view() };
    this.worker.postMessage(request);
  }

  /** Writes the fragment now, on the page's thread (a copied link, a page being left). */
  saveNow(): void {
    this.pause.cancel();
    this.newestId = this.nextId++;
    this.write(writeUrlState(this.view()));
  }

  private startWorker(): Worker {
    const worker = new UrlWorker();
    worker.onmessage = (event: MessageEvent<UrlResponse>) => {
      const { id, hash } = event.data;
      if (id === this.newestId) this.write(hash);
    };
    return worker;
  }

  private write(hash: string): void {
    this.written = hash;
    if (hash !== location.hash) history.replaceState(null, "", hash);
  }
}
