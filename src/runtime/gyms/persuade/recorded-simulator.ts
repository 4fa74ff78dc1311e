import { RecordedSimulator } from "../../recorded-judgements.js";
import type { Judgement } from "../../types.js";
import type { PersuadeSimulator } from "./simulator.js";

/**
 * A persona that answers from an episode's recorded "stance" judgements, so the episode can be
 * re-scored (and its feedback reproduced) without any LLM. `feed` each step's judgements before
 * the step; a fallback is replayed as the fallback it was.
 */
export class RecordedPersuadeSimulator extends RecordedSimulator implements PersuadeSimulator {
  constructor() {
    super(["stance"]);
  }

  async respond(): Promise<Judgement> {
    return this.recorded.next("stance");
  }
}
