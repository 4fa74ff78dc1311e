import { RecordedSimulator } from "../../recorded-judgements.js";
import type { SimulatorText } from "../../simulator-text.js";
import type { Judgement } from "../../types.js";
import type { IntentionSimulator } from "./simulator.js";

/**
 * A user and judge that answer from an episode's recorded judgements ("coverage", then "reply"),
 * so the episode can be re-scored and its feedback reproduced without any LLM. `feed` each
 * step's judgements before the step.
 */
export class RecordedIntentionSimulator extends RecordedSimulator implements IntentionSimulator {
  constructor() {
    super(["coverage", "reply"]);
  }

  async judgeQuestion(): Promise<Judgement> {
    return this.recorded.next("coverage");
  }

  async reply(): Promise<SimulatorText> {
    return this.recorded.text("reply");
  }
}
