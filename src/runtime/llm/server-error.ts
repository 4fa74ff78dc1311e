import OpenAI, { APIError } from "openai";

/**
 * The `openai` package reads an error's message from `body.error.message` only. Servers that are
 * OpenAI-compatible elsewhere answer errors in other shapes, and their message was lost (users saw
 * "400 status code (no body)"):
 * - vLLM before 0.10.1: a flat `{"object": "error", "message": ..., "type": ..., "code": 400}`;
 * - FastAPI-based servers (SGLang's router, many proxies): `{"detail": "..."}` or a validation list;
 * - some gateways: `{"error": "text"}`.
 * This client puts such a body into the `{"error": {...}}` shape the package reads, so the
 * server's own words reach the error message (which the LLM client then scrubs of secrets).
 */
export class CompatibleOpenAI extends OpenAI {
  protected override makeStatusError(status: number, error: object, message: string | undefined, headers: Headers): APIError {
    return super.makeStatusError(status, asOpenAIErrorBody(error), message, headers);
  }
}

/** The body in OpenAI's `{"error": {message, type?, code?}}` shape, when it carries a message in another shape; else as it was. */
export function asOpenAIErrorBody(body: unknown): object {
  if (body === null || typeof body !== "object") return body as object;
  const record = body as Record<string, unknown>;
  const nested = record["error"];
  if (nested !== null && typeof nested === "object") return record;
  if (typeof nested === "string") return { error: { message: nested } };
  if (typeof record["message"] === "string") {
    const { message, type, code, param } = record;
    return { error: { message, ...(type !== undefined && { type }), ...(code !== undefined && { code }), ...(param !== undefined && { param }) } };
  }
  const detail = record["detail"];
  if (typeof detail === "string") return { error: { message: detail } };
  if (Array.isArray(detail)) return { error: { message: detail.map(detailText).join("; ") } };
  return record;
}

function detailText(item: unknown): string {
  if (item === null || typeof item !== "object") return String(item);
  const { msg, loc } = item as { msg?: unknown; loc?: unknown };
  const where = Array.isArray(loc) ? `${loc.join(".")}: ` : "";
  return typeof msg === "string" ? `${where}${msg}` : JSON.stringify(item);
}
