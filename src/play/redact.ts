import { redactExact, resolveEndpoint } from "../runtime/llm/endpoint.js";

/**
 * What a session prints and saves passes through this: an LLM user's key, should the endpoint
 * echo it into the user's words (a careless gateway), becomes "[redacted]". As in `ubc serve`,
 * short values are left alone: they are placeholders (vLLM's "EMPTY"), not secrets.
 */
export function userKeyRedactor(user: string, baseURL: string | undefined, env: NodeJS.ProcessEnv = process.env): (text: string) => string {
  if (user === "builtin") return (text) => text;
  const key = resolveEndpoint("user", { baseURL }, env).apiKey;
  if (key === undefined || key.length < 12) return (text) => text;
  return (text) => (text.includes(key) ? redactExact(text, [key]) : text);
}
