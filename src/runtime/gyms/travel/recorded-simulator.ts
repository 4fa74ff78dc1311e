import type { Judgement } from "../../types.js";
import { ReplayMismatchError } from "../../replay-error.js";
import type { SimulatorText, TravelSimulator } from "./simulator.js";

/** The judgement kinds a simulator produces (the mechanics' own "rule" records are recomputed). */
const SIMULATOR_KINDS = new Set(["search", "utterance", "reveal", "chat"]);

/**
 * A simulator that answers from an episode's recorded judgements, so the episode can be re-scored
 * (and its feedback reproduced) without any LLM. `feed` the step's judgements before each step.
 */
export class RecordedTravelSimulator implements TravelSimulator {
  readonly spec = "recorded";
  private queue: Judgement[] = [];
  private step = 0;

  feed(judgements: readonly Judgement[]): void {
    if (this.queue.length > 0) throw new ReplayMismatchError(`step ${this.step}: ${this.queue.length} recorded judgement(s) were not used`);
    this.step++;
    this.queue = judgements.filter((j) => j.source !== "rule" && SIMULATOR_KINDS.has(j.kind));
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

  private text(kind: "reveal" | "chat"): SimulatorText {
    const judgement = this.next(kind);
    const text: SimulatorText = { text: String(judgement.value.text ?? ""), source: judgement.source };
    if (judgement.fallbackReason !== undefined) text.fallbackReason = judgement.fallbackReason;
    return text;
  }

  async judgeSearch(): Promise<Judgement> {
    return this.next("search");
  }

  async judgeUtterance(): Promise<Judgement> {
    return this.next("utterance");
  }

  async reveal(): Promise<SimulatorText> {
    return this.text("reveal");
  }

  async chat(): Promise<SimulatorText> {
    return this.text("chat");
  }
}
