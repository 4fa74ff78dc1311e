import type { Action, Judgement } from "./types.js";

/** One turn of an episode log (episodes.jsonl). */
export interface TurnLog {
  turn: number;
  /** The action as the env understood it; null when the agent's output could not be understood. */
  action: Action | null;
  /** The agent's raw output (text or tool-call JSON). */
  raw: string;
  /** Why the agent's output was not an action (agent side) or was refused (env side). */
  invalid?: string;
  feedback: string;
  reward: number;
  judgements: Judgement[];
  counters: Record<string, number>;
  terminated: boolean;
  truncated: boolean;
  /** Tool calls the agent made this turn beyond the one executed (absent when none). */
  ignoredToolCalls?: number;
  outputTokens?: number;
  promptTokens?: number;
}

export type EpisodeStatus = "terminated" | "truncated" | "error";

/**
 * Everything needed to audit or re-score an episode: which scenario (id and hash) ran with which
 * seed, every turn with the judgements behind its reward, and the totals. No wall-clock values,
 * so equal inputs give byte-equal records.
 */
export interface EpisodeRecord {
  scenarioId: string;
  gym: string;
  hash: string;
  shape: string;
  trial: number;
  seed: number;
  agent: string;
  user: string;
  maxReturn: number;
  opening: string;
  turns: TurnLog[];
  status: EpisodeStatus;
  /** The agent's error, when status is "error". */
  error?: string;
  return: number;
  score: number;
  success: boolean;
  terminated: boolean;
  truncated: boolean;
  turnCount: number;
  invalidTurns: number;
  simulatorFallbacks: number;
  agentErrors: number;
  /** The gym's outcome counts (docs/metrics.md). */
  metrics: Record<string, number | null>;
}
