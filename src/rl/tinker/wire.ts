import { z } from "zod";
import { LOSS_FNS, type LossFn } from "./loss-fns.js";

/**
 * The wire format of the Tinker training API, as the Tinker Python SDK speaks it and SkyRL's
 * Tinker-compatible server implements it (docs/training.md, "Remote training with a Tinker-style
 * server"). JSON over HTTP POST; every body is validated here on both sides (the client parses
 * replies and results, the test server parses requests).
 *
 * Read from (public sources, not from a live server):
 * - NovaSky-AI/SkyRL, skyrl/tinker/api.py (commit a9564572eb8e91076be43c1bd5e4615e3de17265, on
 *   main): the FastAPI routes and request models; retrieve_future (waits up to 300 s, then 408; a
 *   failed request is 400 with {"detail"}); ephemeral save_weights_for_sampler; sampling sessions.
 * - NovaSky-AI/SkyRL, skyrl/tinker/types.py (result shapes: CreateModelOutput, SampleOutput,
 *   ForwardBackwardOutput, OptimStepOutput, SaveWeightsForSamplerOutput, ErrorResponse),
 *   skyrl/tinker/loss_fns.py (weights is the loss mask), the engine's save_weights_for_sampler
 *   (path null and a sampling_session_id for an ephemeral save), and the older
 *   skyrl-tx/tx/tinker/api.py (same routes, no sessions; at 5acb08707b44cbc4d973dbef1b7d6b68626e8483,
 *   the last commit before f3f2dbffa moved it to skyrl/).
 * - thinking-machines-lab/tinker (the SDK, at d595dc2ba62a1494aa0f452fe1d0dbb7b321b870): src/tinker/resources/{models,training,sampling,weights,
 *   futures}.py (routes; every operation returns an UntypedAPIFuture {request_id, model_id?}),
 *   src/tinker/lib/api_future_impl.py (the polling protocol: 408 and 5xx mean "poll again", a 200
 *   {"type": "try_again"} too, a 200 {"error", "category"} is a failed request, anything else is
 *   the result; 400, 402, 410 and 429 as future-poll.ts describes), src/tinker/lib/internal_client_holder.py (create_session, a session_heartbeat
 *   every 10 s, create_sampling_session), src/tinker/lib/public_interfaces/{service_client,
 *   training_client,sampling_client}.py (model_seq_id, seq_id, sampling_session_seq_id counters;
 *   save_weights_and_get_sampling_client; X-API-Key from TINKER_API_KEY),
 *   src/tinker/lib/chunked_fwdbwd_helpers.py (metric reduction by ":mean"/":sum"/... suffix),
 *   src/tinker/types/{create_model_request,optim_step_request,future_retrieve_request,
 *   request_failed_response,encoded_text_chunk,loss_fn_type,create_sampling_session_request}.py,
 *   src/tinker/types/shared/untyped_api_future.py and src/tinker/types/_pydantic_types/
 *   {model_input,tensor_data,datum,sampling_params,sample_response,sampled_sequence,stop_reason,
 *   forward_backward_input,forward_backward_request,forward_backward_output,optim_step_response,
 *   save_weights_for_sampler_response}.py.
 * - tinker-docs.thinkingmachines.ai/tinker/losses (importance_sampling/ppo read target_tokens,
 *   logprobs and advantages).
 *
 * Newer SDKs (>= 0.25 by SkyRL's account) may send forward_backward as protobuf and ask for
 * protobuf results; this client speaks JSON only, which SkyRL still accepts and answers.
 */

export const TINKER_PATHS = {
  createSession: "/api/v1/create_session",
  sessionHeartbeat: "/api/v1/session_heartbeat",
  createModel: "/api/v1/create_model",
  createSamplingSession: "/api/v1/create_sampling_session",
  asample: "/api/v1/asample",
  forwardBackward: "/api/v1/forward_backward",
  optimStep: "/api/v1/optim_step",
  saveWeightsForSampler: "/api/v1/save_weights_for_sampler",
  retrieveFuture: "/api/v1/retrieve_future",
} as const;

// Defined in loss-fns.ts, which `ubc train --help` loads without zod.
export { LOSS_FNS, type LossFn };

/** Checkpoint names (SkyRL's ID_PATTERN, at most 255 characters). */
export const CHECKPOINT_NAME = /^[a-zA-Z0-9_-]{1,255}$/;

const tokenIds = z.array(z.number().int().nonnegative());
const id = z.string().min(1);
const seqId = z.number().int().nonnegative();
/** SkyRL sends ids as strings; accept numbers too and read them as strings. */
const requestId = z.union([id, z.number().int()]).transform(String);

// ---- sessions ---------------------------------------------------------------------------------

export const CreateSessionRequest = z.object({
  tags: z.array(z.string()),
  user_metadata: z.record(z.string(), z.unknown()).optional(),
  sdk_version: z.string().min(1),
  type: z.literal("create_session"),
});
export const CreateSessionResponse = z.object({
  session_id: id,
  info_message: z.string().nullish(),
  warning_message: z.string().nullish(),
  error_message: z.string().nullish(),
});

export const SessionHeartbeatRequest = z.object({ session_id: id, type: z.literal("session_heartbeat") });

// ---- futures ----------------------------------------------------------------------------------

/** What every asynchronous operation answers at once (SkyRL adds future_id, status, and for create_model the model_id). */
export const UntypedFuture = z.object({ request_id: requestId, model_id: z.string().optional() });

export const RetrieveFutureRequest = z.object({ request_id: id });
/** A retrieve_future answer meaning "not done yet, ask again" (the SDK's TryAgainResponse). */
export const TryAgain = z.object({ type: z.literal("try_again") });
/** A retrieve_future answer meaning the request failed (the SDK's RequestFailedResponse). */
export const RequestFailed = z.object({ error: z.string(), category: z.string().nullish() });
/** An HTTP error body: FastAPI's {"detail": "..."} or its validation list, or {"error": ...}. */
export const ErrorBody = z.union([
  z.object({ detail: z.union([z.string(), z.array(z.object({ msg: z.string(), loc: z.array(z.union([z.string(), z.number()])).optional() }))]) }),
  z.object({ error: z.union([z.string(), z.object({ message: z.string() })]) }),
]);

// ---- model input and tensors ------------------------------------------------------------------

export const EncodedTextChunk = z.object({ type: z.literal("encoded_text"), tokens: tokenIds });
export const ModelInput = z.object({ chunks: z.array(EncodedTextChunk).min(1) });
export type ModelInput = z.infer<typeof ModelInput>;

/** A token sequence as one encoded_text chunk. */
export function modelInput(tokens: readonly number[]): ModelInput {
  return { chunks: [{ type: "encoded_text", tokens: [...tokens] }] };
}

/** The tokens of a model input, chunk after chunk. */
export function inputTokens(input: ModelInput): number[] {
  return input.chunks.flatMap((c) => c.tokens);
}

export const TensorData = z
  .object({
    data: z.array(z.number()),
    dtype: z.enum(["int64", "float32"]),
    shape: z.array(z.number().int().nonnegative()).optional(),
  })
  .refine((t) => t.shape === undefined || t.shape.reduce((a, b) => a * b, 1) === t.data.length, { message: "shape does not match the data's length" });
export type TensorData = z.infer<typeof TensorData>;

/** A flat (1-D) tensor. */
export function tensor(data: readonly number[], dtype: "int64" | "float32"): TensorData {
  return { data: [...data], dtype, shape: [data.length] };
}

/**
 * One sequence of a forward_backward batch, shifted by one for next-token prediction: the model
 * reads model_input (the sequence without its last token) and is scored on target_tokens (the
 * sequence without its first token), position by position. weights is the loss mask (1 on an
 * agent's sampled token, 0 on prompt, tool reply, turn header); advantages and logprobs (the
 * sampler's) are 0 where weights is 0. Tinker's docs list target_tokens, logprobs and advantages
 * for the RL losses; SkyRL also reads weights as the loss mask (and takes 1 everywhere without it).
 */
export const Datum = z
  .object({
    model_input: ModelInput,
    loss_fn_inputs: z.object({
      target_tokens: TensorData.refine((t) => t.dtype === "int64" && t.data.every((x) => Number.isInteger(x) && x >= 0), { message: "target_tokens must be int64 token ids" }),
      weights: TensorData,
      advantages: TensorData,
      logprobs: TensorData,
    }),
  })
  .refine(
    (d) => {
      const n = inputTokens(d.model_input).length;
      const l = d.loss_fn_inputs;
      return [l.target_tokens, l.weights, l.advantages, l.logprobs].every((t) => t.data.length === n);
    },
    { message: "model_input and every loss_fn_inputs tensor must have the same length" },
  );
export type Datum = z.infer<typeof Datum>;

// ---- models and training ----------------------------------------------------------------------

export const LoraConfig = z.object({ rank: z.number().int().positive(), seed: z.number().int().optional() });

export const CreateModelRequest = z.object({
  session_id: id,
  model_seq_id: seqId,
  base_model: id,
  lora_config: LoraConfig,
  type: z.literal("create_model"),
});
export const CreateModelResult = z.object({ model_id: id });

export const ForwardBackwardRequest = z.object({
  model_id: id,
  seq_id: seqId,
  forward_backward_input: z.object({ data: z.array(Datum).min(1), loss_fn: z.enum(LOSS_FNS) }),
});
export const ForwardBackwardResult = z.object({
  loss_fn_output_type: z.string().optional(),
  loss_fn_outputs: z.array(z.unknown()).optional(),
  metrics: z.record(z.string(), z.unknown()).nullish(),
});

export const AdamParams = z.object({
  learning_rate: z.number().positive(),
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  eps: z.number().positive(),
});
export type AdamParams = z.infer<typeof AdamParams>;

export const OptimStepRequest = z.object({ model_id: id, seq_id: seqId, adam_params: AdamParams, type: z.literal("optim_step") });
export const OptimStepResult = z.object({ metrics: z.record(z.string(), z.unknown()).nullish() });

/** Named (path: persisted, answered with a tinker:// path) or ephemeral (sampling_session_seq_id: answered with a sampling session). */
export const SaveWeightsForSamplerRequest = z
  .object({
    model_id: id,
    seq_id: seqId,
    path: z.string().regex(CHECKPOINT_NAME).optional(),
    sampling_session_seq_id: seqId.optional(),
    type: z.literal("save_weights_for_sampler"),
  })
  .refine((r) => (r.path === undefined) !== (r.sampling_session_seq_id === undefined), { message: "exactly one of path and sampling_session_seq_id" });
export const SaveWeightsForSamplerResult = z.object({ path: z.string().nullish(), sampling_session_id: z.string().nullish() });

// ---- sampling ---------------------------------------------------------------------------------

export const CreateSamplingSessionRequest = z
  .object({
    session_id: id,
    sampling_session_seq_id: seqId,
    model_path: z.string().startsWith("tinker://").optional(),
    base_model: z.string().optional(),
    type: z.literal("create_sampling_session"),
  })
  .refine((r) => (r.model_path === undefined) !== (r.base_model === undefined), { message: "exactly one of model_path and base_model" });
export const CreateSamplingSessionResponse = z.object({ sampling_session_id: id });

export const SamplingParams = z.object({
  max_tokens: z.number().int().positive(),
  temperature: z.number().nonnegative(),
  top_p: z.number().gt(0).lte(1).optional(),
  seed: z.number().int().nonnegative().optional(),
  /** Token ids that end the completion. */
  stop: tokenIds.optional(),
});

export const SampleRequest = z.object({
  sampling_session_id: id,
  seq_id: seqId,
  num_samples: z.number().int().positive(),
  prompt: ModelInput,
  sampling_params: SamplingParams,
  type: z.literal("sample"),
});
export const SampledSequence = z
  .object({
    tokens: tokenIds,
    /** log π_sampler(token) of each sampled token (optional in the SDK's types; we need them). */
    logprobs: z.array(z.number()).nullish(),
    stop_reason: z.enum(["stop", "length"]),
  })
  .refine((s) => s.logprobs == null || s.tokens.length === s.logprobs.length, { message: "tokens and logprobs differ in length" });
export const SampleResult = z.object({ sequences: z.array(SampledSequence).min(1) });
