import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PRESETS, presetOverrides } from "../../src/eval/presets.js";
import { runOverrides, mergeSettings } from "../../src/eval/settings.js";
import { repoRoot } from "../support/cli.js";

/** The presets of `ubc eval --preset` and their table in docs/metrics.md. */

describe("presets", () => {
  test("docs/metrics.md's table lists every value of every preset, and nothing else", () => {
    const doc = readFileSync(join(repoRoot, "docs/metrics.md"), "utf8");
    const table = doc.split("<!-- presets -->\n")[1]!.split("\n\n")[0]!;
    const rows = table.split("\n").slice(2).map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim().replace(/`/g, "")));
    const expected = Object.entries(PRESETS).flatMap(([name, gyms]) => Object.entries(gyms).flatMap(([gym, values]) => Object.entries(values).map(([key, value]) => [name, gym, key, value])));
    expect(rows).toEqual(expected);
  });

  test("a preset sets only the run's gyms, as gym-scoped keys, and --set and --turns come after it (so they win)", () => {
    expect(presetOverrides("userrl-train", ["persuade"])).toEqual({ "persuade.knobs.max_turns": "16" });
    const settings = mergeSettings({ paths: ["x"], agent: "scripted:oracle", preset: "userrl-eval", set: { "rewards.elicit": "0.5" }, turns: 12 });
    expect(Object.entries(runOverrides(settings, ["travel"]))).toEqual([
      ["travel.rewards.search", "0.2"],
      ["travel.rewards.elicit", "0.6"],
      ["travel.knobs.max_turns", "16"],
      ["rewards.elicit", "0.5"],
      ["knobs.max_turns", "12"],
    ]);
  });
});
