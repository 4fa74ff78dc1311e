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

/** The check of a gym whose settings can only go wrong together in the clip. */
export const clipOnly: SettingsCheck = (settings) => clipProblem(settings.knobs["clip"]);

function isRange(value: unknown): value is { low: number; high: number } {
  return typeof value === "object" && value !== null && "low" in value && "high" in value;
}
