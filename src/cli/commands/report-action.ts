import { writeFileAtomic } from "../../io/atomic-file.js";
import { buildReportText, ReportInputError } from "../../report/index.js";
import { EXIT_BAD_INPUT, EXIT_OK } from "../output.js";
import type { ReportFlags } from "./report.js";

/** `ubc report`: exit 0 with the report written, or 1 when a run folder cannot be read or the report written. */
export function reportAction(runs: string[], flags: ReportFlags): void {
  const chosen = flags.format ?? "html";
  let text: string;
  try {
    text = buildReportText(runs, chosen, { userrl: flags.userrl === true });
  } catch (error) {
    if (!(error instanceof ReportInputError)) throw error;
    process.stderr.write(`ubc report: ${error.message}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const out = flags.out ?? (chosen === "html" ? "report.html" : undefined);
  if (out === undefined) {
    process.stdout.write(text);
  } else {
    try {
      writeFileAtomic(out, text);
    } catch (error) {
      process.stderr.write(`ubc report: cannot write ${out}: ${(error as Error).message}\n`);
      process.exitCode = EXIT_BAD_INPUT;
      return;
    }
    process.stderr.write(`wrote ${out}\n`);
  }
  process.exitCode = EXIT_OK;
}
