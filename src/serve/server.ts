import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Scenario } from "../compiler/ir.js";
import { gymNames } from "../runtime/gyms/registry.js";
import { scrubSecrets } from "../runtime/llm/endpoint.js";
import type { Env } from "../runtime/types.js";
import { toolVersion } from "../version.js";
import { isAuthorized, requestTarget } from "./auth.js";
import { redactor } from "../runtime/llm/endpoint.js";
import { HttpError, parseBody, readJson, send, sendError } from "./http-io.js";
import { handleMcpPost } from "./mcp-http.js";
import { MemoryBudget, type BudgetLimits } from "./memory-budget.js";
import { actionOf, CreateSessionBody, HttpResetBody, MAX_BODY_BYTES, mcpStepOf, parseWsMessage, serveJsonSchemas, StepBody, type ErrorCode } from "./messages.js";
import { openApiDocument } from "./openapi.js";
import { envFactory, llmClientOf, SeedSequence, ServeError, Session, SessionManager, type StepReply } from "./sessions.js";
import type { StepErrorPolicy } from "./step-errors.js";
import { WsMcp } from "./ws-mcp.js";

/** `ubc serve`: the OpenEnv protocol (WebSocket /ws, the simple HTTP mode, MCP at /mcp) and plain HTTP sessions. */

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
  /** The token every request but GET /health must carry (a Bearer header or a ?token= parameter). */
  token?: string;
  maxBodyBytes?: number;
  /** Bounds on the episode text sessions hold (memory-budget.ts). */
  memory?: BudgetLimits;
  /** Seconds a step may take before its episode is abandoned (0 or absent: no limit). */
  stepTimeout?: number;
  /** What a failed step answers: an error (default) or a last step with reward 0 (sessions.ts). */
  onStepError?: StepErrorPolicy;
  /** Seeds resets that name none (sessions.ts, SeedSequence; default 0). */
  seed?: number;
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

/** OpenEnv's replies carry observation, reward and done only (StepResponse is extra="forbid"); the counters are in the observation's metadata. */
function openEnvReply({ observation, reward, done }: StepReply): { observation: StepReply["observation"]; reward: number; done: boolean } {
  return { observation, reward, done };
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
  const memory = new MemoryBudget(options.memory);
  const sessionOptions = { scenarios: options.scenarios, createEnv, memory, stepTimeoutMs: (options.stepTimeout ?? 0) * 1000, onStepError: options.onStepError ?? "error", seeds: new SeedSequence(options.seed ?? 0) };
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

  // Only the keys of OpenEnv's EnvironmentMetadata (extra="forbid"); the scenarios are at /ubench/scenarios.
  const metadata = { name: "ubench", version: toolVersion, description: "ubench user-centric agent scenarios as OpenEnv environments (scenarios: GET /ubench/scenarios)" };
  const catalogue = {
    gyms: [...new Set(options.scenarios.map((s) => s.gym))].filter((g) => gymNames().includes(g)),
    scenario_ids: options.scenarios.map((s) => s.id),
    scenarios: options.scenarios.map((s) => ({ id: s.id, gym: s.gym, max_return: s.maxReturn })),
  };
  const schemas = serveJsonSchemas();
  const openApi = openApiDocument();
  const mcpTools = { scenarios: options.scenarios, track, binding: { kind: "by-id" as const, open: () => sessions.open(), get: (id: string) => sessions.get(id), release: (id: string) => void sessions.release(id) } };

  const respond = (res: ServerResponse, status: number, payload: unknown) => send(res, status, payload, redact);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = requestTarget(req.url);
    const { path } = target;
    // HEAD is GET without the body (node drops the body of a reply to HEAD).
    const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
    if (method === "GET" && path === "/health") return respond(res, 200, { status: "healthy" });
    if (!isAuthorized(req, target, options.token)) {
      req.resume();
      return respond(res, 401, { error: { code: "UNAUTHORIZED", message: "missing or wrong token (send Authorization: Bearer <token>, or ?token=<token> in the URL)" } });
    }
    if (closing) throw new ServeError("CAPACITY_REACHED", 503, "the server is shutting down");
    if (method === "GET" && path === "/metadata") return respond(res, 200, metadata);
    if (method === "GET" && path === "/ubench/scenarios") return respond(res, 200, catalogue);
    if (method === "GET" && path === "/schema") return respond(res, 200, schemas);
    if (method === "GET" && path === "/openapi.json") return respond(res, 200, openApi);
    if (method === "POST" && path === "/mcp") {
      const body = await readJson(req, limit).catch((error: unknown) => {
        if (error instanceof ServeError && error.code === "INVALID_JSON") return undefined;
        throw error;
      });
      if (body === undefined) return respond(res, 200, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error: the body is not JSON" } });
      const reply = await handleMcpPost(body, req.headers, "http://localhost/mcp", mcpTools);
      const text = redact(reply.body);
      res.writeHead(reply.status, { ...reply.headers, "content-length": Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (path === "/mcp") {
      // Stateless: no server-sent event stream to GET and no session to DELETE (the SDK client takes 405 as "none").
      req.resume();
      res.setHeader("allow", "POST");
      return respond(res, 405, { jsonrpc: "2.0", id: null, error: { code: -32000, message: "Method not allowed: POST /mcp (stateless streamable HTTP)" } });
    }
    if (method === "POST" && path === "/reset") {
      const data = await parseBody(req, HttpResetBody, limit, true);
      const { observation } = await track(defaultSession.reset(data));
      return respond(res, 200, { observation, reward: null, done: false });
    }
    if (method === "POST" && path === "/step") {
      const body = await parseBody(req, StepBody, limit);
      const reply = await track(defaultSession.step(body.action));
      return respond(res, 200, openEnvReply(reply));
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
      if (res.headersSent) res.destroy();
      else sendError(res, error, redact);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: limit });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = requestTarget(req.url);
    if (target.path !== "/ws") {
      socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    if (!isAuthorized(req, target, options.token)) {
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
    const mcp = new WsMcp({ scenarios: options.scenarios, track, binding: { kind: "bound", session } });
    ws.on("close", () => {
      sockets.delete(session.id);
      sessions.release(session.id);
      void mcp.close();
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
      const mcpStep = message.type === "step" ? mcpStepOf(message.data) : undefined;
      let work: Promise<{ type: string; data: unknown }>;
      if (message.type === "mcp") work = mcp.request(message.data).then((data) => ({ type: "mcp", data }));
      else if (mcpStep) work = mcp.step(mcpStep).then((data) => ({ type: "observation", data }));
      else if (message.type === "reset") work = session.reset(message.data).then(({ observation }) => ({ type: "observation", data: { observation, reward: null, done: false } }));
      else work = session.step(actionOf(message.data)).then((reply) => ({ type: "observation", data: openEnvReply(reply) }));
      track(work).then(
        (reply) => {
          sessions.touch(session);
          wsSend(ws, reply);
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
