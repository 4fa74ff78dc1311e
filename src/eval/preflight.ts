import { get as httpGet } from "node:http";
import { get as httpsGet } from "node:https";
import { clientOptionsFrom, parseLlmOptions } from "../runtime/llm/config.js";
import { publicBaseURL, type Endpoint, type LlmRole } from "../runtime/llm/endpoint.js";
import { InputError } from "../user-error.js";

/**
 * One request to each LLM endpoint of a run before it starts: with the endpoint down, every
 * episode would otherwise spend its retries (half a minute each) and end in an agent error, and
 * the run would exit 0 with a table of zeros. `GET <baseURL>/models` is cheap, costs no tokens
 * and is part of the OpenAI API; a server without it answers 404, which still proves it is there.
 * Refused: no connection (refused, unknown host, timeout) and a rejected key (401, 403). A
 * replayed run makes no network call, so it is not checked.
 */

export class PreflightError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "PreflightError";
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;

export interface PreflightTarget {
  role: LlmRole;
  /** The role's spec (`openai:<model>`), checked only when it names an LLM. */
  spec: string;
  options: Record<string, unknown>;
}

const KEY_VARIABLES: Record<LlmRole, string> = { agent: "UBENCH_AGENT_API_KEY", user: "UBENCH_USER_API_KEY" };

function causeOf(error: NodeJS.ErrnoException): string {
  if (error.code === "ECONNREFUSED") return "connection refused";
  if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") return "unknown host";
  if (error.code === "ETIMEDOUT") return "no answer in time";
  return error.message;
}

/**
 * The status of `GET <baseURL>/models`. node:http rather than fetch, like the LLM client's
 * default transport: fetch refuses some ports outright (the WHATWG "bad ports", 9, 6000...).
 */
export function modelsStatus(endpoint: Endpoint, timeoutMs: number): Promise<number> {
  const url = new URL(`${endpoint.baseURL.replace(/\/+$/, "")}/models`);
  const get = url.protocol === "https:" ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: endpoint.apiKey !== undefined ? { authorization: `Bearer ${endpoint.apiKey}` } : {}, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("timeout", () => request.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    request.on("error", reject);
  });
}

async function check(role: LlmRole, endpoint: Endpoint, timeoutMs: number): Promise<void> {
  const where = publicBaseURL(endpoint.baseURL);
  let status: number;
  try {
    status = await modelsStatus(endpoint, timeoutMs);
  } catch (error) {
    throw new PreflightError(`the ${role}'s endpoint ${where} cannot be reached (${causeOf(error as NodeJS.ErrnoException)}); check --${role}-base-url (or ${role === "agent" ? "UBENCH_AGENT_BASE_URL" : "UBENCH_USER_BASE_URL"}, OPENAI_BASE_URL)`);
  }
  if (status === 401 || status === 403) {
    throw new PreflightError(`the ${role}'s endpoint ${where} refused the API key (HTTP ${status}); set ${KEY_VARIABLES[role]} or OPENAI_API_KEY`);
  }
}

/** Checks each distinct LLM endpoint of the run once; throws a PreflightError naming the first that fails. */
export async function preflight(targets: readonly PreflightTarget[]): Promise<void> {
  const seen = new Set<string>();
  for (const { role, spec, options } of targets) {
    if (!spec.startsWith("openai:")) continue;
    const parsed = parseLlmOptions(options, `${role} LLM options`);
    if (parsed.cache === "replay") continue;
    const client = clientOptionsFrom(role, parsed);
    const key = `${client.endpoint.baseURL}\n${client.endpoint.apiKey ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await check(role, client.endpoint, Math.min(client.timeoutMs ?? DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS));
  }
}
