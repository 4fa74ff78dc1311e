import type { Field, TravelAspect, TravelOption, TravelPreference, TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import { phraseStems } from "./matching.js";

/**
 * What the mechanics and the built-in simulator look up on every step, computed once per
 * scenario object (an overridden copy of an IR gets its own entry).
 */
export interface ScenarioIndex {
  /** Every preference in id order (P1, P2, ...). */
  preferences: TravelPreference[];
  preferenceById: Map<string, TravelPreference>;
  aspectById: Map<string, TravelAspect>;
  /** Option ids in lower case → the option and its aspect. */
  options: Map<string, { aspect: TravelAspect; option: TravelOption }>;
  /** Phrases that name an aspect: its id with '_' as space and its aka, tokenised. */
  aspectPhrases: Map<string, string[][]>;
  /** Cue phrases per preference id, tokenised. */
  cuePhrases: Map<string, string[][]>;
  /** Phrases naming any field of any aspect (names and aka, nested records too), tokenised. */
  fieldPhrases: string[][];
}

const cache = new WeakMap<TravelScenario, ScenarioIndex>();

/**
 * A field called "name" labels the option rather than describing it; asking the user's name is
 * small talk, not a question about a preference the user lacks.
 */
const LABEL_FIELDS = new Set(["name", "id", "title"]);

function fieldNames(fields: readonly Field[]): string[] {
  return fields.flatMap((f) => [
    ...(LABEL_FIELDS.has(f.name) ? [] : [f.name, ...f.aka]),
    ...(f.type.kind === "record" ? fieldNames(f.type.fields) : []),
  ]);
}

export function scenarioIndex(scenario: TravelScenario): ScenarioIndex {
  const cached = cache.get(scenario);
  if (cached) return cached;
  const preferences = scenario.aspects.flatMap((a) => a.preferences).sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const options = new Map<string, { aspect: TravelAspect; option: TravelOption }>();
  for (const aspect of scenario.aspects) for (const option of aspect.options) options.set(option.id.toLowerCase(), { aspect, option });
  const index: ScenarioIndex = {
    preferences,
    preferenceById: new Map(preferences.map((p) => [p.id, p])),
    aspectById: new Map(scenario.aspects.map((a) => [a.id, a])),
    options,
    aspectPhrases: new Map(scenario.aspects.map((a) => [a.id, [a.id, ...a.aka].map(phraseStems).filter((p) => p.length > 0)])),
    cuePhrases: new Map(preferences.map((p) => [p.id, p.cues.map(phraseStems).filter((c) => c.length > 0)])),
    fieldPhrases: [...new Set(scenario.aspects.flatMap((a) => fieldNames(a.fields)).map((n) => n.toLowerCase()))].map(phraseStems).filter((p) => p.length > 0),
  };
  cache.set(scenario, index);
  return index;
}

/** How the agent reads an aspect's name: "rental car" for rental_car. */
export function aspectLabel(aspect: Pick<TravelAspect, "id">): string {
  return aspect.id.replace(/_/g, " ");
}
