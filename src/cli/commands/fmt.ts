import type { Command } from "commander";
import { formatFiles } from "../../compiler/format-files.js";
import { loadSources } from "../../compiler/sources.js";
import { EXIT_BAD_INPUT, EXIT_OK, printDiagnostics } from "../output.js";

export function registerFmt(program: Command): void {
  program
    .command("fmt")
    .description("rewrite scenario files in canonical form (comments and meaning are kept)")
    .argument("<paths...>", ".ubench files or folders (searched recursively)")
    .option("--check", "change nothing: list the files that would change and exit 1 if any")
    .addHelpText("after", "\nExamples:\n  ubc fmt scenarios\n  ubc fmt --check scenarios   # in CI\n")
    .action((paths: string[], opts: { check?: boolean }) => {
      const loaded = loadSources(paths);
      const report = formatFiles(loaded.sources, { check: opts.check === true });
      const problems = [...loaded.diagnostics, ...report.diagnostics];
      printDiagnostics(problems, new Map(loaded.sources.map((s) => [s.path, s.text])), loaded.sources.length);
      for (const file of report.changed) process.stdout.write(opts.check ? `would reformat ${file}\n` : `formatted ${file}\n`);
      if (!opts.check) process.stdout.write(`${report.changed.length} formatted, ${report.unchanged} already canonical\n`);
      process.exitCode = problems.length > 0 || (opts.check && report.changed.length > 0) ? EXIT_BAD_INPUT : EXIT_OK;
    });
}
