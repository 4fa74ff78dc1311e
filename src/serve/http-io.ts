import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { scrubSecrets } from "../runtime/llm/endpoint.js";
import { describeIssues } from "./messages.js";
import { ServeError } from "./sessions.js";

/** Reading request bodies and writing JSON replies for `ubc serve`'s HTTP routes. */

/** An error found while reading the request itself (a 413 closes the connection after the reply). */
export class HttpError extends ServeError {}

export function send(res: ServerResponse, status: number, body: unknown, redact: (text: string) => string): void {
  const text = redact(JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown, redact: (text: string) => string): void {
  if (error instanceof ServeError) send(res, error.status, { error: { code: error.code, message: scrubSecrets(error.message, []) } }, redact);
  else send(res, 500, { error: { code: "EXECUTION_ERROR", message: scrubSecrets((error as Error)?.message ?? String(error), []) } }, redact);
}

/**
 * The body as text, or a 413 as soon as it passes `limit` (at once when its Content-Length says
 * so). The rest of an oversized body is read and dropped, never kept, so the client, still
 * sending, reads the 413 rather than a connection reset; the reply closes the connection after.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError("VALIDATION_ERROR", 413, `the body is larger than ${limit} bytes`);
    const drain = () => {
      req.removeAllListeners("data");
      req.on("data", () => {});
      reject(tooLarge());
    };
    if (Number(req.headers["content-length"] ?? 0) > limit) return drain();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else drain();
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Parses a body as JSON (an empty optional body is `{}`), or a 400 INVALID_JSON. */
export async function readJson(req: IncomingMessage, limit: number, optional = false): Promise<unknown> {
  const text = await readBody(req, limit);
  if (text.trim() === "" && optional) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ServeError("INVALID_JSON", 400, `the body is not JSON: ${(error as Error).message}`);
  }
}


export async function parseBody<T extends z.ZodType>(req: IncomingMessage, schema: T, limit: number, optional = false): Promise<z.infer<T>> {
  const json = await readJson(req, limit, optional);
  const result = schema.safeParse(json);
  if (!result.success) throw new ServeError("VALIDATION_ERROR", 400, describeIssues(result.error));
  return result.data;
}
