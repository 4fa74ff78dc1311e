import { ReplayMismatchError } from "./replay-error.js";
import type { Judgement, JudgementSource } from "./types.js";

/**
 * What the user said, as every gym's mechanics record it. A simulator's text call (a reply, a
 * reveal, a chat line) may return a plain string, counted as coming from the simulator itself, or
 * a SimulatorText, to report a fallback after a failed LLM call; the mechanics record it as a
 * judgement either way, so an episode can be replayed text for text.
 */

/** A reply text with where it came from; a fallback's text may be empty (nothing was said). */
export interface SimulatorText {
  text: string;
  source: JudgementSource;
  fallbackReason?: string;
}

/** Where a plain string from this simulator comes from: the built-in rules, or else an LLM. */
export function textSource(simulator: { readonly spec: string }): JudgementSource {
  return simulator.spec === "builtin" ? "builtin" : "llm";
}

/**
 * Calls a simulator for a text and records it as a `kind` judgement (its value: `extra` and the
 * text). A reported fallback is taken as it is; a thrown error or an empty text becomes a fallback
 * with `fallbackText`. A replay mismatch is the caller's mistake, so it is thrown on.
 */
export async function safeText(
  kind: string,
  call: () => Promise<string | SimulatorText>,
  fallbackText: string,
  defaultSource: JudgementSource,
  extra: Record<string, unknown> = {},
): Promise<{ text: string; judgement: Judgement }> {
  try {
    const reply = await call();
    const text = typeof reply === "string" ? reply : reply.text;
    const source = typeof reply === "string" ? defaultSource : reply.source;
    // A reported fallback is taken as it is (its text may be empty: nothing was said).
    if (source !== "fallback" && (typeof text !== "string" || text.trim() === "")) throw new Error("the simulator returned no text");
    const judgement: Judgement = { kind, source, value: { ...extra, text } };
    if (typeof reply !== "string" && reply.fallbackReason !== undefined) judgement.fallbackReason = reply.fallbackReason;
    return { text, judgement };
  } catch (error) {
    if (error instanceof ReplayMismatchError) throw error;
    return {
      text: fallbackText,
      judgement: { kind, source: "fallback", value: { ...extra, text: fallbackText }, fallbackReason: `simulator error: ${error instanceof Error ? error.message : String(error)}` },
    };
  }
}
