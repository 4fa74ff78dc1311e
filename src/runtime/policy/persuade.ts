import type { PersuadeReason, PersuadeScenario } from "../../compiler/gyms/persuade/ir.js";
import { soloArgument } from "../../compiler/gyms/persuade/judge.js";
import type { Observation } from "../types.js";
import { featureVector, type ActCandidate, type ActSpaceEpisode } from "./features.js";

/**
 * The persuade act space of the softmax policy. Acts come from the compiled scenario: argue one
 * of the persona's reasons (an argument sentence built on one of the reason's cue phrases, as
 * travel's searches use the aspects' arguments), or finish. The features describe only what the
 * agent can know: its own past arguments and the persona's reply texts — never the stance, the
 * levels a reason is worth, or which reasons are still worth arguing.
 *
 * Reading the replies: a reply that contains one of a reason's `replies` texts counts as the
 * persona acknowledging that reason (it "looked convinced" by it); a reply that contains none
 * after an argument counts as a miss (it "looked unconvinced"). This is knowledge of the built-in
 * simulator, whose replies are those texts verbatim (an LLM persona paraphrases them, and its
 * acknowledgements would be missed) — the same stand-in for language understanding as travel's
 * hint matching.
 *
 * The features are oriented so that 1 marks what is worth arguing (fresh, not yet acknowledged):
 * with the built-in persona every on-cue argument gets its reason's reply, so a "the persona just
 * acknowledged this reason" feature would carry no signal, and — being 1 only on arguments —
 * would soak up the argue-over-finish credit (Adam moves every weight at about the same rate) and
 * make the greedy policy repeat one argument.
 */

/** The argument the policy makes for a reason: the reason's solo cue (the oracle's), else its first cue, else what it is about. */
export function reasonArgument(scenario: PersuadeScenario, reason: PersuadeReason): string {
  const cue = soloArgument(scenario, reason) ?? reason.cues[0] ?? reason.about;
  return `Have you thought about ${cue}?`;
}

type PersuadeAct = { kind: "argue"; reason: PersuadeReason } | { kind: "finish" };

export class PersuadeActSpace implements ActSpaceEpisode {
  /** Arguments made per reason id (the policy's own acts). */
  private readonly argued = new Map<string, number>();
  /** Reasons whose replies the persona has given at some point. */
  private readonly acknowledged = new Set<string>();
  /** The reason the last argument was about, when the persona's reply acknowledged no reason at all. */
  private lastMissed: string | undefined;
  private readonly arguments: Map<string, string>;
  private last: PersuadeAct | undefined;
  private turn = 0;
  private maxTurns: number;

  constructor(private readonly scenario: PersuadeScenario) {
    this.maxTurns = scenario.knobs.max_turns;
    this.arguments = new Map(scenario.reasons.map((r) => [r.id, reasonArgument(scenario, r)]));
  }

  observe(observation: Observation): void {
    this.turn = observation.turn;
    this.maxTurns = observation.maxTurns;
    const feedback = observation.feedback;
    const acknowledged = this.scenario.reasons.filter((r) => r.replies.some((text) => feedback.includes(text.trim())));
    for (const reason of acknowledged) this.acknowledged.add(reason.id);
    const act = this.last;
    this.last = undefined;
    this.lastMissed = act?.kind === "argue" && acknowledged.length === 0 ? act.reason.id : undefined;
  }

  candidatesWithFeatures(): ActCandidate[] {
    const turnFrac = this.maxTurns > 0 ? this.turn / this.maxTurns : 0;
    const out: ActCandidate[] = [];
    for (const reason of this.scenario.reasons) {
      const count = this.argued.get(reason.id) ?? 0;
      const features = featureVector({
        "persuade.argue": 1,
        "persuade.argue.turn": turnFrac,
        "persuade.argue.fresh": count === 0 ? 1 : 0,
        "persuade.argue.count": Math.min(count, 4) / 4,
        "persuade.argue.unacknowledged": this.acknowledged.has(reason.id) ? 0 : 1,
        "persuade.argue.last_missed": this.lastMissed === reason.id ? 1 : 0,
      });
      const act: PersuadeAct = { kind: "argue", reason };
      out.push({
        action: { choice: "answer", content: this.arguments.get(reason.id)! },
        features,
        commit: () => {
          this.last = act;
          this.argued.set(reason.id, count + 1);
        },
      });
    }
    const allArgued = this.scenario.reasons.every((r) => (this.argued.get(r.id) ?? 0) > 0);
    out.push({
      action: { choice: "finish", content: "" },
      features: featureVector({ "persuade.finish": 1, "persuade.finish.turn": turnFrac, "persuade.finish.all_argued": allArgued ? 1 : 0 }),
      commit: () => (this.last = { kind: "finish" }),
    });
    return out;
  }
}
