import { RecordedSimulator } from "../../recorded-judgements.js";
import type { SimulatorText } from "../../simulator-text.js";
import type { Judgement } from "../../types.js";
import type { TravelSimulator } from "./simulator.js";

/**
 * A simulator that answers from an episode's recorded judgements, so the episode can be re-scored
 * (and its feedback reproduced) without any LLM. `feed` the step's judgements before each step.
 */
export class RecordedTravelSimulator extends RecordedSimulator implements TravelSimulator {
  constructor() {
    super(["search", "utterance", "reveal", "chat"]);
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
