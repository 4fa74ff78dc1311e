import { didYouMean } from "../../diagnostics/did-you-mean.js";
import { itemKeyword } from "../gym.js";
import type { CheckRule } from "../walk.js";

/** UB2004: a scenario statement the scenario's gym does not use (e.g. `claim` in travel). */
export const statementPlacement: CheckRule = {
  name: "statement-placement",
  create: ({ gym, reporter }) => ({
    item(item) {
      if (!gym) return;
      const keyword = itemKeyword(item);
      if (keyword === "gym" || keyword in gym.statements) return;
      const span = "keyword" in item ? item.keyword.span : item.span;
      reporter.report(
        "UB2004",
        `'${keyword}' is not a statement of the ${gym.name} gym`,
        span,
        didYouMean(keyword, Object.keys(gym.statements)) ?? `${gym.name} scenarios use: ${Object.keys(gym.statements).join(", ")}`,
      );
    },
  }),
};
