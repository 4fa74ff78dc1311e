import type { CheckRule } from "../walk.js";

/** UB2003: a statement the gym needs (e.g. `opening`) is absent from the scenario and its defaults. */
export const requiredStatements: CheckRule = {
  name: "required-statements",
  create: ({ view, gym, reporter }) => ({
    scenario() {
      if (!gym) return;
      for (const [keyword, rule] of Object.entries(gym.statements)) {
        if (rule.required && view.all(keyword).length === 0) {
          reporter.report("UB2003", `scenario '${view.id}' has no '${keyword}'`, view.span, `every ${gym.name} scenario needs '${keyword}'`);
        }
      }
    },
  }),
};
