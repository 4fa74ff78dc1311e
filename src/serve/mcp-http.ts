import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { IncomingHttpHeaders } from "node:http";
import { createMcpServer, type McpToolsOptions } from "./mcp-tools.js";
import { INVALID_REQUEST, invalidRequest, jsonRpcError } from "./mcp-channel.js";

/**
 * `POST /mcp`: MCP over stateless streamable HTTP, the SDK's way (a fresh server and transport per
 * request, no Mcp-Session-Id), answering JSON rather than an event stream. Two allowances make
 * OpenEnv's clients welcome too (env_server/http_server.py and core/mcp_client.py at 685de411):
 * a body that is not a JSON-RPC request gets a JSON-RPC error with status 200, as OpenEnv's own
 * server answers it (`openenv validate` posts `{}` and wants 200 with `jsonrpc: "2.0"`), and a
 * client that does not list `text/event-stream` in Accept (httpx, requests) is answered in JSON,
 * which it accepts anyway.
 */

export interface McpHttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Whether the SDK should see `body`: a JSON-RPC 2.0 request (or notification), or a batch of JSON-RPC 2.0 messages. */
function isForSdk(body: unknown): boolean {
  if (Array.isArray(body)) return body.length > 0 && body.every((m) => m !== null && typeof m === "object" && (m as Record<string, unknown>).jsonrpc === "2.0");
  return invalidRequest(body) === undefined;
}

/**
 * OpenEnv's MCPToolClient names its session in `params.session_id`, beside the tool's arguments
 * (core/mcp_client.py at 685de411); our HTTP tools take it as an argument, so it is moved there.
 */
function sessionIdAsArgument(message: unknown): unknown {
  const m = message as { method?: unknown; params?: { session_id?: unknown; arguments?: unknown } };
  if (m?.method !== "tools/call" || typeof m.params?.session_id !== "string") return message;
  const { session_id, ...params } = m.params;
  const args = m.params.arguments !== null && typeof m.params.arguments === "object" ? m.params.arguments : {};
  return { ...m, params: { ...params, arguments: { session_id, ...args } } };
}

/** Answers one POST /mcp whose body parsed as `body`. */
export async function handleMcpPost(parsed: unknown, headers: IncomingHttpHeaders, url: string, tools: McpToolsOptions): Promise<McpHttpReply> {
  const body = Array.isArray(parsed) ? parsed.map(sessionIdAsArgument) : sessionIdAsArgument(parsed);
  if (!isForSdk(body)) {
    const reply = jsonRpcError(null, INVALID_REQUEST, `Invalid Request: ${invalidRequest(body) ?? "a batch must hold JSON-RPC messages"}`);
    return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(reply) };
  }
  const forwarded = new Headers();
  for (const [name, value] of Object.entries(headers)) if (typeof value === "string") forwarded.set(name, value);
  forwarded.set("accept", "application/json, text/event-stream");
  forwarded.set("content-type", "application/json");
  const request = new Request(url, { method: "POST", headers: forwarded, body: JSON.stringify(body) });

  const server = createMcpServer(tools);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(request, { parsedBody: body });
    const replyHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => (replyHeaders[name] = value));
    return { status: response.status, headers: replyHeaders, body: await response.text() };
  } finally {
    await server.close();
  }
}
