import type { MetricSpec } from "../gym-runtime.js";

/** UserRL's persuade measures over the outcome counts of state.ts. */
export const persuadeMetrics: MetricSpec[] = [
  { name: "successRate", kind: "share", of: "goalReached", doc: "share of episodes in which the persona reached the goal stance" },
  { name: "meanStanceGain", kind: "mean", of: "stanceGain", doc: "ladder levels gained toward the goal (the best stance reached), per episode; the share of the way is meanScore" },
  { name: "turnsToSuccess", kind: "mean", of: "successTurn", doc: "turn at which the goal was reached, over the episodes that reached it" },
  { name: "touchRate", kind: "ratio", numerator: "touchedArguments", denominator: "arguments", doc: "share of judged arguments that touched one of the persona's reasons" },
];
