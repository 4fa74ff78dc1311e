/**
 * `ubc train`'s files: DIR/metrics.jsonl (one line per iteration, appended as it goes),
 * DIR/policy.json (the weights, rewritten after every iteration) and DIR/curve.svg. Apart from
 * src/rl/train-run.ts, which writes them and loads the gym runtimes, so that `ubc train --help`
 * can name them while loading nothing but commander: keep this file free of imports.
 */

export const METRICS_FILE = "metrics.jsonl";
export const POLICY_FILE = "policy.json";
export const CURVE_FILE = "curve.svg";
/** `ubc train --compare --out DIR`: the ablation grid, deterministic (no wall times). */
export const COMPARE_FILE = "compare.json";
