import { compileSources } from "../../compiler/compile.js";
import type { Scenario } from "../../compiler/ir.js";
import { loadSources } from "../../compiler/sources.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { summaryLine } from "../../diagnostics/render.js";
import type { PlayReport } from "../../eval/play-check.js";
import { EXIT_BAD_INPUT, EXIT_OK, printDiagnostics } from "../output.js";
import type { CheckOptions } from "./check.js";

/** `ubc check`: exit 0, or 1 when there are errors (or, with --play, a scenario fails its play check). */
export async function checkAction(paths: string[], opts: CheckOptions): Promise<void> {
  const loaded = loadSources(paths);
  const result = compileSources(loaded.sources, { checkOnly: !opts.play });
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
  const play = opts.play && !hasErrors(diagnostics) ? await playScenarios(result.scenarios.map((s) => s.ir)) : undefined;
  if (opts.format === "json") {
    process.stdout.write(JSON.stringify(play ? { diagnostics, play: play.report } : diagnostics, null, 2) + "\n");
  } else {
    printDiagnostics(diagnostics, new Map(loaded.sources.map((s) => [s.path, s.text])), loaded.sources.length);
    if (diagnostics.length === 0) process.stdout.write(`${summaryLine(diagnostics, loaded.sources.length)}\n`);
    if (play) process.stdout.write(`${play.text}\n`);
  }
  process.exitCode = hasErrors(diagnostics) || (play && play.report.problems.length > 0) ? EXIT_BAD_INPUT : EXIT_OK;
}

/** --play: the report and its text. Loaded only then: playing needs the gym runtimes (and their LLM clients), checking does not. */
async function playScenarios(scenarios: readonly Scenario[]): Promise<{ report: PlayReport; text: string }> {
  const { formatPlayReport, playCheck } = await import("../../eval/play-check.js");
  const report = await playCheck(scenarios);
  return { report, text: formatPlayReport(report) };
}
