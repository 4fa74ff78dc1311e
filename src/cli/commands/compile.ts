import type { Command } from "commander";
import { compileInParallel } from "../../compiler/compile-parallel.js";
import { loadSources } from "../../compiler/sources.js";
import { writeBuild } from "../../compiler/write-build.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { EXIT_BAD_INPUT, EXIT_OK, printDiagnostics } from "../output.js";

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("check scenarios and emit one IR bundle per scenario plus manifest.json")
    .argument("<paths...>", ".ubench files or folders (searched recursively)")
    .option("-o, --out <dir>", "output folder", "build")
    .addHelpText("after", "\nExample:\n  ubc compile scenarios/travel -o build\n")
    .action(async (paths: string[], opts: { out: string }) => {
      const loaded = loadSources(paths);
      const result = await compileInParallel(loaded.sources);
      const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
      printDiagnostics(diagnostics, new Map(loaded.sources.map((s) => [s.path, s.text])), loaded.sources.length);
      if (hasErrors(diagnostics)) {
        process.exitCode = EXIT_BAD_INPUT;
        return;
      }
      const manifest = writeBuild(opts.out, result.scenarios);
      process.stdout.write(`compiled ${manifest.scenarios.length} scenario${manifest.scenarios.length === 1 ? "" : "s"} into ${opts.out}/\n`);
      process.exitCode = EXIT_OK;
    });
}
