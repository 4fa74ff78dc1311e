/**
 * Named bundles of `--set` values per gym (`ubc eval --preset NAME`): the settings of the papers'
 * runs, so that reproducing them takes one flag instead of a row of `--set`s. A preset sets only
 * the gyms a run has; an explicit `--set` (or --turns, --one-choice...) wins over it, and run.json
 * records the preset's name with the values used. docs/metrics.md shows them as a table
 * (test/unit/eval-presets.test.ts keeps it in step).
 *
 * Sources (UserRL's code, as the design notes on its training setup list them): evaluation pays a correct
 * search 0.2 (`search_correct_reward`) and an elicited preference 0.6 (`preference_correct_reward`,
 * our `rewards.elicit`) with 16 turns (eval/eval.py, eval/eval.sh); training pays 0.0 and 0.8
 * (verl/tools/env_manager.py:183-184) with 16 turns (train.sh:51). The papers run every gym with
 * 16 turns. Keep this file free of imports: `ubc eval --help` lists the names.
 */

export const PRESETS = {
  "userrl-eval": {
    travel: { "rewards.search": "0.2", "rewards.elicit": "0.6", "knobs.max_turns": "16" },
    persuade: { "knobs.max_turns": "16" },
    intention: { "knobs.max_turns": "16" },
  },
  "userrl-train": {
    travel: { "rewards.search": "0", "rewards.elicit": "0.8", "knobs.max_turns": "16" },
    persuade: { "knobs.max_turns": "16" },
    intention: { "knobs.max_turns": "16" },
  },
} as const satisfies Record<string, Record<string, Record<string, string>>>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** The preset's values for the given gyms, as gym-scoped `--set` keys (`travel.rewards.elicit`). */
export function presetOverrides(name: PresetName, gyms: Iterable<string>): Record<string, string> {
  const bundle: Record<string, Record<string, string>> = PRESETS[name];
  const out: Record<string, string> = {};
  for (const gym of gyms) for (const [key, value] of Object.entries(bundle[gym] ?? {})) out[`${gym}.${key}`] = value;
  return out;
}
