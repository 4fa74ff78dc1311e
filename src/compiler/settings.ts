import type { Value } from "../dsl/ast.js";
import type { GymDefinition, ResolvedSettings, SettingSpec, SettingValue } from "./gym.js";
import type { ScenarioView } from "./scenario-view.js";

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
