/**
 * Bounds the episode text `ubc serve` holds. An env keeps every action and reply of its episode
 * (the simulated user reads the whole dialogue), so without a bound one client sending large
 * actions could make the server hold gigabytes. Each session may hold `perSession` bytes of
 * episode text, and all sessions together `total`; a step that would pass either is refused
 * before it runs, and a session's bytes are given back when its episode is reset or the session
 * is released.
 */

export const DEFAULT_SESSION_BYTES = 1024 * 1024;
export const DEFAULT_TOTAL_BYTES = 256 * 1024 * 1024;

export interface BudgetLimits {
  /** Bytes of episode text one session may hold. */
  perSession: number;
  /** Bytes of episode text all sessions together may hold. */
  total: number;
}

/** The server-wide account; each session charges it through a SessionBudget. */
export class MemoryBudget {
  private used = 0;

  constructor(readonly limits: BudgetLimits = { perSession: DEFAULT_SESSION_BYTES, total: DEFAULT_TOTAL_BYTES }) {}

  get bytesHeld(): number {
    return this.used;
  }

  /** A fresh account for one session. */
  session(): SessionBudget {
    return new SessionBudget(this);
  }

  /** @internal Takes `bytes` from the total, or returns false when they do not fit. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limits.total) return false;
    this.used += bytes;
    return true;
  }

  /** @internal */
  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

export type Refusal = { ok: true } | { ok: false; scope: "session" | "total"; message: string };

export class SessionBudget {
  private held = 0;

  constructor(private readonly pool: MemoryBudget) {}

  get bytesHeld(): number {
    return this.held;
  }

  /** Charges `bytes` of new episode text, or says which bound it would pass (nothing is charged then). */
  charge(bytes: number): Refusal {
    const { perSession, total } = this.pool.limits;
    if (this.held + bytes > perSession) {
      return { ok: false, scope: "session", message: `the episode already holds ${this.held} bytes of text and this step's ${bytes} would pass the session's bound of ${perSession} (--max-session-kb); the episode keeps its state: send a shorter action, or reset` };
    }
    if (!this.pool.take(bytes)) {
      return { ok: false, scope: "total", message: `the server holds its bound of ${total} bytes of episode text across sessions (--max-total-mb); retry later, or release sessions` };
    }
    this.held += bytes;
    return { ok: true };
  }

  /** Gives everything back (a reset or the end of the session). */
  clear(): void {
    this.pool.give(this.held);
    this.held = 0;
  }
}
