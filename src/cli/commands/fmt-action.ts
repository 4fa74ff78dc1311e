import { formatFiles } from "../../compiler/format-files.js";
import { loadSources } from "../../compiler/sources.js";
import { EXIT_BAD_INPUT, EXIT_OK, printDiagnostics } from "../output.js";
import type { FmtOptions } from "./fmt.js";

/** `ubc fmt`: exit 0, or 1 when a file cannot be read or parsed (or, with --check, a file would change). */
export function fmtAction(paths: string[], opts: FmtOptions): void {
  const loaded = loadSources(paths);
  const report = formatFiles(loaded.sources, { check: opts.check === true });
  const problems = [...loaded.diagnostics, ...report.diagnostics];
  printDiagnostics(problems, new Map(loaded.sources.map((s) => [s.path, s.text])), loaded.sources.length);
  for (const file of report.changed) process.stdout.write(opts.check ? `would reformat ${file}\n` : `formatted ${file}\n`);
  if (!opts.check) process.stdout.write(`${report.changed.length} formatted, ${report.unchanged} already canonical\n`);
  process.exitCode = problems.length > 0 || (opts.check && report.changed.length > 0) ? EXIT_BAD_INPUT : EXIT_OK;
}
