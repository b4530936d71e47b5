/**
 * Markers only, for a policy too large to check on the page (ui/page-markers.ts): the newest text
 * is parsed (only the article that changed, see incremental.ts) and checked, and its markers are
 * sent; older requests still waiting are dropped. This worker does nothing else, so a keystroke's
 * markers never wait behind a preview step (lowering or evaluating a large policy takes a while)
 * in the compiler worker, which meanwhile waits for a pause in typing (compiler-worker.ts).
 */
import { ExampleMemo } from "../../compiler/check/index.js";
import { checkSource } from "../../compiler/pipeline.js";
import { problems } from "./analysis.js";
import { IncrementalParser } from "./incremental.js";
import type { MarkersResponse, UpdateRequest } from "./protocol.js";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<UpdateRequest>) => void) | null;
  postMessage(message: MarkersResponse): void;
};

const parser = new IncrementalParser();
/** Markers need no types: the examples an edit cannot have changed are skipped (see ExampleMemo). */
const examples = new ExampleMemo();
let newest: UpdateRequest | null = null;

// A message to ourselves: the requests that came in meanwhile are read before the next check.
const channel = new MessageChannel();
channel.port1.onmessage = () => {
  const request = newest;
  newest = null;
  if (request) mark(request);
};

scope.onmessage = (event) => {
  const waiting = newest !== null;
  newest = event.data;
  if (!waiting) channel.port2.postMessage(null);
};

const wallClock = () => performance.timeOrigin + performance.now();

function mark(request: UpdateRequest): void {
  const receivedAt = wallClock();
  const started = performance.now();
  const checked = checkSource(request.source, parser.parse(request.source), {}, examples);
  const compile = performance.now() - started;
  scope.postMessage({ type: "markers", id: request.id, problems: problems(checked), timing: { compile, receivedAt, answeredAt: wallClock() } });
}
