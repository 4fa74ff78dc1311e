import type { UserRlKind } from "../importers/userrl/index.js";
import type { LossFn } from "../rl/tinker/wire.js";

/**
 * Values the command registrations need (defaults and choices that --help shows, option parsers)
 * whose home modules are too heavy to load at start-up: rl/train.ts and rl/train-run.ts load the
 * gym runtimes, rl/ppo.ts the policy's act spaces, rl/tinker/wire.ts zod, importers/userrl the
 * compiler (and chevrotain), eval/settings.ts zod, yaml and the runtimes, runtime/overrides.ts the
 * runtimes. Each copy names its original; test/e2e/cli-startup.test.ts fails as soon as a
 * copy and its original differ. When an original moves to a light module (as rl/credit.ts's
 * constants already are), import it from there and delete the copy.
 */

/** = DEFAULT_TRAIN, rl/train.ts */
export const DEFAULT_TRAIN = Object.freeze({ group: 8, iterations: 30, lr: 0.1, epochs: 4, seed: 0, concurrency: 4 });

/** = DEFAULT_PPO, rl/ppo.ts */
export const DEFAULT_PPO = Object.freeze({ clip: 0.2, dualClip: 3, klCoef: 0 });

/** = METRICS_FILE, POLICY_FILE and CURVE_FILE, rl/train-run.ts */
export const METRICS_FILE = "metrics.jsonl";
export const POLICY_FILE = "policy.json";
export const CURVE_FILE = "curve.svg";

/** = LOSS_FNS, rl/tinker/wire.ts */
export const LOSS_FNS = ["ppo", "importance_sampling"] as const satisfies readonly LossFn[];

/** = the flags' part of DEFAULT_TINKER_TRAIN, rl/tinker/defaults.ts */
export const DEFAULT_TINKER_FLAGS = Object.freeze({ loraRank: 32, lossFn: "importance_sampling" as LossFn, checkpointEvery: 5 });

/** = the `command` of each of userRlKinds, importers/userrl/index.ts, in the same order */
export const USERRL_COMMANDS = { intention: "userrl-intention", persuade: "userrl-persuade" } as const satisfies Record<UserRlKind, string>;

/** = DEFAULTS.user, eval/settings.ts */
export const DEFAULT_USER = "builtin";

/** = parseOverride, runtime/overrides.ts: `key=value` → [key, value], the value still text. */
export function parseOverride(text: string): [string, string] {
  const at = text.indexOf("=");
  if (at <= 0) throw new Error(`--set '${text}': expected key=value, e.g. rewards.elicit=0.6 or knobs.max_turns=16`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}
