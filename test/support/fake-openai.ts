import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible server for tests (the network edge is the only place fakes are
 * allowed). It answers POST /v1/chat/completions from a script, records every request, and
 * injects faults: HTTP errors, 429 with Retry-After, hung requests, malformed bodies, missing
 * fields. Loopback only; close() ends hung requests too.
 */

export interface RecordedRequest {
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export type FakeReply =
  | { kind: "text"; content: string }
  | { kind: "tool"; name?: string; arguments: string | Record<string, unknown>; content?: string | null }
  | { kind: "status"; status: number; retryAfter?: string; body?: string }
  | { kind: "hang" }
  | { kind: "malformed"; body: string }
  | { kind: "no-choices" };

export type Responder = (body: Record<string, unknown>, index: number) => FakeReply;

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** The most requests that were open at the same moment. */
  readonly peakConcurrency: number;
  close(): Promise<void>;
}

export async function startFakeOpenAI(responder: Responder, { latencyMs = 0 } = {}): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const hung = new Set<ServerResponse>();
  let open = 0;
  let peak = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    open++;
    peak = Math.max(peak, open);
    res.on("close", () => open--);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        /* recorded as empty */
      }
      const index = requests.length;
      requests.push({ body, headers: req.headers });
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404).end();
        return;
      }
      const reply = responder(body, index);
      const send = () => respond(res, reply, body, hung);
      if (latencyMs > 0) setTimeout(send, latencyMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get peakConcurrency() {
      return peak;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(res: ServerResponse, reply: FakeReply, request: Record<string, unknown>, hung: Set<ServerResponse>): void {
  const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(payload));
  };
  switch (reply.kind) {
    case "hang":
      hung.add(res);
      return;
    case "status":
      res.writeHead(reply.status, { "content-type": "application/json", ...(reply.retryAfter ? { "retry-after": reply.retryAfter } : {}) });
      res.end(reply.body ?? JSON.stringify({ error: { message: `fake error ${reply.status}`, type: "fake" } }));
      return;
    case "malformed":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(reply.body);
      return;
    case "no-choices":
      json(200, { id: "x", object: "chat.completion", created: 0, model: request["model"], choices: [] });
      return;
    case "text":
      json(200, completion(request, { role: "assistant", content: reply.content }));
      return;
    case "tool": {
      const args = typeof reply.arguments === "string" ? reply.arguments : JSON.stringify(reply.arguments);
      const message = {
        role: "assistant",
        content: reply.content ?? null,
        tool_calls: [{ id: `call_${Math.abs(hash(args))}`, type: "function", function: { name: reply.name ?? "interact_with_env", arguments: args } }],
      };
      json(200, completion(request, message));
      return;
    }
  }
}

function completion(request: Record<string, unknown>, message: Record<string, unknown>) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 0,
    model: request["model"],
    choices: [{ index: 0, message, finish_reason: "stop" }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** The last user/tool message of a request, where the scripted replies look for their cue. */
export function lastMessage(body: Record<string, unknown>): string {
  const messages = (body["messages"] ?? []) as { content?: string | null }[];
  return messages.at(-1)?.content ?? "";
}
