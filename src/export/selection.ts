import type { Scenario } from "../compiler/ir.js";
import { gymNames } from "../runtime/gyms/registry.js";
import { applyQuota, quotaFor, type MixSpec } from "./mix.js";
import { ExportUsageError } from "./mix-spec.js";
import { matchIds } from "./split-from.js";
import { splitIds } from "./verl.js";
import { ExportInputError } from "./tool-schema.js";

/**
 * Which scenarios `ubc export verl` writes to train and test, before any row is built:
 * 1. the split: the ids of `--split-from` in test and the rest in train, else the hash-ranked
 *    `--test-fraction` split;
 * 2. held-out gyms (`--holdout`) get no train rows (UserRL trains on neither telepathy, intention
 *    nor search and tests on all three: merge_customize.py:78 vs :86). With `--split-from` the list
 *    alone decides the test set, so the scenarios it puts in train are left out, as UserRL leaves
 *    out those gyms' train files; with the hash split, all of the gym's scenarios go to test;
 * 3. per-gym quotas (`--mix` on train, `--test-mix` on test; src/export/mix.ts), each from its own
 *    seeded shuffle.
 * Gym names are checked against the runtime's gyms: a known gym the input lacks is a warning (the
 * recipe names gyms a given export may not hold), an unknown name an error (surely a typo).
 */

export type Split = "train" | "test";

export interface SelectionOptions {
  seed: number;
  testFraction: number;
  /** The ids of `--split-from`, read (src/export/split-from.ts). */
  splitFrom?: readonly string[];
  mix?: MixSpec;
  testMix?: MixSpec;
  holdout?: readonly string[];
}

export interface GymSelection {
  /** Scenarios per split after the split and hold-out, before the quotas. */
  available: Record<Split, number>;
  /** Scenarios of a held-out gym that `--split-from` put in train: written nowhere. */
  heldOut: number;
  /** Scenarios per split after the quotas. */
  selected: Record<Split, number>;
}

export interface Selection {
  /** The selected scenarios, the test ones named in testIds. */
  scenarios: Scenario[];
  testIds: Set<string>;
  /** Listed ids that name no scenario of the input (`--split-from`). */
  unknownIds: string[];
  warnings: string[];
  byGym: Record<string, GymSelection>;
}

function checkGymNames(flag: string, names: Iterable<string>, present: ReadonlySet<string>, warnings: string[]): void {
  const known = gymNames();
  for (const name of names) {
    if (name === "*" || present.has(name)) continue;
    if (!known.includes(name)) throw new ExportUsageError(`${flag}: unknown gym '${name}' (known: ${known.join(", ")})`);
    warnings.push(`${flag} names gym '${name}', but the input has no ${name} scenario`);
  }
}

function byGym(scenarios: readonly Scenario[]): Map<string, Scenario[]> {
  const groups = new Map<string, Scenario[]>();
  for (const s of scenarios) {
    const group = groups.get(s.gym);
    if (group) group.push(s);
    else groups.set(s.gym, [s]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function selectScenarios(all: readonly Scenario[], options: SelectionOptions): Selection {
  const warnings: string[] = [];
  const present = new Set(all.map((s) => s.gym));
  checkGymNames("--mix", options.mix?.keys() ?? [], present, warnings);
  checkGymNames("--test-mix", options.testMix?.keys() ?? [], present, warnings);
  checkGymNames("--holdout", options.holdout ?? [], present, warnings);

  let testIds: Set<string>;
  let unknownIds: string[] = [];
  if (options.splitFrom) {
    const match = matchIds(options.splitFrom, all);
    if (options.splitFrom.length > 0 && match.testIds.size === 0) throw new ExportInputError(`--split-from: none of the ${options.splitFrom.length} listed ids names a scenario of the input (first: '${options.splitFrom[0]}')`);
    testIds = match.testIds;
    unknownIds = match.unknown;
    if (unknownIds.length > 0) warnings.push(`--split-from: ${unknownIds.length} of ${options.splitFrom.length} listed ids name no scenario of the input and are ignored: ${unknownIds.slice(0, 5).join(", ")}${unknownIds.length > 5 ? ", …" : ""} (all in manifest.json)`);
  } else {
    testIds = splitIds(all.map((s) => s.id), options.testFraction, options.seed);
  }
  const holdout = new Set(options.holdout ?? []);
  /** null: a held-out scenario the list does not name, written nowhere. */
  const splitOf = (s: Scenario): Split | null => {
    if (testIds.has(s.id)) return "test";
    if (!holdout.has(s.gym)) return "train";
    return options.splitFrom ? null : "test";
  };

  const selected: Scenario[] = [];
  const gyms: Record<string, GymSelection> = {};
  for (const [gym, scenarios] of byGym(all)) {
    const train = scenarios.filter((s) => splitOf(s) === "train");
    const test = scenarios.filter((s) => splitOf(s) === "test");
    const keptTrain = applyQuota(train, quotaFor(options.mix, gym), options.seed, "train", gym);
    const keptTest = applyQuota(test, quotaFor(options.testMix, gym), options.seed, "test", gym);
    selected.push(...keptTrain, ...keptTest);
    const heldOut = scenarios.length - train.length - test.length;
    gyms[gym] = { available: { train: train.length, test: test.length }, heldOut, selected: { train: keptTrain.length, test: keptTest.length } };
  }
  const finalTest = new Set(selected.filter((s) => splitOf(s) === "test").map((s) => s.id));
  return { scenarios: selected.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), testIds: finalTest, unknownIds, warnings, byGym: gyms };
}
