import type { IntentionScenario } from "../../../compiler/gyms/intention/ir.js";
import { intentionKnobs, intentionRewards } from "../../../compiler/gyms/intention/settings.js";
import type { Scenario } from "../../../compiler/ir.js";
import { envFactories } from "../env-factories.js";
import type { GymRuntime } from "../gym-runtime.js";
import { intentionMaxReturn, referencePlay } from "../../../compiler/gyms/intention/derive.js";
import { checkCommonSettings } from "../../settings-checks.js";
import { INTENTION_CHOICES, IntentionEnv } from "./env.js";
import { intentionMetrics } from "./metrics.js";
import { intentionPlans } from "./plans.js";
import { intentionAgentSystemPrompt } from "./prompts.js";
import { RecordedIntentionSimulator } from "./recorded-simulator.js";
import { createIntentionSimulator } from "./simulators.js";

/** The runtime half of the intention gym. */
export const intentionRuntime: GymRuntime = {
  name: "intention",
  choices: INTENTION_CHOICES,
  ...envFactories(IntentionEnv, createIntentionSimulator, RecordedIntentionSimulator),
  plans: intentionPlans,
  metrics: intentionMetrics,
  agentSystemPrompt: (scenario) => intentionAgentSystemPrompt(scenario as IntentionScenario, INTENTION_CHOICES),
  settings: { rewards: intentionRewards, knobs: intentionKnobs },
  checkSettings: checkCommonSettings,
  turnsForMaxReturn: (scenario) => referencePlay(scenario as IntentionScenario).turns.length,
  rederive(scenario: Scenario): Scenario {
    const intention = scenario as IntentionScenario;
    return { ...intention, maxReturn: intentionMaxReturn(intention) };
  },
};
