import type { Judgement } from "../../types.js";
import { ReplayMismatchError } from "../../replay-error.js";
import type { PersuadeSimulator } from "./simulator.js";

/**
 * A persona that answers from an episode's recorded "stance" judgements, so the episode can be
 * re-scored (and its feedback reproduced) without any LLM. `feed` each step's judgements before
 * the step; a fallback is replayed as the fallback it was.
 */
export class RecordedPersuadeSimulator implements PersuadeSimulator {
  readonly spec = "recorded";
  private queue: Judgement[] = [];
  private step = 0;

  feed(judgements: readonly Judgement[]): void {
    if (this.queue.length > 0) throw new ReplayMismatchError(`step ${this.step}: ${this.queue.length} recorded judgement(s) were not used`);
    this.step++;
    this.queue = judgements.filter((j) => j.kind === "stance");
  }

  /** Throws when the last step left recorded judgements unused. */
  finish(): void {
    this.feed([]);
  }

  async respond(): Promise<Judgement> {
    const judgement = this.queue.shift();
    if (!judgement) throw new ReplayMismatchError(`step ${this.step}: the mechanics asked for a 'stance' judgement but none was recorded`);
    return judgement;
  }
}
