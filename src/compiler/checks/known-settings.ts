import { didYouMean } from "../../diagnostics/did-you-mean.js";
import type { CheckRule } from "../walk.js";

/** UB2013: a `rewards` or `knobs` key the gym does not define. */
export const knownSettings: CheckRule = {
  name: "known-settings",
  create: ({ gym, reporter }) => ({
    settings(block) {
      if (!gym) return;
      const kind = block.keyword.name === "rewards" ? "rewards" : "knobs";
      const specs = gym[kind];
      for (const setting of block.settings) {
        if (setting.key.name in specs) continue;
        reporter.report(
          "UB2013",
          `unknown ${kind === "rewards" ? "reward" : "knob"} '${setting.key.name}' for the ${gym.name} gym`,
          setting.key.span,
          didYouMean(setting.key.name, Object.keys(specs)) ?? `${kind}: ${Object.keys(specs).join(", ")}`,
        );
      }
    },
  }),
};
