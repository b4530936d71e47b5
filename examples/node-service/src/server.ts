/**
 * POST /decide with an application as JSON → the decision as JSON (200), or the input errors
 * (422) in the shape the library and `kuan eval --json` use: { errors: [{ code, field, message: { zh, en } }] }.
 * Options (firm, asOf, history) come in the query string and the body's "history" field stays out
 * of the application: see decide().
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { grantsFromJson, type InputError } from "@kuan/runtime";
import { evaluate, toJson } from "./generated/suzhou-ip-finance-2021.js";

const LIMIT = 1_000_000;

type Reply = { readonly status: number; readonly body: unknown };

function errors(status: number, list: readonly InputError[]): Reply {
  return { status, body: { errors: list } };
}

/** { application, history?, firm?, asOf? } → a reply; nothing thrown for any body. */
export function decide(body: string): Reply {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    return errors(400, [{ code: "K5301", field: "(input)", message: { zh: "请求体不是有效的 JSON", en: "the body is not valid JSON" } }]);
  }
  if (typeof request !== "object" || request === null || !("application" in request)) {
    return errors(400, [{ code: "K5301", field: "(input)", message: { zh: "请求体应为 { application, history?, firm?, asOf? }", en: "the body must be { application, history?, firm?, asOf? }" } }]);
  }
  const { application, history, firm, asOf } = request as { application: unknown; history?: unknown; firm?: unknown; asOf?: unknown };
  const grants = history === undefined ? { ok: true as const, grants: [] } : grantsFromJson(history);
  if (!grants.ok) return errors(422, grants.errors);
  const result = evaluate(application, {
    history: grants.grants,
    ...(typeof firm === "string" ? { firm } : {}),
    ...(typeof asOf === "string" ? { asOf } : {}),
  });
  if (!result.ok) return errors(422, result.errors);
  // Money in the JSON is yuan text ("50000.00"); result.decision itself holds integer fen.
  const granted: number = result.decision.outputs.质押奖励;
  return { status: 200, body: { decision: toJson(result.decision), grantedFen: granted } };
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > LIMIT) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function service(): Server {
  return createServer((request, response) => {
    const send = (reply: Reply) => {
      response.writeHead(reply.status, { "content-type": "application/json; charset=utf-8" });
      response.end(JSON.stringify(reply.body));
    };
    if (request.method !== "POST" || request.url !== "/decide") {
      send({ status: 404, body: { error: "POST /decide" } });
      return;
    }
    readBody(request).then(
      (body) => send(body === null ? { status: 413, body: { error: "the body is too large" } } : decide(body)),
      () => send({ status: 400, body: { error: "the body could not be read" } }),
    );
  });
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) {
  const server = service();
  server.listen(Number(process.env["PORT"] ?? 3000), "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(`listening on ${typeof address === "object" && address !== null ? address.port : String(address)}\n`);
  });
}
