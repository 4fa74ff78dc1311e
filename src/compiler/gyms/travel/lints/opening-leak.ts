import type * as A from "../../../../dsl/ast.js";
import type { LintRule } from "../../../gym.js";
import { findLeak } from "../../../text/words.js";
import type { TravelScenario } from "../ir.js";
import { predicateValues } from "../predicate.js";
import { textSpan } from "../../../scenario-view.js";
import { aspectWords } from "./locate.js";

/** UB3005: the opening and the context are seen before any question; they must not give a preference away. */
export const openingLeak: LintRule<TravelScenario> = {
  name: "opening-leak",
  run(ir, view, reporter) {
    const statements = [...view.all("opening"), ...view.all("context")].filter((s): s is A.TextStatement => s.kind === "TextStatement");
    const visible = [...ir.opening, ...(ir.context ?? [])];
    for (const text of visible) {
      for (const aspect of ir.aspects) {
        for (const preference of aspect.preferences) {
          const leak = preference.says.map((says) => findLeak(text, predicateValues(preference.predicate), says, aspectWords(aspect))).find((l) => l !== undefined);
          if (!leak) continue;
          reporter.report(
            "UB3005",
            `the ${ir.opening.includes(text) ? "opening" : "context"} gives away preference '${preference.name}' with '${leak}'`,
            textSpan(statements, text) ?? view.span,
            "leave hidden preferences for the agent to discover",
          );
        }
      }
    }
  },
};
