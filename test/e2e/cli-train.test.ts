import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ubc } from "../support/cli.js";

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ubc-train-"));
});

const SCENARIOS = ["scenarios/travel/austin_family.ubench", "scenarios/travel/berlin_conference.ubench", "scenarios/travel/vancouver_dog.ubench"];
const withoutWallTime = (text: string) => text.replace(/"wallMs":\d+/g, '"wallMs":0');

describe("ubc train", () => {
  test("trains on travel scenarios: files appear, the mean score rises, the same seed gives the same curve, eval runs the policy", () => {
    const out = join(work, "run");
    const args = ["train", ...SCENARIOS, "--policy", "softmax", "--group", "6", "--iterations", "12", "--seed", "5"];
    const result = ubc([...args, "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/iteration 12\/12: mean return [\d.]+ \(running [\d.]+\), mean score/);
    for (const file of ["metrics.jsonl", "policy.json", "curve.svg"]) expect(existsSync(join(out, file))).toBe(true);
    const metrics = readFileSync(join(out, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(metrics).toHaveLength(12);
    const first = metrics[0].meanScore;
    const last = Math.max(...metrics.slice(-3).map((m: { meanScore: number }) => m.meanScore));
    expect(last).toBeGreaterThan(first + 0.2);
    expect(readFileSync(join(out, "curve.svg"), "utf8")).toContain("<polyline");

    const again = ubc([...args, "--out", join(work, "again")]);
    expect(again.code).toBe(0);
    expect(withoutWallTime(readFileSync(join(work, "again", "metrics.jsonl"), "utf8"))).toBe(withoutWallTime(readFileSync(join(out, "metrics.jsonl"), "utf8")));
    expect(readFileSync(join(work, "again", "policy.json"), "utf8")).toBe(readFileSync(join(out, "policy.json"), "utf8"));

    const evalOut = join(work, "eval");
    const evaluated = ubc(["eval", ...SCENARIOS, "--agent", `policy:${join(out, "policy.json")}`, "--out", evalOut]);
    expect(evaluated.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(evalOut, "summary.json"), "utf8"));
    expect(summary.overall.meanScore).toBeGreaterThan(first);
    const episodes = readFileSync(join(evalOut, "episodes.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(episodes.length).toBe(3);
    expect(episodes.every((e: { agent: string; error?: string }) => e.agent.startsWith("policy:") && e.error === undefined)).toBe(true);
  });

  test("bad flags are usage errors", () => {
    expect(ubc(["train", SCENARIOS[0]!, "--turn-credit", "equalised"]).code).toBe(2);
    const policy = ubc(["train", SCENARIOS[0]!, "--policy", "mlp"]);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain("only 'softmax'");
  });

  test("--compare prints the grid of final mean scores", () => {
    const result = ubc(["train", SCENARIOS[0]!, "--compare", "--group", "4", "--iterations", "2"]);
    expect(result.code).toBe(0);
    for (const name of ["naive", "equalized", "r2g", "em", "sum", "mean"]) expect(result.stdout).toContain(name);
  });

  test("--compare --out DIR writes DIR/compare.json, the same bytes on a rerun, and ubc report renders its ablation table", () => {
    const args = ["train", SCENARIOS[0]!, "--compare", "--group", "2", "--iterations", "1"];
    const a = join(work, "compare-a");
    const b = join(work, "compare-b");
    expect(ubc([...args, "--out", a]).code).toBe(0);
    expect(ubc([...args, "--out", b]).code).toBe(0);
    const text = readFileSync(join(a, "compare.json"), "utf8");
    expect(readFileSync(join(b, "compare.json"), "utf8")).toBe(text);
    expect(text).not.toContain("wallMs");
    const file = JSON.parse(text);
    expect(file.settings.iterations).toBe(1);
    expect(file.settings.scenarios.map((s: { id: string }) => s.id)).toEqual(["austin_family"]);
    expect(file.rows).toHaveLength(12);
    for (const row of file.rows) {
      expect(Object.keys(row).sort()).toEqual(["finalMeanScore", "finalScoreByGym", "firstMeanScore", "greedyMeanScore", "greedyScoreByGym", "trajectoryScore", "turnCredit"]);
      expect(Object.keys(row.finalScoreByGym)).toEqual(["travel"]);
    }
    const md = ubc(["report", a, "--format", "md"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("Ablation of compare-a");
  });
});
