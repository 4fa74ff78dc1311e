import { clientOptionsFrom, parseLlmOptions } from "../runtime/llm/config.js";
import { publicBaseURL, type Endpoint, type LlmRole } from "../runtime/llm/endpoint.js";

/**
 * One request to each LLM endpoint of a run before it starts: with the endpoint down, every
 * episode would otherwise spend its retries (half a minute each) and end in an agent error, and
 * the run would exit 0 with a table of zeros. `GET <baseURL>/models` is cheap, costs no tokens
 * and is part of the OpenAI API; a server without it answers 404, which still proves it is there.
 * Refused: no connection (refused, unknown host, timeout) and a rejected key (401, 403). A
 * replayed run makes no network call, so it is not checked.
 */

export class PreflightError extends Error {
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

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as NodeJS.ErrnoException).code;
  if ((error as Error).name === "TimeoutError") return "no answer in time";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "unknown host";
  return cause?.message ?? (error as Error).message;
}

async function check(role: LlmRole, endpoint: Endpoint, timeoutMs: number, fetchImpl: typeof fetch): Promise<void> {
  const where = publicBaseURL(endpoint.baseURL);
  let status: number;
  try {
    const response = await fetchImpl(`${endpoint.baseURL.replace(/\/+$/, "")}/models`, {
      headers: endpoint.apiKey !== undefined ? { authorization: `Bearer ${endpoint.apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    throw new PreflightError(`the ${role}'s endpoint ${where} cannot be reached (${causeOf(error)}); check --${role}-base-url (or ${role === "agent" ? "UBENCH_AGENT_BASE_URL" : "UBENCH_USER_BASE_URL"}, OPENAI_BASE_URL)`);
  }
  if (status === 401 || status === 403) {
    throw new PreflightError(`the ${role}'s endpoint ${where} refused the API key (HTTP ${status}); set ${KEY_VARIABLES[role]} or OPENAI_API_KEY`);
  }
}

/** Checks each distinct LLM endpoint of the run once; throws a PreflightError naming the first that fails. */
export async function preflight(targets: readonly PreflightTarget[], fetchImpl: typeof fetch = fetch): Promise<void> {
  const seen = new Set<string>();
  for (const { role, spec, options } of targets) {
    if (!spec.startsWith("openai:")) continue;
    const parsed = parseLlmOptions(options, `${role} LLM options`);
    if (parsed.cache === "replay") continue;
    const client = clientOptionsFrom(role, parsed);
    const key = `${client.endpoint.baseURL}\n${client.endpoint.apiKey ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await check(role, client.endpoint, Math.min(client.timeoutMs ?? DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS), fetchImpl);
  }
}
