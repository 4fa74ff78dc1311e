import { compileInParallel } from "../../compiler/compile-parallel.js";
import { loadSources } from "../../compiler/sources.js";
import { writeBuild } from "../../compiler/write-build.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { EXIT_BAD_INPUT, EXIT_OK, printDiagnostics } from "../output.js";
import type { CompileOptions } from "./compile.js";

/** `ubc compile`: exit 0 with the bundles written, or 1 when a scenario has errors or the build cannot be written (nothing written). */
export async function compileAction(paths: string[], opts: CompileOptions): Promise<void> {
  const loaded = loadSources(paths);
  const result = await compileInParallel(loaded.sources);
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
  printDiagnostics(diagnostics, new Map(loaded.sources.map((s) => [s.path, s.text])), loaded.sources.length);
  if (hasErrors(diagnostics)) {
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  let manifest;
  try {
    manifest = writeBuild(opts.out, result.scenarios);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    process.stderr.write(`ubc compile: cannot write the build into ${opts.out}/ (${code}); nothing was written\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  process.stdout.write(`compiled ${manifest.scenarios.length} scenario${manifest.scenarios.length === 1 ? "" : "s"} into ${opts.out}/\n`);
  process.exitCode = EXIT_OK;
}
