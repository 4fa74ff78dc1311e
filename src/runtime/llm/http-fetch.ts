import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";

/**
 * A small `fetch` over node:http(s) with keep-alive connection pools, for the `openai` package's
 * `fetch` option. Node 20's built-in fetch (undici) costs enough CPU per call that, with the
 * package on top, 64 requests in flight against a 50 ms server reached about 88% of the possible
 * rate on our 2-core machine, against about 95% over this (bench/eval-throughput.mjs measures the
 * client). It does what the package needs and no more: buffered text bodies (JSON), an
 * AbortSignal covering the whole exchange (body included), gzip/deflate/br replies. Proxies are
 * not supported (nor are they by Node 20's fetch).
 */

/**
 * Idle pooled connections are closed after this long, before common servers' own keep-alive
 * timeouts (5 s in Node and uvicorn), so a request rarely lands on a socket the server is closing.
 */
const IDLE_SOCKET_MS = 4_000;

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface NodeFetch {
  fetch: FetchLike;
  /** Closes the idle pooled connections. */
  close(): void;
}

export function createNodeFetch(maxSockets: number): NodeFetch {
  const agents = {
    // `timeout` only closes idle pooled sockets: a request in flight is never cut by it.
    "http:": new HttpAgent({ keepAlive: true, maxSockets, timeout: IDLE_SOCKET_MS }),
    "https:": new HttpsAgent({ keepAlive: true, maxSockets, timeout: IDLE_SOCKET_MS }),
  };
  const fetch: FetchLike = (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const protocol = url.protocol as keyof typeof agents;
      if (!(protocol in agents)) return reject(new TypeError(`unsupported protocol ${url.protocol}`));
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(abortError(signal));
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      headers["accept-encoding"] ??= "gzip, deflate, br";
      const send = protocol === "https:" ? httpsRequest : httpRequest;
      const req = send(url, { method: init.method ?? "GET", headers, agent: agents[protocol] }, (res) => {
        readBody(res, signal).then((body) => resolve(new Response(res.statusCode === 204 || res.statusCode === 304 ? null : body.toString("utf8"), { status: res.statusCode ?? 500, statusText: res.statusMessage ?? "", headers: responseHeaders(res) })), reject);
      });
      const onAbort = () => req.destroy(abortError(signal!));
      signal?.addEventListener("abort", onAbort, { once: true });
      req.on("close", () => signal?.removeEventListener("abort", onAbort));
      req.on("error", reject);
      req.end(bodyOf(init.body));
    });
  return {
    fetch,
    close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}

function bodyOf(body: RequestInit["body"]): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError("node fetch: only string and byte bodies are supported");
}

/** The whole body, decoded; an abort (our deadline) surfaces as the abort, so it reads as a timeout upstream. */
function readBody(res: IncomingMessage, signal: AbortSignal | undefined): Promise<Buffer> {
  const encoding = String(res.headers["content-encoding"] ?? "").trim().toLowerCase();
  let stream: Readable = res;
  if (encoding === "gzip" || encoding === "x-gzip") stream = res.pipe(createGunzip());
  else if (encoding === "deflate") stream = res.pipe(createInflate());
  else if (encoding === "br") stream = res.pipe(createBrotliDecompress());
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => reject(signal?.aborted ? abortError(signal) : error);
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", fail);
    // A connection cut mid-body (server gone, or our abort) must not leave the promise hanging.
    res.on("error", fail);
    res.on("close", () => {
      if (!res.complete) fail(new Error("the connection closed before the reply ended"));
    });
  });
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    // The body handed on is already decoded.
    if (value === undefined || name === "content-encoding" || name === "content-length") continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error("This operation was aborted");
  error.name = "AbortError";
  return error;
}
