/**
 * Where an LLM lives: base URL and API key for the agent under test and for the user simulator,
 * which may be different endpoints. Flags win over role-specific variables, which win over the
 * OpenAI defaults (interfaces.md):
 *   user:  --user-base-url  | UBENCH_USER_BASE_URL  | OPENAI_BASE_URL;  UBENCH_USER_API_KEY  | OPENAI_API_KEY
 *   agent: --agent-base-url | UBENCH_AGENT_BASE_URL | OPENAI_BASE_URL;  UBENCH_AGENT_API_KEY | OPENAI_API_KEY
 * Everything takes the environment as a parameter, so resolution is testable without touching
 * process.env.
 */

export type LlmRole = "agent" | "user";

export interface Endpoint {
  baseURL: string;
  /** Never logged, cached or written to results. */
  apiKey: string | undefined;
}

export type EnvVars = Record<string, string | undefined>;

export const DEFAULT_BASE_URL = "https://api.openai.com/v1";

export const ROLE_VARIABLES: Record<LlmRole, { url: string; key: string }> = {
  agent: { url: "UBENCH_AGENT_BASE_URL", key: "UBENCH_AGENT_API_KEY" },
  user: { url: "UBENCH_USER_BASE_URL", key: "UBENCH_USER_API_KEY" },
};

export interface EndpointFlags {
  /** --agent-base-url / --user-base-url. */
  baseURL?: string | undefined;
  /** An explicit key (programmatic use); prefer the environment. */
  apiKey?: string | undefined;
  /** The name of an environment variable holding the key (e.g. TOGETHER_API_KEY), checked before the role's own. */
  apiKeyEnv?: string | undefined;
}

export function resolveEndpoint(role: LlmRole, flags: EndpointFlags = {}, env: EnvVars = process.env): Endpoint {
  const names = ROLE_VARIABLES[role];
  const pick = (...values: (string | undefined)[]) => values.map((v) => v?.trim()).find((v): v is string => v !== undefined && v !== "");
  const apiKey = pick(flags.apiKey, flags.apiKeyEnv !== undefined ? env[flags.apiKeyEnv] : undefined, env[names.key], env["OPENAI_API_KEY"]);
  if (apiKey !== undefined) keysInUse.add(apiKey);
  return { baseURL: pick(flags.baseURL, env[names.url], env["OPENAI_BASE_URL"]) ?? DEFAULT_BASE_URL, apiKey };
}

/**
 * Every key resolved in this process, whatever its role: the agent's endpoint may echo the user's
 * key (it reaches the agent's transcript through the user's words) and the other way round, so
 * each client scrubs them all from what it hands on.
 */
const keysInUse = new Set<string>();

/** Names of variables whose values are keys: UBENCH_AGENT_API_KEY, OPENAI_API_KEY, TINKER_API_KEY, TOGETHER_API_KEY, ... */
const KEY_VARIABLE = /_API_KEY$/;

/**
 * The keys a run was configured with: every *_API_KEY in its environment (read now: reading
 * process.env is slow, and this runs on every reply) and every endpoint key resolved in the
 * process (read at each call: a client made later may add one).
 */
export function configuredSecrets(env: EnvVars = process.env): () => readonly string[] {
  const fromEnv = Object.entries(env).flatMap(([name, value]) => (KEY_VARIABLE.test(name) && value !== undefined && value.trim() !== "" ? [value.trim()] : []));
  let known = -1;
  let all: string[] = [];
  return () => {
    if (keysInUse.size !== known) {
      known = keysInUse.size;
      all = [...new Set([...keysInUse, ...fromEnv])];
    }
    return all;
  };
}

/** Query parameters some gateways use for credentials (Azure's api-key, signed URLs). */
const SECRET_PARAM = /key|token|secret|sig|auth|password/i;

/**
 * The base URL without credentials (user:pass@ and secret-looking query parameters), for cache
 * keys, cache files and messages: a key smuggled into the URL must not reach the disk either.
 */
export function publicBaseURL(baseURL: string): string {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return scrubSecrets(baseURL, []);
  }
  url.username = "";
  url.password = "";
  for (const name of [...url.searchParams.keys()]) if (SECRET_PARAM.test(name)) url.searchParams.set(name, "redacted");
  return url.toString().replace(/\/$/, "");
}

/** Removes every occurrence of the given secrets, and nothing else (cache files: replies stay as they were). */
export function redactExact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/**
 * A function that removes the given secrets from text about to leave the process (a server's
 * replies, a play session's output). Short values are left alone: they are placeholders (vLLM's
 * "EMPTY"), not secrets, and blanking them would mangle ordinary text.
 */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const known = secrets.filter((s): s is string => s !== undefined && s.length >= 12);
  if (known.length === 0) return (text) => text;
  return (text) => (known.some((secret) => text.includes(secret)) ? redactExact(text, known) : text);
}

/** Removes the secrets and anything shaped like a key or bearer token (error messages can echo request data). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  return redactExact(text, secrets).replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, "$1[redacted]").replace(/\bsk-[A-Za-z0-9_-]{8,}/g, "sk-[redacted]");
}
