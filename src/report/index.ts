import { renderHtml } from "./html.js";
import { loadRuns } from "./load.js";
import { renderMarkdown } from "./markdown.js";
import { buildReport, type ReportOptions } from "./model.js";

export { ReportInputError } from "./load.js";

export type ReportFormat = "html" | "md";

/** `ubc report`: reads the run folders and renders the report (same runs → same bytes). */
export function buildReportText(dirs: readonly string[], format: ReportFormat, options: ReportOptions = {}): string {
  const model = buildReport(loadRuns(dirs, { scenarios: format === "html" }), options);
  return format === "html" ? renderHtml(model) : renderMarkdown(model);
}
