import type { LintRule } from "../../../gym.js";
import { referencePlay } from "../derive.js";
import type { PersuadeScenario } from "../ir.js";

/** UB3006: the reference play (one reason per turn) must reach the goal within `max_turns`. */
export const turnBudget: LintRule<PersuadeScenario> = {
  name: "turn-budget",
  run(ir, view, reporter) {
    const play = referencePlay(ir);
    const needed = play.turns.length;
    if (!play.reached || needed <= ir.knobs.max_turns) return;
    const knob = view.settings("knobs").filter((s) => s.key.name === "max_turns").at(-1);
    reporter.report(
      "UB3006",
      `reaching the goal takes ${needed} turns (one reason per turn), but max_turns is ${ir.knobs.max_turns}`,
      knob?.value.span ?? view.span,
      `raise it: knobs { max_turns ${needed} }`,
    );
  },
};
