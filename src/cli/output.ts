import pc from "picocolors";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { renderDiagnostics, summaryLine } from "../diagnostics/render.js";

/** Exit codes of every `ubc` command; the user errors carry theirs. */
export { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE } from "../user-error.js";

export function useColor(stream: NodeJS.WriteStream): boolean {
  return pc.isColorSupported && stream.isTTY === true;
}

/** Prints diagnostics with code frames on stderr, then a one-line summary when there are any. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, fileCount: number): void {
  if (diagnostics.length === 0) return;
  process.stderr.write(renderDiagnostics(diagnostics, { sources, color: useColor(process.stderr) }) + "\n\n");
  process.stderr.write(summaryLine(diagnostics, fileCount) + "\n");
}
