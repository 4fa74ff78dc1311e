import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/**
 * Hands single JSON-RPC requests to an MCP server and returns its responses: the server is the
 * SDK's, connected to the SDK's in-memory transport, and this is the other end. A WebSocket uses
 * one for OpenEnv's `{"type":"mcp"}` messages and its list_tools / call_tool step actions.
 */

export type JsonRpcId = string | number | null;
export interface JsonRpcReply {
  jsonrpc: "2.0";
  id: JsonRpcId;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** JSON-RPC 2.0's "Invalid Request" (the code OpenEnv's server answers a malformed request with). */
export const INVALID_REQUEST = -32600;

export function jsonRpcError(id: JsonRpcId, code: number, message: string): JsonRpcReply {
  return { jsonrpc: "2.0", id, error: { code, message } };
}

/** Why `message` is not a JSON-RPC 2.0 request, or undefined when it is one. */
export function invalidRequest(message: unknown): string | undefined {
  if (message === null || typeof message !== "object" || Array.isArray(message)) return "expected a JSON-RPC 2.0 request object";
  const m = message as Record<string, unknown>;
  if (m.jsonrpc !== "2.0") return "'jsonrpc' must be \"2.0\"";
  if (typeof m.method !== "string" || m.method === "") return "'method' must be a non-empty string";
  if (m.params !== undefined && (m.params === null || typeof m.params !== "object" || Array.isArray(m.params))) return "'params' must be an object";
  if (m.id !== undefined && m.id !== null && typeof m.id !== "string" && typeof m.id !== "number") return "'id' must be a string, a number or null";
  return undefined;
}

export class McpChannel {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: JSONRPCMessage) => void>();

  private constructor(private readonly end: InMemoryTransport) {
    end.onmessage = (message) => {
      const id = (message as { id?: unknown }).id;
      const resolve = typeof id === "number" ? this.waiting.get(id) : undefined;
      if (resolve) {
        this.waiting.delete(id as number);
        resolve(message);
      }
    };
  }

  static async open(server: McpServer): Promise<McpChannel> {
    const [ours, theirs] = InMemoryTransport.createLinkedPair();
    await server.connect(theirs);
    await ours.start();
    return new McpChannel(ours);
  }

  /**
   * The server's response to one request. The request goes out under an id of our own (a client's
   * id may repeat or be missing) and the response comes back under the client's (null if none).
   */
  async request(message: unknown): Promise<JsonRpcReply> {
    const invalid = invalidRequest(message);
    const clientId = ((message as { id?: JsonRpcId } | null)?.id ?? null) as JsonRpcId;
    if (invalid !== undefined) return jsonRpcError(typeof clientId === "object" ? null : clientId, INVALID_REQUEST, `Invalid Request: ${invalid}`);
    const { method, params } = message as { method: string; params?: Record<string, unknown> };
    const id = this.nextId++;
    const reply = new Promise<JSONRPCMessage>((resolve) => this.waiting.set(id, resolve));
    await this.end.send({ jsonrpc: "2.0", id, method, params: params ?? {} });
    const { id: _ours, ...rest } = (await reply) as unknown as JsonRpcReply;
    return { ...rest, id: clientId };
  }

  async close(): Promise<void> {
    await this.end.close();
  }
}
