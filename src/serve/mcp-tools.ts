import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Scenario } from "../compiler/ir.js";
import { toolVersion } from "../version.js";
import { ActionObject, MAX_EPISODE_ID, Seed } from "./messages.js";
import { ServeError, type Session } from "./sessions.js";

/**
 * The scenarios as MCP tools, so any MCP client (an agent framework, OpenEnv's MCPToolClient) can
 * play an episode with no adapter: `list_scenarios`, `start_episode` and `interact_with_env` (the
 * env's action, the same tool call as UserRL's). OpenEnv reserves the names reset, step, state and
 * close (RESERVED_TOOL_NAMES, env_server/mcp_types.py at 685de411), hence these names.
 *
 * A channel with a session of its own (a WebSocket, stdio) plays that one; stateless HTTP `POST
 * /mcp` has none, so there `start_episode` opens a session and returns its `session_id`, which
 * `interact_with_env` then names.
 */

export const MCP_TOOL_NAMES = ["list_scenarios", "start_episode", "interact_with_env"] as const;

export type SessionBinding =
  /** The channel's own session. */
  | { kind: "bound"; session: Session }
  /** Sessions opened by start_episode and named by session_id (stateless HTTP). */
  | { kind: "by-id"; open(): Session; get(id: string): Session; release(id: string): void };

export interface McpToolsOptions {
  scenarios: readonly Scenario[];
  binding: SessionBinding;
  /** Runs a session's work so shutdown can wait for it (the server's in-flight tracking). */
  track?: <T>(work: Promise<T>) => Promise<T>;
}

function ok(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}

/** A tool's failure as the tool's result (isError), as MCP asks, with the server's error code. */
function failed(error: unknown): CallToolResult {
  const code = error instanceof ServeError ? error.code : "EXECUTION_ERROR";
  const message = (error as Error)?.message ?? String(error);
  return { content: [{ type: "text", text: `${code}: ${message}` }], structuredContent: { error: { code, message } }, isError: true };
}

async function guarded(work: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    return ok(await work());
  } catch (error) {
    return failed(error);
  }
}

const SessionId = z.string().min(1).describe("the session_id start_episode returned");

/** An MCP server (the official SDK's) offering the tools over the given binding; connect it to any transport. */
export function createMcpServer({ scenarios, binding, track = (work) => work }: McpToolsOptions): McpServer {
  const server = new McpServer({ name: "ubench", version: toolVersion }, { capabilities: { tools: {} } });
  const stateless = binding.kind === "by-id";

  server.registerTool(
    "list_scenarios",
    { description: "The scenarios this server plays: id, gym and the maximum return of each.", inputSchema: {} },
    () => Promise.resolve(ok({ scenarios: scenarios.map((s) => ({ id: s.id, gym: s.gym, max_return: s.maxReturn })) })),
  );

  server.registerTool(
    "start_episode",
    {
      description: `Starts an episode of a scenario (by id, or scenario number seed mod N) and returns the user's opening message.${stateless ? " Returns the session_id that interact_with_env takes." : " A new episode replaces the current one."}`,
      inputSchema: {
        scenario_id: z.string().min(1).optional().describe("a scenario id from list_scenarios"),
        seed: Seed.optional().describe("any non-negative integer; the same seed gives the same episode"),
        episode_id: z.string().min(1).max(MAX_EPISODE_ID).optional(),
        ...(stateless && { session_id: SessionId.optional().describe("a session to reset (from openenv/session/create); else a new one is opened") }),
      },
    },
    (args) =>
      guarded(async () => {
        const { session_id: id, ...data } = args as typeof args & { session_id?: string };
        if (binding.kind === "bound") return await track(binding.session.reset(data));
        // A session named by id (one openenv/session/create made) is reset in place; else a new one is opened.
        if (id !== undefined) return { session_id: id, ...(await track(binding.get(id).reset(data))) };
        const session = binding.open();
        try {
          return { session_id: session.id, ...(await track(session.reset(data))) };
        } catch (error) {
          binding.release(session.id);
          throw error;
        }
      }),
  );

  server.registerTool(
    "interact_with_env",
    {
      description: "Acts in the episode: choice is search, action (say something to the user), answer or finish, as the observation's choices list; content is the query, the utterance or the answer. Returns the observation, the step's reward and whether the episode is over.",
      inputSchema: { ...ActionObject.shape, ...(stateless && { session_id: SessionId }) },
    },
    (args) =>
      guarded(async () => {
        const { session_id: id, ...action } = args as z.infer<typeof ActionObject> & { session_id?: string };
        const session = binding.kind === "bound" ? binding.session : binding.get(id!);
        const { observation, reward, done } = await track(session.step(action));
        return { observation, reward, done };
      }),
  );

  if (binding.kind === "by-id") addOpenEnvSessionMethods(server, binding);
  return server;
}

/**
 * OpenEnv's session methods for HTTP MCP (`openenv/session/create` and `openenv/session/close`,
 * env_server/http_server.py's mcp_handler at 685de411), which its MCPToolClient calls in
 * production mode before naming the session in each request's `params.session_id`.
 */
function addOpenEnvSessionMethods(server: McpServer, binding: Extract<SessionBinding, { kind: "by-id" }>): void {
  const create = z.object({ method: z.literal("openenv/session/create"), params: z.looseObject({}).optional() });
  const close = z.object({ method: z.literal("openenv/session/close"), params: z.looseObject({ session_id: z.string().min(1) }) });
  server.server.setRequestHandler(create, () => ({ session_id: binding.open().id }));
  server.server.setRequestHandler(close, (request) => {
    const id = request.params.session_id;
    binding.get(id);
    binding.release(id);
    return { session_id: id, closed: true };
  });
}
