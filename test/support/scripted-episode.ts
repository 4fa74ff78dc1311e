import type { Scenario } from "../../src/compiler/ir.js";
import { createAgent } from "../../src/runtime/agents/registry.js";
import { createEnv } from "../../src/runtime/environment.js";
import type { EpisodeRecord } from "../../src/runtime/episode.js";
import { runEpisode } from "../../src/runtime/rollout.js";

/** One rollout of a scripted agent (`scripted:oracle`, `scripted:null`, `scripted:random`) against the built-in user, with no system prompt. */
export function playScripted(spec: string, scenario: Scenario, seed = 1, trial = 0): Promise<EpisodeRecord> {
  return runEpisode({ env: createEnv(scenario), agent: createAgent(spec), scenario, seed, trial, user: "builtin", systemPrompt: "" });
}
