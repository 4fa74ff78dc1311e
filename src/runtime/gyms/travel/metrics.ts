import type { MetricSpec } from "../gym-runtime.js";

/** UserBench's metrics over the travel outcome counts of state.ts (docs/metrics.md). */
export const travelMetrics: MetricSpec[] = [
  { name: "bestRate", kind: "ratio", numerator: "bestAspects", denominator: "aspects", doc: "share of aspects answered with their best option" },
  { name: "correctRate", kind: "ratio", numerator: "correctAspects", denominator: "aspects", doc: "share of aspects answered with a correct option (best included)" },
  { name: "activeElicitation", kind: "ratio", numerator: "elicitedActive", denominator: "preferences", doc: "share of preferences revealed by a targeted question" },
  { name: "passiveElicitation", kind: "ratio", numerator: "elicitedPassive", denominator: "preferences", doc: "share of preferences the user volunteered" },
  { name: "validSearchRate", kind: "ratio", numerator: "validSearches", denominator: "searches", doc: "share of judged searches that matched an aspect" },
  { name: "validActionRate", kind: "ratio", numerator: "targetedActions", denominator: "actions", doc: "share of judged questions that targeted a remaining preference" },
  { name: "firstBestTurn", kind: "mean", of: "firstBestTurn", doc: "turn of the first best answer, over episodes with one" },
];
