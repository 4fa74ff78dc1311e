import type { Scenario } from "../compiler/ir.js";
import type { EpisodeRecord } from "../runtime/episode.js";
import { loadRunScenarios, locateSource, missingSources, recordedSources, RunScenariosError, sameAsRun, type RunScenarioSources } from "../runs/run-scenarios.js";

/**
 * The scenarios behind an eval run, for the texts of the hidden items in the transcripts: rebuilt
 * from the sources run.json records (src/runs/run-scenarios.ts, shared with `ubc export sft`).
 * The report must open whatever happened to those files since, so nothing here throws: a source
 * that is gone or no longer compiles becomes a problem the report shows, and the episodes of
 * its scenarios fall back to item ids. An edited source is caught by the episode's hash.
 *
 * The run's `--set` overrides are not applied: they change rewards and knobs, never the texts,
 * and the hash is that of the scenario before them. A source found beside the run folder rather
 * than at its recorded path compiles with another `source.file`, which the hash covers; it is
 * checked as if it were at the recorded path, so that a moved run folder is not "changed".
 */

export interface RunScenarios {
  byId: ReadonlyMap<string, Scenario>;
  /** Why some or all of the run's scenarios could not be rebuilt, one line each (empty when all were). */
  problems: string[];
  /** The source path run.json records per scenario id. */
  recorded: ReadonlyMap<string, string>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A compile error renders every diagnostic; the note keeps the first lines. */
function shortened(text: string, lines = 6): string {
  const all = text.trim().split("\n");
  return all.length <= lines ? all.join("\n") : [...all.slice(0, lines), `… (${all.length - lines} more lines)`].join("\n");
}

export function runScenarios(dir: string, recordedRun: RunScenarioSources): RunScenarios {
  const run: RunScenarioSources = { scenarios: recordedRun.scenarios ?? [], ...(recordedRun.cwd !== undefined && { cwd: recordedRun.cwd }) };
  const recorded = new Map(run.scenarios!.filter((s) => typeof s.source === "string").map((s) => [s.id, s.source!]));
  try {
    return { byId: loadRunScenarios(dir, run), problems: [], recorded };
  } catch (error) {
    const sources = recordedSources(run);
    if (sources.length <= 1) return { byId: new Map(), problems: [shortened(message(error))], recorded };
    // One bad source should not cost the others their texts: salvage source by source. Sources
    // that are gone make one note together, not one each (a moved project loses them all).
    const byId = new Map<string, Scenario>();
    const problems: string[] = [];
    const missing: string[] = [];
    for (const source of sources) {
      try {
        for (const [id, scenario] of loadRunScenarios(dir, run, [locateSource(dir, run, source)])) if (!byId.has(id)) byId.set(id, scenario);
      } catch (inner) {
        if (inner instanceof RunScenariosError && inner.reason === "missing") missing.push(locateSource(dir, run, source));
        else problems.push(shortened(message(inner)));
      }
    }
    if (missing.length > 0) problems.unshift(missingSources(dir, missing).message);
    return { byId, problems, recorded };
  }
}

/** The episode's scenario as it was run, or why its texts cannot be shown. */
export function scenarioOf(scenarios: RunScenarios | null, e: EpisodeRecord): { scenario: Scenario } | { problem: string } {
  if (scenarios === null) return { problem: "the run's scenario sources were not read" };
  const scenario = scenarios.byId.get(e.scenarioId);
  if (!scenario) return { problem: scenarios.problems.length > 0 ? "the scenario's source could not be loaded (see the note above the transcripts)" : `scenario '${e.scenarioId}' is not in the run's sources any more` };
  if (scenario.gym !== e.gym) return { problem: `scenario '${e.scenarioId}' is now a ${scenario.gym} scenario, not ${e.gym}` };
  if (!sameAsRun(scenario, e.hash, scenarios.recorded.get(e.scenarioId))) return { problem: `the scenario's source has changed since the run (hash ${e.hash.slice(0, 12)} → ${scenario.hash.slice(0, 12)})` };
  return { scenario };
}
