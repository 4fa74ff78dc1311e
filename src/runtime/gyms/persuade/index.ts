import type { PersuadeScenario } from "../../../compiler/gyms/persuade/ir.js";
import { persuadeKnobs, persuadeRewards } from "../../../compiler/gyms/persuade/settings.js";
import type { Scenario } from "../../../compiler/ir.js";
import { envFactories } from "../env-factories.js";
import type { GymRuntime } from "../gym-runtime.js";
import { persuadeMaxReturn, referencePlay } from "../../../compiler/gyms/persuade/derive.js";
import { checkCommonSettings } from "../../settings-checks.js";
import { PERSUADE_CHOICES, PersuadeEnv } from "./env.js";
import { persuadeMetrics } from "./metrics.js";
import { persuadePlans } from "./plans.js";
import { persuadeAgentSystemPrompt } from "./prompts.js";
import { RecordedPersuadeSimulator } from "./recorded-simulator.js";
import { createPersuadeSimulator } from "./simulators.js";

/** The runtime half of the persuade gym. */
export const persuadeRuntime: GymRuntime = {
  name: "persuade",
  choices: PERSUADE_CHOICES,
  ...envFactories(PersuadeEnv, createPersuadeSimulator, RecordedPersuadeSimulator),
  plans: persuadePlans,
  metrics: persuadeMetrics,
  agentSystemPrompt: (scenario) => persuadeAgentSystemPrompt(scenario as PersuadeScenario, PERSUADE_CHOICES),
  settings: { rewards: persuadeRewards, knobs: persuadeKnobs },
  checkSettings: checkCommonSettings,
  turnsForMaxReturn: (scenario) => referencePlay(scenario as PersuadeScenario).turns.length,
  rederive(scenario: Scenario): Scenario {
    const persuade = scenario as PersuadeScenario;
    return { ...persuade, maxReturn: persuadeMaxReturn(persuade) };
  },
};
