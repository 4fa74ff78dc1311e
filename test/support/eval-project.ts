import { copyFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { expect } from "vitest";
import { ubc } from "./cli.js";

/**
 * A project folder `<parent>/project` with one scenario copied into `sc/`, evaluated by the oracle
 * from inside the project (`ubc eval sc/<file> --out run`), so the run records the scenario's path
 * relative to the project, as it does for a user. Returns the project folder.
 */
export function evalInProjectFolder(parent: string, scenarioFile: string): string {
  const project = join(parent, "project");
  mkdirSync(join(project, "sc"), { recursive: true });
  copyFileSync(scenarioFile, join(project, "sc", basename(scenarioFile)));
  const evaluated = ubc(["eval", `sc/${basename(scenarioFile)}`, "--agent", "scripted:oracle", "--out", "run"], { cwd: project });
  expect(evaluated.code, evaluated.stderr).toBe(0);
  return project;
}
