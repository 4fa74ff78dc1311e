import type { Rng } from "../types.js";

/**
 * Ids for the tool calls an agent's transcript replays. Servers invent ids in their own ways, or
 * send none (the client then numbered them call_0 on every turn, so two turns shared an id);
 * Mistral's chat template refuses any id that is not exactly 9 letters or digits. So the agent
 * gives every call it keeps an id of its own: 9 alphanumeric characters, 5 drawn from the
 * episode's seeded stream (the same on a rerun, so cache keys repeat) and 4 counting the calls,
 * so no two calls of an episode share one.
 */

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export const TOOL_CALL_ID_LENGTH = 9;
const COUNTER_DIGITS = 4;

export class ToolCallIds {
  private count = 0;

  constructor(private readonly rng: Rng) {}

  next(): string {
    let id = "";
    for (let i = 0; i < TOOL_CALL_ID_LENGTH - COUNTER_DIGITS; i++) id += ALPHABET[this.rng.int(ALPHABET.length)];
    // 62^4 calls before the counter wraps: far beyond any episode's turn limit.
    let n = this.count++ % ALPHABET.length ** COUNTER_DIGITS;
    let counter = "";
    for (let i = 0; i < COUNTER_DIGITS; i++, n = Math.floor(n / ALPHABET.length)) counter = ALPHABET[n % ALPHABET.length] + counter;
    return id + counter;
  }
}
