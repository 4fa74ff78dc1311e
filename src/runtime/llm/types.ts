/**
 * The plain-data shapes of an LLM exchange, shared by the client, the cache and their callers.
 * A request is exactly what is sent (minus the endpoint), so the cache key can be computed from
 * the same object that goes on the wire.
 */

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_tokens?: number;
  /** OpenAI's reasoning models refuse max_tokens and want this instead. */
  max_completion_tokens?: number;
  top_p?: number;
  seed?: number;
  stop?: string[];
  tools?: unknown[];
  tool_choice?: unknown;
  /** false: at most one tool call per reply (the agent acts on one per turn). */
  parallel_tool_calls?: boolean;
  response_format?: unknown;
}

/** Every field of ChatRequest: the body sent and the cache key are built from this list only. */
export const REQUEST_FIELDS = [
  "model",
  "messages",
  "temperature",
  "max_tokens",
  "max_completion_tokens",
  "top_p",
  "seed",
  "stop",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "response_format",
] as const satisfies readonly (keyof ChatRequest)[];

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/** A reply as stored in the cache (and returned, with `cached`). */
export interface StoredReply {
  content: string | null;
  toolCalls: ToolCall[];
  usage?: Usage;
}

export interface ChatReply extends StoredReply {
  /** Served from the cache, with no network call. */
  cached: boolean;
}

export type LlmErrorKind = "http" | "timeout" | "network" | "malformed" | "replay-miss";

/** Every failure of the client is one of these, with a message free of secrets. */
export class LlmError extends Error {
  constructor(
    message: string,
    readonly kind: LlmErrorKind,
    readonly status?: number,
  ) {
    super(message);
    this.name = "LlmError";
  }
}
