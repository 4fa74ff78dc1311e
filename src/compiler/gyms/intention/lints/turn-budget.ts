import type { LintRule } from "../../../gym.js";
import type { IntentionScenario } from "../ir.js";

/** UB3006: asking one detail per turn must fit within `max_turns`. */
export const turnBudget: LintRule<IntentionScenario> = {
  name: "turn-budget",
  run(ir, view, reporter) {
    const needed = ir.details.length;
    if (needed <= ir.knobs.max_turns) return;
    const knob = view.settings("knobs").filter((s) => s.key.name === "max_turns").at(-1);
    reporter.report(
      "UB3006",
      `asking for the ${needed} details takes ${needed} turns (one per turn), but max_turns is ${ir.knobs.max_turns}`,
      knob?.value.span ?? view.span,
      `raise it: knobs { max_turns ${needed} }`,
    );
  },
};
