import { round6 } from "../../../round6.js";
import { clipReward } from "../../rewards.js";
import type { TravelAspect, TravelKnobs, TravelOption, TravelPreference, TravelRewards } from "./ir.js";
import { evaluate } from "./predicate.js";
import type { Json } from "./types.js";

/** Correct when the option satisfies every preference of its aspect; the failures are kept. */
export function optionRoles(attributes: Record<string, Json>, preferences: readonly TravelPreference[]): Pick<TravelOption, "role" | "violates"> {
  const violates = preferences.filter((p) => !evaluate(p.predicate, attributes)).map((p) => p.id);
  return { role: violates.length === 0 ? "correct" : "wrong", violates };
}

export interface ChooseRule {
  order: "lowest" | "highest";
  by: string[];
}

export function rankValue(option: TravelOption, by: readonly string[]): number | undefined {
  let current: Json | undefined = option.attributes;
  for (const key of by) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = current[key];
  }
  return typeof current === "number" ? current : undefined;
}

/** The correct options that rank first under the rule (more than one is a tie: lint UB3002). */
export function topCorrectOptions(options: readonly TravelOption[], rule: ChooseRule): TravelOption[] {
  const ranked = options
    .filter((o) => o.role === "correct")
    .map((o) => ({ o, v: rankValue(o, rule.by) }))
    .filter((x): x is { o: TravelOption; v: number } => x.v !== undefined);
  if (ranked.length === 0) return [];
  const values = ranked.map((x) => x.v);
  const target = rule.order === "lowest" ? Math.min(...values) : Math.max(...values);
  return ranked.filter((x) => x.v === target).map((x) => x.o);
}

export function bestOption(options: readonly TravelOption[], rule: ChooseRule): TravelOption | undefined {
  return topCorrectOptions(options, rule)[0];
}

/** Preferences per aspect in declaration order, e.g. `2-3-3`. */
export function scenarioShape(aspects: readonly Pick<TravelAspect, "preferences">[]): string {
  return aspects.map((a) => a.preferences.length).join("-");
}

/**
 * How many searches reach `successes` successful ones when every Nth search fails: each run of N
 * searches holds N-1 successes. Closed form, not a count: with N = 1 no search ever succeeds
 * (Infinity; the settings check refuses it before a scenario gets here), and counting would loop.
 */
export function searchesNeeded(successes: number, failEvery: number): number {
  if (failEvery <= 0 || successes <= 0) return Math.max(0, successes);
  if (failEvery === 1) return Infinity;
  return successes + Math.floor((successes - 1) / (failEvery - 1));
}

/** The fewest turns a perfect agent needs: search each aspect, ask each preference, answer. */
export function turnsForMaxReturn(aspects: readonly TravelAspect[], knobs: TravelKnobs): number {
  const searches = searchesNeeded(aspects.length, knobs.search_fail_every);
  const questions = aspects.reduce((n, a) => n + a.preferences.length, 0);
  const answers = knobs.one_choice ? aspects.length : aspects.reduce((n, a) => n + a.correct.length, 0);
  return searches + questions + answers;
}

/**
 * The largest return a perfect agent reaches: the first search of each aspect, every preference
 * elicited actively, and the best answer (in multi-choice mode, every correct answer before the
 * best one). Every step pays the step reward; each step's reward is clipped as the runtime does.
 */
export function travelMaxReturn(aspects: readonly TravelAspect[], rewards: TravelRewards, knobs: TravelKnobs): number {
  const step = (r: number) => clipReward(r + rewards.step, knobs.clip);
  let total = 0;
  const searches = searchesNeeded(aspects.length, knobs.search_fail_every);
  total += aspects.length * step(rewards.search) + (searches - aspects.length) * step(0);
  for (const aspect of aspects) {
    total += aspect.preferences.length * step(rewards.elicit);
    const correctAnswers = knobs.one_choice ? 0 : Math.max(0, aspect.correct.length - 1);
    total += correctAnswers * step(rewards.correct) + step(rewards.best);
  }
  return round6(total);
}

