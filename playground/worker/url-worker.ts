/**
 * Compresses the view into the URL's fragment off the page's thread: lz-string over a large
 * policy takes tens of milliseconds, which would otherwise land between two keystrokes.
 */
import { writeUrlState, type ViewState } from "../ui/url-state.js";

export interface UrlRequest {
  readonly id: number;
  readonly state: ViewState;
}

export interface UrlResponse {
  readonly id: number;
  readonly hash: string;
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<UrlRequest>) => void) | null;
  postMessage(message: UrlResponse): void;
};

scope.onmessage = (event) => scope.postMessage({ id: event.data.id, hash: writeUrlState(event.data.state) });
