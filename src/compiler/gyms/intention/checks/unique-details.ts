import { reportDuplicateNames } from "../../../checks/duplicate-names.js";
import type { CheckRule } from "../../../walk.js";

/** UB2006: the missing details have distinct names. */
export const uniqueDetails: CheckRule = {
  name: "unique-details",
  create: ({ view, reporter }) => ({
    scenario() {
      reportDuplicateNames(reporter, view.detailBlocks("missing").map((b) => b.name), "detail");
    },
  }),
};
