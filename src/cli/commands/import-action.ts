import { basename } from "node:path";
import { readRecordsFile } from "../../importers/records.js";
import { describeSkipped, importUserRl, writeImport, type UserRlKind } from "../../importers/userrl/index.js";
import { EXIT_BAD_INPUT, EXIT_OK } from "../output.js";
import type { ImportOptions } from "./import.js";

/** `ubc import userrl-<kind>` (its exit codes: see registerImport). */
export function importAction(kind: UserRlKind, file: string, opts: ImportOptions): void {
  // A file it cannot read as records is an InputProblem (exit 1), printed by main.ts.
  const records = readRecordsFile(file);
  const source = basename(file);
  const result = importUserRl(kind, records, { perFile: opts.perFile ?? 1, sourceName: source, verify: opts.verify });
  for (const skipped of result.skipped) process.stderr.write(`ubc import: ${source}: ${describeSkipped(skipped)}\n`);
  if (result.imported.length === 0) {
    process.stderr.write(`ubc import: ${source}: ${result.total === 0 ? "the array holds no records" : "no record could be imported"}; nothing written\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  try {
    writeImport(opts.out, result.files);
  } catch (error) {
    process.stderr.write(`ubc import: cannot write to ${opts.out}: ${(error as Error).message}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const files = `${result.files.length} file${result.files.length === 1 ? "" : "s"}`;
  const skipped = result.skipped.length > 0 ? `; ${result.skipped.length} skipped (see above)` : "";
  const warned = result.imported.filter((r) => r.warnings.length > 0).length;
  const warnings = warned > 0 ? `; ${warned} with lint warnings (ubc check ${opts.out} lists them)` : "";
  process.stdout.write(`imported ${result.imported.length} of ${result.total} record${result.total === 1 ? "" : "s"} into ${opts.out}/ (${files})${skipped}${warnings}\n`);
  process.exitCode = EXIT_OK;
}
