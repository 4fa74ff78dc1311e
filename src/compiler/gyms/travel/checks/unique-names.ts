import { reportDuplicateNames } from "../../../checks/duplicate-names.js";
import type { CheckRule } from "../../../walk.js";
import { aspectParts } from "../aspect-parts.js";

/** UB2006: aspects, preferences and options are unique per scenario; fields per aspect. */
export const uniqueNames: CheckRule = {
  name: "unique-names",
  create: ({ view, reporter }) => ({
    scenario() {
      const aspects = view.aspects;
      reportDuplicateNames(reporter, aspects.map((a) => a.name), "aspect");
      reportDuplicateNames(reporter, aspects.flatMap((a) => aspectParts(a).preferences.map((p) => p.name)), "preference");
      reportDuplicateNames(reporter, aspects.flatMap((a) => aspectParts(a).options.map((o) => o.id)), "option");
    },
    aspect(aspect) {
      reportDuplicateNames(reporter, aspectParts(aspect).fieldDecls.map((f) => f.name), "field");
    },
  }),
};
