import { describe, expect, test } from "vitest";
import { colorEnabled, createProgress } from "../../src/eval/progress.js";
import type { EpisodeRecord } from "../../src/runtime/episode.js";

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { stream: { isTTY, columns: 100, write: (t: string) => chunks.push(t) }, chunks };
}

const record = (trial: number, score: number, status: EpisodeRecord["status"] = "terminated") =>
  ({ scenarioId: "austin_family", trial, score, return: score * 3, turnCount: 8, status }) as EpisodeRecord;

describe("progress", () => {
  test("plain lines when not on a terminal", () => {
    const { stream, chunks } = sink(false);
    const p = createProgress(stream, { now: () => 0 });
    p.start(2, 1);
    p.episode(record(0, 1), 1, 2);
    p.episode(record(1, 0, "error"), 2, 2);
    p.finish(false);
    expect(chunks.join("")).toBe(
      "running 2 episodes (1 already done)\n[1/2] austin_family trial 0: score 1.000 return 3 turns 8\n[2/2] austin_family trial 1: score 0.000 return 0 turns 8 agent error\n",
    );
  });

  test("a bar with the mean score and an ETA on a terminal, rewritten in place", () => {
    const { stream, chunks } = sink(true);
    let t = 0;
    const p = createProgress(stream, { now: () => t, env: { NO_COLOR: "1" } });
    p.start(4, 0);
    t = 10_000;
    p.episode(record(0, 0.5), 1, 4);
    const line = chunks.at(-1)!;
    expect(line.startsWith("\r")).toBe(true);
    expect(line).toContain("1/4  mean score 0.500  ETA 30s");
    expect(line).not.toContain("\u001b[3"); // NO_COLOR: no colour codes (only the erase-line code)
    p.finish(true);
    expect(chunks.join("")).toContain("stopped: episodes not started were skipped; run again with --resume to finish");
  });

  test("NO_COLOR and non-terminals turn colour off", () => {
    expect(colorEnabled({ isTTY: false, write: () => true }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true, write: () => true }, { NO_COLOR: "" })).toBe(false);
  });
});
