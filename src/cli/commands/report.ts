import { writeFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import { buildReportText, ReportInputError, type ReportFormat } from "../../report/index.js";
import { EXIT_BAD_INPUT, EXIT_OK } from "../output.js";

function format(text: string): ReportFormat {
  if (text !== "html" && text !== "md") throw new InvalidArgumentError("expected html or md");
  return text;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("render eval and train run folders as one self-contained HTML report (or a Markdown summary)")
    .argument("<runs...>", "run folders: ubc eval output (run.json, episodes.jsonl) or ubc train output (metrics.jsonl, compare.json)")
    .option("-o, --out <file>", "write the report here (default report.html, or stdout for --format md)")
    .option("--format <format>", "html (default) | md", format)
    .action((runs: string[], flags: { out?: string; format?: ReportFormat }) => {
      const chosen = flags.format ?? "html";
      let text: string;
      try {
        text = buildReportText(runs, chosen);
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
          writeFileSync(out, text);
        } catch (error) {
          process.stderr.write(`ubc report: cannot write ${out}: ${(error as Error).message}\n`);
          process.exitCode = EXIT_BAD_INPUT;
          return;
        }
        process.stderr.write(`wrote ${out}\n`);
      }
      process.exitCode = EXIT_OK;
    });
}
