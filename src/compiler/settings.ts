import type { Value } from "../dsl/ast.js";
import type { GymDefinition, ResolvedSettings, SettingSpec, SettingValue } from "./gym.js";
import type { Reporter } from "./context.js";
import type { ScenarioView } from "./scenario-view.js";
import type { SettingPath } from "./settings-problems.js";

/** Gym defaults, then the file's `defaults` blocks, then the scenario's own settings. */
export function resolveSettings(gym: GymDefinition, view: ScenarioView): ResolvedSettings {
  return {
    rewards: resolveGroup(gym.rewards, view, "rewards"),
    knobs: resolveGroup(gym.knobs, view, "knobs"),
  };
}

function resolveGroup(specs: Record<string, SettingSpec>, view: ScenarioView, keyword: "rewards" | "knobs"): Record<string, SettingValue> {
  const values: Record<string, SettingValue> = {};
  for (const [key, spec] of Object.entries(specs)) values[key] = spec.default;
  for (const setting of view.settings(keyword)) {
    const spec = specs[setting.key.name];
    if (spec) values[setting.key.name] = settingValue(setting.value);
  }
  return values;
}

function settingValue(value: Value): SettingValue {
  switch (value.kind) {
    case "Number": return value.value;
    case "Bool": return value.value;
    case "Range": return { low: value.low.value, high: value.high.value };
    default: return null;
  }
}

/**
 * UB2014 for settings that cannot run together (the gym's settingsProblem, which the runtime also
 * runs after `--set`), at the statement of the setting at fault. True when there was a problem.
 */
export function reportSettingsProblem(gym: GymDefinition, view: ScenarioView, settings: ResolvedSettings, reporter: Reporter): boolean {
  const problem = gym.settingsProblem(settings);
  if (!problem) return false;
  const where = (path: SettingPath) => view.settings(path[0]).filter((s) => s.key.name === path[1]).at(-1);
  const at = where(problem.at);
  const also = problem.also && where(problem.also);
  const related = at && also ? [reporter.related(also.span, `${problem.also!.join(".")} is set here`)] : undefined;
  reporter.report("UB2014", problem.message, (at ?? also)?.span ?? view.span, gym[problem.at[0]][problem.at[1]]?.doc, related);
  return true;
}

