import type { CallToolResult, ListToolsResult } from "@modelcontextprotocol/sdk/types.js";
import { McpChannel, type JsonRpcReply } from "./mcp-channel.js";
import { createMcpServer, MCP_TOOL_NAMES, type McpToolsOptions } from "./mcp-tools.js";
import type { McpStep } from "./messages.js";
import type { Session } from "./sessions.js";

/**
 * MCP on one WebSocket session, both ways OpenEnv's clients use it (env_server/http_server.py and
 * core/mcp_client.py at 685de411): a `{"type":"mcp","data":<JSON-RPC request>}` message, answered
 * `{"type":"mcp","data":<JSON-RPC response>}`; and the step actions `{"type":"list_tools"}` and
 * `{"type":"call_tool","tool_name","arguments"}`, answered as observations shaped like
 * ListToolsObservation (`tools`) and CallToolObservation (`tool_name`, `result`, `error`). The MCP
 * server (the SDK's) is made on first use and plays the socket's own session.
 */

export interface OpenEnvToolReply {
  observation: Record<string, unknown>;
  reward: number | null;
  done: boolean;
}

export class WsMcp {
  private channel: Promise<McpChannel> | undefined;

  constructor(private readonly options: McpToolsOptions & { binding: { kind: "bound"; session: Session } }) {}

  private open(): Promise<McpChannel> {
    this.channel ??= McpChannel.open(createMcpServer(this.options));
    return this.channel;
  }

  async request(message: unknown): Promise<JsonRpcReply> {
    return (await this.open()).request(message);
  }

  /** A list_tools or call_tool step action, answered as OpenEnv's MCP observations. */
  async step(action: McpStep): Promise<OpenEnvToolReply> {
    const session = this.options.binding.session;
    const done = () => session.state().done;
    if (action.type === "list_tools") {
      const reply = await this.request({ jsonrpc: "2.0", id: 1, method: "tools/list" });
      const tools = ((reply.result as ListToolsResult | undefined)?.tools ?? []).map((t) => ({ name: t.name, description: t.description ?? "", input_schema: t.inputSchema }));
      return { observation: { tools, metadata: {} }, reward: null, done: done() };
    }
    const reply = await this.request({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: action.tool_name, arguments: action.arguments } });
    const base = { tool_name: action.tool_name, metadata: {} };
    if (reply.error) return { observation: { ...base, result: null, error: { error_type: "invalid_args", message: reply.error.message } }, reward: null, done: done() };
    const result = reply.result as CallToolResult;
    const data = (result.structuredContent ?? {}) as Record<string, unknown>;
    if (result.isError) {
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join(" ");
      const errorType = (MCP_TOOL_NAMES as readonly string[]).includes(action.tool_name) ? "execution_error" : "tool_not_found";
      return { observation: { ...base, result: null, error: { error_type: errorType, message: text } }, reward: null, done: done() };
    }
    const stepped = action.tool_name === "interact_with_env";
    return { observation: { ...base, result: data, error: null }, reward: stepped ? (data.reward as number) : null, done: stepped ? (data.done as boolean) : done() };
  }

  async close(): Promise<void> {
    if (this.channel) await (await this.channel).close();
  }
}
