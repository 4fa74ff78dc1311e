import { compileSources } from "../compiler/compile.js";
import type { Scenario } from "../compiler/ir.js";
import { loadSources } from "../compiler/sources.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { renderDiagnostics, summaryLine } from "../diagnostics/render.js";
import { isBundlePath, loadBundles } from "../runtime/bundle.js";
import { InputError } from "../user-error.js";

/**
 * What `ubc eval` and `ubc check --play` run: scenario sources compiled in-process (only eval
 * may use the compile pipeline; the runtime never does) and compiled bundles loaded and verified.
 */

export class ScenarioInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioInputError";
  }
}

export interface LoadedScenarios {
  scenarios: Scenario[];
  /** Rendered lint warnings of the compiled sources ("" when none). */
  warnings: string;
}

export function loadScenarios(paths: readonly string[], options: { color?: boolean } = {}): LoadedScenarios {
  const bundlePaths = paths.filter(isBundlePath);
  const sourcePaths = paths.filter((p) => !isBundlePath(p));
  const scenarios: Scenario[] = [];
  let warnings = "";

  if (sourcePaths.length > 0) {
    const loaded = loadSources(sourcePaths);
    const result = compileSources(loaded.sources);
    const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
    const rendered = diagnostics.length > 0 ? renderDiagnostics(diagnostics, { sources: new Map(loaded.sources.map((s) => [s.path, s.text])), color: options.color ?? false }) : "";
    if (hasErrors(diagnostics)) throw new ScenarioInputError(`${rendered}\n\n${summaryLine(diagnostics, loaded.sources.length)}`);
    warnings = rendered;
    scenarios.push(...result.scenarios.map((s) => s.ir));
  }
  for (const path of bundlePaths) scenarios.push(...loadBundles(path));

  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.id);
    if (other !== undefined && other !== s.hash) throw new ScenarioInputError(`scenario id '${s.id}' is given twice with different content; ids must be unique in a run`);
    seen.set(s.id, s.hash);
  }
  // The same bundle given twice (a source and its build) runs once.
  const unique = scenarios.filter((s, i) => scenarios.findIndex((t) => t.id === s.id) === i);
  if (unique.length === 0) throw new ScenarioInputError("no scenarios to run");
  return { scenarios: unique, warnings };
}
