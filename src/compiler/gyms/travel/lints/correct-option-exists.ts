import type { LintRule } from "../../../gym.js";
import type { TravelScenario } from "../ir.js";
import { aspectBlock } from "./locate.js";

/** UB3001: an aspect where no option satisfies every preference cannot be solved. */
export const correctOptionExists: LintRule<TravelScenario> = {
  name: "correct-option-exists",
  run(ir, view, reporter) {
    for (const aspect of ir.aspects) {
      if (aspect.correct.length > 0) continue;
      const closest = [...aspect.options].sort((a, b) => a.violates.length - b.violates.length)[0];
      const hint = closest
        ? `the closest is ${closest.id}, which fails ${closest.violates.map((id) => aspect.preferences.find((p) => p.id === id)?.name).join(", ")}`
        : undefined;
      reporter.report("UB3001", `no option of aspect '${aspect.id}' satisfies every preference`, aspectBlock(view, aspect.id)!.name.span, hint);
    }
  },
};
