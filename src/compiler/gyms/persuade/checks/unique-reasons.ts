import type { Ident } from "../../../../dsl/ast.js";
import type { CheckRule } from "../../../walk.js";

/** UB2006: the persona's reasons (`yields` blocks) have distinct names. */
export const uniqueReasons: CheckRule = {
  name: "unique-reasons",
  create: ({ view, reporter }) => ({
    scenario() {
      const first = new Map<string, Ident>();
      for (const block of view.detailBlocks("yields")) {
        const earlier = first.get(block.name.name);
        if (earlier) {
          reporter.report("UB2006", `reason '${block.name.name}' is declared twice`, block.name.span, "rename one of them, or merge their cues", [
            reporter.related(earlier.span, "first declared here"),
          ]);
        } else first.set(block.name.name, block.name);
      }
    },
  }),
};
