import type { Scenario } from "../compiler/ir.js";

/** Checks of run-time settings every gym shares (GymRuntime.checkSettings, after `--set`). */

/** A clip that cannot run: its ends reversed, or a low end above 0, which would pay for doing nothing. */
export function clipProblem(clip: { low: number; high: number } | null): string | undefined {
  if (!clip) return undefined;
  if (clip.low > clip.high) return `knobs.clip: the low end ${clip.low} is above the high end ${clip.high}`;
  if (clip.low > 0) return `knobs.clip: a low end above 0 (${clip.low}) pays every turn, even one that does nothing`;
  return undefined;
}

/** GymRuntime.checkSettings for a gym whose settings can only go wrong in the clip. */
export function checkClip(scenario: Scenario): string | undefined {
  return clipProblem(scenario.knobs.clip);
}
