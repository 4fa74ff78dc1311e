import type { Command } from "commander";
import { compileSources } from "../../compiler/compile.js";
import { loadSources } from "../../compiler/sources.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { summaryLine } from "../../diagnostics/render.js";
import { EXIT_BAD_INPUT, EXIT_OK, printDiagnostics } from "../output.js";

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("report diagnostics (errors and lint warnings) without writing anything")
    .argument("<paths...>", ".ubench files or folders (searched recursively)")
    .option("--format <format>", "text (with code frames) or json (one array, for editors and CI)", "text")
    .addHelpText("after", "\nExamples:\n  ubc check scenarios\n  ubc check broken.ubench --format json\n")
    .action((paths: string[], opts: { format: string }) => {
      const loaded = loadSources(paths);
      const result = compileSources(loaded.sources, { checkOnly: true });
      const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
      if (opts.format === "json") {
        process.stdout.write(JSON.stringify(diagnostics, null, 2) + "\n");
      } else {
        printDiagnostics(diagnostics, new Map(loaded.sources.map((s) => [s.path, s.text])), loaded.sources.length);
        if (diagnostics.length === 0) process.stdout.write(`${summaryLine(diagnostics, loaded.sources.length)}\n`);
      }
      process.exitCode = hasErrors(diagnostics) ? EXIT_BAD_INPUT : EXIT_OK;
    });
}
