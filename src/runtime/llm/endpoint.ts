/**
 * Where an LLM lives: base URL and API key for the agent under test and for the user simulator,
 * which may be different endpoints. Flags win over role-specific variables, which win over the
 * OpenAI defaults (interfaces.md).
 */

export type LlmRole = "agent" | "user";

export interface Endpoint {
  baseURL: string;
  /** Never logged, cached or written to results. */
  apiKey: string | undefined;
}

export const DEFAULT_BASE_URL = "https://api.openai.com/v1";

const ROLE_VARIABLES: Record<LlmRole, { url: string; key: string }> = {
  agent: { url: "UBENCH_AGENT_BASE_URL", key: "UBENCH_AGENT_API_KEY" },
  user: { url: "UBENCH_USER_BASE_URL", key: "UBENCH_USER_API_KEY" },
};

export function resolveEndpoint(role: LlmRole, flags: { baseURL?: string | undefined; apiKey?: string | undefined }, env: NodeJS.ProcessEnv = process.env): Endpoint {
  const names = ROLE_VARIABLES[role];
  const pick = (...values: (string | undefined)[]) => values.find((v) => v !== undefined && v.trim() !== "");
  return {
    baseURL: pick(flags.baseURL, env[names.url], env["OPENAI_BASE_URL"]) ?? DEFAULT_BASE_URL,
    apiKey: pick(flags.apiKey, env[names.key], env["OPENAI_API_KEY"]),
  };
}

/** Removes every occurrence of the secrets from a text (error messages can echo request data). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, "$1[redacted]").replace(/\bsk-[A-Za-z0-9_-]{8,}/g, "sk-[redacted]");
}
