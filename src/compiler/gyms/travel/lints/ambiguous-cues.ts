import type * as A from "../../../../dsl/ast.js";
import type { LintRule } from "../../../gym.js";
import { preferParts } from "../aspect-parts.js";
import type { TravelScenario } from "../ir.js";
import { preferBlock } from "./locate.js";

/**
 * UB3008: a declared cue shared by two preferences of one aspect makes a question using it
 * target both; the built-in simulator could not tell which one the agent asked about.
 */
export const ambiguousCues: LintRule<TravelScenario> = {
  name: "ambiguous-cues",
  run(ir, view, reporter) {
    for (const aspect of ir.aspects) {
      const owner = new Map<string, string>();
      for (const preference of aspect.preferences) {
        const block = preferBlock(view, aspect.id, preference.name)!;
        const declared = block.items.filter((i): i is A.ListStatement => i.kind === "ListStatement" && i.keyword.name === "cues").flatMap((l) => l.values);
        for (const cue of preferParts(block).cues) {
          const key = cue.toLowerCase();
          const other = owner.get(key);
          if (other && other !== preference.name) {
            const span = declared.find((d) => d.value === cue)?.span ?? block.name.span;
            reporter.report("UB3008", `cue '${cue}' is declared by both '${other}' and '${preference.name}'`, span, "give each preference its own cue words");
          } else owner.set(key, preference.name);
        }
      }
    }
  },
};
