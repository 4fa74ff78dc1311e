import { didYouMean } from "../../diagnostics/did-you-mean.js";
import { gymNames } from "../gyms/registry-names.js";
import type { CheckRule } from "../walk.js";

/** UB2001 / UB2003: every scenario names a gym, and the gym exists. */
export const knownGym: CheckRule = {
  name: "known-gym",
  create: ({ view, reporter }) => ({
    scenario() {
      const gym = view.gymName;
      if (!gym) {
        reporter.report("UB2003", `scenario '${view.id}' does not say which gym it runs in`, view.span, `add a line such as 'gym travel' (gyms: ${gymNames.join(", ")})`);
      } else if (!(gymNames as readonly string[]).includes(gym.name)) {
        reporter.report("UB2001", `unknown gym '${gym.name}'`, gym.span, didYouMean(gym.name, gymNames) ?? `gyms: ${gymNames.join(", ")}`);
      }
    },
  }),
};
