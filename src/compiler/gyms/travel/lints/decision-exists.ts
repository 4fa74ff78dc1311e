import type { LintRule } from "../../../gym.js";
import type { TravelScenario } from "../ir.js";
import { aspectBlock } from "./locate.js";

/** UB3007: when every option is correct the preferences never change the answer. */
export const decisionExists: LintRule<TravelScenario> = {
  name: "decision-exists",
  run(ir, view, reporter) {
    for (const aspect of ir.aspects) {
      if (aspect.options.length > 0 && aspect.options.every((o) => o.role === "correct")) {
        reporter.report("UB3007", `every option of aspect '${aspect.id}' satisfies every preference`, aspectBlock(view, aspect.id)!.name.span, "add options that fail a preference");
      }
    }
  },
};
