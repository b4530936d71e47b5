/**
 * The page's side of the compiler worker. Every edit is sent at once (the worker compiles only
 * the newest text it has, see worker/compiler-worker.ts); an answer overtaken by a newer edit is
 * dropped here: markers of an older text (their places would be wrong), and any preview but the
 * newest request's.
 */
import CompilerWorker from "../worker/compiler-worker.ts?worker";
import MarkersWorker from "../worker/markers-worker.ts?worker";
import type { MarkersResponse, PreviewResponse, TitleResponse, UpdateRequest, WorkerResponse } from "../worker/protocol.js";

export type UpdateParams = Omit<UpdateRequest, "type" | "id" | "sourceKnown" | "markersKnown"> & {
  /** The editor model's version of the source, for the latency probe. */
  readonly version: number;
};

export interface Sent {
  /** performance.now() when the request left the page. */
  readonly at: number;
  readonly source: string;
  readonly version: number;
}

export interface CompilerHandlers {
  readonly markers: (response: MarkersResponse, sent: Sent) => void;
  readonly preview: (response: PreviewResponse, sent: Sent) => void;
  readonly title: (response: TitleResponse) => void;
}

export class CompilerClient {
  private readonly worker: Worker = new CompilerWorker();
  /** Started for the first edit whose markers the page leaves to a worker (a large policy). */
  private markersWorker: Worker | null = null;
  private nextId = 1;
  private newestId = 0;
  private newestSource: string | null = null;
  private readonly sent = new Map<number, Sent>();
  /** The source whose analysis the page has: the worker then sends only the new evaluation. */
  private appliedSource: string | null = null;
  /** The source whose markers the page shows. */
  private markedSource: string | null = null;
  private titlesAsked = false;

  constructor(private readonly handlers: CompilerHandlers) {
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.receive(event.data);
  }

  /**
   * Asks for the markers (unless the page shows this source's) and the preview of `params.source`.
   * An edit's markers (`edit`) come from the markers worker, which does nothing else; the compiler
   * worker then makes only the preview, after a pause in typing if that takes long.
   */
  update(params: UpdateParams, edit = false): void {
    const id = this.nextId++;
    const { version, ...rest } = params;
    for (const old of this.sent.keys()) if (old < this.newestId) this.sent.delete(old);
    this.sent.set(id, { at: performance.now(), source: params.source, version });
    this.newestId = id;
    this.newestSource = params.source;
    const markersKnown = params.source === this.markedSource;
    const request: UpdateRequest = { type: "update", id, ...rest, sourceKnown: params.source === this.appliedSource, markersKnown };
    if (edit && !markersKnown) {
      this.markersWorker ??= this.startMarkersWorker();
      this.markersWorker.postMessage(request);
      this.worker.postMessage({ ...request, markersKnown: true });
      return;
    }
    this.worker.postMessage(request);
  }

  private startMarkersWorker(): Worker {
    const worker = new MarkersWorker();
    worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.receive(event.data);
    return worker;
  }

  /** The page made the markers of `source` itself: the worker need not. */
  markersShown(source: string): void {
    this.markedSource = source;
  }

  /** Asks once for the samples' titles; they come one by one, after any pending edit. */
  titles(samples: readonly { key: string; source: string }[]): void {
    if (this.titlesAsked) return;
    this.titlesAsked = true;
    this.worker.postMessage({ type: "titles", samples });
  }

  private receive(response: WorkerResponse): void {
    switch (response.type) {
      case "title":
        this.handlers.title(response);
        return;
      case "markers": {
        const sent = this.sent.get(response.id);
        if (!sent || sent.source !== this.newestSource) return;
        this.markedSource = sent.source;
        this.handlers.markers(response, sent);
        return;
      }
      case "preview": {
        const sent = this.sent.get(response.id);
        if (!sent || response.id !== this.newestId) return;
        // Kept until the next update: the markers worker's answer to the same request may come after.
        if (response.analysis) this.appliedSource = sent.source;
        this.handlers.preview(response, sent);
        return;
      }
    }
  }
}
