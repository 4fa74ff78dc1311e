import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { noStackTrace, ubc } from "../support/cli.js";

/**
 * `ubc eval`'s settings through the built binary: --set, --one-choice and presets on a run that
 * mixes gyms, and every enumerated or numeric flag of every command checked with a message that
 * lists what is allowed (exit 2), numbers stored as numbers.
 */

const work = mkdtempSync(join(tmpdir(), "ubc-eval-settings-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MIXED = ["scenarios/travel/austin_family.ubench", "scenarios/persuade/ai_essays.ubench", "scenarios/intention/bathroom_leak.ubench"];

interface RunScenario {
  id: string;
  gym: string;
  rewards: Record<string, number>;
  knobs: Record<string, unknown>;
}

function runOf(out: string): { preset: string | null; overrides: Record<string, string>; settings: { agentOptions: Record<string, unknown> }; scenarios: RunScenario[] } {
  return JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
}

const byGym = (out: string) => Object.fromEntries(runOf(out).scenarios.map((s) => [s.gym, s]));

describe("--set on a run that mixes gyms", () => {
  test("the example of `ubc eval --help` runs on a mixed folder: a key applies to the gyms that have it", () => {
    const help = ubc(["eval", "--help"]).stdout;
    expect(help).toContain("ubc eval scenarios --agent scripted:random --set rewards.elicit=0.6 --turns 16");
    const out = join(work, "mixed");
    const result = ubc(["eval", ...MIXED, "--agent", "scripted:random", "--set", "rewards.elicit=0.6", "--turns", "16", "--one-choice", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const gyms = byGym(out);
    expect(gyms["travel"]!.rewards["elicit"]).toBe(0.6);
    expect(gyms["travel"]!.knobs).toMatchObject({ max_turns: 16, one_choice: true });
    expect(gyms["persuade"]!.rewards).not.toHaveProperty("elicit");
    expect(gyms["persuade"]!.knobs["max_turns"]).toBe(16);
    expect(gyms["intention"]!.knobs["max_turns"]).toBe(16);
  });

  test("a gym-scoped key changes that gym only; a key no gym of the run has is refused with the nearest", () => {
    const out = join(work, "scoped");
    const result = ubc(["eval", ...MIXED, "--agent", "scripted:oracle", "--set", "travel.knobs.max_turns=18", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(Object.fromEntries(Object.entries(byGym(out)).map(([g, s]) => [g, s.knobs["max_turns"]]))).toEqual({ travel: 18, persuade: 20, intention: 20 });

    const unknown = ubc(["eval", ...MIXED, "--agent", "scripted:oracle", "--set", "rewards.elict=0.6", "--out", join(work, "never-1")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown setting 'rewards.elict': no gym of this run (travel, persuade, intention) has it; did you mean 'rewards.elicit'?");
    expect(unknown.stderr).toContain("did you mean 'rewards.elicit'?");
    noStackTrace(unknown.stderr);

    const persuadeOnly = ubc(["eval", MIXED[1]!, "--agent", "scripted:oracle", "--one-choice", "--out", join(work, "never-2")]);
    expect(persuadeOnly.code).toBe(2);
    expect(persuadeOnly.stderr).toContain("unknown setting 'knobs.one_choice'");

    const absent = ubc(["eval", MIXED[0]!, "--agent", "scripted:oracle", "--set", "persuade.knobs.max_turns=5", "--out", join(work, "never-3")]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain("--set persuade.knobs.max_turns: this run has no persuade scenario (its gyms: travel)");
  });
});

describe("--preset", () => {
  test("userrl-eval sets UserRL's evaluation values per gym and is recorded in run.json; explicit --set wins", () => {
    const out = join(work, "preset-eval");
    const result = ubc(["eval", ...MIXED, "--agent", "scripted:oracle", "--preset", "userrl-eval", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const run = runOf(out);
    expect(run.preset).toBe("userrl-eval");
    const gyms = byGym(out);
    expect(gyms["travel"]!.rewards).toMatchObject({ search: 0.2, elicit: 0.6 });
    for (const gym of ["travel", "persuade", "intention"]) expect(gyms[gym]!.knobs["max_turns"], gym).toBe(16);

    const train = join(work, "preset-train");
    expect(ubc(["eval", ...MIXED, "--agent", "scripted:oracle", "--preset", "userrl-train", "--set", "knobs.max_turns=18", "--out", train]).code).toBe(0);
    const trained = byGym(train);
    expect(trained["travel"]!.rewards).toMatchObject({ search: 0, elicit: 0.8 });
    expect(trained["travel"]!.knobs["max_turns"]).toBe(18);
    expect(trained["intention"]!.knobs["max_turns"]).toBe(18);

    const scoped = join(work, "preset-scoped");
    expect(ubc(["eval", MIXED[0]!, "--agent", "scripted:oracle", "--preset", "userrl-eval", "--set", "travel.rewards.elicit=0.5", "--out", scoped]).code).toBe(0);
    expect(byGym(scoped)["travel"]!.rewards["elicit"]).toBe(0.5);

    const unknown = ubc(["eval", MIXED[0]!, "--agent", "scripted:oracle", "--preset", "userrl"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("expected one of userrl-eval, userrl-train");
  });
});

describe("flag values are checked (exit 2, the allowed values named); numbers are stored as numbers", () => {
  test("ubc eval: --cache, --temperature, --max-tokens and the whole-number flags", () => {
    const cases: [string[], string][] = [
      [["--cache", "foo"], "expected one of off, read-write, replay"],
      [["--temperature", "hot"], "expected a number in [0, 2]"],
      [["--temperature", "3"], "expected a number in [0, 2]"],
      [["--max-tokens", "50.5"], "expected a whole number of at least 1"],
      [["--trials", "0"], "expected a whole number of at least 1"],
      [["--seed", "-1"], "expected a whole number of at least 0"],
      [["--concurrency", "two"], "expected a whole number of at least 1"],
    ];
    for (const [flags, message] of cases) {
      const result = ubc(["eval", MIXED[0]!, "--agent", "scripted:oracle", ...flags, "--out", join(work, "never-flags")]);
      expect(result.code, flags.join(" ")).toBe(2);
      expect(result.stderr, flags.join(" ")).toContain(`argument '${flags[1]}' is invalid. ${message}`);
      noStackTrace(result.stderr);
    }
    const out = join(work, "numbers");
    expect(ubc(["eval", MIXED[0]!, "--agent", "scripted:oracle", "--temperature", "0.7", "--max-tokens", "50", "--out", out]).code).toBe(0);
    expect(runOf(out).settings.agentOptions).toEqual({ temperature: 0.7, maxTokens: 50 });
  });

  test("the other commands' numeric and enumerated flags", () => {
    const cases: [string[], string][] = [
      [["train", MIXED[0]!, "--gamma", "2"], "expected a number in [0, 1]"],
      [["train", MIXED[0]!, "--trajectory-score", "total"], "expected one of sum, mean, r2g"],
      [["train", MIXED[0]!, "--lr", "0"], "expected a number in (0, 100]"],
      [["advantages", "--turn-credit", "equalised"], "expected one of naive, equalized, r2g, em; did you mean 'equalized'?"],
      [["serve", MIXED[0]!, "--port", "70000"], "expected a whole number from 0 to 65535"],
      [["serve", MIXED[0]!, "--cache", "on"], "expected one of off, read-write, replay"],
      [["export", "verl", MIXED[0]!, "-o", join(work, "never-verl"), "--test-fraction", "1"], "expected a number in [0, 1)"],
      [["export", "verl", MIXED[0]!, "-o", join(work, "never-verl"), "--seed", "x"], "expected a whole number of at least 0"],
      [["export", "sft", work, "-o", join(work, "never.jsonl"), "--min-score", "high"], "expected a number"],
      [["report", work, "--format", "pdf"], "expected one of html, md"],
      [["import", "userrl-intention", "x.json", "-o", join(work, "never-import"), "--per-file", "0"], "expected a whole number of at least 1"],
    ];
    for (const [args, message] of cases) {
      const result = ubc(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toContain(message);
      noStackTrace(result.stderr);
    }
  });
});
