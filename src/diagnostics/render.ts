import pc from "picocolors";
import type { Diagnostic } from "./diagnostic.js";
import { LineIndex } from "./span.js";

export interface RenderOptions {
  /** Source text per file, for code frames; a file without text gets no frame. */
  sources: ReadonlyMap<string, string>;
  color?: boolean;
}

const TAB_WIDTH = 4;

function expandTabs(line: string): string {
  return line.replace(/\t/g, " ".repeat(TAB_WIDTH));
}

/** Width on screen of the first `column - 1` characters of a line, tabs expanded. */
function visualColumn(line: string, column: number): number {
  return expandTabs(line.slice(0, column - 1)).length;
}

/**
 * `file:line:col: severity CODE: message`, then the source line with a caret line under the span,
 * then the hint. This is the form compilers use, so editors and terminals link it.
 */
export function renderDiagnostic(d: Diagnostic, options: RenderOptions): string {
  const colors = pc.createColors(options.color ?? false);
  const where = `${d.file}:${d.span.start.line}:${d.span.start.column}`;
  const severity = d.severity === "error" ? colors.red(colors.bold("error")) : colors.yellow(colors.bold("warning"));
  const lines = [`${colors.bold(where)}: ${severity} ${d.code}: ${d.message}`];
  const text = options.sources.get(d.file);
  if (text !== undefined) lines.push(...codeFrame(text, d, colors.cyan));
  if (d.hint) lines.push(`  ${colors.green("hint")}: ${d.hint}`);
  for (const r of d.related ?? []) {
    lines.push(`  ${colors.dim("note")}: ${r.file}:${r.span.start.line}:${r.span.start.column}: ${r.message}`);
  }
  return lines.join("\n");
}

function codeFrame(text: string, d: Diagnostic, paint: (s: string) => string): string[] {
  const index = new LineIndex(text);
  const lineNumber = Math.min(d.span.start.line, index.lineCount);
  const raw = index.lineText(lineNumber);
  // Control characters would corrupt a terminal; show them as '?' in the frame.
  const shown = expandTabs(raw).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?");
  const gutter = String(lineNumber);
  const pad = " ".repeat(gutter.length);
  const startCol = visualColumn(raw, d.span.start.column);
  const sameLine = d.span.end.line === d.span.start.line;
  const endCol = sameLine ? visualColumn(raw, d.span.end.column) : shown.length;
  const width = Math.max(1, endCol - startCol);
  const clipped = shown.length > 200 ? shown.slice(0, 200) + "…" : shown;
  return [
    ` ${pad} |`,
    ` ${gutter} | ${clipped}`,
    ` ${pad} | ${" ".repeat(Math.min(startCol, 200))}${paint("^".repeat(Math.min(width, 200)))}`,
  ];
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: RenderOptions): string {
  return diagnostics.map((d) => renderDiagnostic(d, options)).join("\n\n");
}

/** One line at the end of a check: `2 errors, 1 warning in 3 files`. */
export function summaryLine(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(fileCount, "file")}`;
}
