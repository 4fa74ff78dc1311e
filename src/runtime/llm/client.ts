import OpenAI from "openai";
import pLimit, { type LimitFunction } from "p-limit";
import { backoffDelay, retryAfter, type BackoffPolicy } from "./backoff.js";
import { cacheKey, DEFAULT_CACHE_DIR, ResponseCache, type CacheableRequest, type CacheMode } from "./cache.js";
import { publicBaseURL, redactExact, scrubSecrets, type Endpoint } from "./endpoint.js";
import { createNodeFetch, type NodeFetch } from "./http-fetch.js";
import { capReply, DEFAULT_MAX_REPLY_CHARS } from "./reply-cap.js";
import { CompatibleOpenAI } from "./server-error.js";
import { emptyStats, type LlmStats } from "./stats.js";
import { LlmError, REQUEST_FIELDS, type ChatReply, type ChatRequest, type StoredReply, type ToolCall } from "./types.js";

export { retryAfter } from "./backoff.js";
export { LlmError, type ChatMessage, type ChatReply, type ChatRequest, type LlmErrorKind, type ToolCall } from "./types.js";
export type { LlmStats } from "./stats.js";

/**
 * The one way the runtime talks to an LLM: any OpenAI-compatible endpoint (OpenAI, vLLM, SGLang,
 * a local fake) through the `openai` package, with
 * - a concurrency limit (p-limit) on requests in flight; a retry waiting out its backoff does not
 *   hold a slot;
 * - a per-attempt deadline covering headers and body (over the global fetch the package's own
 *   timeout stops at the headers, so a server that stalls mid-body would hang without ours);
 * - retries on 429 (honouring Retry-After), 408/409/425, 5xx, timeouts, connection errors and
 *   malformed replies, none on other 4xx; the package's own retries are off (maxRetries: 0) so
 *   ours are the only ones; backoff is deterministic (backoff.ts);
 * - the content-addressed cache (cache.ts), with identical requests in flight at once sharing one
 *   call in read-write mode, so every caller sees the reply a replay will serve;
 * - the server's message in every HTTP error, whatever the shape of its error body (server-error.ts);
 * - every key of the run scrubbed from each reply (text, tool calls) and error as it arrives, so an
 *   endpoint that echoes one cannot get it written anywhere; the package's logger is off;
 * - a cap on the text of a reply (reply-cap.ts), cuts marked and counted;
 * - by default a lean keep-alive transport (http-fetch.ts) under the package instead of Node 20's
 *   fetch, which costs enough CPU per call to keep a busy run well below the server's pace.
 */

export interface LlmClientOptions {
  endpoint: Endpoint;
  /** Per attempt, headers and body. Default 60 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** Requests in flight at once. Default 16 (an eval passes its --concurrency). */
  concurrency?: number;
  cacheMode?: CacheMode;
  cacheDir?: string;
  /** First backoff step; doubles per retry up to backoffMaxMs (also the cap on Retry-After). Defaults 500 ms, 30 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A seeded [0, 1) source to jitter backoffs with; none by default (fully deterministic). */
  jitter?: BackoffPolicy["jitter"];
  /** How to wait between retries (tests record the delays instead of waiting). */
  sleep?: (ms: number) => Promise<void>;
  /** "node" (default): node:http(s) with keep-alive pools; "fetch": the runtime's global fetch. */
  transport?: "node" | "fetch";
  /** The most characters of text one reply may bring (content and tool-call arguments together); the rest is cut and marked. Default 65536. */
  maxReplyChars?: number;
  /**
   * Other strings never to hand on (the run's other keys; config.ts passes configuredSecrets):
   * removed, with the endpoint's own key, from every reply and error before anyone sees it.
   */
  secrets?: () => readonly string[];
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429]);
const isRetryableStatus = (status: number) => RETRYABLE_STATUS.has(status) || status >= 500;

/** The request's wire fields only, in a fresh object (what is sent is what is keyed). */
function wireBody(request: ChatRequest): ChatRequest {
  const out: Record<string, unknown> = {};
  for (const field of REQUEST_FIELDS) if (request[field] !== undefined) out[field] = request[field];
  return out as unknown as ChatRequest;
}

export class LlmClient {
  readonly stats: LlmStats = emptyStats();
  private readonly limit: LimitFunction;
  private readonly cache: ResponseCache;
  private readonly inflight = new Map<string, Promise<ChatReply>>();
  private sdk: OpenAI | undefined;
  private transport: NodeFetch | undefined;
  private readonly baseURL: string;
  private readonly settings: Required<Omit<LlmClientOptions, "endpoint" | "jitter" | "secrets">> & Pick<LlmClientOptions, "jitter">;

  constructor(private readonly options: LlmClientOptions) {
    this.settings = {
      timeoutMs: 60_000,
      maxRetries: 4,
      concurrency: 16,
      cacheMode: "off",
      cacheDir: DEFAULT_CACHE_DIR,
      backoffBaseMs: 500,
      backoffMaxMs: 30_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      transport: "node",
      maxReplyChars: DEFAULT_MAX_REPLY_CHARS,
      ...definedOnly(options),
    };
    this.baseURL = publicBaseURL(options.endpoint.baseURL);
    this.limit = pLimit(this.settings.concurrency);
    this.cache = new ResponseCache(this.settings.cacheDir, this.settings.cacheMode, [options.endpoint.apiKey]);
  }

  /** The endpoint's key and the run's other keys (read when needed: a client made later may add one). */
  private secrets(): (string | undefined)[] {
    return [this.options.endpoint.apiKey, ...(this.options.secrets?.() ?? [])];
  }

  get endpoint(): Endpoint {
    return this.options.endpoint;
  }

  get cacheMode(): CacheMode {
    return this.settings.cacheMode;
  }

  /** The client's settings without secrets, for run.json. */
  describe(): { baseURL: string; cacheMode: CacheMode; cacheDir: string; timeoutMs: number; maxRetries: number; concurrency: number; transport: "node" | "fetch"; maxReplyChars: number } {
    const { cacheMode, cacheDir, timeoutMs, maxRetries, concurrency, transport, maxReplyChars } = this.settings;
    return { baseURL: this.baseURL, cacheMode, cacheDir, timeoutMs, maxRetries, concurrency, transport, maxReplyChars };
  }

  /** Closes pooled idle connections (they never keep the process alive; this just frees them early). */
  close(): void {
    this.transport?.close();
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const body = wireBody(request);
    if (this.settings.cacheMode === "off") return { ...(await this.live(body)), cached: false };
    const cacheable: CacheableRequest = { ...body, baseURL: this.baseURL };
    const key = cacheKey(cacheable);
    if (this.settings.cacheMode !== "read-write") return this.answer(key, cacheable, body);
    // Identical requests at once share one lookup-or-call, from before the lookup to after the
    // write, so every caller gets the reply a replay will serve (at temperature > 0 two live
    // calls would differ, and the cache could keep only one of them).
    const running = this.inflight.get(key);
    if (running) {
      try {
        const reply = await running;
        this.stats.cacheHits++;
        return { ...reply, cached: true };
      } catch (error) {
        this.stats.failures++;
        throw error;
      }
    }
    const call = this.answer(key, cacheable, body);
    this.inflight.set(key, call);
    try {
      return await call;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** From the cache if it has the request, else from the network (recording the outcome in read-write mode). */
  private async answer(key: string, cacheable: CacheableRequest, body: ChatRequest): Promise<ChatReply> {
    let lookup;
    try {
      lookup = await this.cache.get(key);
    } catch (error) {
      this.stats.failures++;
      throw error;
    }
    if (lookup.hit === "reply") {
      this.stats.cacheHits++;
      return { ...lookup.reply, cached: true };
    }
    if (lookup.hit === "failure") {
      this.stats.cacheHits++;
      this.stats.failures++;
      throw lookup.error;
    }
    let reply: StoredReply;
    try {
      reply = await this.live(body);
    } catch (error) {
      if (error instanceof LlmError) await this.cache.putFailure(key, cacheable, error);
      throw error;
    }
    await this.cache.putReply(key, cacheable, reply);
    return { ...reply, cached: false };
  }

  /** One call over the network: attempts, each under the concurrency limit, with backoff between them. */
  private async live(body: ChatRequest): Promise<StoredReply> {
    const policy: BackoffPolicy = { baseMs: this.settings.backoffBaseMs, maxMs: this.settings.backoffMaxMs, jitter: this.settings.jitter };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.limit(() => this.send(body));
      } catch (raw) {
        const failure = this.classify(raw);
        if (!failure.retryable || attempt >= this.settings.maxRetries) {
          this.stats.failures++;
          throw failure.error;
        }
        this.stats.retries++;
        await this.settings.sleep(backoffDelay(attempt, policy, failure.retryAfterMs));
      }
    }
  }

  private async send(body: ChatRequest): Promise<StoredReply> {
    this.stats.requests++;
    // Built on first use, so a replay run (which never gets here) needs no key at all. Local
    // servers take any key; the package insists on one.
    if (!this.sdk) {
      if (this.settings.transport === "node") this.transport = createNodeFetch(this.settings.concurrency);
      this.sdk = new CompatibleOpenAI({
        baseURL: this.options.endpoint.baseURL,
        apiKey: this.options.endpoint.apiKey ?? "no-key",
        maxRetries: 0,
        timeout: this.settings.timeoutMs,
        logLevel: "off",
        ...(this.transport ? { fetch: this.transport.fetch } : {}),
      });
    }
    // With the node transport the body is read inside fetch, so the package's own timeout already
    // covers the whole exchange; over the global fetch the body is read afterwards, unguarded.
    if (this.transport) return this.received(await this.sdk.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming));
    const controller = new AbortController();
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.settings.timeoutMs);
    try {
      return this.received(await this.sdk.chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { signal: controller.signal }));
    } catch (error) {
      if (timedOut) throw new LlmError(`request timed out after ${this.settings.timeoutMs} ms`, "timeout");
      throw error;
    } finally {
      clearTimeout(deadline);
    }
  }

  private received(completion: unknown): StoredReply {
    // Scrubbed here, where a reply enters the run: an endpoint that echoes a key (in its text or a
    // tool call's arguments) must not get it into episodes, the cache, reports or exports.
    const capped = capReply(redactReply(readCompletion(completion), this.secrets()), this.settings.maxReplyChars);
    if (capped.truncated) this.stats.truncatedReplies++;
    const reply = capped.reply;
    if (reply.usage) {
      this.stats.promptTokens += reply.usage.promptTokens;
      this.stats.completionTokens += reply.usage.completionTokens;
    }
    return reply;
  }

  private classify(raw: unknown): { error: LlmError; retryable: boolean; retryAfterMs?: number } {
    const clean = (text: string) => scrubSecrets(text, this.secrets());
    if (raw instanceof LlmError) return { error: raw, retryable: raw.kind === "malformed" || raw.kind === "timeout" };
    if (raw instanceof OpenAI.APIConnectionTimeoutError) {
      return { error: new LlmError(`request timed out after ${this.settings.timeoutMs} ms`, "timeout"), retryable: true };
    }
    if (raw instanceof OpenAI.APIConnectionError) {
      return { error: new LlmError(clean(`cannot reach ${this.baseURL}: ${raw.message}`), "network"), retryable: true };
    }
    if (raw instanceof OpenAI.APIError && raw.status !== undefined) {
      const retryAfterMs = retryAfter(raw.headers, this.settings.backoffMaxMs);
      const error = new LlmError(clean(`HTTP ${raw.status} from ${this.baseURL}: ${raw.message}`), "http", raw.status);
      return { error, retryable: isRetryableStatus(raw.status), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    // A body that is not JSON, or not a completion: the server misbehaved; try again.
    return { error: new LlmError(clean(`malformed reply from ${this.baseURL}: ${raw instanceof Error ? raw.message : String(raw)}`), "malformed"), retryable: true };
  }
}

/** Takes what we use from a completion, checking its shape (servers differ, and some misbehave). */
function readCompletion(completion: unknown): StoredReply {
  const choice = (completion as { choices?: { message?: unknown }[] } | null)?.choices?.[0];
  const message = choice?.message as { content?: unknown; tool_calls?: unknown } | undefined;
  if (!message || typeof message !== "object") throw new LlmError("the reply has no choices[0].message", "malformed");
  if (message.content !== undefined && message.content !== null && typeof message.content !== "string") {
    throw new LlmError("choices[0].message.content is not a string", "malformed");
  }
  const toolCalls: ToolCall[] = [];
  const rawCalls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (const [index, call] of rawCalls.entries()) {
    const fn = (call as { function?: { name?: unknown; arguments?: unknown } })?.function;
    if (!fn || typeof fn.name !== "string") throw new LlmError(`tool call ${index} has no function name`, "malformed");
    // Some servers send arguments as an object; the agent reads them as JSON text either way.
    const args = typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments ?? {});
    const id = (call as { id?: unknown }).id;
    toolCalls.push({ id: typeof id === "string" && id !== "" ? id : `call_${index}`, type: "function", function: { name: fn.name, arguments: args } });
  }
  const reply: StoredReply = { content: typeof message.content === "string" ? message.content : null, toolCalls };
  const usage = (completion as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }).usage;
  if (usage && typeof usage.prompt_tokens === "number" && typeof usage.completion_tokens === "number") {
    reply.usage = { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
  }
  return reply;
}

function redactReply(reply: StoredReply, secrets: readonly (string | undefined)[]): StoredReply {
  const clean = (text: string) => redactExact(text, secrets);
  const out: StoredReply = {
    content: reply.content === null ? null : clean(reply.content),
    toolCalls: reply.toolCalls.map((call) => ({ ...call, id: clean(call.id), function: { name: clean(call.function.name), arguments: clean(call.function.arguments) } })),
  };
  if (reply.usage) out.usage = reply.usage;
  return out;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
