import type * as A from "../../../../dsl/ast.js";
import { hasWords } from "../../../checks/empty-texts.js";
import type { CheckRule } from "../../../walk.js";
import { ladderStatement } from "../parts.js";

export const MIN_LADDER = 3;

/** UB2021: a declared ladder lists at least three labels, each with words, none twice. */
export const ladderCheck: CheckRule = {
  name: "ladder",
  create: ({ view, reporter }) => ({
    scenario() {
      const ladder = ladderStatement(view);
      if (!ladder) return;
      if (ladder.values.length < MIN_LADDER) {
        reporter.report(
          "UB2021",
          `a ladder needs at least ${MIN_LADDER} labels, found ${ladder.values.length}`,
          ladder.keyword.span,
          'list the stances in order, e.g. ladder "agree", "neutral", "disagree" (or leave the ladder out for the seven-step default)',
        );
      }
      const first = new Map<string, A.StringNode>();
      for (const label of ladder.values) {
        if (!hasWords(label.value)) {
          reporter.report("UB2021", "a ladder label is empty", label.span, 'name the stance, e.g. "neutral"');
          continue;
        }
        const earlier = first.get(label.value);
        if (earlier) {
          reporter.report("UB2021", `label '${label.value}' is listed twice`, label.span, "every stance of the ladder is different", [reporter.related(earlier.span, "first listed here")]);
        } else first.set(label.value, label);
      }
    },
  }),
};
