import type { SettingSpec } from "../../compiler/gym.js";
import type { Scenario } from "../../compiler/ir.js";
import type { Action, AgentContext, Choice, Env, Judgement } from "../types.js";

/**
 * One summary metric of a gym, computed from the `metrics` counts of its episodes' outcomes
 * (docs/metrics.md): a ratio pools numerator and denominator over the group's episodes; a mean
 * averages one count over the episodes where it is not null; a share is a mean of a value in
 * [0, 1] (a 0/1 flag, say), shown as a percentage. Each is null when empty.
 */
export type MetricSpec =
  | { name: string; kind: "ratio"; numerator: string; denominator: string; doc: string }
  | { name: string; kind: "mean" | "share"; of: string; doc: string };

/**
 * A scripted agent's next action, called once per turn with the previous step's result (none on
 * the first turn). Returning finish ends the episode.
 */
export type ScriptedPolicy = () => Action;

/** The scripted baselines' knowledge of a gym: the oracle reads the hidden state, random is seeded. */
export interface ScriptedPlans {
  oracle(context: AgentContext): ScriptedPolicy;
  random(context: AgentContext): ScriptedPolicy;
}

export interface EnvOptions {
  /** The user simulator's spec: "builtin" (default) or an LLM spec such as "openai:<model>". */
  user?: string;
  /** Passed to the simulator factory (endpoint, cache mode, ...). */
  userOptions?: Record<string, unknown>;
  /** A ready simulator instance, instead of a spec (tests, replays). */
  simulator?: unknown;
  /** Show "Reward: x" in each feedback (training only). */
  showReward?: boolean;
}

/** What the runtime knows of one gym; one entry per gym in registry.ts. */
export interface GymRuntime {
  name: string;
  choices: readonly Choice[];
  createEnv(scenario: Scenario, options: EnvOptions): Env;
  /** The user simulator for a spec; one instance may serve many envs of this gym (pass it as EnvOptions.simulator). */
  createSimulator(user: string, options?: Record<string, unknown>): unknown;
  /** An env whose simulator answers from recorded judgements: `feed` each step's judgements before stepping it. */
  createReplayEnv(scenario: Scenario): { env: Env; feed(judgements: readonly Judgement[]): void; finish(): void };
  /** How scripted:oracle and scripted:random play this gym. */
  plans: ScriptedPlans;
  /** This gym's summary metrics, in the order they are reported. */
  metrics: MetricSpec[];
  /** The system prompt an agent gets for this scenario. */
  agentSystemPrompt(scenario: Scenario): string;
  /** The compiler's setting specs (types, bounds, docs), so run-time overrides obey the same limits as files. */
  settings: { rewards: Record<string, SettingSpec>; knobs: Record<string, SettingSpec> };
  /** A problem with settings that type-check but cannot run (checked after run-time overrides), or undefined. */
  checkSettings(scenario: Scenario): string | undefined;
  /** The turns a perfect agent needs to reach maxReturn (for the play check's report). */
  turnsForMaxReturn(scenario: Scenario): number;
  /** Recomputes the IR's derived values that depend on rewards and knobs (after run-time overrides). */
  rederive(scenario: Scenario): Scenario;
}
