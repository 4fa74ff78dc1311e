import { ReplayMismatchError } from "./replay-error.js";
import type { SimulatorText } from "./simulator-text.js";
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
  text(kind: string): SimulatorText {
    const judgement = this.next(kind);
    const text: SimulatorText = { text: String(judgement.value.text ?? ""), source: judgement.source };
    if (judgement.fallbackReason !== undefined) text.fallbackReason = judgement.fallbackReason;
    return text;
  }
}

/**
 * The frame of every gym's recorded simulator (spec "recorded"): the replay feeds it each step's
 * judgements and finishes it after the last step; the gym's subclass answers each simulator call
 * with `recorded.next(kind)` or `recorded.text(kind)`.
 */
export abstract class RecordedSimulator {
  readonly spec = "recorded";
  protected readonly recorded: RecordedJudgements;

  /** @param kinds the judgement kinds the gym's simulator produces */
  constructor(kinds: readonly string[]) {
    this.recorded = new RecordedJudgements(new Set(kinds));
  }

  feed(judgements: readonly Judgement[]): void {
    this.recorded.feed(judgements);
  }

  /** Throws when the last step left recorded judgements unused. */
  finish(): void {
    this.recorded.finish();
  }
}
