import type { Env } from "../../src/runtime/types.js";

/** An env that resets as `env` does but whose every step throws (a crash inside the gym or its simulator). */
export function crashingOnStep(env: Env, message = "boom"): Env {
  return { scenario: env.scenario, reset: (options) => env.reset(options), step: () => Promise.reject(new Error(message)) };
}
