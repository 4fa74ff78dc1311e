/**
 * The files of a `ubc eval` run folder: DIR/run.json (what the run is, src/runs/run-file.ts),
 * DIR/episodes.jsonl (one record per episode, appended as episodes finish,
 * src/runs/episodes-file.ts) and DIR/summary.json (the metrics, src/runs/metrics.ts). Import-free,
 * like src/runs/train-files.ts, so that any command can name them without loading a runtime.
 */

export const RUN_FILE = "run.json";
export const EPISODES_FILE = "episodes.jsonl";
export const SUMMARY_FILE = "summary.json";
