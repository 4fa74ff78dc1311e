import type { z } from "zod";

/**
 * Reads a JSON object out of a model's reply, tolerantly: bare JSON, a ```json fence, or the
 * first balanced object embedded in prose; a reasoning model's <think>...</think> block is
 * skipped first (its drafts are not the answer). Then validates it with a zod schema. Each
 * candidate is tried in that order and the first that fits wins; a failure says why.
 */
export type JsonReply<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseJsonReply<T>(text: string | null | undefined, schema: z.ZodType<T>): JsonReply<T> {
  if (text === null || text === undefined || text.trim() === "") return { ok: false, reason: "empty reply" };
  const answer = text.replace(/<think>[\s\S]*?<\/think>/g, "");
  if (answer.trim() === "") return { ok: false, reason: "empty reply" };
  const candidates = jsonCandidates(answer);
  if (candidates.length === 0) return { ok: false, reason: "no JSON object in the reply" };
  let lastProblem = "unparseable JSON";
  for (const candidate of candidates) {
    let data: unknown;
    try {
      data = JSON.parse(candidate);
    } catch {
      continue;
    }
    const parsed = schema.safeParse(data);
    if (parsed.success) return { ok: true, value: parsed.data };
    lastProblem = `JSON does not fit: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`;
  }
  return { ok: false, reason: lastProblem };
}

function jsonCandidates(text: string): string[] {
  const out: string[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) out.push(trimmed);
  for (const match of text.matchAll(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/g)) out.push(match[1]!.trim());
  const embedded = firstBalancedObject(text);
  if (embedded) out.push(embedded);
  return [...new Set(out)];
}

/** The first `{...}` whose braces balance, skipping braces inside JSON strings. */
function firstBalancedObject(text: string): string | undefined {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === "\\") i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{") depth++;
      else if (ch === "}" && --depth === 0) {
        const candidate = text.slice(start, i + 1);
        try {
          JSON.parse(candidate);
          return candidate;
        } catch {
          break;
        }
      }
    }
  }
  return undefined;
}
