import type { LintRule } from "../../../gym.js";
import { turnsForMaxReturn } from "../derive.js";
import type { TravelScenario } from "../ir.js";

/** UB3006: a perfect agent must be able to reach the maximum return within `max_turns`. */
export const turnBudget: LintRule<TravelScenario> = {
  name: "turn-budget",
  run(ir, view, reporter) {
    const needed = turnsForMaxReturn(ir.aspects, ir.knobs);
    if (needed <= ir.knobs.max_turns) return;
    const knob = view.settings("knobs").filter((s) => s.key.name === "max_turns").at(-1);
    reporter.report(
      "UB3006",
      `the maximum return takes ${needed} turns, but max_turns is ${ir.knobs.max_turns}`,
      knob?.value.span ?? view.span,
      `raise it: knobs { max_turns ${needed} }`,
    );
  },
};
