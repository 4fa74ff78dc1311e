/** Escapes text for HTML and SVG element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Escapes text for a Markdown table cell or line: no HTML, no table breaks, no line breaks. */
export function escapeMd(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|#]/g, (c) => `\\${c}`);
}

export function pct(value: number | null | undefined): string {
  return typeof value === "number" ? `${(value * 100).toFixed(1)}%` : "–";
}

export function num(value: number | null | undefined, digits = 3): string {
  return typeof value === "number" ? value.toFixed(digits) : "–";
}
