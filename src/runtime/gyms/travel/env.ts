import { clipReward, round } from "../../../compiler/rewards.js";
import type { TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import { closeStep, readAction } from "../../step-frame.js";
import { pick, streamRng } from "../../rng.js";
import { EpisodeOverError, type Action, type Choice, type Env, type EpisodeOutcome, type ResetResult, type StepResult } from "../../types.js";
import { handleAnswer } from "./answer.js";
import type { HandlerResult } from "./handler.js";
import { replies } from "./replies.js";
import { handleSearch } from "./search.js";
import type { TravelSimulator } from "./simulator.js";
import { TravelState } from "./state.js";
import { handleUtterance } from "./utterance.js";

export const TRAVEL_CHOICES: readonly Choice[] = ["search", "action", "answer", "finish"];

export interface TravelEnvOptions {
  simulator: TravelSimulator;
  /** Append "Reward: x" to each feedback, as the seed does during training (never in evaluation). */
  showReward?: boolean;
}

/**
 * The travel gym (UserBench's TravelGym with its defects fixed; docs/compat.md). The simulator
 * only judges and talks; every reward is decided here from its judgements, so an episode is a
 * pure function of (IR, seed, actions, judgements).
 */
export class TravelEnv implements Env {
  private state: TravelState | undefined;

  constructor(
    readonly scenario: TravelScenario,
    private readonly options: TravelEnvOptions,
  ) {}

  async reset({ seed }: { seed: number }): Promise<ResetResult> {
    const rng = streamRng(seed, "mechanics");
    this.state = new TravelState(this.scenario, rng, streamRng(seed, "user"));
    const opening = pick(rng, this.scenario.opening);
    return {
      observation: { feedback: opening, turn: 0, maxTurns: this.scenario.knobs.max_turns },
      info: { scenarioId: this.scenario.id, gym: this.scenario.gym, seed, choices: [...TRAVEL_CHOICES] },
    };
  }

  async step(input: Action | string): Promise<StepResult> {
    const state = this.state;
    if (!state || state.over) throw new EpisodeOverError();
    state.turn++;
    const { action, refused } = readAction(input, TRAVEL_CHOICES);

    let result: HandlerResult;
    if (action === null) {
      state.invalidTurns++;
      result = { reward: 0, feedback: replies.invalid(refused), judgements: [], invalid: refused };
    } else {
      switch (action.choice) {
        case "search":
          result = await handleSearch(state, this.options.simulator, action.content);
          break;
        case "action":
          result = await handleUtterance(state, this.options.simulator, action.content);
          break;
        case "answer":
          result = handleAnswer(state, action.content);
          break;
        case "finish":
          result = { reward: 0, feedback: replies.finish, judgements: [], terminated: true };
          break;
      }
    }

    const reward = round(clipReward(result.reward + this.scenario.rewards.step, this.scenario.knobs.clip));
    return closeStep(state, action, { ...result, reward }, { maxTurns: this.scenario.knobs.max_turns, showReward: this.options.showReward === true, turnLimit: replies.turnLimit });
  }

  outcome(): EpisodeOutcome {
    if (!this.state) throw new Error("outcome() before reset()");
    return this.state.outcome();
  }
}
