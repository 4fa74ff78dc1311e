import { travelMaxReturn, turnsForMaxReturn } from "../../../compiler/gyms/travel/derive.js";
import type { TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import { travelKnobs, travelRewards, travelSettingsProblem } from "../../../compiler/gyms/travel/settings.js";
import type { Scenario } from "../../../compiler/ir.js";
import { envFactories } from "../env-factories.js";
import type { GymRuntime } from "../gym-runtime.js";
import { checkSettingsWith } from "../../settings-checks.js";
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
  checkSettings: checkSettingsWith(travelSettingsProblem),
  turnsForMaxReturn: (scenario) => turnsForMaxReturn((scenario as TravelScenario).aspects, (scenario as TravelScenario).knobs),
  rederive(scenario: Scenario): Scenario {
    const travel = scenario as TravelScenario;
    return { ...travel, maxReturn: travelMaxReturn(travel.aspects, travel.rewards, travel.knobs) };
  },
};
