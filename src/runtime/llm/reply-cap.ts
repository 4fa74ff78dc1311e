import type { StoredReply } from "./types.js";

/**
 * A cap on the text of one LLM reply. A misbehaving model or server can answer megabytes (20 MB
 * replies once made a 441 MB episodes.jsonl for 4 episodes and a 1.4 GB cache), and every reply
 * is copied into the transcript, the episode record and the cache. The text (the content, then
 * each tool call's arguments, in order) shares one budget; what is over it is cut and the cut
 * marked, so a reader of the episode sees that it happened.
 */

export const DEFAULT_MAX_REPLY_CHARS = 65_536;

/** Appended to a cut text. */
export function truncationMark(maxChars: number): string {
  return ` [ubench: reply truncated at ${maxChars} characters]`;
}

/** The reply within the budget, and whether anything was cut. */
export function capReply(reply: StoredReply, maxChars: number): { reply: StoredReply; truncated: boolean } {
  let left = maxChars;
  let truncated = false;
  const take = (text: string): string => {
    if (text.length <= left) {
      left -= text.length;
      return text;
    }
    const kept = text.slice(0, left);
    left = 0;
    truncated = true;
    return kept + truncationMark(maxChars);
  };
  const content = reply.content === null ? null : take(reply.content);
  const toolCalls = reply.toolCalls.map((call) => ({ ...call, function: { name: call.function.name.slice(0, 256), arguments: take(call.function.arguments) } }));
  const out: StoredReply = { content, toolCalls };
  if (reply.usage) out.usage = reply.usage;
  return { reply: out, truncated };
}
