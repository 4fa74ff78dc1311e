import { writeFileAtomic } from "../../io/atomic-file.js";
import { buildReportText, ReportInputError } from "../../report/index.js";
import { EXIT_OK } from "../output.js";
import type { ReportFlags } from "./report.js";

/** `ubc report`: exit 0 with the report written, or 1 when a run folder cannot be read or the report written. */
export function reportAction(runs: string[], flags: ReportFlags): void {
  const chosen = flags.format ?? "html";
  // A run folder it cannot read is a ReportInputError (exit 1), printed by main.ts.
  const text = buildReportText(runs, chosen, { userrl: flags.userrl === true });
  const out = flags.out ?? (chosen === "html" ? "report.html" : undefined);
  if (out === undefined) {
    process.stdout.write(text);
  } else {
    try {
      writeFileAtomic(out, text);
    } catch (error) {
      throw new ReportInputError(`cannot write ${out}: ${(error as Error).message}`);
    }
    process.stderr.write(`wrote ${out}\n`);
  }
  process.exitCode = EXIT_OK;
}
