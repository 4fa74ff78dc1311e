import OpenAI from "openai";
import pLimit, { type LimitFunction } from "p-limit";
import { cacheKey, ResponseCache, type CacheableRequest, type CacheMode } from "./cache.js";
import { scrubSecrets, type Endpoint } from "./endpoint.js";

/**
 * The one way the runtime talks to an LLM: any OpenAI-compatible endpoint through the `openai`
 * package, with a concurrency limit, per-request timeouts, retries with backoff (ours only: the
 * package's own are off), and the content-addressed reply cache. Backoff is deterministic
 * (exponential, or the server's Retry-After), since nothing in a run may depend on chance.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string | null;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
  seed?: number;
  tools?: unknown[];
  tool_choice?: unknown;
}

export interface ChatReply {
  content: string | null;
  toolCalls: ToolCall[];
  usage?: { promptTokens: number; completionTokens: number };
  /** Served from the cache, with no network call. */
  cached: boolean;
}

export interface LlmClientOptions {
  endpoint: Endpoint;
  timeoutMs?: number;
  maxRetries?: number;
  concurrency?: number;
  cacheMode?: CacheMode;
  cacheDir?: string;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** For tests: how to wait between retries. */
  sleep?: (ms: number) => Promise<void>;
}

export interface LlmStats {
  requests: number;
  cacheHits: number;
  retries: number;
  failures: number;
}

export type LlmErrorKind = "http" | "timeout" | "network" | "malformed" | "replay-miss";

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

const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

export class LlmClient {
  readonly stats: LlmStats = { requests: 0, cacheHits: 0, retries: 0, failures: 0 };
  private readonly limit: LimitFunction;
  private readonly cache: ResponseCache;
  private sdk: OpenAI | undefined;
  private readonly options: Required<Omit<LlmClientOptions, "endpoint">> & { endpoint: Endpoint };

  constructor(options: LlmClientOptions) {
    this.options = {
      timeoutMs: 60_000,
      maxRetries: 4,
      concurrency: 16,
      cacheMode: "off",
      cacheDir: ".ubench-cache/llm",
      backoffBaseMs: 500,
      backoffMaxMs: 30_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...options,
    };
    this.limit = pLimit(this.options.concurrency);
    this.cache = new ResponseCache(this.options.cacheDir, this.options.cacheMode);
  }

  get endpoint(): Endpoint {
    return this.options.endpoint;
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const cacheable: CacheableRequest = { ...request, baseURL: this.options.endpoint.baseURL };
    const key = cacheKey(cacheable);
    let cached: Omit<ChatReply, "cached"> | undefined;
    try {
      cached = this.cache.get<Omit<ChatReply, "cached">>(key);
    } catch (error) {
      this.stats.failures++;
      throw new LlmError((error as Error).message, "replay-miss");
    }
    if (cached) {
      this.stats.cacheHits++;
      return { ...cached, cached: true };
    }
    const reply = await this.limit(() => this.withRetries(request));
    this.cache.put(key, cacheable, reply);
    return { ...reply, cached: false };
  }

  private async withRetries(request: ChatRequest): Promise<Omit<ChatReply, "cached">> {
    for (let attempt = 0; ; attempt++) {
      this.stats.requests++;
      try {
        return await this.send(request);
      } catch (raw) {
        const error = this.classify(raw);
        if (!error.retryable || attempt >= this.options.maxRetries) {
          this.stats.failures++;
          throw error.error;
        }
        this.stats.retries++;
        await this.options.sleep(error.retryAfterMs ?? Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** attempt));
      }
    }
  }

  private async send(request: ChatRequest): Promise<Omit<ChatReply, "cached">> {
    // The key may be absent for local servers; the package insists on one, so say so plainly.
    this.sdk ??= new OpenAI({
      baseURL: this.options.endpoint.baseURL,
      apiKey: this.options.endpoint.apiKey ?? "no-key",
      maxRetries: 0,
      timeout: this.options.timeoutMs,
    });
    const completion = await this.sdk.chat.completions.create(request as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming);
    const choice = completion?.choices?.[0];
    if (!choice || !choice.message) throw new LlmError("the reply has no choices[0].message", "malformed");
    const message = choice.message;
    const toolCalls = (message.tool_calls ?? []).filter((c): c is ToolCall => c.type === "function");
    const reply: Omit<ChatReply, "cached"> = { content: message.content ?? null, toolCalls };
    if (completion.usage) reply.usage = { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens };
    return reply;
  }

  private classify(raw: unknown): { error: LlmError; retryable: boolean; retryAfterMs?: number } {
    const secrets = [this.options.endpoint.apiKey];
    const message = (text: string) => scrubSecrets(text, secrets);
    if (raw instanceof LlmError) return { error: raw, retryable: raw.kind === "malformed" };
    if (raw instanceof OpenAI.APIConnectionTimeoutError) {
      return { error: new LlmError(`request timed out after ${this.options.timeoutMs} ms`, "timeout"), retryable: true };
    }
    if (raw instanceof OpenAI.APIConnectionError) {
      return { error: new LlmError(message(`cannot reach ${this.options.endpoint.baseURL}: ${raw.message}`), "network"), retryable: true };
    }
    if (raw instanceof OpenAI.APIError && raw.status !== undefined) {
      const retryAfterMs = retryAfter(raw.headers, this.options.backoffMaxMs);
      const error = new LlmError(message(`HTTP ${raw.status} from ${this.options.endpoint.baseURL}: ${raw.message}`), "http", raw.status);
      return { error, retryable: RETRYABLE_STATUS.has(raw.status), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    // A body that is not JSON, or not a completion: the server misbehaved; try again.
    return { error: new LlmError(message(`malformed reply: ${raw instanceof Error ? raw.message : String(raw)}`), "malformed"), retryable: true };
  }
}

/** Retry-After in seconds or as an HTTP date, capped; undefined when absent or unreadable. */
export function retryAfter(headers: Headers | undefined, capMs: number, now = Date.now()): number | undefined {
  const value = headers?.get?.("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.max(0, Math.min(capMs, ms));
}
