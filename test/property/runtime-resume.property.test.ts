import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { runEval } from "../../src/eval/run-eval.js";
import { mergeSettings } from "../../src/eval/settings.js";

/**
 * Resume after a kill: a run stopped after a random number of finished episodes (with a torn
 * line at the end of episodes.jsonl half the time), then resumed, holds exactly the episodes of
 * an uninterrupted run.
 */
const root = mkdtempSync(join(tmpdir(), "ubench-resume-"));
const sources = ["austin_oracle", "lisbon_multi_choice"].map((name) => {
  const file = join(root, `${name}.ubench`);
  writeFileSync(file, readFileSync(join(import.meta.dirname, "..", "golden", "traces", name, "input.ubench"), "utf8"));
  return file;
});
const TRIALS = 4;
const settings = (out: string, extra: { resume?: boolean; concurrency?: number } = {}) =>
  mergeSettings({ paths: sources, agent: "scripted:random", trials: TRIALS, seed: 11, out, ...extra });
const episodeLines = (out: string) => readFileSync(join(out, "episodes.jsonl"), "utf8").split("\n").filter((l) => l !== "").sort();

let baseline: string[];
let runs = 0;

beforeAll(async () => {
  const out = join(root, "baseline");
  await runEval(settings(out));
  baseline = episodeLines(out);
});

describe("eval resume", () => {
  test("stop at a random episode count, resume, and get the uninterrupted run's episodes", async () => {
    expect(baseline).toHaveLength(2 * TRIALS);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 * TRIALS }), fc.integer({ min: 1, max: 3 }), fc.boolean(), async (stopAfter, concurrency, torn) => {
        const out = join(root, `run-${++runs}`);
        const controller = new AbortController();
        if (stopAfter === 0) controller.abort();
        await runEval(settings(out, { concurrency }), {
          signal: controller.signal,
          progress: { start() {}, episode: (_r, done) => done >= stopAfter && controller.abort(), finish() {} },
        });
        if (torn) appendFileSync(join(out, "episodes.jsonl"), '{"scenarioId":"lisbon_weekend","trial":3,"tu');
        const resumed = await runEval(settings(out, { resume: true, concurrency }));
        expect(resumed.summary.complete).toBe(true);
        expect(episodeLines(out)).toEqual(baseline);
      }),
      { numRuns: 12 },
    );
  });
});
