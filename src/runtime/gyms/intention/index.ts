import type { IntentionScenario } from "../../../compiler/gyms/intention/ir.js";
import { intentionKnobs, intentionRewards } from "../../../compiler/gyms/intention/settings.js";
import type { Scenario } from "../../../compiler/ir.js";
import type { GymRuntime } from "../gym-runtime.js";
import { intentionMaxReturn, referencePlay } from "../../../compiler/gyms/intention/derive.js";
import { clipProblem } from "../../settings-checks.js";
import { INTENTION_CHOICES, IntentionEnv } from "./env.js";
import { intentionMetrics } from "./metrics.js";
import { intentionPlans } from "./plans.js";
import { intentionAgentSystemPrompt } from "./prompts.js";
import { RecordedIntentionSimulator } from "./recorded-simulator.js";
import type { IntentionSimulator } from "./simulator.js";
import { createIntentionSimulator } from "./simulators.js";

/** The runtime half of the intention gym. */
export const intentionRuntime: GymRuntime = {
  name: "intention",
  choices: INTENTION_CHOICES,
  createEnv(scenario, options) {
    const simulator = (options.simulator as IntentionSimulator | undefined) ?? createIntentionSimulator(options.user ?? "builtin", options.userOptions);
    return new IntentionEnv(scenario as IntentionScenario, { simulator, showReward: options.showReward ?? false });
  },
  createSimulator: (user, options) => createIntentionSimulator(user, options),
  createReplayEnv(scenario) {
    const simulator = new RecordedIntentionSimulator();
    return { env: new IntentionEnv(scenario as IntentionScenario, { simulator }), feed: (j) => simulator.feed(j), finish: () => simulator.finish() };
  },
  plans: intentionPlans,
  metrics: intentionMetrics,
  agentSystemPrompt: (scenario) => intentionAgentSystemPrompt(scenario as IntentionScenario, INTENTION_CHOICES),
  settings: { rewards: intentionRewards, knobs: intentionKnobs },
  checkSettings: (scenario) => clipProblem((scenario as IntentionScenario).knobs.clip),
  turnsForMaxReturn: (scenario) => referencePlay(scenario as IntentionScenario).turns.length,
  rederive(scenario: Scenario): Scenario {
    const intention = scenario as IntentionScenario;
    return { ...intention, maxReturn: intentionMaxReturn(intention) };
  },
};
