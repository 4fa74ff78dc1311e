import { z } from "zod";
import {
  CreateModelRequest, CreateModelResult, CreateSamplingSessionRequest, CreateSamplingSessionResponse, CreateSessionRequest, CreateSessionResponse,
  ErrorBody, ForwardBackwardRequest, ForwardBackwardResult, OptimStepRequest, OptimStepResult, RequestFailed, RetrieveFutureRequest, SampleRequest,
  SampleResult as SampleResultSchema, SaveWeightsForSamplerRequest, SaveWeightsForSamplerResult, SessionHeartbeatRequest, TINKER_PATHS, TryAgain,
  UntypedFuture, modelInput, type AdamParams, type Datum, type LossFn,
} from "./wire.js";
import { DEFAULT_POLL_TIMING, FuturePollState, MAX_TRANSIENT, type PollTiming } from "./future-poll.js";
import { InputError } from "../../user-error.js";

/**
 * A client of a Tinker training server (wire format and sources: ./wire.ts). The objects follow
 * the SDK's: a session (create_session, a heartbeat every 10 s) holds LoRA models (create_model)
 * and samplers (sampling sessions); a model runs forward_backward, optim_step and
 * save_weights_for_sampler; a sampler samples (asample). Every operation but the session calls
 * answers a future ({request_id}) whose result is fetched from retrieve_future: {"type":
 * "try_again"} means "not yet, ask again", {"error"} means the request failed, anything else is
 * the result; HTTP errors follow the SDK's rules (future-poll.ts: 408 and 5xx ask again, 400 three
 * more times, 429 backs off, 402 pauses, 410 re-sends a sample). No result within futureTimeoutMs is an error. Every failure throws
 * TinkerError naming the operation, the path, the request id and the server's message; the API key
 * (sent as X-API-Key, as the SDK does with TINKER_API_KEY) never appears in a message.
 */

export class TinkerError extends InputError {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = "TinkerError";
  }
}

export interface TinkerClientOptions {
  /** The server's base URL (the /api/v1/... paths of wire.ts are appended). */
  baseUrl: string;
  /** Sent as X-API-Key when given. */
  apiKey?: string;
  /** Deadline of one HTTP call (default 60 s; a retrieve_future call cut by it is simply asked again). */
  requestTimeoutMs?: number;
  /** How long to wait for one future's result (default 30 min: a forward_backward may queue). */
  futureTimeoutMs?: number;
  /** Pause before asking again about a pending future (default 250 ms; SkyRL itself holds each poll until done or 300 s). */
  pollIntervalMs?: number;
  /** Session heartbeat period (default 10 s as in the SDK; 0 sends none). */
  heartbeatMs?: number;
  /** Backoff after a 429 and the pause after a 402 while polling (defaults: the SDK's, future-poll.ts). */
  rateLimitBaseMs?: number;
  rateLimitMaxMs?: number;
  billingPauseMs?: number;
  billingMaxPauseMs?: number;
  /** Told when the run pauses (a 402 from the server); the CLI prints it. */
  onNotice?: (message: string) => void;
  /** How to wait between polls and retries (tests record the waits). */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

/** A future the server no longer has (HTTP 410): its request may be sent again. */
export class FutureExpiredError extends TinkerError {}

/** How many times a sample whose future expired is sent again (the SDK's sampling client re-sends it). */
export const MAX_RESUBMITS = 3;

export interface SampleOptions {
  maxTokens: number;
  temperature: number;
  topP?: number;
  seed?: number;
  /** Token ids that end the completion. */
  stop?: number[];
}

export interface SampleResult {
  tokens: number[];
  logprobs: number[];
  stopReason: "stop" | "length";
}

/** The SDK's forward_backward chunk limits (datums per request, numbers per request). */
const MAX_CHUNK_DATUMS = 128;
const MAX_CHUNK_NUMBERS = 500_000;

/** Any reply (one we do not read). */
const UntypedObject = z.unknown();

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Reply = { status: number; body: unknown; headers: Headers } | { error: Error };

export class TinkerClient {
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  readonly requestTimeoutMs: number;
  readonly futureTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly heartbeatMs: number;
  private readonly timing: PollTiming;
  private readonly onNotice: (message: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetchImpl: typeof fetch;

  constructor(options: TinkerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.headers = { "content-type": "application/json", ...(options.apiKey && { "x-api-key": options.apiKey }) };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.futureTimeoutMs = options.futureTimeoutMs ?? 1_800_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.timing = {
      pollIntervalMs: this.pollIntervalMs,
      rateLimitBaseMs: options.rateLimitBaseMs ?? DEFAULT_POLL_TIMING.rateLimitBaseMs,
      rateLimitMaxMs: options.rateLimitMaxMs ?? DEFAULT_POLL_TIMING.rateLimitMaxMs,
      billingPauseMs: options.billingPauseMs ?? DEFAULT_POLL_TIMING.billingPauseMs,
      billingMaxPauseMs: options.billingMaxPauseMs ?? DEFAULT_POLL_TIMING.billingMaxPauseMs,
    };
    this.onNotice = options.onNotice ?? (() => undefined);
    this.sleep = options.sleep ?? wait;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** One POST; never throws (a network failure or timeout is returned as `error`). */
  private async send(path: string, body: unknown, timeoutMs = this.requestTimeoutMs): Promise<Reply> {
    try {
      const response = await this.fetchImpl(this.baseUrl + path, { method: "POST", headers: this.headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, headers: response.headers };
    } catch (error) {
      return { error: error as Error };
    }
  }

  /**
   * POSTs a request (validated first) and parses the reply. `retry` re-sends after a network
   * error or a 502/503/504, for requests the server de-duplicates (a training request's seq_id).
   */
  async call<Req extends z.ZodType, Res extends z.ZodType>(operation: string, path: string, requestSchema: Req, responseSchema: Res, body: z.input<Req>, retry = false): Promise<z.output<Res>> {
    const request = requestSchema.parse(body);
    const refusals = new FuturePollState(this.timing);
    for (let attempt = 0; ; ) {
      const reply = await this.send(path, request);
      const transient = "error" in reply || [502, 503, 504].includes(reply.status);
      if (transient && retry && attempt + 1 < MAX_TRANSIENT) {
        await this.sleep(Math.min(this.pollIntervalMs * 2 ** attempt++, 10_000));
        continue;
      }
      if ("error" in reply) throw new TinkerError(`${operation} (POST ${path}): ${describeNetworkError(reply.error)}`);
      const failure = `${operation} (POST ${path}): HTTP ${reply.status}${serverMessage(reply.body)}`;
      // A 429 or 402 refused the request without running it: sending it again is always safe.
      const refused = refusals.refused(reply.status, reply.headers, Date.now());
      if (refused?.kind === "again") {
        if (refused.notice !== undefined) this.onNotice(`${operation}: ${refused.notice}${serverMessage(reply.body)}`);
        await this.sleep(refused.waitMs);
        continue;
      }
      if (refused?.kind === "failed") throw new TinkerError(`${failure} (${refused.reason})`, reply.status);
      if (reply.status < 200 || reply.status >= 300) throw new TinkerError(failure, reply.status);
      const parsed = responseSchema.safeParse(reply.body);
      if (!parsed.success) throw new TinkerError(`${operation} (POST ${path}): unexpected reply: ${issues(parsed.error)}`, reply.status);
      return parsed.data;
    }
  }

  /** Submits an operation that answers a future, then waits for its result. */
  async submit<Req extends z.ZodType, Res extends z.ZodType>(operation: string, path: string, requestSchema: Req, resultSchema: Res, body: z.input<Req>, retry = false): Promise<{ result: z.output<Res>; future: z.output<typeof UntypedFuture> }> {
    const future = await this.call(operation, path, requestSchema, UntypedFuture, body, retry);
    return { result: await this.retrieve(operation, future.request_id, resultSchema), future };
  }

  /**
   * Submits and waits, submitting again (a fresh body each time) when the server answers that the
   * future expired (410), up to MAX_RESUBMITS times: what the SDK's sampling client does.
   */
  async submitResending<Req extends z.ZodType, Res extends z.ZodType>(operation: string, path: string, requestSchema: Req, resultSchema: Res, body: () => z.input<Req>): Promise<z.output<Res>> {
    for (let resent = 0; ; resent++) {
      try {
        return (await this.submit(operation, path, requestSchema, resultSchema, body())).result;
      } catch (error) {
        if (!(error instanceof FutureExpiredError) || resent >= MAX_RESUBMITS) throw error;
      }
    }
  }

  /** Polls retrieve_future until the request is done (the SDK's protocol, see the top of this file). */
  async retrieve<Res extends z.ZodType>(operation: string, requestId: string, resultSchema: Res): Promise<z.output<Res>> {
    const path = TINKER_PATHS.retrieveFuture;
    const what = `${operation} (request ${requestId})`;
    const started = Date.now();
    let deadline = started + this.futureTimeoutMs;
    const body = RetrieveFutureRequest.parse({ request_id: requestId });
    const state = new FuturePollState(this.timing);
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new TinkerError(`${what}: no result after ${Math.round((Date.now() - started) / 1000)} s (the server still reports it pending; futureTimeoutMs is ${this.futureTimeoutMs})`);
      const asked = Date.now();
      const reply = await this.send(path, body, Math.min(this.requestTimeoutMs, remaining));
      if ("error" in reply) {
        // Our own deadline cut a long poll: the request is still pending, ask again.
        if (reply.error.name === "TimeoutError") continue;
        const action = state.networkError();
        if (action.kind === "again") await this.sleep(action.waitMs);
        else throw new TinkerError(`${what}: POST ${path} ${action.kind === "failed" ? action.reason : "failed"}: ${describeNetworkError(reply.error)}`);
        continue;
      }
      if (reply.status < 200 || reply.status >= 300) {
        const action = state.httpError(reply.status, reply.headers, Date.now() - asked, Date.now());
        const failure = `${what} failed: HTTP ${reply.status}${serverMessage(reply.body)}`;
        if (action.kind === "expired") throw new FutureExpiredError(`${failure} (the server no longer has this future)`, reply.status);
        if (action.kind === "failed") throw new TinkerError(action.reason === "" ? failure : `${failure} (${action.reason})`, reply.status);
        if (action.notice !== undefined) this.onNotice(`${what}: ${action.notice}${serverMessage(reply.body)}`);
        if (action.paused) deadline += action.waitMs;
        await this.sleep(action.waitMs);
        continue;
      }
      state.answered();
      if (TryAgain.safeParse(reply.body).success || isMetadataOnly(reply.body)) {
        await this.sleep(this.pollIntervalMs);
        continue;
      }
      const failed = RequestFailed.safeParse(reply.body);
      if (failed.success) throw new TinkerError(`${what} failed on the server: ${failed.data.error}${failed.data.category ? ` (${failed.data.category})` : ""}`, reply.status);
      const parsed = resultSchema.safeParse(reply.body);
      if (!parsed.success) throw new TinkerError(`${what}: unexpected result: ${issues(parsed.error)}`, reply.status);
      return parsed.data;
    }
  }

  /** Opens a session (create_session) and starts its heartbeat. */
  async createSession(tags: string[] = ["ubench"]): Promise<TinkerSession> {
    const reply = await this.call("create_session", TINKER_PATHS.createSession, CreateSessionRequest, CreateSessionResponse, {
      tags,
      user_metadata: {},
      sdk_version: CLIENT_VERSION,
      type: "create_session",
    });
    const messages = [reply.info_message, reply.warning_message, reply.error_message].filter((m): m is string => typeof m === "string" && m !== "");
    return new TinkerSession(this, reply.session_id, messages);
  }
}

/** What we send as the session's sdk_version (we are not the Python SDK). */
export const CLIENT_VERSION = "ubench-tinker-client/1";

export class TinkerSession {
  private modelSeq = 0;
  private samplingSeq = 0;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  /** Heartbeats that failed in a row (they are otherwise silent, as in the SDK). */
  missedHeartbeats = 0;

  constructor(
    readonly client: TinkerClient,
    readonly id: string,
    /** The server's info, warning and error messages on create_session. */
    readonly messages: readonly string[],
  ) {
    if (client.heartbeatMs > 0) {
      this.heartbeat = setInterval(() => {
        void client
          .call("session_heartbeat", TINKER_PATHS.sessionHeartbeat, SessionHeartbeatRequest, UntypedObject, { session_id: id, type: "session_heartbeat" })
          .then(() => (this.missedHeartbeats = 0), () => this.missedHeartbeats++);
      }, client.heartbeatMs);
      this.heartbeat.unref();
    }
  }

  /** The next sampling_session_seq_id (shared by create_sampling_session and ephemeral saves, as in the SDK). */
  nextSamplingSeq(): number {
    return this.samplingSeq++;
  }

  /** create_model with a LoRA adapter, waiting until the server has made it. */
  async createLoraModel(baseModel: string, rank: number): Promise<TinkerModel> {
    const { result, future } = await this.client.submit("create_model", TINKER_PATHS.createModel, CreateModelRequest, CreateModelResult.partial(), {
      session_id: this.id,
      model_seq_id: this.modelSeq++,
      base_model: baseModel,
      lora_config: { rank },
      type: "create_model",
    });
    const modelId = result.model_id ?? future.model_id;
    if (!modelId) throw new TinkerError("create_model: neither the reply nor the result names the model (model_id)");
    return new TinkerModel(this, modelId);
  }

  /** A sampler on saved sampler weights (create_sampling_session with a tinker:// path). */
  async createSampler(modelPath: string): Promise<TinkerSampler> {
    const reply = await this.client.call("create_sampling_session", TINKER_PATHS.createSamplingSession, CreateSamplingSessionRequest, CreateSamplingSessionResponse, {
      session_id: this.id,
      sampling_session_seq_id: this.nextSamplingSeq(),
      model_path: modelPath,
      type: "create_sampling_session",
    });
    return new TinkerSampler(this.client, reply.sampling_session_id);
  }

  /** Stops the heartbeat. */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}

export class TinkerModel {
  /** The training requests' seq_id: 1, 2, ... in submission order (the server runs them in this order and de-duplicates retries by it). */
  private seq = 1;

  constructor(
    readonly session: TinkerSession,
    readonly id: string,
  ) {}

  private get client(): TinkerClient {
    return this.session.client;
  }

  /**
   * forward_backward with these data and loss (gradients accumulate on the server until
   * optim_step). Batches over the SDK's chunk limits go as several requests, in order; their
   * metrics are combined by the suffix of each name (":sum", ":min", ":max", else a mean weighted
   * by the chunk's data).
   */
  async forwardBackward(data: readonly Datum[], lossFn: LossFn): Promise<Record<string, number>> {
    const chunks = chunksOf(data);
    const futures: string[] = [];
    for (const chunk of chunks) {
      const future = await this.client.call("forward_backward", TINKER_PATHS.forwardBackward, ForwardBackwardRequest, UntypedFuture, {
        model_id: this.id,
        seq_id: this.seq++,
        forward_backward_input: { data: chunk, loss_fn: lossFn },
      }, true);
      futures.push(future.request_id);
    }
    const results: Record<string, number>[] = [];
    for (const requestId of futures) results.push(numericMetrics((await this.client.retrieve("forward_backward", requestId, ForwardBackwardResult)).metrics));
    return combineMetrics(results, chunks.map((c) => c.length));
  }

  async optimStep(adam: AdamParams): Promise<Record<string, number>> {
    const { result } = await this.client.submit("optim_step", TINKER_PATHS.optimStep, OptimStepRequest, OptimStepResult, {
      model_id: this.id,
      seq_id: this.seq++,
      adam_params: adam,
      type: "optim_step",
    }, true);
    return numericMetrics(result.metrics);
  }

  /** Saves the current weights for sampling under a name; answers their tinker:// path. */
  async saveWeightsForSampler(name: string): Promise<string> {
    const { result } = await this.client.submit("save_weights_for_sampler", TINKER_PATHS.saveWeightsForSampler, SaveWeightsForSamplerRequest, SaveWeightsForSamplerResult, {
      model_id: this.id,
      seq_id: this.seq++,
      path: name,
      type: "save_weights_for_sampler",
    }, true);
    if (!result.path) throw new TinkerError(`save_weights_for_sampler '${name}': the result has no path`);
    return result.path;
  }

  /** Saves the current weights for sampling without a name and answers a sampler on them (the SDK's save_weights_and_get_sampling_client). */
  async saveWeightsAndGetSampler(): Promise<TinkerSampler> {
    const { result } = await this.client.submit("save_weights_for_sampler", TINKER_PATHS.saveWeightsForSampler, SaveWeightsForSamplerRequest, SaveWeightsForSamplerResult, {
      model_id: this.id,
      seq_id: this.seq++,
      sampling_session_seq_id: this.session.nextSamplingSeq(),
      type: "save_weights_for_sampler",
    }, true);
    if (result.sampling_session_id) return new TinkerSampler(this.client, result.sampling_session_id);
    if (result.path) return this.session.createSampler(result.path);
    throw new TinkerError("save_weights_for_sampler: the result has neither a sampling_session_id nor a path");
  }
}

export class TinkerSampler {
  /** The sample requests' seq_id: 0, 1, ... (the server's routing key). */
  private seq = 0;

  constructor(
    private readonly client: TinkerClient,
    readonly id: string,
  ) {}

  /** One completion of the prompt (asample, then its future). */
  async sample(prompt: readonly number[], options: SampleOptions): Promise<SampleResult> {
    const params: z.input<typeof SampleRequest>["sampling_params"] = { max_tokens: options.maxTokens, temperature: options.temperature };
    if (options.topP !== undefined) params.top_p = options.topP;
    if (options.seed !== undefined) params.seed = options.seed;
    if (options.stop !== undefined) params.stop = options.stop;
    // A re-sent sample takes the next seq_id, as the SDK's does (it is a new request).
    const result = await this.client.submitResending("sample", TINKER_PATHS.asample, SampleRequest, SampleResultSchema, () => ({
      sampling_session_id: this.id,
      seq_id: this.seq++,
      num_samples: 1,
      prompt: modelInput(prompt),
      sampling_params: params,
      type: "sample" as const,
    }));
    const first = result.sequences[0]!;
    if (first.logprobs == null) throw new TinkerError("sample: the server returned no logprobs for the sampled tokens (the RL losses need them)");
    return { tokens: first.tokens, logprobs: first.logprobs, stopReason: first.stop_reason };
  }
}

function chunksOf(data: readonly Datum[]): Datum[][] {
  const chunks: Datum[][] = [];
  let current: Datum[] = [];
  let numbers = 0;
  for (const datum of data) {
    const size = datum.model_input.chunks.reduce((s, c) => s + c.tokens.length, 0) + Object.values(datum.loss_fn_inputs).reduce((s, t) => s + t.data.length, 0);
    if (current.length > 0 && (current.length === MAX_CHUNK_DATUMS || numbers + size > MAX_CHUNK_NUMBERS)) {
      chunks.push(current);
      current = [];
      numbers = 0;
    }
    current.push(datum);
    numbers += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function numericMetrics(metrics: Record<string, unknown> | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics ?? {})) if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
  return out;
}

/** Metrics of several forward_backward chunks as one (the SDK's reduction by name suffix). */
export function combineMetrics(results: readonly Record<string, number>[], weights: readonly number[]): Record<string, number> {
  if (results.length === 1) return results[0]!;
  const out: Record<string, number> = {};
  for (const key of Object.keys(results[0] ?? {})) {
    if (!results.every((r) => key in r)) continue;
    const values = results.map((r) => r[key]!);
    const reduction = key.includes(":") ? key.slice(key.lastIndexOf(":") + 1) : "mean";
    if (reduction === "sum") out[key] = values.reduce((a, b) => a + b, 0);
    else if (reduction === "min") out[key] = Math.min(...values);
    else if (reduction === "max") out[key] = Math.max(...values);
    else {
      const total = weights.reduce((a, b) => a + b, 0);
      out[key] = values.reduce((s, v, i) => s + v * weights[i]!, 0) / total;
    }
  }
  return out;
}

function isMetadataOnly(body: unknown): boolean {
  return typeof body === "object" && body !== null && (body as { status?: unknown }).status === "complete_metadata";
}

/** ": <the server's message>" when the body carries one, else "". */
function serverMessage(body: unknown): string {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return "";
  if ("detail" in parsed.data) {
    const detail = parsed.data.detail;
    return `: ${typeof detail === "string" ? detail : detail.map((d) => (d.loc ? `${d.loc.join(".")}: ${d.msg}` : d.msg)).join("; ")}`;
  }
  const error = parsed.data.error;
  return `: ${typeof error === "string" ? error : error.message}`;
}

function describeNetworkError(error: Error): string {
  if (error.name === "TimeoutError") return "no answer in time";
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  return code ? `${error.message} (${code})` : error.message;
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(body)"} ${i.message}`).join("; ");
}
