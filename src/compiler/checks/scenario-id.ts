import type { CheckRule } from "../walk.js";

export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** UB2020: scenario ids name files and results, so they are plain identifiers. */
export const scenarioId: CheckRule = {
  name: "scenario-id",
  create: ({ view, reporter }) => ({
    scenario() {
      const id = view.block.id;
      if (id && !IDENTIFIER.test(id.name)) {
        reporter.report("UB2020", `scenario id '${id.name}' must start with a letter`, id.span, "use letters, digits and '_', starting with a letter");
      }
    },
  }),
};
