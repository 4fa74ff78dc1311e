import type { Ident } from "../../../../dsl/ast.js";
import type { CheckRule } from "../../../walk.js";

/** UB2006: the missing details have distinct names. */
export const uniqueDetails: CheckRule = {
  name: "unique-details",
  create: ({ view, reporter }) => ({
    scenario() {
      const first = new Map<string, Ident>();
      for (const block of view.detailBlocks("missing")) {
        const earlier = first.get(block.name.name);
        if (earlier) {
          reporter.report("UB2006", `detail '${block.name.name}' is declared twice`, block.name.span, "rename one of them", [reporter.related(earlier.span, "first declared here")]);
        } else first.set(block.name.name, block.name);
      }
    },
  }),
};
