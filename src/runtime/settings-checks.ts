import type { Scenario } from "../compiler/ir.js";
import { commonSettingsProblem, type SettingsCheck } from "../compiler/settings-problems.js";

/**
 * Checks of run-time settings (GymRuntime.checkSettings, after `--set`): each gym's runtime runs
 * the very check its compiler runs on a scenario's settings (compiler/settings-problems.ts), so a
 * value `ubc eval --set` refuses is one `ubc compile` refuses too.
 */
export function checkSettingsWith(check: SettingsCheck): (scenario: Scenario) => string | undefined {
  return (scenario) => {
    const { rewards, knobs } = scenario as unknown as { rewards: Record<string, never>; knobs: Record<string, never> };
    return check({ rewards, knobs })?.message;
  };
}

/** GymRuntime.checkSettings for a gym with no settings checks of its own (the reward scale, the clip). */
export const checkCommonSettings = checkSettingsWith(commonSettingsProblem);
