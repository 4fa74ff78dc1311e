import type { MetricSpec } from "../gym-runtime.js";

/** UserRL's intention measures over the outcome counts of state.ts. */
export const intentionMetrics: MetricSpec[] = [
  { name: "coverage", kind: "ratio", numerator: "coveredDetails", denominator: "details", doc: "share of the missing details the agent asked for" },
  { name: "weightedCoverage", kind: "ratio", numerator: "coveredWeight", denominator: "weightTotal", doc: "the same, each detail weighted by importance (high 3, medium 2, low 1)" },
  { name: "highCoverage", kind: "ratio", numerator: "coveredHigh", denominator: "highDetails", doc: "share of the high-importance details the agent asked for" },
  { name: "onTaskRate", kind: "ratio", numerator: "onTaskQuestions", denominator: "questions", doc: "share of judged questions that were about the user's request" },
];
