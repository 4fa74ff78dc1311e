import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { z } from "zod";
import type { ChatTokenizer } from "../../src/runtime/chat-template.js";
import {
  CreateModelRequest, CreateSamplingSessionRequest, CreateSessionRequest, ForwardBackwardRequest, OptimStepRequest, RetrieveFutureRequest, SampleRequest,
  SaveWeightsForSamplerRequest, SessionHeartbeatRequest, TINKER_PATHS, inputTokens,
} from "../../src/rl/tinker/wire.js";

/**
 * A local Tinker server for tests (the network edge), behaving as SkyRL's Tinker API does
 * (skyrl/tinker/api.py; wire.ts names the sources): sessions; create_model answering the model id
 * and a future; forward_backward, optim_step, save_weights_for_sampler and asample answering only
 * a future ({future_id, status: "pending", request_id}); retrieve_future answering "pending" a few
 * times (a 408 as SkyRL's long poll does when it times out, then a 200 {"type": "try_again"} as
 * the hosted Tinker does) before the result, or 400 {"detail"} when the request failed; training
 * requests de-duplicated by (model_id, seq_id) and a reused seq_id refused (409); sampling only
 * from a sampling session on completed sampler weights (425 while they are being saved).
 *
 * It validates every request against the wire schemas (422 with FastAPI's {"detail": [...]} when
 * one does not fit), records what it receives, samples from a script (text the test chooses,
 * tokenised with the real tokenizer, with made-up logprobs) and records which weights each
 * sample came from (the number of optim_steps before the save the sampler was made from). It can
 * fail a submission with an HTTP status, fail a request's future, answer polls with 503s or other
 * HTTP errors first (429 with Retry-After, 400, 402), refuse the first submissions of a path
 * (429, 402), expire futures (410), and require an API key. Loopback only, random port.
 */

export type SampleRequestBody = z.infer<typeof SampleRequest>;

export interface ScriptedCompletion {
  text: string;
  /** "stop" (default) appends the end-of-turn token; "length" leaves it off. */
  stop?: "stop" | "length";
}

export interface FakeTinkerOptions {
  tokenizer: ChatTokenizer;
  sample(request: SampleRequestBody, index: number): ScriptedCompletion;
  /** Submissions (by path) answered with this HTTP status instead. */
  fail?: Partial<Record<string, number>>;
  /** The first submissions of a path answered with these HTTP errors, in order (then served). */
  submitErrors?: Partial<Record<string, { status: number; retryAfter?: string }[]>>;
  /** Requests (by path) whose future fails with this message. */
  failFuture?: Partial<Record<string, string>>;
  /** How a failed future is answered: SkyRL's 400 {"detail"} (default) or Tinker's 200 {"error", "category"}. */
  failureStyle?: "skyrl" | "tinker";
  /** retrieve_future calls answered "pending" before each result (default 2). */
  pending?: number;
  /** The first retrieve_future calls answered 503 (default 0). */
  unavailablePolls?: number;
  /** Then the next retrieve_future calls answered with these HTTP errors, in order (a Retry-After header when given). */
  pollErrors?: { status: number; retryAfter?: string; detail?: string }[];
  /** The first N futures of a path answer 410 Gone when polled, and are forgotten (the request must be sent again). */
  expire?: Partial<Record<string, number>>;
  /** When set, requests without this X-API-Key are refused (401). */
  apiKey?: string;
}

export interface Recorded {
  path: string;
  body: unknown;
}

export interface FakeTinker {
  url: string;
  /** Every request but retrieve_future and session_heartbeat, in order. */
  requests: Recorded[];
  /** The request ids asked for on retrieve_future, in order (with repeats). */
  polls: string[];
  heartbeats: number;
  /** Each sample's tokens and logprobs, and the optim_steps behind the weights it was sampled from, in order. */
  samples: { tokens: number[]; logprobs: number[]; weightsVersion: number }[];
  close(): Promise<void>;
}

const SCHEMAS: Record<string, z.ZodType> = {
  [TINKER_PATHS.createSession]: CreateSessionRequest,
  [TINKER_PATHS.sessionHeartbeat]: SessionHeartbeatRequest,
  [TINKER_PATHS.createModel]: CreateModelRequest,
  [TINKER_PATHS.createSamplingSession]: CreateSamplingSessionRequest,
  [TINKER_PATHS.asample]: SampleRequest,
  [TINKER_PATHS.forwardBackward]: ForwardBackwardRequest,
  [TINKER_PATHS.optimStep]: OptimStepRequest,
  [TINKER_PATHS.saveWeightsForSampler]: SaveWeightsForSamplerRequest,
  [TINKER_PATHS.retrieveFuture]: RetrieveFutureRequest,
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
  ) {
    super(String(detail));
  }
}

interface Future {
  path: string;
  expired?: boolean;
  polls: number;
  result: unknown;
  error?: string;
  onDone?: () => void;
  done: boolean;
}

interface Model {
  session: string;
  /** optim_steps applied. */
  version: number;
  /** seq_id → [request body as JSON, request id]. */
  seqs: Map<number, [string, string]>;
}

interface Checkpoint {
  version: number;
  done: boolean;
}

export async function startFakeTinker(options: FakeTinkerOptions): Promise<FakeTinker> {
  const requests: Recorded[] = [];
  const polls: string[] = [];
  const samples: FakeTinker["samples"] = [];
  const sessions = new Set<string>();
  const models = new Map<string, Model>();
  const checkpoints = new Map<string, Checkpoint>();
  const samplers = new Map<string, string>();
  const futures = new Map<string, Future>();
  let heartbeats = 0;
  let unavailable = options.unavailablePolls ?? 0;
  const pollErrors = [...(options.pollErrors ?? [])];
  const submitErrors = Object.fromEntries(Object.entries(options.submitErrors ?? {}).map(([path, errors]) => [path, [...(errors ?? [])]]));
  const toExpire: Partial<Record<string, number>> = { ...options.expire };
  let nextFuture = 1;
  let sampleIndex = 0;
  const pending = options.pending ?? 2;

  const modelOf = (modelId: string): Model => {
    const model = models.get(modelId);
    if (!model) throw new HttpError(404, "Model not found");
    return model;
  };
  const newFuture = (path: string, result: unknown, onDone?: () => void): string => {
    const id = String(nextFuture++);
    const error = options.failFuture?.[path];
    const expired = (toExpire[path] ?? 0) > 0;
    if (expired) toExpire[path]!--;
    futures.set(id, { path, polls: 0, result, done: false, ...(expired && { expired }), ...(error !== undefined && { error }), ...(onDone && { onDone }) });
    return id;
  };
  const futureReply = (id: string) => ({ future_id: id, status: "pending", request_id: id });
  /** A training request: a retry with the same seq_id gets the same future, a different request with it is refused. */
  const training = (path: string, modelId: string, seqId: number, body: unknown, make: () => [unknown, (() => void)?]) => {
    const model = modelOf(modelId);
    const json = JSON.stringify(body);
    const seen = model.seqs.get(seqId);
    if (seen) {
      if (seen[0] !== json) throw new HttpError(409, "Training request sequence number was reused");
      return futureReply(seen[1]);
    }
    const [result, onDone] = make();
    const id = newFuture(path, result, onDone);
    model.seqs.set(seqId, [json, id]);
    return futureReply(id);
  };
  const parseTinkerPath = (path: string): string => {
    const match = /^tinker:\/\/([^/]+)\/(?:sampler_weights\/)?([^/]+)$/.exec(path);
    if (!match) throw new HttpError(400, "model_path must be tinker://model_id/checkpoint_id or tinker://model_id/sampler_weights/checkpoint_id");
    return `${match[1]}/${match[2]}`;
  };

  function handle(path: string, data: unknown): { status: number; body: unknown; headers?: Record<string, string> } {
    switch (path) {
      case TINKER_PATHS.createSession: {
        const id = `session_${sessions.size + 1}`;
        sessions.add(id);
        return { status: 200, body: { type: "create_session", session_id: id, info_message: null, warning_message: null, error_message: null } };
      }
      case TINKER_PATHS.sessionHeartbeat: {
        const body = data as z.infer<typeof SessionHeartbeatRequest>;
        if (!sessions.has(body.session_id)) throw new HttpError(404, "Session not found");
        heartbeats++;
        return { status: 200, body: { type: "session_heartbeat" } };
      }
      case TINKER_PATHS.createModel: {
        const body = data as z.infer<typeof CreateModelRequest>;
        if (!sessions.has(body.session_id)) throw new HttpError(404, "Session not found");
        const modelId = `model_${models.size + 1}`;
        const lora = { rank: body.lora_config.rank, alpha: 32, seed: 7 };
        const id = newFuture(path, { model_id: modelId, base_model: body.base_model, lora_config: lora }, () => models.set(modelId, { session: body.session_id, version: 0, seqs: new Map() }));
        return { status: 200, body: { model_id: modelId, base_model: body.base_model, lora_config: body.lora_config, status: "created", request_id: id } };
      }
      case TINKER_PATHS.forwardBackward: {
        const body = data as z.infer<typeof ForwardBackwardRequest>;
        const n = body.forward_backward_input.data.length;
        return { status: 200, body: training(path, body.model_id, body.seq_id, body, () => [{ loss_fn_output_type: "ArrayRecord", loss_fn_outputs: [], metrics: { "loss:sum": 0.5 * n, "ratio:mean": 1, note: "not a number" } }]) };
      }
      case TINKER_PATHS.optimStep: {
        const body = data as z.infer<typeof OptimStepRequest>;
        const model = modelOf(body.model_id);
        return { status: 200, body: training(path, body.model_id, body.seq_id, body, () => {
          model.version++;
          return [{ metrics: { "grad_norm:mean": 1 } }];
        }) };
      }
      case TINKER_PATHS.saveWeightsForSampler: {
        const body = data as z.infer<typeof SaveWeightsForSamplerRequest>;
        const model = modelOf(body.model_id);
        const name = body.path ?? `ss${body.sampling_session_seq_id}_seq${body.seq_id}`;
        const key = `${body.model_id}/${name}`;
        if (!model.seqs.has(body.seq_id) && checkpoints.has(key)) throw new HttpError(409, `Checkpoint '${name}' already exists for model '${body.model_id}'`);
        return { status: 200, body: training(path, body.model_id, body.seq_id, body, () => {
          const checkpoint: Checkpoint = { version: model.version, done: false };
          checkpoints.set(key, checkpoint);
          let samplingSessionId: string | null = null;
          if (body.sampling_session_seq_id !== undefined) {
            samplingSessionId = `sampling_${samplers.size + 1}`;
            samplers.set(samplingSessionId, key);
          }
          const result = { path: samplingSessionId ? null : `tinker://${body.model_id}/${name}`, type: "save_weights_for_sampler", sampling_session_id: samplingSessionId };
          return [result, () => (checkpoint.done = true)];
        }) };
      }
      case TINKER_PATHS.createSamplingSession: {
        const body = data as z.infer<typeof CreateSamplingSessionRequest>;
        if (!sessions.has(body.session_id)) throw new HttpError(404, "Session not found");
        const id = `sampling_${samplers.size + 1}`;
        samplers.set(id, parseTinkerPath(body.model_path!));
        return { status: 200, body: { type: "create_sampling_session", sampling_session_id: id } };
      }
      case TINKER_PATHS.asample: {
        const body = data as SampleRequestBody;
        const key = samplers.get(body.sampling_session_id);
        if (!key) throw new HttpError(404, "Sampling session not found");
        const checkpoint = checkpoints.get(key);
        if (!checkpoint) throw new HttpError(404, `Checkpoint not found: ${key}`);
        if (!checkpoint.done) throw new HttpError(425, "Checkpoint is still being created");
        const completion = options.sample(body, sampleIndex++);
        const tokens = options.tokenizer.encode(completion.text);
        if (completion.stop !== "length") tokens.push(options.tokenizer.endOfTurn);
        const logprobs = tokens.map((_, i) => -0.01 * (i + 1));
        samples.push({ tokens, logprobs, weightsVersion: checkpoint.version });
        const id = newFuture(path, { sequences: [{ stop_reason: completion.stop ?? "stop", tokens, logprobs }], prompt_logprobs: null });
        return { status: 200, body: futureReply(id) };
      }
      case TINKER_PATHS.retrieveFuture: {
        const { request_id } = data as z.infer<typeof RetrieveFutureRequest>;
        polls.push(request_id);
        if (unavailable > 0) {
          unavailable--;
          return { status: 503, body: { detail: "Service Unavailable" } };
        }
        const injected = pollErrors.shift();
        if (injected) return { status: injected.status, body: { detail: injected.detail ?? `injected ${injected.status}` }, ...(injected.retryAfter !== undefined && { headers: { "retry-after": injected.retryAfter } }) };
        const future = futures.get(request_id);
        if (!future) throw new HttpError(404, "Future not found");
        if (future.expired) {
          futures.delete(request_id);
          return { status: 410, body: { detail: "Future expired" } };
        }
        if (future.polls < pending) {
          future.polls++;
          return future.polls % 2 === 1 ? { status: 408, body: { detail: "Timeout waiting for result" } } : { status: 200, body: { type: "try_again", request_id, queue_state: "active" } };
        }
        if (future.error !== undefined) {
          return options.failureStyle === "tinker" ? { status: 200, body: { error: future.error, category: "user" } } : { status: 400, body: { detail: future.error } };
        }
        if (!future.done) {
          future.done = true;
          future.onDone?.();
        }
        return { status: 200, body: future.result };
      }
      default:
        throw new HttpError(404, "Not Found");
    }
  }

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      if (options.apiKey !== undefined && req.headers["x-api-key"] !== options.apiKey) return send(res, 401, { detail: "Invalid API key" });
      if (req.method !== "POST") return send(res, 405, { detail: "Method Not Allowed" });
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return send(res, 422, { detail: [{ loc: ["body"], msg: "JSON decode error", type: "json_invalid" }] });
      }
      if (path !== TINKER_PATHS.retrieveFuture && path !== TINKER_PATHS.sessionHeartbeat) requests.push({ path, body });
      const schema = SCHEMAS[path];
      if (!schema) return send(res, 404, { detail: "Not Found" });
      const parsed = schema.safeParse(body);
      if (!parsed.success) return send(res, 422, { detail: parsed.error.issues.map((i) => ({ loc: ["body", ...i.path.map(String)], msg: i.message, type: i.code })) });
      const status = options.fail?.[path];
      if (status !== undefined) return send(res, status, { detail: "injected failure" });
      const refused = submitErrors[path]?.shift();
      if (refused) return send(res, refused.status, { detail: `injected ${refused.status}` }, refused.retryAfter !== undefined ? { "retry-after": refused.retryAfter } : {});
      try {
        const reply = handle(path, parsed.data);
        return send(res, reply.status, reply.body, reply.headers);
      } catch (error) {
        if (error instanceof HttpError) return send(res, error.status, { detail: error.detail });
        return send(res, 500, { detail: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    polls,
    get heartbeats() {
      return heartbeats;
    },
    samples,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The prompt tokens of a recorded sample request. */
export function promptTokens(request: SampleRequestBody): number[] {
  return inputTokens(request.prompt);
}
