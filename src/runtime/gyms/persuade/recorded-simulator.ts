import { RecordedJudgements } from "../../recorded-judgements.js";
import type { Judgement } from "../../types.js";
import type { PersuadeSimulator } from "./simulator.js";

/**
 * A persona that answers from an episode's recorded "stance" judgements, so the episode can be
 * re-scored (and its feedback reproduced) without any LLM. `feed` each step's judgements before
 * the step; a fallback is replayed as the fallback it was.
 */
export class RecordedPersuadeSimulator implements PersuadeSimulator {
  readonly spec = "recorded";
  private readonly recorded = new RecordedJudgements(new Set(["stance"]));

  feed(judgements: readonly Judgement[]): void {
    this.recorded.feed(judgements);
  }

  /** Throws when the last step left recorded judgements unused. */
  finish(): void {
    this.recorded.finish();
  }

  async respond(): Promise<Judgement> {
    return this.recorded.next("stance");
  }
}
