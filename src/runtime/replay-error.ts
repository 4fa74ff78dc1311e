import { UsageError } from "../user-error.js";
/**
 * Thrown when a replay does not fit the episode it replays (recorded judgements that do not match
 * the actions, or a replay-cache miss). It is a bug in the caller, not a simulator failure, so the
 * mechanics never turn it into a fallback; every gym rethrows it.
 */
export class ReplayMismatchError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "ReplayMismatchError";
  }
}
