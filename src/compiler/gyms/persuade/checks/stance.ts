import type * as A from "../../../../dsl/ast.js";
import { didYouMean } from "../../../../diagnostics/did-you-mean.js";
import type { Reporter } from "../../../context.js";
import type { CheckRule } from "../../../walk.js";
import { ladderLabels, ladderStatement, stanceStatement } from "../parts.js";

/**
 * UB2018: `stance "start" -> "goal"` names two labels of the ladder (declared, or the default
 * seven steps), and the goal differs from the start.
 */
export const stanceCheck: CheckRule = {
  name: "stance",
  create: ({ view, reporter }) => ({
    scenario() {
      const stance = stanceStatement(view);
      if (!stance) return;
      const labels = ladderLabels(view);
      const declared = ladderStatement(view) !== undefined;
      let known = true;
      for (const label of [stance.from, stance.to]) {
        if (labels.includes(label.value)) continue;
        known = false;
        reporter.report(
          "UB2018",
          `'${label.value}' is not a label of the ${declared ? "scenario's" : "default"} ladder`,
          label.span,
          didYouMean(label.value, labels) ?? `${declared ? "labels" : "the default ladder"}: ${labels.map((l) => `"${l}"`).join(", ")}`,
        );
      }
      if (known && stance.from.value === stance.to.value) reportSame(stance, labels, reporter);
    },
  }),
};

function reportSame(stance: A.StanceStatement, labels: string[], reporter: Reporter): void {
  const at = labels.indexOf(stance.from.value);
  const far = at < labels.length / 2 ? labels.at(-1)! : labels[0]!;
  reporter.report("UB2018", `the stance starts at its goal '${stance.to.value}'`, stance.to.span, `name a different goal, e.g. stance "${stance.from.value}" -> "${far}"`);
}
