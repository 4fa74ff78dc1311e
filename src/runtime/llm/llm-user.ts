import { LlmClient } from "./client.js";
import { clientOptionsFrom, parseLlmOptions, samplingFrom, samplingParams, type Sampling } from "./config.js";
import type { EnvVars } from "./endpoint.js";
import { ReplayMismatchError } from "../replay-error.js";
import { LlmError, type ChatMessage, type ChatRequest } from "./types.js";
import type { Rng } from "../types.js";

/**
 * What every gym's LLM user simulator (`--user openai:<model>`) shares: its options, how they are
 * read from a run's user options, and one call that turns failures into a reason (a fallback for
 * the mechanics to count) while a replay-cache miss stops the run.
 */

export interface LlmUserOptions {
  model: string;
  client: LlmClient;
  /** The persona's temperature (default 0); null leaves it out. Judges use 0 (or nothing, if null). */
  temperature?: number | null;
  /** Default 300; null leaves it out. */
  maxTokens?: number | null;
  maxTokensField?: Sampling["maxTokensField"];
  /** Send a seed drawn from the episode's user stream with persona requests (default true). */
  seed?: boolean;
}

/** The options for `--user openai:<model>` from the run's user options and the environment (UBENCH_USER_* or OPENAI_*). */
export function llmUserOptionsFrom(model: string, options: Record<string, unknown> = {}, env: EnvVars = process.env): LlmUserOptions {
  const parsed = parseLlmOptions(options, `user simulator 'openai:${model}'`);
  const sampling = samplingFrom(parsed, { temperature: 0, maxTokens: 300 });
  return {
    model,
    client: new LlmClient(clientOptionsFrom("user", parsed, env)),
    temperature: sampling.temperature,
    maxTokens: sampling.maxTokens,
    maxTokensField: sampling.maxTokensField,
    seed: parsed.seed ?? true,
  };
}

/** The persona's sampling, and the judges' (the same at temperature 0: judgements must repeat). */
export function userSampling(options: LlmUserOptions): { persona: Sampling; judge: Sampling } {
  const temperature = options.temperature === undefined ? 0 : options.temperature;
  const persona: Sampling = { temperature, maxTokens: options.maxTokens === undefined ? 300 : options.maxTokens, maxTokensField: options.maxTokensField ?? "max_tokens" };
  return { persona, judge: { ...persona, temperature: temperature === null ? null : 0 } };
}

export type Asked = { ok: true; text: string } | { ok: false; reason: string };

/**
 * One chat call: the reply's text, or why there is none. With an `rng` (persona calls) the request
 * carries a seed drawn from it, unless options.seed is false.
 */
export async function askLlm(options: LlmUserOptions, messages: ChatMessage[], sampling: Sampling, rng?: Rng): Promise<Asked> {
  const request: ChatRequest = { model: options.model, messages, ...samplingParams(sampling) };
  if (rng && options.seed !== false) request.seed = rng.int(2 ** 31);
  try {
    const reply = await options.client.chat(request);
    return { ok: true, text: reply.content ?? "" };
  } catch (error) {
    if (error instanceof LlmError && error.kind === "replay-miss") throw new ReplayMismatchError(error.message);
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
