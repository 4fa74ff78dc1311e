import type { LintRule } from "../../../gym.js";
import { rankValue, topCorrectOptions } from "../derive.js";
import type { TravelScenario } from "../ir.js";
import { aspectBlock, optionSpan } from "./locate.js";

/** UB3002: the `choose` rule must single out one best option among the correct ones. */
export const uniqueBest: LintRule<TravelScenario> = {
  name: "unique-best",
  run(ir, view, reporter) {
    for (const aspect of ir.aspects) {
      const block = aspectBlock(view, aspect.id)!;
      const own = block.items.find((i) => i.kind === "Choose");
      const rule = own && own.kind === "Choose" ? { order: own.order.name as "lowest" | "highest", by: own.path.segments.map((s) => s.name) } : ir.choose;
      const top = topCorrectOptions(aspect.options, rule);
      if (top.length < 2) continue;
      const value = rankValue(top[0]!, rule.by);
      reporter.report(
        "UB3002",
        `options ${top.map((o) => o.id).join(" and ")} of aspect '${aspect.id}' tie for best (${rule.by.join(".")} ${value})`,
        optionSpan(view, aspect.id, top[1]!.id) ?? block.name.span,
        `change one ${rule.by.join(".")} so that exactly one correct option is ${rule.order}`,
      );
    }
  },
};
