import type { Command } from "commander";
import type { ReportFormat } from "../../report/index.js";
import { oneOf } from "../flags.js";

const REPORT_FORMATS = ["html", "md"] as const satisfies readonly ReportFormat[];

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
    .option("--format <format>", "html (default) | md", oneOf(REPORT_FORMATS))
    .option("--userrl", "add UserRL's metrics: micro_avg / micro_max per gym and the leaderboard's item-weighted average (docs/report.md)")
    .action(async (runs: string[], flags: ReportFlags) => {
      const { reportAction } = await import("./report-action.js");
      reportAction(runs, flags);
    });
}
