import { InvalidArgumentError, type Command } from "commander";
import type { ReportFormat } from "../../report/index.js";

function format(text: string): ReportFormat {
  if (text !== "html" && text !== "md") throw new InvalidArgumentError("expected html or md");
  return text;
}

export interface ReportFlags {
  out?: string;
  format?: ReportFormat;
  userrl?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("render eval and train run folders as one self-contained HTML report (or a Markdown summary)")
    .argument("<runs...>", "run folders: ubc eval output (run.json, episodes.jsonl) or ubc train output (metrics.jsonl, compare.json)")
    .option("-o, --out <file>", "write the report here (default report.html, or stdout for --format md)")
    .option("--format <format>", "html (default) | md", format)
    .option("--userrl", "add UserRL's metrics: micro_avg / micro_max per gym and the leaderboard's item-weighted average (docs/report.md)")
    .action(async (runs: string[], flags: ReportFlags) => {
      const { reportAction } = await import("./report-action.js");
      reportAction(runs, flags);
    });
}
