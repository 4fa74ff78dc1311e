/**
 * Counters of one LLM client, for the run summary: how many HTTP requests went out, how many
 * calls the cache answered, how many retries and final failures there were, and the tokens of
 * live replies. Agents and simulators built on a client expose it as `llm`, so the eval loop can
 * report it without knowing which kind of agent or simulator it holds.
 */
export interface LlmStats {
  /** HTTP requests sent (every attempt, retries included). */
  requests: number;
  /** Calls answered from the cache (no request sent). */
  cacheHits: number;
  /** Attempts that failed and were tried again. */
  retries: number;
  /** Calls that failed for good (after retries, or a replay miss). */
  failures: number;
  /** Live replies whose text was over the cap (maxReplyChars) and was cut. */
  truncatedReplies: number;
  /** Tokens of the replies received from the network (cache hits not counted). */
  promptTokens: number;
  completionTokens: number;
}

export function emptyStats(): LlmStats {
  return { requests: 0, cacheHits: 0, retries: 0, failures: 0, truncatedReplies: 0, promptTokens: 0, completionTokens: 0 };
}

export function addStats(a: LlmStats, b: LlmStats): LlmStats {
  return {
    requests: a.requests + b.requests,
    cacheHits: a.cacheHits + b.cacheHits,
    retries: a.retries + b.retries,
    failures: a.failures + b.failures,
    truncatedReplies: a.truncatedReplies + b.truncatedReplies,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
  };
}

/** Something that talks to an LLM through one client (the OpenAI agent, the LLM simulator). */
export interface LlmBacked {
  readonly llm: { readonly stats: LlmStats };
}

/** The stats of an agent or simulator that uses an LLM client; undefined for scripted and built-in ones. */
export function llmStatsOf(holder: unknown): LlmStats | undefined {
  if (holder === null || typeof holder !== "object" || !("llm" in holder)) return undefined;
  const llm = (holder as { llm?: { stats?: LlmStats } }).llm;
  return llm?.stats ? { ...llm.stats } : undefined;
}
