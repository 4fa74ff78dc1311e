import type { Scenario } from "../compiler/ir.js";
import { streamRng } from "./rng.js";
import { closeStep, readAction, type FrameState, type ReadAction, type StepOutcome } from "./step-frame.js";
import { EpisodeOverError, type Action, type Choice, type Env, type EpisodeOutcome, type ResetResult, type Rng, type StepResult } from "./types.js";

/** The episode state a gym's env keeps: what the step frame needs, and the outcome it reports. */
export interface EpisodeState extends FrameState {
  outcome(): EpisodeOutcome;
}

/** What every gym's env options hold besides its simulator. */
export interface GymEnvOptions {
  /** Append "Reward: x" to each feedback, as the seeds do during training (never in evaluation). */
  showReward?: boolean;
}

/**
 * The part of an env that is the same in every gym: it holds the scenario and its options, opens
 * an episode with the info every reset reports, frames each step (step-frame.ts: reading the
 * input, truncation, the history) and reports the outcome. A gym's env says only how an episode
 * opens (`open`) and what an action does (`play`), so the frame cannot drift between gyms.
 */
export abstract class GymEnv<S extends Scenario, State extends EpisodeState, Options extends GymEnvOptions> implements Env {
  private state: State | undefined;

  /** The choices this gym offers an agent, in the order the reset info lists them. */
  protected abstract readonly choices: readonly Choice[];
  /** The notice appended when the turn limit ends an episode. */
  protected abstract readonly turnLimit: string;

  constructor(
    readonly scenario: S,
    protected readonly options: Options,
  ) {}

  /**
   * A fresh episode's state and the line the agent sees first. The mechanics draw from their own
   * stream and hand the user's to the simulator (rng.ts), so neither shifts the other's draws.
   */
  protected abstract open(mechanics: Rng, user: Rng): { state: State; opening: string };

  /** What this turn's action does (or its refusal, an invalid turn): the step's outcome, its reward final. */
  protected abstract play(state: State, read: ReadAction): Promise<StepOutcome>;

  async reset({ seed }: { seed: number }): Promise<ResetResult> {
    const { state, opening } = this.open(streamRng(seed, "mechanics"), streamRng(seed, "user"));
    this.state = state;
    return {
      observation: { feedback: opening, turn: 0, maxTurns: this.scenario.knobs.max_turns },
      info: { scenarioId: this.scenario.id, gym: this.scenario.gym, seed, choices: [...this.choices] },
    };
  }

  async step(input: Action | string, unreadable?: string): Promise<StepResult> {
    const state = this.state;
    if (!state || state.over) throw new EpisodeOverError();
    state.turn++;
    const parsed = readAction(input, this.choices);
    // The agent's own reason (malformed tool-call JSON...) is what the agent is told, and recorded.
    const read: ReadAction = parsed.action === null && unreadable !== undefined ? { action: null, refused: unreadable } : parsed;
    const outcome = await this.play(state, read);
    return closeStep(state, read.action, outcome, { maxTurns: this.scenario.knobs.max_turns, showReward: this.options.showReward === true, turnLimit: this.turnLimit });
  }

  outcome(): EpisodeOutcome {
    if (!this.state) throw new Error("outcome() before reset()");
    return this.state.outcome();
  }
}
