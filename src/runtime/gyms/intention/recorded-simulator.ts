import type { Judgement } from "../../types.js";
import { ReplayMismatchError } from "../../replay-error.js";
import type { IntentionSimulator, ReplyText } from "./simulator.js";

const SIMULATOR_KINDS = new Set(["coverage", "reply"]);

/**
 * A user and judge that answer from an episode's recorded judgements ("coverage", then "reply"),
 * so the episode can be re-scored and its feedback reproduced without any LLM. `feed` each
 * step's judgements before the step.
 */
export class RecordedIntentionSimulator implements IntentionSimulator {
  readonly spec = "recorded";
  private queue: Judgement[] = [];
  private step = 0;

  feed(judgements: readonly Judgement[]): void {
    if (this.queue.length > 0) throw new ReplayMismatchError(`step ${this.step}: ${this.queue.length} recorded judgement(s) were not used`);
    this.step++;
    this.queue = judgements.filter((j) => SIMULATOR_KINDS.has(j.kind));
  }

  /** Throws when the last step left recorded judgements unused. */
  finish(): void {
    this.feed([]);
  }

  private next(kind: string): Judgement {
    const judgement = this.queue.shift();
    if (!judgement) throw new ReplayMismatchError(`step ${this.step}: the mechanics asked for a '${kind}' judgement but none was recorded`);
    if (judgement.kind !== kind) throw new ReplayMismatchError(`step ${this.step}: expected a recorded '${kind}' judgement, found '${judgement.kind}'`);
    return judgement;
  }

  async judgeQuestion(): Promise<Judgement> {
    return this.next("coverage");
  }

  async reply(): Promise<ReplyText> {
    const judgement = this.next("reply");
    const text: ReplyText = { text: String(judgement.value.text ?? ""), source: judgement.source };
    if (judgement.fallbackReason !== undefined) text.fallbackReason = judgement.fallbackReason;
    return text;
  }
}
