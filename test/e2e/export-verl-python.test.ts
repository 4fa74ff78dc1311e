import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { repoRoot, ubc } from "../support/cli.js";

const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const hasPython = python.status === 0;

describe("ubc export verl (CLI) and the Python verl tool", () => {
  test("the CLI writes train/test Parquet and the tool config; bad input exits 1, bad flags 2", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ubench-verl-cli-")), "data");
    const run = ubc(["export", "verl", "scenarios/travel", "-o", out, "--test-fraction", "0.25", "--seed", "5"]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["manifest.json", "test.parquet", "tool_config.yaml", "train.parquet"]);
    const missing = ubc(["export", "verl", "scenarios/nope", "-o", out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect(ubc(["export", "verl", "scenarios/travel", "-o", out, "--test-fraction", "1.5"]).code).toBe(2);
    expect(ubc(["export", "verl", "scenarios/travel"]).code).toBe(2);
  });

  test.skipIf(!hasPython)("python3 -m unittest integrations/verl/test_ubench_tool.py (a full episode through ubc serve)", () => {
    const result = spawnSync("python3", ["-m", "unittest", "-v", "integrations/verl/test_ubench_tool.py"], { cwd: repoRoot, encoding: "utf8", timeout: 120_000 });
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(result.stderr).toMatch(/OK/);
  }, 150_000);
});
