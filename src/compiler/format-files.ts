import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatSource } from "../dsl/format.js";
import type { SourceFile } from "./sources.js";
import { writeFileAtomic } from "../io/atomic-file.js";

export interface FormatReport {
  /** Files whose canonical form differs from their text (rewritten unless checking). */
  changed: string[];
  unchanged: number;
  /** Files that could not be formatted because they do not parse. */
  diagnostics: Diagnostic[];
}

/** Formats files in place (or only reports, with `check`); files with syntax errors are left alone. */
export function formatFiles(sources: readonly SourceFile[], { check }: { check: boolean }): FormatReport {
  const report: FormatReport = { changed: [], unchanged: 0, diagnostics: [] };
  for (const source of sources) {
    const result = formatSource(source.text, source.path);
    if ("diagnostics" in result) {
      report.diagnostics.push(...result.diagnostics);
      continue;
    }
    if (result.output === source.text) {
      report.unchanged++;
      continue;
    }
    report.changed.push(source.path);
    if (!check) writeFileAtomic(source.path, result.output);
  }
  return report;
}
