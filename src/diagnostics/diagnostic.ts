import { plainSpan, type Span } from "./span.js";
import { catalogue, type DiagnosticCode } from "./catalogue.js";

export type Severity = "error" | "warning";

/** Another place that explains a diagnostic, e.g. the first declaration of a duplicate. */
export interface RelatedLocation {
  file: string;
  span: Span;
  message: string;
}

/** A problem found in an input, as data: rendered as text or JSON by the caller. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  file: string;
  span: Span;
  hint?: string;
  related?: RelatedLocation[];
}

export interface DiagnosticInit {
  file: string;
  span: Span;
  hint?: string | undefined;
  related?: RelatedLocation[];
}

/** Builds a diagnostic whose severity comes from the catalogue, so a code always has one severity. */
export function diagnostic(code: DiagnosticCode, message: string, init: DiagnosticInit): Diagnostic {
  const d: Diagnostic = { code, severity: catalogue[code].severity, message, file: init.file, span: plainSpan(init.span) };
  if (init.hint !== undefined) d.hint = init.hint;
  if (init.related && init.related.length > 0) d.related = init.related.map((r) => ({ ...r, span: plainSpan(r.span) }));
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Source order: file, then offset, then code; stable output for goldens and CI logs. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.span.start.offset - b.span.start.offset ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}
