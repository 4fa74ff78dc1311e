import type { TravelAspect, TravelPreference, TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import { pick } from "../../rng.js";
import { classifyUtterance, matchSearch } from "./builtin-simulator.js";
import { aspectLabel, scenarioIndex } from "./scenario-index.js";
import type { Action, AgentContext, Rng } from "../../types.js";
import type { ScriptedPlans } from "../gym-runtime.js";
import { playAtRandom } from "../scripted-plans.js";

/** Travel-specific action writers for the scripted agents. */

function renderArg(value: unknown): string {
  if (Array.isArray(value)) return value.map(renderArg).join(", ");
  if (value !== null && typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}: ${renderArg(v)}`).join(", ");
  return String(value);
}

/** "[search] apartment city: Austin, check_in: 2025-11-10, ..." with the aspect's exact arguments. */
export function exactSearch(scenario: TravelScenario, aspect: TravelAspect): string {
  const args = Object.entries(aspect.search).map(([k, v]) => `${k}: ${renderArg(v)}`);
  const withKeys = [aspectLabel(aspect), args.join(", ")].filter((s) => s !== "").join(" ");
  // Argument names could name another aspect by accident; the bare values are the fallback.
  if (matchSearch(scenario, withKeys).aspect === aspect.id) return withKeys;
  return [aspectLabel(aspect), ...Object.values(aspect.search).map(renderArg)].join(" ");
}

function question(aspect: TravelAspect, cue: string): string {
  return `For the ${aspectLabel(aspect)}, is there anything about ${cue} that matters to you?`;
}

/** A question the built-in judge reads as targeting `preference` while `remaining` are still hidden. */
export function targetedQuestion(scenario: TravelScenario, preference: TravelPreference, remaining: readonly TravelPreference[]): string {
  const aspect = scenarioIndex(scenario).aspectById.get(preference.aspect)!;
  for (const cue of preference.cues) {
    const text = question(aspect, cue);
    const verdict = classifyUtterance(scenario, text, remaining);
    if (verdict.type === "targeted" && verdict.preference === preference.id) return text;
  }
  return question(aspect, preference.cues[0] ?? preference.about);
}

/**
 * The oracle's plan: search every aspect with its exact arguments, ask about every preference in
 * id order with one of its cues, then answer. In multi-choice mode the maximum return also
 * counts every other correct option, so those are answered before the best one.
 */
export function oraclePlan(scenario: TravelScenario): Action[] {
  const plan: Action[] = scenario.aspects.map((a) => ({ choice: "search", content: exactSearch(scenario, a) }));
  let remaining = [...scenarioIndex(scenario).preferences];
  for (const preference of scenarioIndex(scenario).preferences) {
    plan.push({ choice: "action", content: targetedQuestion(scenario, preference, remaining) });
    remaining = remaining.filter((p) => p !== preference);
  }
  for (const aspect of scenario.aspects) {
    if (!scenario.knobs.one_choice) for (const id of aspect.correct) if (id !== aspect.best) plan.push({ choice: "answer", content: id });
    plan.push({ choice: "answer", content: aspect.best });
  }
  return plan;
}

const SMALL_TALK = ["Thanks for your patience.", "Let me look into this.", "How is your day going?", "I will get back to you shortly."];

/** A random but well-formed travel action: a mix of good, sloppy and pointless moves. */
export function randomTravelAction(scenario: TravelScenario, rng: Rng): Action {
  const aspect = pick(rng, scenario.aspects);
  const roll = rng.float();
  if (roll < 0.25) {
    const exact = rng.float() < 0.5;
    const args = Object.values(aspect.search).filter(() => exact || rng.float() < 0.5).map(renderArg);
    return { choice: "search", content: [aspectLabel(aspect), ...args].join(" ") };
  }
  if (roll < 0.65) {
    const kind = rng.int(4);
    const preferences = scenarioIndex(scenario).preferences;
    if (kind === 0 && preferences.length > 0) {
      const preference = pick(rng, preferences);
      return { choice: "action", content: `What about ${pick(rng, preference.cues)}?` };
    }
    if (kind === 1) return { choice: "action", content: `Any preferences for the ${aspectLabel(aspect)}?` };
    if (kind === 2 && aspect.fields.length > 0) return { choice: "action", content: `Does the ${pick(rng, aspect.fields).name.replace(/_/g, " ")} matter?` };
    return { choice: "action", content: pick(rng, SMALL_TALK) };
  }
  if (roll < 0.95) {
    const ids = scenario.aspects.flatMap((a) => a.options.map((o) => o.id));
    if (ids.length === 0) return { choice: "finish", content: "" };
    return { choice: "answer", content: rng.float() < 0.1 ? `${pick(rng, ids)} ${pick(rng, ids)}` : pick(rng, ids) };
  }
  return { choice: "finish", content: "" };
}

/**
 * The travel plans of the scripted agents. The oracle predicts the searches that the knob
 * search_fail_every makes fail from its own search count, and simply repeats them.
 */
export const travelPlans: ScriptedPlans = {
  oracle(context: AgentContext) {
    const scenario = context.scenario as TravelScenario;
    const queue = oraclePlan(scenario);
    const failEvery = scenario.knobs.search_fail_every;
    let searches = 0;
    return () => {
      const next = queue.shift();
      if (!next) return { choice: "finish", content: "" };
      if (next.choice === "search") {
        searches++;
        if (failEvery > 0 && searches % failEvery === 0) queue.unshift(next);
      }
      return next;
    };
  },
  random: playAtRandom(randomTravelAction),
};
