import WebSocket from "ws";

/**
 * A client of a running `ubc serve`, as the e2e tests drive it: plain HTTP requests, and an
 * OpenEnv WebSocket that hands out the server's messages in order.
 */

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ServeClientOptions {
  /** Extra request headers (e.g. authorization). */
  headers?: Record<string, string>;
  /** Sees every raw body or frame the server sends back, e.g. to check that a secret never comes out. */
  onReceive?: (raw: string) => void;
}

/** One HTTP request: a string body is sent as it is (to send bad JSON), anything else as JSON. */
export async function http(base: string, method: string, path: string, body?: unknown, { headers = {}, onReceive }: ServeClientOptions = {}): Promise<{ status: number; json: Json }> {
  const res = await fetch(base + path, { method, headers: { "content-type": "application/json", ...headers }, ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }) });
  const text = await res.text();
  onReceive?.(text);
  return { status: res.status, json: JSON.parse(text) as Json };
}

/** Opens the server's WebSocket (`/ws`); `send` sends a message (a string as it is, anything else as JSON) and waits for the next one back. */
export async function connectWebSocket(url: string, { headers = {}, onReceive }: ServeClientOptions = {}) {
  const ws = new WebSocket(url.replace(/^http/, "ws") + "/ws", { headers });
  const inbox: Json[] = [];
  const waiting: ((m: Json) => void)[] = [];
  ws.on("message", (raw) => {
    onReceive?.(raw.toString());
    const message = JSON.parse(raw.toString()) as Json;
    const next = waiting.shift();
    if (next) next(message);
    else inbox.push(message);
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const next = () => (inbox.length > 0 ? Promise.resolve(inbox.shift()!) : new Promise<Json>((resolve) => waiting.push(resolve)));
  return {
    ws,
    /** Resolves with the close code. */
    closed,
    /** The next message from the server. */
    next,
    async send(message: unknown): Promise<Json> {
      ws.send(typeof message === "string" ? message : JSON.stringify(message));
      return next();
    },
  };
}
