import { reportDuplicateNames } from "../../../checks/duplicate-names.js";
import type { CheckRule } from "../../../walk.js";

/** UB2006: the persona's reasons (`yields` blocks) have distinct names. */
export const uniqueReasons: CheckRule = {
  name: "unique-reasons",
  create: ({ view, reporter }) => ({
    scenario() {
      reportDuplicateNames(reporter, view.detailBlocks("yields").map((b) => b.name), "reason", "rename one of them, or merge their cues");
    },
  }),
};
