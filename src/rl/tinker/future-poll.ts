import { retryAfter } from "../../runtime/llm/backoff.js";

/**
 * What to do with one retrieve_future answer that is an HTTP error, by the Tinker SDK's rules
 * (thinking-machines-lab/tinker at d595dc2ba62a1494aa0f452fe1d0dbb7b321b870,
 * src/tinker/lib/api_future_impl.py `_rest_status_error_to_transport_error` and
 * `_handle_transport_error`; src/tinker/lib/internal_client_holder.py `_should_pause_on_billing`):
 *
 * - 408: still running (a long poll ran out): ask again;
 * - 5xx: ask again (we back off and give up after a few in a row; the SDK retries without end);
 * - 400: ask again up to 3 times (a proxy may inject a bare 400), then the request failed; a 408
 *   in between restores the budget. SkyRL answers a failed request with 400 {"detail"}, so its
 *   failures arrive after the 3 retries, as with the SDK;
 * - 410: the future is gone: the SDK raises RetryableException, on which its sampling client sends
 *   the sample again (its training client has no such retry, so the error reaches the user);
 * - 429: rate limited: back off, min(2^n s, 30 s) as the SDK does, or the server's Retry-After
 *   (10 in a row fail);
 * - 402: the account's billing stops the job: pause 5 s and ask again, for at most an hour in one
 *   incident (the SDK's billing_exception_max_pause_duration_sec), then fail saying why;
 * - any other 4xx: the request failed.
 * 429 and 402 are handled the same way when a request is submitted (`refused`).
 *
 * The state is one future's, kept across its polls; the clock is passed in (Retry-After may be a date).
 */

export const MAX_BAD_REQUEST_RETRIES = 3;
/** Consecutive network errors or 5xx answers tolerated while polling. */
export const MAX_TRANSIENT = 5;
/** Consecutive 429s tolerated (about 3 minutes of backoff at the defaults; the SDK gives up after 5). */
export const MAX_RATE_LIMITED = 10;

export interface PollTiming {
  /** Pause before asking again about a pending future. */
  pollIntervalMs: number;
  /** First backoff step after a 429 (doubles per 429 in a row, capped by rateLimitMaxMs, which also caps Retry-After). */
  rateLimitBaseMs: number;
  rateLimitMaxMs: number;
  /** Pause after a 402, and the longest one billing incident may last before the run fails. */
  billingPauseMs: number;
  billingMaxPauseMs: number;
}

export const DEFAULT_POLL_TIMING: PollTiming = {
  pollIntervalMs: 250,
  rateLimitBaseMs: 1000,
  rateLimitMaxMs: 30_000,
  billingPauseMs: 5000,
  billingMaxPauseMs: 3_600_000,
};

export type PollAction =
  /** Ask again after waitMs; a billing pause (`paused`) does not count against the future's deadline (the billing limit governs it). */
  | { kind: "again"; waitMs: number; notice?: string; paused?: boolean }
  /** The request failed: the message says how (the server's text is appended by the caller). */
  | { kind: "failed"; reason: string }
  /** The future is gone (410): the caller may submit the request again. */
  | { kind: "expired" };

export class FuturePollState {
  private transient = 0;
  private badRequests = 0;
  private rateLimited = 0;
  private billingPaused: number | undefined;

  constructor(private readonly timing: PollTiming) {}

  /** A network error (not our own deadline, which the caller simply asks again after). */
  networkError(): PollAction {
    if (++this.transient >= MAX_TRANSIENT) return { kind: "failed", reason: `failed ${this.transient} times in a row` };
    return { kind: "again", waitMs: this.transientBackoff() };
  }

  /** Any 2xx answer: the connection and the server are fine. */
  answered(): void {
    this.transient = 0;
    this.rateLimited = 0;
    this.billingPaused = undefined;
  }

  /** An HTTP error status. `heldMs` is how long the server held the call (a long poll's 408 is asked again at once). */
  httpError(status: number, headers: Headers | undefined, heldMs: number, now: number): PollAction {
    if (status !== 429) this.rateLimited = 0;
    if (status !== 402) this.billingPaused = undefined;
    if (status === 408) {
      this.transient = 0;
      this.badRequests = 0;
      return { kind: "again", waitMs: heldMs < LONG_POLL_MS ? this.timing.pollIntervalMs : 0 };
    }
    if (status >= 500) {
      if (++this.transient >= MAX_TRANSIENT) return { kind: "failed", reason: `${this.transient} times in a row` };
      return { kind: "again", waitMs: this.transientBackoff() };
    }
    this.transient = 0;
    if (status === 400) {
      if (this.badRequests < MAX_BAD_REQUEST_RETRIES) {
        this.badRequests++;
        return { kind: "again", waitMs: 0 };
      }
      return { kind: "failed", reason: `after ${MAX_BAD_REQUEST_RETRIES} retries` };
    }
    if (status === 410) return { kind: "expired" };
    return this.refused(status, headers, now) ?? { kind: "failed", reason: "" };
  }

  /**
   * A 429 or a 402, which refuse a request without running it: so also on submission, where the
   * SDK's execute_with_retries backs off the same way. Undefined for any other status.
   */
  refused(status: number, headers: Headers | undefined, now: number): PollAction | undefined {
    if (status !== 429) this.rateLimited = 0;
    if (status !== 402) this.billingPaused = undefined;
    if (status === 429) {
      if (this.rateLimited >= MAX_RATE_LIMITED) return { kind: "failed", reason: `rate limited ${this.rateLimited} times in a row` };
      const step = Math.min(this.timing.rateLimitMaxMs, this.timing.rateLimitBaseMs * 2 ** this.rateLimited++);
      return { kind: "again", waitMs: retryAfter(headers, this.timing.rateLimitMaxMs, now) ?? step };
    }
    if (status === 402) {
      // Counted in pauses taken rather than by the clock, so the limit does not depend on how slow the server answers.
      const paused = this.billingPaused ?? 0;
      if (paused + this.timing.billingPauseMs > this.timing.billingMaxPauseMs) {
        return { kind: "failed", reason: `refused for billing reasons after pausing ${Math.round(paused / 1000)} s; check the account's billing status` };
      }
      this.billingPaused = paused + this.timing.billingPauseMs;
      const notice = paused === 0 ? `paused: the server refuses requests for billing reasons (HTTP 402); asking again every ${this.timing.billingPauseMs / 1000} s` : undefined;
      return { kind: "again", waitMs: this.timing.billingPauseMs, paused: true, ...(notice !== undefined && { notice }) };
    }
    return undefined;
  }

  private transientBackoff(): number {
    return Math.min(this.timing.pollIntervalMs * 2 ** this.transient, 10_000);
  }
}

/** A retrieve_future call held at least this long was a server-side long poll. */
export const LONG_POLL_MS = 1000;
