import type { CheckRule } from "../walk.js";

export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A bundle is named `<id>.json`; file names stop at 255 bytes, and ids are read by people. */
export const MAX_ID_LENGTH = 100;

/** UB2020: scenario ids name files and results, so they are plain identifiers. */
export const scenarioId: CheckRule = {
  name: "scenario-id",
  create: ({ view, reporter }) => ({
    scenario() {
      const id = view.block.id;
      if (id && !IDENTIFIER.test(id.name)) {
        reporter.report("UB2020", `scenario id '${id.name}' must start with a letter`, id.span, "use letters, digits and '_', starting with a letter");
      } else if (id && id.name.length > MAX_ID_LENGTH) {
        reporter.report("UB2020", `scenario id '${id.name.slice(0, 20)}…' has ${id.name.length} characters; ids have at most ${MAX_ID_LENGTH}`, id.span, "shorten it: the id names the bundle file and the results");
      }
    },
  }),
};
