import type { IterationMetrics } from "../runs/train-files.js";

/** A train run's learning curves: mean score per gym, overall mean score and success rate, per iteration. */
export interface TrainingCurves {
  iterations: number[];
  /** Series name ("all", "success", then each gym sorted) → one value per iteration (null when the gym had no episode). */
  series: { name: string; values: (number | null)[] }[];
  first: number | null;
  last: number | null;
  best: { iteration: number; meanScore: number } | null;
}

export function trainingCurves(iterations: readonly IterationMetrics[]): TrainingCurves {
  const gyms = [...new Set(iterations.flatMap((m) => Object.keys(m.scoreByGym)))].sort();
  let best: TrainingCurves["best"] = null;
  for (const m of iterations) if (best === null || m.meanScore > best.meanScore) best = { iteration: m.iteration, meanScore: m.meanScore };
  return {
    iterations: iterations.map((m) => m.iteration),
    series: [
      { name: "all", values: iterations.map((m) => m.meanScore) },
      { name: "success", values: iterations.map((m) => (typeof m.successRate === "number" ? m.successRate : null)) },
      ...gyms.map((gym) => ({ name: gym, values: iterations.map((m) => m.scoreByGym[gym] ?? null) })),
    ],
    first: iterations[0]?.meanScore ?? null,
    last: iterations.at(-1)?.meanScore ?? null,
    best,
  };
}
