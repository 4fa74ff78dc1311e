import type { LintRule } from "../../../gym.js";
import { goalSpan, referencePlay } from "../derive.js";
import type { PersuadeScenario } from "../ir.js";
import { stanceStatement } from "../parts.js";
import { yieldsBlock } from "./locate.js";

/**
 * UB3010: the reference play (derive.ts: one reason per turn, in order, each argued with a cue
 * that touches it alone, judged by judge.ts) must bring the built-in persona to the goal. With the
 * derived levels this holds whenever enough reasons can be argued alone.
 */
export const goalReachable: LintRule<PersuadeScenario> = {
  name: "goal-reachable",
  run(ir, view, reporter) {
    const play = referencePlay(ir);
    if (play.reached) return;
    const gained = play.turns.reduce((n, t) => n + t.gain, 0);
    const goal = ir.ladder[ir.goal]!;
    const where = `the built-in persona moves ${gained} of the ${goalSpan(ir)} levels to '${goal}'`;
    const blocked = play.skipped.map((id) => ir.reasons.find((r) => r.id === id)!);
    if (blocked.length === 0) {
      reporter.report("UB3010", `the goal is out of reach: ${where}`, stanceStatement(view)?.to.span ?? view.span, "add reasons, or move the goal closer");
      return;
    }
    for (const reason of blocked) {
      reporter.report(
        "UB3010",
        `the goal is out of reach: no argument touches reason '${reason.name}' alone, so ${where}`,
        yieldsBlock(view, reason.name)?.name.span ?? view.span,
        `give '${reason.name}' a cue that no other reason's cues contain`,
      );
    }
  },
};
