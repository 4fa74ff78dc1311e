import type { Judgement } from "../../types.js";
import { ReplayMismatchError } from "../../replay-error.js";

/** What one choice's handler did this turn, before the step reward and clipping are applied. */
export interface HandlerResult {
  reward: number;
  feedback: string;
  judgements: Judgement[];
  terminated?: boolean;
  invalid?: string;
}

/**
 * Calls a simulator judge and makes its answer safe to act on: a thrown error, a judgement of the
 * wrong kind or a value that does not fit the episode (say, a preference that is not remaining)
 * becomes a fallback judgement, which the mechanics turn into a neutral outcome and count.
 */
export async function safeJudgement(kind: string, call: () => Promise<Judgement>, check: (value: Record<string, unknown>) => string | undefined): Promise<Judgement> {
  let judgement: Judgement;
  try {
    judgement = await call();
  } catch (error) {
    if (error instanceof ReplayMismatchError) throw error;
    return { kind, source: "fallback", value: {}, fallbackReason: `simulator error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (judgement.source === "fallback") return { ...judgement, kind };
  if (judgement.kind !== kind) return { kind, source: "fallback", value: { rejected: judgement.value }, fallbackReason: `expected a '${kind}' judgement, got '${judgement.kind}'` };
  const problem = check(judgement.value ?? {});
  if (problem) return { kind, source: "fallback", value: { rejected: judgement.value }, fallbackReason: problem };
  return judgement;
}
