import { referencePlay } from "../../../compiler/gyms/persuade/derive.js";
import type { PersuadeScenario } from "../../../compiler/gyms/persuade/ir.js";
import { pick } from "../../rng.js";
import type { Action, Rng } from "../../types.js";
import type { ScriptedPlans } from "../gym-runtime.js";
import { playAtRandom, playInOrder } from "../scripted-plans.js";

/** Persuade-specific action writers for the scripted agents. */

const TEMPLATES = [(cue: string) => `Have you thought about ${cue}?`, (cue: string) => `Consider ${cue}.`, (cue: string) => `What about ${cue}?`];

/**
 * The oracle's plan: the compiler's reference play (derive.ts referencePlay), whose return is
 * maxReturn: one argument per reason in id order, each touching that reason alone, until the
 * built-in persona reaches the goal; then finish.
 */
export function persuadeOraclePlan(scenario: PersuadeScenario): Action[] {
  return referencePlay(scenario).turns.map((t) => ({ choice: "answer", content: t.argument }));
}

const BESIDE_THE_POINT = [
  "I really think you should reconsider.",
  "Everyone I know disagrees with you.",
  "Let's just agree that you might be wrong.",
  "That's an interesting perspective, thank you for sharing it.",
  "Surely you can see it differently if you try.",
];

/** A random well-formed persuade action: arguments on the persona's reasons, pointless pressure, and now and then finish. */
export function randomPersuadeAction(scenario: PersuadeScenario, rng: Rng): Action {
  const roll = rng.float();
  if (roll < 0.15) {
    const reason = pick(rng, scenario.reasons);
    const cue = reason.cues.length > 0 ? pick(rng, reason.cues) : reason.about;
    return { choice: "answer", content: pick(rng, TEMPLATES)(cue) };
  }
  if (roll < 0.93) return { choice: "answer", content: pick(rng, BESIDE_THE_POINT) };
  return { choice: "finish", content: "" };
}

export const persuadePlans: ScriptedPlans = { oracle: playInOrder(persuadeOraclePlan), random: playAtRandom(randomPersuadeAction) };
