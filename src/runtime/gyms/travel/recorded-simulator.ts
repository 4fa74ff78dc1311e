import { RecordedJudgements } from "../../recorded-judgements.js";
import type { Judgement } from "../../types.js";
import type { SimulatorText, TravelSimulator } from "./simulator.js";

/**
 * A simulator that answers from an episode's recorded judgements, so the episode can be re-scored
 * (and its feedback reproduced) without any LLM. `feed` the step's judgements before each step.
 */
export class RecordedTravelSimulator implements TravelSimulator {
  readonly spec = "recorded";
  private readonly recorded = new RecordedJudgements(new Set(["search", "utterance", "reveal", "chat"]));

  feed(judgements: readonly Judgement[]): void {
    this.recorded.feed(judgements);
  }

  /** Throws when the last step left recorded judgements unused. */
  finish(): void {
    this.recorded.finish();
  }

  async judgeSearch(): Promise<Judgement> {
    return this.recorded.next("search");
  }

  async judgeUtterance(): Promise<Judgement> {
    return this.recorded.next("utterance");
  }

  async reveal(): Promise<SimulatorText> {
    return this.recorded.text("reveal");
  }

  async chat(): Promise<SimulatorText> {
    return this.recorded.text("chat");
  }
}
