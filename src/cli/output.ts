import pc from "picocolors";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { renderDiagnostics, summaryLine } from "../diagnostics/render.js";

/** Exit codes of every `ubc` command. */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;

export function useColor(stream: NodeJS.WriteStream): boolean {
  return pc.isColorSupported && stream.isTTY === true;
}

/** Prints diagnostics with code frames on stderr, then a one-line summary when there are any. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, fileCount: number): void {
  if (diagnostics.length === 0) return;
  process.stderr.write(renderDiagnostics(diagnostics, { sources, color: useColor(process.stderr) }) + "\n\n");
  process.stderr.write(summaryLine(diagnostics, fileCount) + "\n");
}
