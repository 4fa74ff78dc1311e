import { z } from "zod";
import { CACHE_MODES } from "./cache.js";
import { LlmClient, type LlmClientOptions } from "./client.js";
import { configuredSecrets, resolveEndpoint, type EnvVars, type LlmRole } from "./endpoint.js";
import type { ChatRequest } from "./types.js";
import { UsageError } from "../../user-error.js";

/**
 * Turns the free-form options an eval run passes to LLM agents and simulators (`agent_options` /
 * `user_options` in a run config, `--cache`, `--agent-base-url`, ...) into a client and sampling
 * parameters. Keys may be camelCase or snake_case; unknown keys are an error, so a misspelt
 * `temprature` does not silently run at the default.
 */

export class LlmConfigError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "LlmConfigError";
  }
}

/** The most requests one client may keep in flight. */
export const MAX_CLIENT_CONCURRENCY = 4096;

/** A number, or a flag's text for one ("0.7"). */
const num = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const int = num.pipe(z.number().int());

const Options = z
  .object({
    baseURL: z.string().url().optional(),
    apiKey: z.string().optional(),
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
    cache: z.enum(CACHE_MODES).optional(),
    cacheDir: z.string().min(1).optional(),
    /** Seconds, as on the command line; timeoutMs for milliseconds. */
    timeout: num.pipe(z.number().positive()).optional(),
    timeoutMs: int.pipe(z.number().positive()).optional(),
    maxRetries: int.pipe(z.number().min(0).max(20)).optional(),
    concurrency: int.pipe(z.number().min(1).max(MAX_CLIENT_CONCURRENCY)).optional(),
    /** First retry delay and the cap on delays (Retry-After included), in milliseconds. */
    backoffBaseMs: int.pipe(z.number().min(0)).optional(),
    backoffMaxMs: int.pipe(z.number().min(0)).optional(),
    /** null: do not send it (models that accept only their default). */
    temperature: num.pipe(z.number().min(0).max(2)).nullable().optional(),
    topP: num.pipe(z.number().gt(0).max(1)).optional(),
    maxTokens: int.pipe(z.number().min(1)).nullable().optional(),
    /** OpenAI's reasoning models want max_completion_tokens. */
    maxTokensField: z.enum(["max_tokens", "max_completion_tokens"]).optional(),
    /** "node" (default, lean keep-alive pools) or "fetch" (the runtime's global fetch). */
    transport: z.enum(["node", "fetch"]).optional(),
    /** The most characters of text one reply may bring; longer replies are cut and marked (reply-cap.ts). */
    maxReplyChars: int.pipe(z.number().min(1)).optional(),
    /** Send the episode's seed with agent requests (default true): reproducible sampling where the server supports it, and distinct cache keys per trial. */
    seed: z.boolean().optional(),
  })
  .strict();
export type LlmOptions = z.infer<typeof Options>;

const ALIASES: Record<string, string> = { baseUrl: "baseURL", base_url: "baseURL", retries: "maxRetries", cacheMode: "cache", cache_mode: "cache" };

function camel(key: string): string {
  return ALIASES[key] ?? key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function parseLlmOptions(options: Record<string, unknown> = {}, what = "LLM options"): LlmOptions {
  const normalised: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const name = ALIASES[key] ?? ALIASES[camel(key)] ?? camel(key);
    normalised[name] = value;
  }
  const parsed = Options.safeParse(normalised);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.code === "unrecognized_keys" ? `unknown option(s) ${i.keys.join(", ")} (known: ${Object.keys(Options.shape).join(", ")})` : `${i.path.join(".")}: ${i.message}`));
    throw new LlmConfigError(`${what}: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** The sampling parameters of a request from parsed options, with each role's defaults. */
export interface Sampling {
  temperature: number | null;
  maxTokens: number | null;
  maxTokensField: "max_tokens" | "max_completion_tokens";
  topP?: number;
}

export function samplingFrom(options: LlmOptions, defaults: { temperature: number; maxTokens: number }): Sampling {
  const sampling: Sampling = {
    temperature: options.temperature === undefined ? defaults.temperature : options.temperature,
    maxTokens: options.maxTokens === undefined ? defaults.maxTokens : options.maxTokens,
    maxTokensField: options.maxTokensField ?? "max_tokens",
  };
  if (options.topP !== undefined) sampling.topP = options.topP;
  return sampling;
}

/** The request fields for a sampling setting (null values are left out). */
export function samplingParams(sampling: Sampling): Partial<ChatRequest> {
  const out: Partial<ChatRequest> = {};
  if (sampling.temperature !== null) out.temperature = sampling.temperature;
  if (sampling.maxTokens !== null) out[sampling.maxTokensField] = sampling.maxTokens;
  if (sampling.topP !== undefined) out.top_p = sampling.topP;
  return out;
}

/** Client settings from parsed options: endpoint by role (flags, then UBENCH_<ROLE>_*, then OPENAI_*). */
export function clientOptionsFrom(role: LlmRole, options: LlmOptions, env: EnvVars = process.env): LlmClientOptions {
  const endpoint = resolveEndpoint(role, { baseURL: options.baseURL, apiKey: options.apiKey, apiKeyEnv: options.apiKeyEnv }, env);
  const out: LlmClientOptions = { endpoint, secrets: configuredSecrets(env) };
  if (options.cache !== undefined) out.cacheMode = options.cache;
  if (options.cacheDir !== undefined) out.cacheDir = options.cacheDir;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  else if (options.timeout !== undefined) out.timeoutMs = Math.round(options.timeout * 1000);
  if (options.maxRetries !== undefined) out.maxRetries = options.maxRetries;
  if (options.concurrency !== undefined) out.concurrency = options.concurrency;
  if (options.backoffBaseMs !== undefined) out.backoffBaseMs = options.backoffBaseMs;
  if (options.backoffMaxMs !== undefined) out.backoffMaxMs = options.backoffMaxMs;
  if (options.transport !== undefined) out.transport = options.transport;
  if (options.maxReplyChars !== undefined) out.maxReplyChars = options.maxReplyChars;
  return out;
}

/** One client for a role from an options bag and the environment. */
export function createLlmClient(role: LlmRole, options: Record<string, unknown> = {}, env: EnvVars = process.env): LlmClient {
  return new LlmClient(clientOptionsFrom(role, parseLlmOptions(options, `${role} LLM options`), env));
}
