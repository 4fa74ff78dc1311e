import type { IntentionDetail, IntentionScenario } from "../../compiler/gyms/intention/ir.js";
import type { Observation } from "../types.js";
import { featureVector, type ActCandidate, type ActSpaceEpisode } from "./features.js";

/**
 * The intention act space of the softmax policy. Acts come from the compiled scenario: ask for
 * one missing detail with its first example question (`asks[0]`), ask a vague question, or
 * finish. The features describe only what the agent can know: its own past questions, the
 * importance the scenario gives each detail (part of the act, like travel's ranking field), and
 * the user's reply texts — never which details the judge counts as covered.
 *
 * Reading the replies: a reply that contains one of a detail's `answers` (or, for a detail with
 * no answers, its `about` text, which the built-in user's "I hadn't decided about …" line quotes)
 * counts as that detail covered. This is knowledge of the built-in simulator, whose replies quote
 * the answers verbatim (an LLM user paraphrases them, and coverage would be missed) — the same
 * stand-in for language understanding as travel's hint matching.
 */

/** The policy's vague question: about the request, naming no detail. */
export const VAGUE_QUESTION = "Could you tell me a bit more about what you have in mind?";

/** Whether a reply shows that the user gave this detail. */
export function replyCovers(feedback: string, detail: IntentionDetail): boolean {
  const text = feedback.toLowerCase();
  const marks = detail.answers.length > 0 ? detail.answers : [detail.about];
  return marks.some((m) => m.trim() !== "" && text.includes(m.trim().toLowerCase()));
}

export class IntentionActSpace implements ActSpaceEpisode {
  /** Questions asked per detail id (the policy's own acts). */
  private readonly asked = new Map<string, number>();
  /** Details a reply has answered. */
  private readonly covered = new Set<string>();
  private turn = 0;
  private maxTurns: number;

  constructor(private readonly scenario: IntentionScenario) {
    this.maxTurns = scenario.knobs.max_turns;
  }

  observe(observation: Observation): void {
    this.turn = observation.turn;
    this.maxTurns = observation.maxTurns;
    // The opening is the task itself; only replies to questions can answer a detail.
    if (observation.turn === 0) return;
    for (const detail of this.scenario.details) if (replyCovers(observation.feedback, detail)) this.covered.add(detail.id);
  }

  candidatesWithFeatures(): ActCandidate[] {
    const turnFrac = this.maxTurns > 0 ? this.turn / this.maxTurns : 0;
    const out: ActCandidate[] = [];
    for (const detail of this.scenario.details) {
      const asked = this.asked.get(detail.id) ?? 0;
      out.push({
        action: { choice: "action", content: detail.asks[0]! },
        features: featureVector({
          "intention.ask": 1,
          "intention.ask.turn": turnFrac,
          "intention.ask.asked": asked > 0 ? 1 : 0,
          "intention.ask.covered": this.covered.has(detail.id) ? 1 : 0,
          [`intention.ask.${detail.importance}`]: 1,
        }),
        commit: () => void this.asked.set(detail.id, asked + 1),
      });
    }
    out.push({ action: { choice: "action", content: VAGUE_QUESTION }, features: featureVector({ "intention.vague": 1, "intention.vague.turn": turnFrac }), commit: () => undefined });
    const allAsked = this.scenario.details.every((d) => (this.asked.get(d.id) ?? 0) > 0);
    out.push({
      action: { choice: "finish", content: "" },
      features: featureVector({ "intention.finish": 1, "intention.finish.turn": turnFrac, "intention.finish.all_asked": allAsked ? 1 : 0 }),
      commit: () => undefined,
    });
    return out;
  }
}
