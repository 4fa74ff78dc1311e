import type { LintRule } from "../../../gym.js";
import { findLeak } from "../../../text/words.js";
import { preferParts } from "../aspect-parts.js";
import type { TravelScenario } from "../ir.js";
import { predicateValues } from "../predicate.js";
import { textSpan } from "../../../scenario-view.js";
import { aspectWords, preferBlock } from "./locate.js";

/** UB3004: a hint that contains the tested value or the key words of `says` states the preference. */
export const hintLeak: LintRule<TravelScenario> = {
  name: "hint-leak",
  run(ir, view, reporter) {
    for (const aspect of ir.aspects) {
      for (const preference of aspect.preferences) {
        const values = predicateValues(preference.predicate);
        const hintStatements = preferParts(preferBlock(view, aspect.id, preference.name)!).hints;
        for (const hint of preference.hints) {
          const leak = preference.says.map((says) => findLeak(hint, values, says, aspectWords(aspect))).find((l) => l !== undefined);
          if (!leak) continue;
          reporter.report(
            "UB3004",
            `a hint of '${preference.name}' gives it away with '${leak}'`,
            textSpan(hintStatements, hint) ?? view.span,
            "hint at the reason behind the preference, not the preference itself",
          );
        }
      }
    }
  },
};
