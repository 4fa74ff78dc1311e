import { z } from "zod";

/**
 * The wire contract of `ubc serve` (docs/serve.md): every message a client sends is validated
 * here, and the JSON Schemas served at GET /schema are generated from these same zod schemas.
 */

export const MAX_BODY_BYTES = 1024 * 1024;

export const ERROR_CODES = ["INVALID_JSON", "UNKNOWN_TYPE", "VALIDATION_ERROR", "EXECUTION_ERROR", "CAPACITY_REACHED", "SESSION_ERROR"] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An action as an object (the `interact_with_env` tool call) ... */
export const ActionObject = z.object({
  choice: z.string().min(1).describe("search | action | answer | finish (the gym's enabled choices)"),
  content: z.string().max(MAX_BODY_BYTES).default("").describe("the query, the utterance or the answer; empty for finish"),
  thought: z.string().optional(),
});
/** ... or its bracketed text form, `[search] ...`. */
export const ActionInput = z.union([ActionObject, z.string().min(1).max(MAX_BODY_BYTES)]).meta({ title: "ubench action", description: "An action object or its bracketed text form ([search] ..., [action] ..., [answer] ..., [finish])." });
export type ActionInput = z.infer<typeof ActionInput>;

/**
 * Any non-negative integer, as OpenEnv's ResetRequest (`seed: int, ge=0`; env_server/types.py at
 * 685de411). JSON numbers are doubles in JavaScript, so a seed above 2^53 arrives rounded to the
 * nearest double (docs/serve.md); the env hashes the seed's decimal form (runtime/rng.ts), so
 * every value it receives gives one reproducible episode.
 */
export const Seed = z
  .number()
  .min(0)
  .refine(Number.isInteger, { message: "expected a whole number" })
  .meta({ type: "integer" });

/** OpenEnv's limit on an episode id (`max_length=255`). */
export const MAX_EPISODE_ID = 255;

export const ResetData = z.object({
  scenario_id: z.string().min(1).optional(),
  seed: Seed.optional(),
  episode_id: z.string().min(1).max(MAX_EPISODE_ID).optional(),
});
export type ResetData = z.infer<typeof ResetData>;

export const ServeObservation = z
  .object({
    feedback: z.string(),
    turn: z.number().int(),
    max_turns: z.number().int(),
    choices: z.array(z.string()),
    scenario_id: z.string(),
    metadata: z.object({ counters: z.record(z.string(), z.number()).describe("the gym's counters after the step (travel: searches, elicited preferences, ...)") }),
  })
  .meta({ title: "ubench observation" });
export type ServeObservation = z.infer<typeof ServeObservation>;

export const ServeState = z
  .object({
    episode_id: z.string().nullable(),
    step_count: z.number().int(),
    scenario_id: z.string().nullable(),
    gym: z.string().nullable(),
    seed: z.number().int().nullable(),
    return: z.number(),
    done: z.boolean(),
    counters: z.record(z.string(), z.number()),
    error: z.string().nullable().describe("why the episode was abandoned (the user simulator or the env failed), or null"),
  })
  .meta({ title: "ubench session state" });
export type ServeState = z.infer<typeof ServeState>;

// ── WebSocket (OpenEnv) ──────────────────────────────────────────────────────────────────────

/** OpenEnv's MCP step actions (ListToolsAction, CallToolAction; env_server/mcp_types.py at 685de411), as MCPToolClient sends them. */
export const ListToolsStep = z.object({ type: z.literal("list_tools") });
export const CallToolStep = z.object({ type: z.literal("call_tool"), tool_name: z.string().min(1), arguments: z.record(z.string(), z.unknown()).default({}) });
export type McpStep = z.infer<typeof ListToolsStep> | z.infer<typeof CallToolStep>;

/** The data of a step: an MCP tool action, the action itself, or `{action: ...}`. */
export const StepData = z.union([ListToolsStep, CallToolStep, ActionObject, z.string().min(1).max(MAX_BODY_BYTES), z.object({ action: ActionInput })]);

export const WsClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("reset"), data: ResetData.default({}) }),
  z.object({ type: z.literal("step"), data: StepData }),
  z.object({ type: z.literal("state"), data: z.unknown().optional() }),
  z.object({ type: z.literal("close"), data: z.unknown().optional() }),
  // A JSON-RPC request for the MCP server (WSMCPMessage); its reply is {"type":"mcp","data":<JSON-RPC response>}.
  z.object({ type: z.literal("mcp"), data: z.record(z.string(), z.unknown()) }),
]);
export type WsClientMessage = z.infer<typeof WsClientMessage>;

export const WS_TYPES = ["reset", "step", "state", "close", "mcp"] as const;

// ── HTTP bodies ──────────────────────────────────────────────────────────────────────────────

export const CreateSessionBody = z.object({ scenario_id: z.string().min(1).optional(), seed: Seed.optional() });
export const StepBody = z.object({ action: ActionInput });
export const HttpResetBody = ResetData;

/** The MCP tool action a step's data names, if it is one. */
export function mcpStepOf(data: z.infer<typeof StepData>): McpStep | undefined {
  return typeof data === "object" && "type" in data ? data : undefined;
}

/** Turns a step's data into what Env.step takes (an MCP tool action is not one: see mcpStepOf). */
export function actionOf(data: z.infer<typeof StepData>): ActionInput {
  if (typeof data === "string") return data;
  if ("type" in data) throw new TypeError(`a ${data.type} step is an MCP tool action, not an env action`);
  if ("action" in data) return data.action;
  return data;
}

/** "field.path: message; ..." naming each offending field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      return `${path === "" ? "(message)" : path}: ${issue.message}`;
    })
    .join("; ");
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

/** Parses one WebSocket text frame: bad JSON, an unknown type and a malformed message are told apart. */
export function parseWsMessage(text: string): Parsed<WsClientMessage> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: "INVALID_JSON", message: `the message is not JSON: ${(error as Error).message}` };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return { ok: false, code: "VALIDATION_ERROR", message: "(message): expected a JSON object with a 'type'" };
  const type = (json as Record<string, unknown>).type;
  if (typeof type !== "string") return { ok: false, code: "VALIDATION_ERROR", message: "type: expected a string (reset, step, state or close)" };
  if (!(WS_TYPES as readonly string[]).includes(type)) return { ok: false, code: "UNKNOWN_TYPE", message: `unknown message type '${type}' (expected ${WS_TYPES.join(", ")})` };
  const result = WsClientMessage.safeParse(json);
  if (!result.success) return { ok: false, code: "VALIDATION_ERROR", message: describeIssues(result.error) };
  return { ok: true, value: result.data };
}

/** The JSON Schemas of GET /schema. */
export function serveJsonSchemas(): { action: unknown; observation: unknown; state: unknown } {
  return {
    action: z.toJSONSchema(ActionInput, { io: "input" }),
    observation: z.toJSONSchema(ServeObservation),
    state: z.toJSONSchema(ServeState),
  };
}
