import { round6 } from "../../../round6.js";
import { clipReward } from "../../../compiler/rewards.js";
import type { TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import { GymEnv, type GymEnvOptions } from "../../gym-env.js";
import type { ReadAction, StepOutcome } from "../../step-frame.js";
import { pick } from "../../rng.js";
import type { Choice, Rng } from "../../types.js";
import { handleAnswer } from "./answer.js";
import type { HandlerResult } from "./handler.js";
import { replies } from "./replies.js";
import { handleSearch } from "./search.js";
import type { TravelSimulator } from "./simulator.js";
import { TravelState } from "./state.js";
import { handleUtterance } from "./utterance.js";

export const TRAVEL_CHOICES: readonly Choice[] = ["search", "action", "answer", "finish"];

export interface TravelEnvOptions extends GymEnvOptions {
  simulator: TravelSimulator;
}

/**
 * The travel gym (UserBench's TravelGym with its defects fixed; docs/compat.md). The simulator
 * only judges and talks; every reward is decided here from its judgements, so an episode is a
 * pure function of (IR, seed, actions, judgements).
 */
export class TravelEnv extends GymEnv<TravelScenario, TravelState, TravelEnvOptions> {
  protected override readonly choices = TRAVEL_CHOICES;
  protected override readonly turnLimit = replies.turnLimit;

  protected override open(mechanics: Rng, user: Rng): { state: TravelState; opening: string } {
    // The state keeps the mechanics' stream for its own later draws, after the opening's.
    const state = new TravelState(this.scenario, mechanics, user);
    return { state, opening: pick(mechanics, this.scenario.opening) };
  }

  protected override async play(state: TravelState, { action, refused }: ReadAction): Promise<StepOutcome> {
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
    return { ...result, reward: round6(clipReward(result.reward + this.scenario.rewards.step, this.scenario.knobs.clip)) };
  }
}
