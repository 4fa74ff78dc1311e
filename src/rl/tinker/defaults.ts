import { DEFAULT_ADAM, type LossFn } from "./wire.js";

/** The defaults of `ubc train --trainer tinker` (apart from the tokenizer, so the CLI can show them without loading it). */
export const DEFAULT_TINKER_TRAIN = Object.freeze({
  loraRank: 32,
  lossFn: "importance_sampling" as LossFn,
  adam: DEFAULT_ADAM,
  checkpointEvery: 5,
  temperature: 1,
  maxTokens: 512,
});
