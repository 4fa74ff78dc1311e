import type { ResolvedSettings } from "./gym.js";

/**
 * Checks of settings that look at values together (a clip's two ends, one reward against
 * another), shared by both places settings come from: the compiler runs a gym's check on the
 * settings a scenario resolves to (UB2014, located at the setting), and the runtime runs the same
 * check after `--set` overrides (runtime/settings-checks.ts). One check, so `ubc compile` never
 * accepts what `ubc eval --set` refuses.
 */

/** Where a setting lives: `["rewards", "correct"]` is `rewards.correct`. */
export type SettingPath = readonly ["rewards" | "knobs", string];

export interface SettingsProblem {
  /** The setting at fault; the compiler reports the problem at its statement. */
  at: SettingPath;
  /** Self-contained: names every setting it is about (the runtime prints it as is). */
  message: string;
  /** Another setting the problem is about, shown as a related location. */
  also?: SettingPath;
}

/** A gym's check of its resolved settings (compile time) or of a scenario's (run time). */
export type SettingsCheck = (settings: Pick<ResolvedSettings, "rewards" | "knobs">) => SettingsProblem | undefined;

/** A clip that cannot run: its ends reversed, or a low end above 0, which would pay for doing nothing. */
export function clipProblem(clip: unknown): SettingsProblem | undefined {
  if (!isRange(clip)) return undefined;
  if (clip.low > clip.high) return { at: ["knobs", "clip"], message: `knobs.clip: the low end ${clip.low} is above the high end ${clip.high}` };
  if (clip.low > 0) return { at: ["knobs", "clip"], message: `knobs.clip: a low end above 0 (${clip.low}) pays every turn, even one that does nothing` };
  return undefined;
}

/**
 * Rewards are paid per step and summed over episodes and groups: one as large as 1e308 is finite,
 * but a return of two such steps is not (and JSON stores Infinity as null). A bound well above any
 * real reward keeps every sum finite.
 */
export const MAX_REWARD_MAGNITUDE = 1e6;

export function rewardScaleProblem(rewards: Record<string, unknown>): SettingsProblem | undefined {
  for (const [key, value] of Object.entries(rewards)) {
    if (typeof value === "number" && Math.abs(value) > MAX_REWARD_MAGNITUDE) {
      return { at: ["rewards", key], message: `rewards.${key}: ${value} is beyond ±${MAX_REWARD_MAGNITUDE.toLocaleString("en-US")}; returns add rewards up and must stay finite` };
    }
  }
  return undefined;
}

/** What every gym checks: the reward scale and the clip. */
export const commonSettingsProblem: SettingsCheck = (settings) => rewardScaleProblem(settings.rewards) ?? clipProblem(settings.knobs["clip"]);

function isRange(value: unknown): value is { low: number; high: number } {
  return typeof value === "object" && value !== null && "low" in value && "high" in value;
}
