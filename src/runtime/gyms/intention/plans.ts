import { referencePlay } from "../../../compiler/gyms/intention/derive.js";
import type { IntentionScenario } from "../../../compiler/gyms/intention/ir.js";
import { pick } from "../../rng.js";
import type { Action, Rng } from "../../types.js";
import type { ScriptedPlans } from "../gym-runtime.js";
import { playAtRandom, playInOrder } from "../scripted-plans.js";

/** Intention-specific action writers for the scripted agents. */

/**
 * The oracle's plan: the compiler's reference play (derive.ts referencePlay), whose return is
 * maxReturn, asked in its own order: the play judges each question against the details still
 * remaining, so another order could change what a question covers (and earns).
 */
export function intentionOraclePlan(scenario: IntentionScenario): Action[] {
  return referencePlay(scenario).turns.map((t) => ({ choice: "action", content: t.question }));
}

const SMALL_TALK = ["How is your day going?", "Thanks for reaching out!", "Did you see the game last night?", "I hope the weather is nice where you are."];
const VAGUE = ["Could you tell me more?", "Is there anything else I should know?", "What else do you have in mind?"];

/** A random well-formed intention action: questions for details, vague or off-task ones, and now and then finish. */
export function randomIntentionAction(scenario: IntentionScenario, rng: Rng): Action {
  const roll = rng.float();
  const detail = pick(rng, scenario.details);
  if (roll < 0.15) return { choice: "action", content: pick(rng, detail.asks) };
  if (roll < 0.25) return { choice: "action", content: `What about ${detail.cues.length > 0 ? pick(rng, detail.cues) : detail.about.toLowerCase()}?` };
  if (roll < 0.55) return { choice: "action", content: pick(rng, VAGUE) };
  if (roll < 0.93) return { choice: "action", content: pick(rng, SMALL_TALK) };
  return { choice: "finish", content: "" };
}

export const intentionPlans: ScriptedPlans = { oracle: playInOrder(intentionOraclePlan), random: playAtRandom(randomIntentionAction) };
