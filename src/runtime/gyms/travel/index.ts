import { travelMaxReturn, turnsForMaxReturn } from "../../../compiler/gyms/travel/derive.js";
import type { TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import { travelKnobs, travelRewards } from "../../../compiler/gyms/travel/settings.js";
import type { Scenario } from "../../../compiler/ir.js";
import { envFactories } from "../env-factories.js";
import type { GymRuntime } from "../gym-runtime.js";
import { clipProblem } from "../../settings-checks.js";
import { createTravelSimulator } from "./simulators.js";
import { TRAVEL_CHOICES, TravelEnv } from "./env.js";
import { travelMetrics } from "./metrics.js";
import { travelPlans } from "./plans.js";
import { travelAgentSystemPrompt } from "./prompts.js";
import { RecordedTravelSimulator } from "./recorded-simulator.js";

/** The runtime half of the travel gym: how to build its env, replay it, and prompt agents for it. */
export const travelRuntime: GymRuntime = {
  name: "travel",
  choices: TRAVEL_CHOICES,
  ...envFactories(TravelEnv, createTravelSimulator, RecordedTravelSimulator),
  plans: travelPlans,
  metrics: travelMetrics,
  agentSystemPrompt: () => travelAgentSystemPrompt(TRAVEL_CHOICES),
  settings: { rewards: travelRewards, knobs: travelKnobs },
  checkSettings(scenario) {
    // Every search would fail, so no aspect could be searched (and the maximum return would never be reached).
    const { rewards, knobs } = scenario as TravelScenario;
    const clip = clipProblem(knobs.clip);
    if (clip) return clip;
    if (rewards.correct > rewards.best) return `rewards.correct (${rewards.correct}) is above rewards.best (${rewards.best}): a non-best answer would pay more than the best`;
    if ((scenario as TravelScenario).knobs.search_fail_every === 1) return "knobs.search_fail_every: 1 makes every search fail; use 0 (never) or 2 or more";
    return undefined;
  },
  turnsForMaxReturn: (scenario) => turnsForMaxReturn((scenario as TravelScenario).aspects, (scenario as TravelScenario).knobs),
  rederive(scenario: Scenario): Scenario {
    const travel = scenario as TravelScenario;
    return { ...travel, maxReturn: travelMaxReturn(travel.aspects, travel.rewards, travel.knobs) };
  },
};
