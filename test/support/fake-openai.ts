import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible server for tests (the network edge is the only place fakes are
 * allowed). It answers POST /v1/chat/completions from a script (a queue of replies, or a function
 * of the request) and GET /v1/models with an empty list (what `ubc eval` checks before a run),
 * optionally demands an API key (401 without it), records every request, and injects faults: HTTP errors, 429 with Retry-After,
 * hung requests, a body that stalls after the headers, dropped connections, malformed bodies,
 * missing fields. Loopback only, random port; close() ends hung requests too, so nothing is left
 * running. Nothing loops: every request is answered (or held until close) exactly once.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

export type FakeReply =
  | { kind: "text"; content: string; delayMs?: number }
  | { kind: "tool"; name?: string; arguments: string | Record<string, unknown>; content?: string | null; id?: string | null; delayMs?: number }
  /** Several tool calls in one reply (what parallel_tool_calls: false asks a model not to do). */
  | { kind: "tools"; calls: { name?: string; arguments: string | Record<string, unknown>; id?: string }[]; content?: string | null; delayMs?: number }
  /** An HTTP error; retryAfter is sent as the Retry-After header (seconds or an HTTP date). */
  | { kind: "status"; status: number; retryAfter?: string; body?: string }
  /** Never answers (until close): the client's timeout must cut it. */
  | { kind: "hang" }
  /** Sends 200 and half a body, then stalls: only a deadline on the whole exchange cuts it. */
  | { kind: "stall-body" }
  /** Drops the connection without a reply. */
  | { kind: "reset" }
  /** 200 with this body verbatim (e.g. not JSON). */
  | { kind: "malformed"; body: string }
  /** 200 with a completion that has no choices. */
  | { kind: "no-choices" };

export type Responder = (body: Record<string, unknown>, index: number) => FakeReply;

export interface FakeServer {
  /** The base URL to give clients (ends in /v1). */
  url: string;
  requests: RecordedRequest[];
  /** The most requests that were open at the same moment. */
  readonly peakConcurrency: number;
  close(): Promise<void>;
}

export interface FakeOptions {
  /** Added before every reply (hangs aside). */
  latencyMs?: number;
  /** Every request without `Authorization: Bearer <apiKey>` gets 401, as OpenAI's API does. */
  apiKey?: string;
}

/** Whether a recorded request is a chat completion (not the model list a run checks first). */
export function isChatRequest(request: RecordedRequest): boolean {
  return request.method === "POST" && request.url.endsWith("/chat/completions");
}

/** A responder that plays the replies in order; past the end it repeats the last one. */
export function queue(replies: readonly FakeReply[]): Responder {
  if (replies.length === 0) throw new Error("queue needs at least one reply");
  return (_, index) => replies[Math.min(index, replies.length - 1)]!;
}

export async function startFakeOpenAI(responder: Responder, { latencyMs = 0, apiKey }: FakeOptions = {}): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const held = new Set<ServerResponse>();
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
      requests.push({ method: req.method ?? "", url: req.url ?? "", body, headers: req.headers });
      if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Incorrect API key provided", code: "invalid_api_key" } }));
        return;
      }
      if (req.method === "GET" && req.url?.endsWith("/models")) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [] }));
        return;
      }
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      let reply: FakeReply;
      try {
        reply = responder(body, index);
      } catch (error) {
        reply = { kind: "status", status: 500, body: JSON.stringify({ error: { message: `fake responder threw: ${(error as Error).message}` } }) };
      }
      const delay = latencyMs + ("delayMs" in reply ? (reply.delayMs ?? 0) : 0);
      const send = () => respond(res, reply, body, held);
      if (delay > 0) setTimeout(send, delay);
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
        for (const res of held) res.destroy();
        held.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(res: ServerResponse, reply: FakeReply, request: Record<string, unknown>, held: Set<ServerResponse>): void {
  if (res.destroyed) return;
  const json = (status: number, payload: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(payload));
  };
  switch (reply.kind) {
    case "hang":
      held.add(res);
      return;
    case "stall-body":
      held.add(res);
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id": "chatcmpl-stall", "choices": [');
      return;
    case "reset":
      res.socket?.destroy();
      return;
    case "status":
      res.writeHead(reply.status, { "content-type": "application/json", ...(reply.retryAfter !== undefined ? { "retry-after": reply.retryAfter } : {}) });
      res.end(reply.body ?? JSON.stringify({ error: { message: `fake error ${reply.status}`, type: "fake" } }));
      return;
    case "malformed":
      res.writeHead(200, { "content-type": "application/json" });
      res.end(reply.body);
      return;
    case "no-choices":
      json(200, { id: "chatcmpl-fake", object: "chat.completion", created: 0, model: request["model"], choices: [] });
      return;
    case "text":
      json(200, completion(request, { role: "assistant", content: reply.content }));
      return;
    case "tool":
      json(200, completion(request, { role: "assistant", content: reply.content ?? null, tool_calls: [toolCall(reply)] }));
      return;
    case "tools":
      json(200, completion(request, { role: "assistant", content: reply.content ?? null, tool_calls: reply.calls.map(toolCall) }));
      return;
  }
}

function toolCall(reply: { name?: string; arguments: string | Record<string, unknown>; id?: string | null }): Record<string, unknown> {
  const args = typeof reply.arguments === "string" ? reply.arguments : JSON.stringify(reply.arguments);
  const call: Record<string, unknown> = { type: "function", function: { name: reply.name ?? "interact_with_env", arguments: args } };
  if (reply.id !== null) call["id"] = reply.id ?? `call_${(hash(args) >>> 0).toString(16)}`;
  return call;
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

/** The messages of a recorded request body. */
export function messagesOf(body: Record<string, unknown>): { role: string; content?: string | null; tool_call_id?: string; tool_calls?: unknown[] }[] {
  return (body["messages"] ?? []) as { role: string; content?: string | null }[];
}

/** The last message of a request, where scripted replies look for their cue. */
export function lastMessage(body: Record<string, unknown>): string {
  return messagesOf(body).at(-1)?.content ?? "";
}

/** Whether a request is the agent's (it offers the interact_with_env tool) rather than a judge's or the persona's. */
export function isAgentRequest(body: Record<string, unknown>): boolean {
  return Array.isArray(body["tools"]) && body["tools"].length > 0;
}
