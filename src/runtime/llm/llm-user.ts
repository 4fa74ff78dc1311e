import { cleanReply } from "./clean-reply.js";
import { LlmClient } from "./client.js";
import { clientOptionsFrom, parseLlmOptions, samplingFrom, samplingParams, type Sampling } from "./config.js";
import type { EnvVars } from "./endpoint.js";
import type { LlmBacked } from "./stats.js";
import { ReplayMismatchError } from "../replay-error.js";
import type { SimulatorText } from "../simulator-text.js";
import { LlmError, type ChatMessage, type ChatRequest } from "./types.js";
import type { Rng } from "../types.js";

/**
 * What every gym's LLM user simulator (`--user openai:<model>`) shares: its options, how they are
 * read from a run's user options, one call that turns failures into a reason (a fallback for
 * the mechanics to count) while a replay-cache miss stops the run, and the simulator frame
 * around that call (LlmUserSimulator).
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

/** The persona's words, cleaned of what models wrap them in; the fallback text when there are none. */
export function spoken(reply: Asked, fallbackText: string): SimulatorText {
  if (!reply.ok) return { text: fallbackText, source: "fallback", fallbackReason: reply.reason };
  const text = cleanReply(reply.text);
  if (text === "") return { text: fallbackText, source: "fallback", fallbackReason: "empty reply" };
  return { text, source: "llm" };
}

/**
 * The frame of every gym's LLM simulator: its spec, the client whose usage the run reports
 * (LlmBacked), the persona's and the judges' sampling, and `ask`. The gym's subclass writes the
 * prompts and reads the replies.
 */
export abstract class LlmUserSimulator implements LlmBacked {
  readonly spec: string;
  readonly llm: LlmClient;
  protected readonly persona: Sampling;
  protected readonly judge: Sampling;

  constructor(private readonly options: LlmUserOptions) {
    this.spec = `openai:${options.model}`;
    this.llm = options.client;
    ({ persona: this.persona, judge: this.judge } = userSampling(options));
  }

  /** Pass the episode's user stream as `rng` on persona calls: their seeds are then distinct per episode, the same on a rerun. */
  protected ask(messages: ChatMessage[], sampling: Sampling, rng?: Rng): Promise<Asked> {
    return askLlm(this.options, messages, sampling, rng);
  }
}
