import type { Diagnostic, RelatedLocation } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/catalogue.js";
import type { Span } from "../diagnostics/span.js";

/** Collects diagnostics for one file; every check and lint reports through it. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private errors = 0;

  constructor(readonly file: string) {}

  report(code: DiagnosticCode, message: string, span: Span, hint?: string, related?: RelatedLocation[]): void {
    // Statements inherited from a `defaults` block are checked once per scenario; say it once.
    const key = `${code}:${span.start.offset}:${span.end.offset}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const reported = diagnostic(code, message, { file: this.file, span, hint, ...(related ? { related } : {}) });
    if (reported.severity === "error") this.errors++;
    this.diagnostics.push(reported);
  }

  related(span: Span, message: string): RelatedLocation {
    return { file: this.file, span, message };
  }

  /** Counted as reported: compile asks after every scenario, and a file may hold thousands. */
  get errorCount(): number {
    return this.errors;
  }
}
