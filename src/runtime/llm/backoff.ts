/**
 * How long to wait before retrying a failed LLM request. Nothing in a run may depend on chance
 * (architecture.md: no Math.random), so the delay is deterministic: exponential from a base,
 * capped, with optional jitter drawn from a seeded source (spreads a burst of 429s out without
 * making runs irreproducible). A server's Retry-After wins when present, capped the same way.
 */

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** A seeded [0, 1) source; when given, the delay is scaled into [50%, 100%] of the exponential step. */
  jitter?: { float(): number } | undefined;
}

/** The delay before retry number `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxMs, retryAfterMs);
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  if (!policy.jitter) return exponential;
  return Math.round(exponential * (0.5 + 0.5 * policy.jitter.float()));
}

/** Retry-After in seconds or as an HTTP date, capped; undefined when absent or unreadable. */
export function retryAfter(headers: Headers | undefined, capMs: number, now = Date.now()): number | undefined {
  const value = headers?.get?.("retry-after")?.trim();
  if (!value) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.max(0, Math.min(capMs, ms));
}
