import { redactor, resolveEndpoint } from "../runtime/llm/endpoint.js";

/**
 * What a session prints and saves passes through this: an LLM user's key, should the endpoint
 * echo it into the user's words (a careless gateway), becomes "[redacted]", as in `ubc serve`.
 */
export function userKeyRedactor(user: string, baseURL: string | undefined, env: NodeJS.ProcessEnv = process.env): (text: string) => string {
  if (user === "builtin") return (text) => text;
  return redactor([resolveEndpoint("user", { baseURL }, env).apiKey]);
}
