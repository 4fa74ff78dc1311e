import { z } from "zod";
import { toolVersion } from "../version.js";
import { ActionInput, CreateSessionBody, HttpResetBody, ServeObservation, ServeState, StepBody } from "./messages.js";

/**
 * `GET /openapi.json`: the routes `ubc serve` answers, described from the same zod schemas that
 * validate them. `openenv validate --url` reads `info.version` and looks for /reset, /step and
 * /state in `paths` to tell the server's mode (openenv cli/_validation.py at 685de411); a server
 * with all three is in OpenEnv's "simulation" mode.
 */

type Schema = Record<string, unknown>;

function schemaOf(type: z.ZodType, io: "input" | "output" = "output"): Schema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(type, { io }) as Schema;
  return schema;
}

const json = (schema: Schema) => ({ "application/json": { schema } });
const ok = (description: string, schema: Schema = { type: "object" }) => ({ "200": { description, content: json(schema) } });
const errorBody = { type: "object", properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } }, required: ["code", "message"] } }, required: ["error"] };
const errors = { "4XX": { description: "bad input, unknown session, a missing token, a body over the limit", content: json(errorBody) }, "5XX": { description: "the env or the LLM user failed; capacity reached", content: json(errorBody) } };
const body = (schema: Schema, required = true) => ({ required, content: json(schema) });
const sessionId = [{ name: "session_id", in: "path", required: true, schema: { type: "string" } }];

export function openApiDocument(): Schema {
  const observation = schemaOf(ServeObservation);
  const state = schemaOf(ServeState);
  const openEnvReply = { type: "object", properties: { observation, reward: { type: ["number", "null"] }, done: { type: "boolean" } }, required: ["observation", "reward", "done"], additionalProperties: false };
  const sessionReply = { type: "object", properties: { observation, reward: { type: "number" }, done: { type: "boolean" }, info: { type: "object", additionalProperties: { type: "number" } } }, required: ["observation", "reward", "done", "info"] };
  return {
    openapi: "3.1.0",
    info: { title: "ubench (ubc serve)", version: toolVersion, description: "ubench scenarios as OpenEnv environments: WebSocket /ws, OpenEnv's HTTP routes, MCP at POST /mcp, and plain HTTP sessions. See docs/serve.md." },
    paths: {
      "/health": { get: { summary: "Health check", responses: ok("healthy", { type: "object", properties: { status: { const: "healthy" } } }) }, head: { summary: "Health check without a body", responses: { "200": { description: "healthy" } } } },
      "/metadata": { get: { summary: "Environment metadata (OpenEnv's EnvironmentMetadata)", responses: { ...ok("name, description, version"), ...errors } } },
      "/schema": { get: { summary: "JSON Schemas of the action, the observation and the state", responses: { ...ok("schemas"), ...errors } } },
      "/reset": { post: { summary: "Reset the shared default session (OpenEnv's simple HTTP mode)", requestBody: body(schemaOf(HttpResetBody, "input"), false), responses: { ...ok("the first observation", openEnvReply), ...errors } } },
      "/step": { post: { summary: "Step the shared default session", requestBody: body(schemaOf(StepBody, "input")), responses: { ...ok("observation, reward, done", openEnvReply), ...errors } } },
      "/state": { get: { summary: "The default session's state", responses: { ...ok("state", state), ...errors } } },
      "/mcp": { post: { summary: "MCP JSON-RPC (tools/list, tools/call) over stateless streamable HTTP", requestBody: body({ type: "object" }), responses: ok("a JSON-RPC response", { type: "object", properties: { jsonrpc: { const: "2.0" } } }) } },
      "/ws": { get: { summary: "WebSocket upgrade: one OpenEnv session per connection (reset, step, state, close, mcp messages)", responses: { "101": { description: "switching protocols" }, ...errors } } },
      "/ubench/scenarios": { get: { summary: "The scenarios served: gyms, ids, and each one's gym and maximum return", responses: { ...ok("scenarios"), ...errors } } },
      "/sessions": { post: { summary: "Open a plain HTTP session and reset it", requestBody: body(schemaOf(CreateSessionBody, "input"), false), responses: { ...ok("session_id and the first observation"), ...errors } } },
      "/sessions/{session_id}": { delete: { summary: "Release a session", parameters: sessionId, responses: { ...ok("released"), ...errors } } },
      "/sessions/{session_id}/step": { post: { summary: "Step a session", parameters: sessionId, requestBody: body({ type: "object", properties: { action: schemaOf(ActionInput, "input") }, required: ["action"] }), responses: { ...ok("observation, reward, done, info", sessionReply), ...errors } } },
      "/sessions/{session_id}/reward": { get: { summary: "The episode's return, score, done and error", parameters: sessionId, responses: { ...ok("reward"), ...errors } } },
      "/sessions/{session_id}/state": { get: { summary: "The session's state", parameters: sessionId, responses: { ...ok("state", state), ...errors } } },
      "/openapi.json": { get: { summary: "This document", responses: ok("OpenAPI 3.1") } },
    },
  };
}
