import type * as A from "../../../../dsl/ast.js";
import { didYouMean } from "../../../../diagnostics/did-you-mean.js";
import type { Reporter } from "../../../context.js";
import type { CheckRule } from "../../../walk.js";
import { knownFields } from "../aspect-parts.js";
import { typeAtPath } from "../types.js";

export const chooseOrders = ["lowest", "highest"] as const;

/**
 * UB2015: `choose lowest|highest <attribute>` needs a known order and a numeric attribute that
 * every aspect it applies to declares (a scenario-level rule applies to aspects without their own).
 */
export const chooseRule: CheckRule = {
  name: "choose-rule",
  create: ({ view, reporter }) => ({
    leaveScenario() {
      const scenarioRule = view.last("choose") as A.ChooseStatement | undefined;
      if (scenarioRule) checkOrder(scenarioRule, reporter);
      for (const aspect of view.aspects) {
        const own = aspect.items.filter((i): i is A.ChooseStatement => i.kind === "Choose").at(-1);
        if (own) checkOrder(own, reporter);
        const rule = own ?? scenarioRule;
        const path = rule ? rule.path.segments.map((s) => s.name) : ["cost"];
        const fields = knownFields(aspect);
        if (fields.length === 0) continue; // missing fields are reported elsewhere
        const found = typeAtPath(fields, path);
        const where = rule?.path.span ?? aspect.name.span;
        if (!("type" in found)) {
          const hint = rule
            ? didYouMean(path.join("."), fields.map((f) => f.name)) ?? "name a numeric field of the aspect"
            : "declare a 'cost' field, or say how to pick the best option: choose lowest price";
          reporter.report("UB2015", `aspect '${aspect.name.name}' has no attribute '${path.join(".")}' to choose the best option by`, where, hint);
        } else if (found.type.kind !== "number") {
          reporter.report("UB2015", `'${path.join(".")}' of aspect '${aspect.name.name}' is not a number, so it cannot rank options`, where, "choose by a numeric attribute");
        }
      }
    },
  }),
};

function checkOrder(rule: A.ChooseStatement, reporter: Reporter): void {
  if (!(chooseOrders as readonly string[]).includes(rule.order.name)) {
    reporter.report("UB2015", `unknown order '${rule.order.name}'`, rule.order.span, didYouMean(rule.order.name, chooseOrders) ?? "write 'choose lowest cost' or 'choose highest rating'");
  }
}
