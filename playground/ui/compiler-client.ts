/**
 * The page's side of the compiler worker. One update is in flight at a time; edits made
 * meanwhile replace each other (only the newest is sent next), and a result that arrives while
 * a newer edit waits is dropped as stale — an adaptive debounce that costs nothing when the
 * compiler keeps up with the typing.
 */
import CompilerWorker from "../worker/compiler-worker.ts?worker";
import type { TitlesResponse, UpdateRequest, UpdateResponse, WorkerResponse } from "../worker/protocol.js";

export type UpdateParams = Omit<UpdateRequest, "type" | "id" | "sourceKnown">;

export class CompilerClient {
  private readonly worker: Worker = new CompilerWorker();
  private nextId = 1;
  private inFlight: number | null = null;
  private pending: UpdateParams | null = null;
  private readonly sent = new Map<number, { at: number; source: string }>();
  /** The source whose analysis the page has: the worker then sends only the new evaluation. */
  private appliedSource: string | null = null;
  private readonly titleRequests = new Map<number, (response: TitlesResponse) => void>();

  constructor(private readonly onUpdate: (response: UpdateResponse, sentAt: number) => void) {
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.receive(event.data);
  }

  update(params: UpdateParams): void {
    this.pending = params;
    if (this.inFlight === null) this.flush();
  }

  titles(samples: { key: string; source: string }[]): Promise<TitlesResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.titleRequests.set(id, resolve);
      this.worker.postMessage({ type: "titles", id, samples });
    });
  }

  private flush(): void {
    const params = this.pending;
    if (!params) return;
    this.pending = null;
    const id = this.nextId++;
    this.inFlight = id;
    this.sent.set(id, { at: performance.now(), source: params.source });
    const request: UpdateRequest = { type: "update", id, ...params, sourceKnown: params.source === this.appliedSource };
    this.worker.postMessage(request);
  }

  private receive(response: WorkerResponse): void {
    if (response.type === "titles") {
      this.titleRequests.get(response.id)?.(response);
      this.titleRequests.delete(response.id);
      return;
    }
    const sent = this.sent.get(response.id);
    this.sent.delete(response.id);
    if (response.id === this.inFlight) this.inFlight = null;
    if (this.pending) {
      this.flush();
      return;
    }
    if (response.analysis && sent) this.appliedSource = sent.source;
    this.onUpdate(response, sent?.at ?? performance.now());
  }
}
