import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { repoRoot, ubc } from "../support/cli.js";

const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const hasPython = python.status === 0;

describe("ubc export verl (CLI) and the Python verl tool", () => {
  test("the CLI writes train/test Parquet and the tool config; bad input exits 1, bad flags 2", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ubench-verl-cli-")), "data");
    const run = ubc(["export", "verl", "scenarios/travel", "-o", out, "--test-fraction", "0.25", "--seed", "5"]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["agent_loop.yaml", "manifest.json", "test.parquet", "tool_config.yaml", "train.parquet"]);
    expect(readFileSync(join(out, "agent_loop.yaml"), "utf8")).toMatch(/name: ubench_agent\n\s+_target_: integrations\.verl\.ubench_agent_loop\.UbenchAgentLoop/);
    const missing = ubc(["export", "verl", "scenarios/nope", "-o", out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect(ubc(["export", "verl", "scenarios/travel", "-o", out, "--test-fraction", "1.5"]).code).toBe(2);
    expect(ubc(["export", "verl", "scenarios/travel"]).code).toBe(2);
  });

  test("--choices sets the tool's enum exactly; unknown or repeated names are usage errors", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ubench-verl-choices-")), "data");
    const run = ubc(["export", "verl", "scenarios/travel", "scenarios/persuade", "-o", out, "--choices", "action,answer,search"]);
    expect(run.code, run.stderr).toBe(0);
    const tool = parse(readFileSync(join(out, "tool_config.yaml"), "utf8")).tools[0];
    expect(tool.tool_schema.function.parameters.properties.choice.enum).toEqual(["action", "answer", "search"]);
    expect(tool.config.choices_by_gym).toEqual({ persuade: ["action", "answer", "search"], travel: ["action", "answer", "search"] });
    for (const bad of ["action,jump", "action,action", "action,,answer"]) {
      const refused = ubc(["export", "verl", "scenarios/travel", "-o", out, "--choices", bad]);
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toMatch(/--choices/);
    }
  });

  // Python is on every machine this project supports; a missing python3 is reported as a skip, not a pass.
  test.skipIf(!hasPython)("python3 -m unittest integrations/verl/tests/test_ubench_tool.py (the tool alone, through ubc serve)", () => {
    const result = spawnSync("python3", ["-m", "unittest", "-v", "integrations/verl/tests/test_ubench_tool.py"], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(result.stderr).toMatch(/Ran 5 tests[\s\S]*\nOK/);
  }, 150_000);

  test.skipIf(!hasPython)("python3 -m unittest integrations/verl/tests/test_agent_loop.py (exported rows through verl's agent-loop contract and ubc serve)", () => {
    const result = spawnSync("python3", ["-m", "unittest", "-v", "integrations/verl/tests/test_agent_loop.py"], { cwd: repoRoot, encoding: "utf8", timeout: 240_000 });
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(result.stderr).toMatch(/test_ten_identical_answers_earn_what_one_earns .*ok/);
    expect(result.stderr).toMatch(/Ran 13 tests[\s\S]*\nOK/);
    expect(result.stderr).not.toMatch(/skipped/);
  }, 300_000);
});
