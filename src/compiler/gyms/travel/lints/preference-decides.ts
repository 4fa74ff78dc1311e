import type { LintRule } from "../../../gym.js";
import type { TravelScenario } from "../ir.js";
import { preferBlock } from "./locate.js";

/**
 * UB3003: a preference matters only if some option is rejected by it and by nothing else;
 * otherwise an agent that never learns it still picks right, and eliciting it proves nothing.
 */
export const preferenceDecides: LintRule<TravelScenario> = {
  name: "preference-decides",
  run(ir, view, reporter) {
    for (const aspect of ir.aspects) {
      for (const preference of aspect.preferences) {
        const decisive = aspect.options.some((o) => o.violates.length === 1 && o.violates[0] === preference.id);
        if (decisive) continue;
        const block = preferBlock(view, aspect.id, preference.name)!;
        reporter.report(
          "UB3003",
          `no option of aspect '${aspect.id}' is rejected by preference '${preference.name}' alone`,
          block.name.span,
          "add a near-miss option that satisfies every other preference but fails this one",
        );
      }
    }
  },
};
