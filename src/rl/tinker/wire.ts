import { z } from "zod";

/**
 * The wire format of the Tinker-style training API (docs/training.md, "Remote training with a
 * Tinker-style server"): JSON over HTTP, one POST per operation, every body validated here on both
 * sides (the client parses replies, the test server parses requests). The operations and field
 * names follow the Tinker API's shape as ../shared/design/interfaces.md describes it (create a
 * model with a LoRA config, sample from token prompts, forward_backward with per-token target
 * tokens, weights, advantages and sampling logprobs under a named loss, optim_step with Adam
 * parameters, save weights for the sampler). The exact paths and envelopes are our assumption,
 * made without access to a live server: adapt this one file if a server differs.
 */

export const TINKER_PATHS = {
  createModel: "/api/v1/create_model",
  sample: "/api/v1/sample",
  forwardBackward: "/api/v1/forward_backward",
  optimStep: "/api/v1/optim_step",
  saveWeights: "/api/v1/save_weights_for_sampler",
} as const;

export const LOSS_FNS = ["ppo", "importance_sampling"] as const;
export type LossFn = (typeof LOSS_FNS)[number];

const tokenIds = z.array(z.number().int().nonnegative());

export const CreateModelRequest = z.object({
  base_model: z.string().min(1),
  lora_config: z.object({ rank: z.number().int().positive() }),
});
export const CreateModelResponse = z.object({ model_id: z.string().min(1) });

export const SamplingParams = z.object({
  max_tokens: z.number().int().positive(),
  temperature: z.number().nonnegative(),
  top_p: z.number().gt(0).lte(1).optional(),
  seed: z.number().int().optional(),
  /** Token ids that end the completion (included in the returned tokens). */
  stop_token_ids: tokenIds.optional(),
});

export const SampleRequest = z.object({
  model_id: z.string().min(1),
  prompt: z.object({ tokens: tokenIds.min(1) }),
  sampling_params: SamplingParams,
  num_samples: z.number().int().positive(),
});
export const SampledSequence = z
  .object({
    tokens: tokenIds,
    /** log π_sampler(token) of each sampled token. */
    logprobs: z.array(z.number()),
    stop_reason: z.enum(["stop", "length"]),
  })
  .refine((s) => s.tokens.length === s.logprobs.length, { message: "tokens and logprobs differ in length" });
export const SampleResponse = z.object({ sequences: z.array(SampledSequence).min(1) });

/**
 * One sequence of a forward_backward batch: the model reads model_input.tokens (the sequence
 * without its last token) and is scored on target_tokens (the sequence without its first token),
 * position by position; weights is the loss mask (1 = an agent token, 0 = prompt, tool reply,
 * turn header), advantages and logprobs (the sampler's) are 0 where weights is 0.
 */
export const Datum = z
  .object({
    model_input: z.object({ tokens: tokenIds.min(1) }),
    loss_fn_inputs: z.object({
      target_tokens: tokenIds,
      weights: z.array(z.number()),
      advantages: z.array(z.number()),
      logprobs: z.array(z.number()),
    }),
  })
  .refine(
    (d) => {
      const n = d.model_input.tokens.length;
      const l = d.loss_fn_inputs;
      return l.target_tokens.length === n && l.weights.length === n && l.advantages.length === n && l.logprobs.length === n;
    },
    { message: "model_input.tokens and every loss_fn_inputs array must have the same length" },
  );
export type Datum = z.infer<typeof Datum>;

export const ForwardBackwardRequest = z.object({
  model_id: z.string().min(1),
  data: z.array(Datum).min(1),
  loss_fn: z.enum(LOSS_FNS),
});
export const ForwardBackwardResponse = z.object({ metrics: z.record(z.string(), z.number()).default({}) });

export const AdamParams = z.object({
  learning_rate: z.number().positive(),
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  eps: z.number().positive(),
});
export type AdamParams = z.infer<typeof AdamParams>;
export const DEFAULT_ADAM: Readonly<AdamParams> = Object.freeze({ learning_rate: 1e-5, beta1: 0.9, beta2: 0.95, eps: 1e-8 });

export const OptimStepRequest = z.object({ model_id: z.string().min(1), adam_params: AdamParams });
export const OptimStepResponse = z.object({ metrics: z.record(z.string(), z.number()).default({}) });

export const SaveWeightsRequest = z.object({ model_id: z.string().min(1), name: z.string().min(1) });
export const SaveWeightsResponse = z.object({ path: z.string().min(1) });

/** An error reply: any non-2xx status, with this body when the server gives one. */
export const ErrorResponse = z.object({ error: z.object({ message: z.string() }) });
