import { ReplayMismatchError } from "./replay-error.js";
import type { Judgement } from "./types.js";

/**
 * The recorded judgements of one episode, handed out step by step so the episode can be re-scored
 * (and its feedback reproduced) without any LLM. Every gym's recorded simulator takes its answers
 * from one of these: `feed` each step's judgements before the step, `next(kind)` as the mechanics
 * ask, `finish` after the last step. Judgements the mechanics did not ask for, or asked for and
 * were not recorded, are a ReplayMismatchError: the log does not fit the actions.
 */
export class RecordedJudgements {
  private queue: Judgement[] = [];
  private step = 0;

  /** @param kinds the judgement kinds a simulator produces (the mechanics' own records are recomputed, not replayed) */
  constructor(private readonly kinds: ReadonlySet<string>) {}

  feed(judgements: readonly Judgement[]): void {
    if (this.queue.length > 0) throw new ReplayMismatchError(`step ${this.step}: ${this.queue.length} recorded judgement(s) were not used`);
    this.step++;
    this.queue = judgements.filter((j) => j.source !== "rule" && this.kinds.has(j.kind));
  }

  /** Throws when the last step left recorded judgements unused. */
  finish(): void {
    this.feed([]);
  }

  next(kind: string): Judgement {
    const judgement = this.queue.shift();
    if (!judgement) throw new ReplayMismatchError(`step ${this.step}: the mechanics asked for a '${kind}' judgement but none was recorded`);
    if (judgement.kind !== kind) throw new ReplayMismatchError(`step ${this.step}: expected a recorded '${kind}' judgement, found '${judgement.kind}'`);
    return judgement;
  }

  /** A recorded text judgement ("reveal", "chat", "reply") as the simulator text it was. */
  text(kind: string): { text: string; source: Judgement["source"]; fallbackReason?: string } {
    const judgement = this.next(kind);
    const text: { text: string; source: Judgement["source"]; fallbackReason?: string } = { text: String(judgement.value.text ?? ""), source: judgement.source };
    if (judgement.fallbackReason !== undefined) text.fallbackReason = judgement.fallbackReason;
    return text;
  }
}
