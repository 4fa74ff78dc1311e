import type { Value } from "../../dsl/ast.js";
import type { SettingSpec } from "../gym.js";
import type { CheckRule } from "../walk.js";

/** UB2014: a reward or knob value of the wrong kind, or outside its range. */
export const settingValues: CheckRule = {
  name: "setting-values",
  create: ({ gym, reporter }) => ({
    settings(block) {
      if (!gym) return;
      const specs = gym[block.keyword.name === "rewards" ? "rewards" : "knobs"];
      for (const setting of block.settings) {
        const spec = specs[setting.key.name];
        if (!spec) continue;
        const problem = settingProblem(spec, setting.value);
        if (problem) reporter.report("UB2014", `'${setting.key.name}' ${problem}`, setting.value.span, spec.doc);
      }
    },
  }),
};

export function settingProblem(spec: SettingSpec, value: Value): string | undefined {
  switch (spec.kind) {
    case "bool":
      return value.kind === "Bool" ? undefined : "takes true or false";
    case "range":
      if (value.kind === "Name" && value.name === "none") return undefined;
      if (value.kind !== "Range") return "takes a range such as 0 .. 1, or none";
      return value.low.value <= value.high.value ? undefined : "needs low <= high";
    case "integer":
      if (value.kind !== "Number" || !Number.isInteger(value.value)) return "takes a whole number";
      return spec.min !== undefined && value.value < spec.min ? `must be at least ${spec.min}` : undefined;
    case "number":
      if (value.kind !== "Number" || !Number.isFinite(value.value)) return "takes a number";
      if (spec.min !== undefined && value.value < spec.min) return `must be at least ${spec.min}`;
      if (spec.max !== undefined && value.value > spec.max) return `must be at most ${spec.max}`;
      return undefined;
  }
}
