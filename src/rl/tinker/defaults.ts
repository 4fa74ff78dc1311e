import type { LossFn } from "./loss-fns.js";
import type { AdamParams } from "./wire.js";

/**
 * The defaults of `ubc train --trainer tinker` (apart from the tokenizer). Only type imports, so
 * that `ubc train --help` can show them without loading zod (wire.ts) or the tokenizer.
 */

export const DEFAULT_ADAM: Readonly<AdamParams> = Object.freeze({ learning_rate: 1e-5, beta1: 0.9, beta2: 0.95, eps: 1e-8 });

export const DEFAULT_TINKER_TRAIN = Object.freeze({
  loraRank: 32,
  lossFn: "importance_sampling" as LossFn,
  adam: DEFAULT_ADAM,
  checkpointEvery: 5,
  temperature: 1,
  maxTokens: 512,
});
