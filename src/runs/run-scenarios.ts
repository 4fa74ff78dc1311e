import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { finalizeScenario } from "../compiler/emit.js";
import type { Scenario } from "../compiler/ir.js";
import { applyRunOverrides, OverrideError, type OverrideValue } from "../runtime/overrides.js";
import { loadScenarios, ScenarioInputError } from "./scenarios.js";
import { InputError } from "../user-error.js";

/**
 * The scenarios an eval run used, rebuilt after the run from the sources its run.json records
 * (with the run's overrides applied), for the commands that read runs: `ubc export sft` and
 * `ubc report`. Callers compare each scenario's hash with the episode's to catch edited sources.
 */

/** Why a run's scenarios could not be rebuilt: no sources recorded, sources not found, or sources that no longer compile (or reject the run's overrides). */
export class RunScenariosError extends InputError {
  constructor(
    message: string,
    readonly reason: "no-sources" | "missing" | "invalid",
  ) {
    super(message);
    this.name = "RunScenariosError";
  }
}

/** The parts of run.json read here. */
export interface RunScenarioSources {
  overrides?: Record<string, OverrideValue>;
  /** The folder the eval ran in (absent in run.json files of older versions). */
  cwd?: string;
  scenarios?: { id: string; source?: string }[];
}

/** The distinct source paths run.json records, in order. */
export function recordedSources(run: RunScenarioSources): string[] {
  return [...new Set((run.scenarios ?? []).map((s) => s.source).filter((p): p is string => typeof p === "string"))];
}

/**
 * Where a source path is: an absolute path as is; a relative one from the folder the eval ran in
 * (run.json's `cwd`), else from the working folder, else from the run folder's parent.
 */
export function locateSource(dir: string, run: RunScenarioSources, path: string): string {
  if (isAbsolute(path)) return path;
  const candidates = [...(run.cwd !== undefined ? [resolve(run.cwd, path)] : []), path, resolve(dir, "..", path)];
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

/** The error for sources of the run that are not found (located paths), all named in one message. */
export function missingSources(dir: string, located: readonly string[]): RunScenariosError {
  return new RunScenariosError(`the scenario sources of ${dir} are not found (${located.join(", ")}); run from the folder the eval ran in`, "missing");
}

/** Compiles the run's sources (or `paths` instead, taken as given) and applies its overrides, by scenario id. */
export function loadRunScenarios(dir: string, run: RunScenarioSources, paths?: readonly string[]): Map<string, Scenario> {
  const wanted = paths ?? recordedSources(run);
  if (wanted.length === 0) throw new RunScenariosError(`${dir}/run.json names no scenario sources`, "no-sources");
  // Paths given here (`ubc export sft --scenarios`) are the user's, from the working folder.
  const found = paths !== undefined ? [...paths] : wanted.map((p) => locateSource(dir, run, p));
  const missing = found.filter((p) => !existsSync(p));
  if (missing.length > 0) throw missingSources(dir, missing);
  try {
    const { scenarios } = loadScenarios(found);
    return new Map(applyRunOverrides(scenarios, run.overrides ?? {}, { strict: false }).map((s) => [s.id, s]));
  } catch (error) {
    if (error instanceof ScenarioInputError || error instanceof OverrideError) throw new RunScenariosError(`${dir}: ${error.message}`, "invalid");
    throw error;
  }
}

/**
 * Whether a rebuilt scenario is the one an episode ran: its hash, or the hash it would have had
 * compiled at the path run.json records. A source found beside a moved run folder compiles with
 * another `source.file`, which the hash covers; that alone is no change.
 */
export function sameAsRun(scenario: Scenario, hash: string, recordedFile: string | undefined): boolean {
  if (scenario.hash === hash) return true;
  if (recordedFile === undefined || recordedFile === scenario.source.file) return false;
  const { hash: _hash, ...draft } = scenario;
  return finalizeScenario({ ...draft, source: { ...draft.source, file: recordedFile } }).ir.hash === hash;
}
