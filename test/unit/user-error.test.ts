import { describe, expect, test } from "vitest";
import { ScenarioInputError } from "../../src/runs/scenarios.js";
import { SettingsError } from "../../src/eval/settings.js";
import { RunFileError } from "../../src/runs/run-file.js";
import { RunLockError } from "../../src/runs/run-lock.js";
import { PreflightError } from "../../src/eval/preflight.js";
import { EpisodesFileError } from "../../src/runs/episodes-file.js";
import { RunScenariosError } from "../../src/runs/run-scenarios.js";
import { ExportInputError } from "../../src/export/tool-schema.js";
import { ExportUsageError } from "../../src/export/mix-spec.js";
import { InputProblem } from "../../src/importers/records.js";
import { ScenarioChoiceError } from "../../src/play/choose.js";
import { ReportInputError } from "../../src/report/load.js";
import { AdvantagesInputError } from "../../src/rl/advantages-io.js";
import { TinkerError } from "../../src/rl/tinker/client.js";
import { AgentSpecError } from "../../src/runtime/agents/registry.js";
import { BundleError } from "../../src/runtime/bundle.js";
import { LlmConfigError } from "../../src/runtime/llm/config.js";
import { OverrideError } from "../../src/runtime/override-syntax.js";
import { PolicyFileError } from "../../src/runtime/policy/softmax.js";
import { ReplayMismatchError } from "../../src/runtime/replay-error.js";
import { SimulatorSpecError } from "../../src/runtime/simulator-spec.js";
import { UserError } from "../../src/user-error.js";

/** The exit code each user error has always ended `ubc` with (the commands' old allowlists). */
const CODES: [string, UserError, 1 | 2][] = [
  ["ScenarioInputError", new ScenarioInputError("m"), 1],
  ["BundleError", new BundleError("m"), 1],
  ["RunFileError", new RunFileError("m"), 1],
  ["RunLockError", new RunLockError("m"), 1],
  ["PreflightError", new PreflightError("m"), 1],
  ["RunScenariosError", new RunScenariosError("m", "missing"), 1],
  ["ReportInputError", new ReportInputError("m"), 1],
  ["ExportInputError", new ExportInputError("m"), 1],
  ["InputProblem", new InputProblem("m"), 1],
  ["TinkerError", new TinkerError("m", 500), 1],
  ["AdvantagesInputError", new AdvantagesInputError("m"), 1],
  ["SettingsError", new SettingsError("m"), 2],
  ["AgentSpecError", new AgentSpecError("m"), 2],
  ["PolicyFileError", new PolicyFileError("m"), 2],
  ["SimulatorSpecError", new SimulatorSpecError("m"), 2],
  ["LlmConfigError", new LlmConfigError("m"), 2],
  ["OverrideError", new OverrideError("m"), 2],
  ["EpisodesFileError", new EpisodesFileError("m"), 2],
  ["ReplayMismatchError", new ReplayMismatchError("m"), 2],
  ["ExportUsageError", new ExportUsageError("m"), 2],
  ["ScenarioChoiceError", new ScenarioChoiceError("m"), 2],
];

describe("user errors carry their exit code", () => {
  test.each(CODES)("%s", (name, error, code) => {
    expect(error).toBeInstanceOf(UserError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.exitCode).toBe(code);
    expect(error.problemPerLine).toBe(name === "AdvantagesInputError");
  });

  test("bugs are not user errors", () => {
    expect(new RangeError("m")).not.toBeInstanceOf(UserError);
    expect(new Error("m")).not.toBeInstanceOf(UserError);
  });
});
