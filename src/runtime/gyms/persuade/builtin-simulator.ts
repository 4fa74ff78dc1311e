import { stanceMove, touchedReasons } from "../../../compiler/gyms/persuade/judge.js";
import { pick } from "../../rng.js";
import type { Judgement } from "../../types.js";
import { goalSpan } from "../../../compiler/gyms/persuade/derive.js";
import { progressOf, stanceAt } from "./derive.js";
import { replies } from "./replies.js";
import type { ArgumentInput, PersuadeSimulator } from "./simulator.js";

/**
 * The embedded default persona (spec "builtin"): the compiler's judge decides which of its
 * reasons an argument touches (cue phrases), and the persona moves that many levels toward the
 * goal (each reason's `levels`, less knobs.repeat_decay per earlier argument that touched it),
 * never past the goal and never back. It replies with one of the first touched reason's replies,
 * or, when no reason is touched, a fixed unconvinced line quoting the claim.
 */
export class BuiltinPersuadeSimulator implements PersuadeSimulator {
  readonly spec = "builtin";

  async respond(input: ArgumentInput): Promise<Judgement> {
    const { scenario } = input;
    const touched = touchedReasons(scenario, input.argument);
    const move = stanceMove(scenario, touched, input.argued);
    const now = Math.max(0, progressOf(scenario, input.stance));
    const stance = stanceAt(scenario, Math.min(goalSpan(scenario), now + move));
    const first = scenario.reasons.find((r) => r.id === touched[0]);
    const reply = first ? pick(input.rng, first.replies) : pick(input.rng, replies.unconvinced)(pick(input.rng, scenario.claim));
    return { kind: "stance", source: "builtin", value: { stance: scenario.ladder[stance]!, touched, reply } };
  }
}
