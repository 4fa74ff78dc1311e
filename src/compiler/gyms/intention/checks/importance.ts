import { didYouMean } from "../../../../diagnostics/did-you-mean.js";
import type { CheckRule } from "../../../walk.js";
import { IMPORTANCES } from "../importances.js";

/** UB2019: a detail's importance is `high`, `medium` or `low`. */
export const importanceCheck: CheckRule = {
  name: "importance",
  create: ({ reporter }) => ({
    detailItem(item, block, aspect) {
      if (aspect || block.keyword.name !== "missing" || item.kind !== "NameStatement" || item.keyword.name !== "importance") return;
      const value = item.value.name;
      if ((IMPORTANCES as readonly string[]).includes(value)) return;
      reporter.report(
        "UB2019",
        `importance '${value}' of detail '${block.name.name}' is not on the scale`,
        item.value.span,
        didYouMean(value, IMPORTANCES) ?? `importance is ${IMPORTANCES.join(", ")}`,
      );
    },
  }),
};
