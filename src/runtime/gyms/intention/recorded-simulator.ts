import { RecordedJudgements } from "../../recorded-judgements.js";
import type { Judgement } from "../../types.js";
import type { IntentionSimulator, ReplyText } from "./simulator.js";

/**
 * A user and judge that answer from an episode's recorded judgements ("coverage", then "reply"),
 * so the episode can be re-scored and its feedback reproduced without any LLM. `feed` each
 * step's judgements before the step.
 */
export class RecordedIntentionSimulator implements IntentionSimulator {
  readonly spec = "recorded";
  private readonly recorded = new RecordedJudgements(new Set(["coverage", "reply"]));

  feed(judgements: readonly Judgement[]): void {
    this.recorded.feed(judgements);
  }

  /** Throws when the last step left recorded judgements unused. */
  finish(): void {
    this.recorded.finish();
  }

  async judgeQuestion(): Promise<Judgement> {
    return this.recorded.next("coverage");
  }

  async reply(): Promise<ReplyText> {
    return this.recorded.text("reply");
  }
}
