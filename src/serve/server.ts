import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { z } from "zod";
import type { Scenario } from "../compiler/ir.js";
import { gymNames } from "../runtime/gyms/registry.js";
import { redactExact, scrubSecrets } from "../runtime/llm/endpoint.js";
import type { Env } from "../runtime/types.js";
import { toolVersion } from "../version.js";
import { actionOf, CreateSessionBody, describeIssues, HttpResetBody, MAX_BODY_BYTES, parseWsMessage, serveJsonSchemas, StepBody, type ErrorCode } from "./messages.js";
import { envFactory, llmClientOf, ServeError, Session, SessionManager } from "./sessions.js";

/** `ubc serve`: the OpenEnv protocol (WebSocket /ws and the simple HTTP mode) and plain HTTP sessions. */

export interface ServeOptions {
  scenarios: readonly Scenario[];
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The user simulator's spec, as `ubc eval --user`: "builtin" (default) or "openai:<model>". */
  user?: string;
  /** Its options, as eval's user options (baseURL, cache, temperature, ...; see runtime/llm/config.ts). */
  userOptions?: Record<string, unknown>;
  maxSessions?: number;
  /** Idle seconds before a session is released (0 = never). */
  sessionTtl?: number;
  /** Bearer token every request but GET /health must carry. */
  token?: string;
  maxBodyBytes?: number;
  /** Builds envs (tests inject faulty ones); default: the named user simulator, shared per gym. */
  createEnv?: (scenario: Scenario) => Env;
  clock?: () => number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The user simulator, for the start-up line: "builtin", or "openai:<model> at <base URL without credentials>". */
  user: string;
  sessions: SessionManager;
  /** Stops accepting, lets in-flight steps finish, then closes every socket. */
  close(): Promise<void>;
}

class HttpError extends ServeError {}

/**
 * Removes the given secrets from text about to leave the server. Short values are left alone: they
 * are placeholders (vLLM's "EMPTY"), not secrets, and blanking them would mangle ordinary replies.
 */
function redactor(secrets: readonly string[]): (text: string) => string {
  const known = secrets.filter((s) => s.length >= 12);
  if (known.length === 0) return (text) => text;
  return (text) => (known.some((secret) => text.includes(secret)) ? redactExact(text, known) : text);
}

function send(res: ServerResponse, status: number, body: unknown, redact: (text: string) => string): void {
  const text = redact(JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, error: unknown, redact: (text: string) => string): void {
  if (error instanceof ServeError) send(res, error.status, { error: { code: error.code, message: scrubSecrets(error.message, []) } }, redact);
  else send(res, 500, { error: { code: "EXECUTION_ERROR", message: scrubSecrets((error as Error)?.message ?? String(error), []) } }, redact);
}

/**
 * The body as text, or a 413 once it passes `limit`. An oversized body is still drained (up to
 * 8 times the limit, then the connection is cut) so the client reads the 413 instead of a reset.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError("VALIDATION_ERROR", 413, `the body is larger than ${limit} bytes`);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 8) {
        reject(tooLarge());
        req.destroy();
      }
    });
    req.on("end", () => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

async function parseBody<T extends z.ZodType>(req: IncomingMessage, schema: T, limit: number, optional = false): Promise<z.infer<T>> {
  const text = await readBody(req, limit);
  let json: unknown;
  if (text.trim() === "" && optional) json = {};
  else {
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ServeError("INVALID_JSON", 400, `the body is not JSON: ${(error as Error).message}`);
    }
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new ServeError("VALIDATION_ERROR", 400, describeIssues(result.error));
  return result.data;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  if (options.scenarios.length === 0) throw new Error("ubc serve needs at least one scenario");
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const user = options.user ?? "builtin";
  // Built before listening: a bad --user spec or option is the caller's error, not every session's.
  const factory = options.createEnv ? undefined : envFactory(user, options.userOptions ?? {}, options.scenarios);
  const createEnv = options.createEnv ?? factory!;
  const clients = (factory?.simulators() ?? []).map(llmClientOf).filter((c) => c !== undefined);
  // The LLM endpoints' API keys never leave in a reply, whatever echoes them (error messages are already scrubbed by the client).
  const redact = redactor(clients.map((c) => c.endpoint.apiKey ?? ""));
  const userLabel = clients.length > 0 ? `${user} at ${[...new Set(clients.map((c) => c.describe().baseURL))].join(", ")}` : user;
  const sessionOptions = { scenarios: options.scenarios, createEnv };
  const sessions = new SessionManager({ ...sessionOptions, maxSessions: options.maxSessions ?? 256, ttlMs: (options.sessionTtl ?? 600) * 1000, ...(options.clock && { clock: options.clock }) });
  // OpenEnv's simple HTTP mode: one default session, outside the limit.
  const defaultSession = new Session("default", sessionOptions, Date.now());
  const sockets = new Map<string, WebSocket>();
  const inFlight = new Set<Promise<unknown>>();
  let closing = false;

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.then(
      () => inFlight.delete(work),
      () => inFlight.delete(work),
    );
    return work;
  };

  sessions.onExpire = (session) => {
    const ws = sockets.get(session.id);
    if (ws) {
      ws.send(JSON.stringify({ type: "error", data: { code: "SESSION_ERROR", message: "the session expired after being idle" } }));
      ws.close(1000, "session expired");
    }
  };

  const authorized = (req: IncomingMessage): boolean => options.token === undefined || req.headers.authorization === `Bearer ${options.token}`;

  const metadata = {
    name: "ubench",
    version: toolVersion,
    description: "ubench user-centric agent scenarios as OpenEnv environments",
    gyms: [...new Set(options.scenarios.map((s) => s.gym))].filter((g) => gymNames().includes(g)),
    scenario_ids: options.scenarios.map((s) => s.id),
    scenarios: options.scenarios.map((s) => ({ id: s.id, gym: s.gym, max_return: s.maxReturn })),
  };
  const schemas = serveJsonSchemas();

  const respond = (res: ServerResponse, status: number, payload: unknown) => send(res, status, payload, redact);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";
    if (method === "GET" && path === "/health") return respond(res, 200, { status: "healthy" });
    if (!authorized(req)) {
      req.resume();
      return respond(res, 401, { error: { code: "UNAUTHORIZED", message: "missing or wrong bearer token (Authorization: Bearer <token>)" } });
    }
    if (closing) throw new ServeError("CAPACITY_REACHED", 503, "the server is shutting down");
    if (method === "GET" && path === "/metadata") return respond(res, 200, metadata);
    if (method === "GET" && path === "/schema") return respond(res, 200, schemas);
    if (method === "POST" && path === "/reset") {
      const data = await parseBody(req, HttpResetBody, limit, true);
      const { observation } = await track(defaultSession.reset(data));
      return respond(res, 200, { observation, reward: null, done: false });
    }
    if (method === "POST" && path === "/step") {
      const body = await parseBody(req, StepBody, limit);
      const reply = await track(defaultSession.step(body.action));
      return respond(res, 200, reply);
    }
    if (method === "GET" && path === "/state") return respond(res, 200, defaultSession.state());
    if (method === "POST" && path === "/sessions") {
      const body = await parseBody(req, CreateSessionBody, limit, true);
      const session = sessions.open();
      try {
        const { observation } = await track(session.reset(body));
        return respond(res, 200, { session_id: session.id, observation });
      } catch (error) {
        sessions.release(session.id);
        throw error;
      }
    }
    const match = /^\/sessions\/([^/]+)(?:\/(step|reward|state))?$/.exec(path);
    if (match) {
      const [, id, action] = match as unknown as [string, string, string | undefined];
      if (method === "DELETE" && action === undefined) {
        sessions.get(id);
        sessions.release(id);
        return respond(res, 200, { released: true });
      }
      if (method === "POST" && action === "step") {
        const body = await parseBody(req, StepBody, limit);
        const session = sessions.get(id);
        const reply = await track(session.step(body.action));
        sessions.touch(session);
        return respond(res, 200, reply);
      }
      if (method === "GET" && action === "reward") return respond(res, 200, sessions.get(id).reward());
      if (method === "GET" && action === "state") return respond(res, 200, sessions.get(id).state());
    }
    req.resume();
    respond(res, 404, { error: { code: "NOT_FOUND", message: `no route ${method} ${path}` } });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError && error.status === 413) res.setHeader("connection", "close");
      sendError(res, error, redact);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: limit });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/ws") {
      socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    if (!authorized(req)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  });

  function wsSend(ws: WebSocket, message: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(redact(JSON.stringify(message)));
  }
  function wsError(ws: WebSocket, code: ErrorCode, message: string): void {
    wsSend(ws, { type: "error", data: { code, message: scrubSecrets(message, []) } });
  }

  function onSocket(ws: WebSocket): void {
    let session: Session;
    try {
      if (closing) throw new ServeError("CAPACITY_REACHED", 503, "the server is shutting down");
      session = sessions.open();
    } catch (error) {
      const e = error as ServeError;
      wsError(ws, e.code ?? "CAPACITY_REACHED", e.message);
      ws.close(1013, "capacity reached");
      return;
    }
    sockets.set(session.id, ws);
    ws.on("close", () => {
      sockets.delete(session.id);
      sessions.release(session.id);
    });
    ws.on("error", () => ws.terminate());
    ws.on("message", (raw, isBinary) => {
      const parsed = parseWsMessage(isBinary ? Buffer.from(raw as Buffer).toString("utf8") : raw.toString());
      if (!parsed.ok) return wsError(ws, parsed.code, parsed.message);
      const message = parsed.value;
      sessions.touch(session);
      if (message.type === "close") {
        ws.close(1000, "closed by client");
        return;
      }
      if (message.type === "state") return wsSend(ws, { type: "state", data: session.state() });
      const work: Promise<unknown> = message.type === "reset" ? session.reset(message.data).then(({ observation }) => ({ observation, reward: null, done: false })) : session.step(actionOf(message.data));
      track(work).then(
        (data) => {
          sessions.touch(session);
          wsSend(ws, { type: "observation", data });
        },
        (error: unknown) => {
          if (error instanceof ServeError) wsError(ws, error.code, error.message);
          else wsError(ws, "EXECUTION_ERROR", (error as Error)?.message ?? String(error));
        },
      );
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8765, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const sweeper = setInterval(() => sessions.sweep(), 1000);
  sweeper.unref();

  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    user: userLabel,
    sessions,
    close() {
      closed ??= (async () => {
        closing = true;
        clearInterval(sweeper);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // In-flight steps finish (and their replies go out) before the sockets close.
        const deadline = Date.now() + 10_000;
        while (inFlight.size > 0 && Date.now() < deadline) await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 100))]);
        for (const ws of sockets.values()) ws.close(1001, "server shutting down");
        wss.close();
        await new Promise((r) => setTimeout(r, 50));
        for (const ws of wss.clients) ws.terminate();
        server.closeAllConnections();
        await stopped;
        for (const client of clients) client.close();
      })();
      return closed;
    },
  };
}
