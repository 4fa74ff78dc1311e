import type { Scenario } from "../compiler/ir.js";

/**
 * The runtime's contracts. An environment runs one compiled scenario (IR) as a Gym-style episode;
 * a simulator plays the user and the judges; an agent chooses actions. The runtime depends on the
 * IR types only, never on the parser.
 */

export type Choice = "search" | "action" | "answer" | "finish";

/** What the agent does in one turn (interfaces.md: the `interact_with_env` tool). */
export interface Action {
  choice: Choice;
  content: string;
  thought?: string;
}

/** Where a judgement came from: a rule of the built-in simulator, an LLM, or a fallback after a failure. */
export type JudgementSource = "builtin" | "llm" | "fallback" | "rule";

/**
 * A judgement is everything the reward depends on besides the IR, seed and actions. It is
 * recorded with each step, so an episode can be re-scored without any simulator.
 */
export interface Judgement {
  /** Gym-specific kind, e.g. "search", "utterance", "answer", "stance", "coverage". */
  kind: string;
  source: JudgementSource;
  /** Gym-specific payload: plain JSON. */
  value: Record<string, unknown>;
  /** Present when source is "fallback": why the simulator's answer could not be used. */
  fallbackReason?: string;
}

export interface Observation {
  /** The feedback text shown to the agent (the tool reply). */
  feedback: string;
  turn: number;
  maxTurns: number;
}

export interface ResetResult {
  observation: Observation;
  info: { scenarioId: string; gym: string; seed: number; choices: Choice[] };
}

export interface StepInfo {
  /** The action as understood (normalised), or null when the output could not be understood (see `invalid`). */
  action: Action | null;
  judgements: Judgement[];
  /** Gym-specific counters after this step (searches, elicited preferences, ...). */
  counters: Record<string, number>;
  /** The action could not be understood (malformed bracket text, unknown choice); the turn is spent. */
  invalid?: string;
}

export interface StepResult {
  observation: Observation;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: StepInfo;
}

/** How an episode went by its gym's own measure; eval aggregates these into metrics (docs/metrics.md). */
export interface EpisodeOutcome {
  /** 0..1 for a sound episode; 1.0 is a success (travel: every aspect's best option answered). */
  score: number;
  /** Gym-specific counts and values (travel: aspects, bestAspects, preferences, elicitedActive, ...); null = not applicable. */
  metrics: Record<string, number | null>;
}

/** A Gym-style environment over one compiled scenario. */
export interface Env {
  readonly scenario: Scenario;
  reset(options: { seed: number }): Promise<ResetResult>;
  /**
   * An action object or its bracketed text form (`[search] ...`). `unreadable`: why the agent could
   * not read its own output as an action; when the env cannot either, the turn is refused with
   * this reason (in the feedback and StepInfo.invalid). Stepping a finished episode throws EpisodeOverError.
   */
  step(action: Action | string, unreadable?: string): Promise<StepResult>;
  /** The outcome of the current episode so far (final once it is over). Optional: rollout falls back to return / maxReturn. */
  outcome?(): EpisodeOutcome;
}

export class EpisodeOverError extends Error {
  constructor() {
    super("the episode is over; call reset() before step()");
    this.name = "EpisodeOverError";
  }
}

/** A seeded random source (see rng.ts); everything random in an episode draws from one. */
export interface Rng {
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** A float in [0, 1). */
  float(): number;
}

/**
 * One finished turn, as agents and LLM simulators see the conversation so far. Turns whose output
 * could not be understood (StepInfo.invalid with a null action) are not part of this history.
 */
export interface TurnRecord {
  action: Action;
  feedback: string;
  reward: number;
}

// ── agents ──────────────────────────────────────────────────────────────────────────────────

export interface AgentContext {
  scenario: Scenario;
  seed: number;
  choices: Choice[];
  /** The gym's system prompt for agents (describes the task and the allowed choices). */
  systemPrompt: string;
  rng: Rng;
}

/** What an agent produced in one turn. */
export interface AgentTurn {
  /** The action to take, or null when the agent's output could not be understood (an invalid turn). */
  action: Action | null;
  /** The agent's raw output (text or the tool call's JSON), for the episode log. */
  raw: string;
  /** Why the output was not an action. */
  invalid?: string;
  /** Tool calls the model made beyond the one acted on (only one is executed per turn). */
  ignoredToolCalls?: number;
  /** Token counts of the agent's output, when the policy reports them (RL uses them). */
  outputTokens?: number;
  promptTokens?: number;
}

export interface AgentEpisode {
  /** Called with the observation after reset, then after each step. */
  act(observation: Observation, history: readonly TurnRecord[]): Promise<AgentTurn>;
}

export interface Agent {
  readonly spec: string;
  begin(context: AgentContext): Promise<AgentEpisode>;
}
