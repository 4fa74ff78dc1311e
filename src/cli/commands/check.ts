import type { Command } from "commander";
import { compileSources } from "../../compiler/compile.js";
import { loadSources } from "../../compiler/sources.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { summaryLine } from "../../diagnostics/render.js";
import { formatPlayReport, playCheck } from "../../eval/play-check.js";
import { EXIT_BAD_INPUT, EXIT_OK, printDiagnostics } from "../output.js";

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("report diagnostics (errors and lint warnings) without writing anything")
    .argument("<paths...>", ".ubench files or folders (searched recursively)")
    .option("--format <format>", "text (with code frames) or json (one array, for editors and CI)", "text")
    .option("--play", "also play each scenario: the oracle must reach maxReturn and the null agent earn nothing")
    .addHelpText("after", "\nExamples:\n  ubc check scenarios\n  ubc check broken.ubench --format json\n  ubc check --play scenarios/travel\n")
    .action(async (paths: string[], opts: { format: string; play?: boolean }) => {
      const loaded = loadSources(paths);
      const result = compileSources(loaded.sources, { checkOnly: !opts.play });
      const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
      const play = opts.play && !hasErrors(diagnostics) ? await playCheck(result.scenarios.map((s) => s.ir)) : undefined;
      if (opts.format === "json") {
        process.stdout.write(JSON.stringify(play ? { diagnostics, play } : diagnostics, null, 2) + "\n");
      } else {
        printDiagnostics(diagnostics, new Map(loaded.sources.map((s) => [s.path, s.text])), loaded.sources.length);
        if (diagnostics.length === 0) process.stdout.write(`${summaryLine(diagnostics, loaded.sources.length)}\n`);
        if (play) process.stdout.write(`${formatPlayReport(play)}\n`);
      }
      process.exitCode = hasErrors(diagnostics) || (play && play.problems.length > 0) ? EXIT_BAD_INPUT : EXIT_OK;
    });
}
