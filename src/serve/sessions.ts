import { randomUUID } from "node:crypto";
import type { Scenario } from "../compiler/ir.js";
import { episodeFactory } from "../runtime/episode-factory.js";
import { LlmClient } from "../runtime/llm/client.js";
import { deriveSeed } from "../runtime/rng.js";
import { EpisodeOverError, type Action, type Env, type StepResult } from "../runtime/types.js";
import { MemoryBudget, type SessionBudget } from "./memory-budget.js";
import { StepTimeout, withTimeout, type StepErrorPolicy } from "./step-errors.js";
import type { ActionInput, ErrorCode, ResetData, ServeObservation, ServeState } from "./messages.js";

/**
 * Sessions of `ubc serve`: each holds one env (one episode at a time), its steps run one after
 * another, and the manager enforces the session limit and the idle TTL with an injectable clock.
 */

/** An error a client sees: a protocol code and the HTTP status it maps to. */
export class ServeError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ServeError";
  }
}

export interface StepReply {
  observation: ServeObservation;
  reward: number;
  done: boolean;
  info: Record<string, number>;
}

export interface SessionOptions {
  scenarios: readonly Scenario[];
  /** Builds the env of a scenario (one shared simulator per gym, say). */
  createEnv(scenario: Scenario): Env;
  /** Bounds the episode text sessions hold (default: memory-budget.ts's defaults). */
  memory?: MemoryBudget;
  /** Milliseconds a step may take before the episode is abandoned (0 or absent: no limit). */
  stepTimeoutMs?: number;
  /**
   * What a failed step (the env threw, the LLM user failed, the step timed out) answers
   * (step-errors.ts). The episode is abandoned either way.
   */
  onStepError?: StepErrorPolicy;
  /** The seeds of resets that name none; shared by the server's sessions (default: the sequence of seed 0). */
  seeds?: SeedSequence;
}

/**
 * Seeds for resets that name none (OpenEnv's `seed` is optional): the next of a sequence derived
 * from the server's `--seed`, never Math.random, so a server started again with the same seed
 * hands out the same seeds in the same order. `state.seed` reports the one drawn.
 */
export class SeedSequence {
  private drawn = 0;

  constructor(readonly base = 0) {}

  next(): number {
    return deriveSeed("serve-reset", this.base, this.drawn++);
  }
}

/** Requests one session may have queued or running at once (an OpenEnv client has one). */
export const MAX_QUEUED = 8;

/** The bytes an action adds to the episode's text (its JSON form: content, thought and all). */
function actionBytes(action: ActionInput): number {
  return Buffer.byteLength(typeof action === "string" ? action : JSON.stringify(action));
}

export class Session {
  private env: Env | undefined;
  private scenario: Scenario | undefined;
  private seed: number | null = null;
  private episodeId: string | null = null;
  private stepCount = 0;
  private total = 0;
  private done = false;
  private choices: string[] = [];
  private counters: Record<string, number> = {};
  /** Why the episode was abandoned (the user simulator or the env failed mid-step), or null. */
  private failure: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Steps queued or running. */
  pending = 0;
  private readonly budget: SessionBudget;
  private readonly seeds: SeedSequence;

  constructor(
    readonly id: string,
    private readonly options: SessionOptions,
    public lastUsed: number,
  ) {
    this.budget = (options.memory ?? new MemoryBudget()).session();
    this.seeds = options.seeds ?? new SeedSequence();
  }

  /** Bytes of episode text the session holds (the actions of its current episode). */
  get bytesHeld(): number {
    return this.budget.bytesHeld;
  }

  /** Gives the session's episode text back to the server's budget (it is being released). */
  dispose(): void {
    this.budget.clear();
  }

  /** Runs `work` after the session's earlier work, one at a time. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    // A client that sends without waiting for replies would otherwise queue without bound, each queued step holding its action.
    if (this.pending >= MAX_QUEUED) return Promise.reject(new ServeError("CAPACITY_REACHED", 429, `the session already has ${MAX_QUEUED} requests waiting; wait for their replies before sending more`));
    this.pending++;
    const run = this.queue.then(work, work);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => this.pending--);
  }

  private pick(data: ResetData, seed: number): Scenario {
    const { scenarios } = this.options;
    if (data.scenario_id !== undefined) {
      const found = scenarios.find((s) => s.id === data.scenario_id);
      if (!found) throw new ServeError("VALIDATION_ERROR", 400, `scenario_id: unknown scenario '${data.scenario_id}' (GET /ubench/scenarios lists them)`);
      return found;
    }
    return scenarios[seed % scenarios.length]!;
  }

  reset(data: ResetData): Promise<{ observation: ServeObservation }> {
    return this.serial(async () => {
      const seed = data.seed ?? this.seeds.next();
      const scenario = this.pick(data, seed);
      const env = this.options.createEnv(scenario);
      let result;
      try {
        result = await env.reset({ seed });
      } catch (error) {
        throw new ServeError("EXECUTION_ERROR", 500, `reset failed: ${(error as Error).message}`);
      }
      Object.assign(this, { env, scenario, seed, episodeId: data.episode_id ?? randomUUID(), stepCount: 0, total: 0, done: false, counters: {}, failure: null });
      this.budget.clear();
      this.choices = [...result.info.choices];
      return { observation: this.observation(result.observation.feedback, result.observation.turn, result.observation.maxTurns) };
    });
  }

  step(action: ActionInput): Promise<StepReply> {
    return this.serial(async () => {
      const env = this.env;
      if (!env) throw new ServeError("SESSION_ERROR", 409, "no episode yet: reset before step");
      if (this.failure !== null) throw new ServeError("SESSION_ERROR", 409, `the episode was abandoned (${this.failure}); reset to start another`);
      if (this.done) throw new ServeError("SESSION_ERROR", 409, "the episode is over; reset to start another");
      const charged = this.budget.charge(actionBytes(action));
      if (!charged.ok) throw new ServeError("CAPACITY_REACHED", charged.scope === "session" ? 413 : 503, charged.message);
      let result: StepResult;
      try {
        result = await withTimeout(env.step(action as Action | string), this.options.stepTimeoutMs);
      } catch (error) {
        if (error instanceof EpisodeOverError) throw new ServeError("SESSION_ERROR", 409, error.message);
        // The env stopped halfway through the step (or is still in it), so its state cannot be trusted any more.
        if (error instanceof StepTimeout) {
          const seconds = this.options.stepTimeoutMs! / 1000;
          return this.failStep(`the step took longer than ${seconds} s (--step-timeout)`, 504, `the step took longer than ${seconds} s (--step-timeout); the episode is abandoned, reset to start another`);
        }
        return this.failStep(`step failed: ${(error as Error).message}`, 500, `step failed: ${(error as Error).message}; the episode is abandoned, reset to start another`);
      }
      this.stepCount++;
      this.counters = { ...result.info.counters };
      // An LLM user simulator that failed (after its retries) or answered garbage leaves a fallback
      // judgement: the step got a neutral stand-in instead of the user's reply, and its reward is
      // not what the agent's action earned. ubc eval counts these in its results; a server has no
      // results, so the client is told at once and the episode ends rather than train on it.
      const fallbacks = result.info.judgements.filter((j) => j.source === "fallback");
      if (fallbacks.length > 0) {
        const reasons = [...new Set(fallbacks.map((j) => `${j.kind}: ${j.fallbackReason ?? "no usable reply"}`))].join("; ");
        if (this.options.onStepError !== "end") this.total += result.reward;
        return this.failStep(`the user simulator failed (${reasons})`, 502, `the user simulator failed at step ${this.stepCount} (${reasons}); the episode is abandoned, reset to start another`, true);
      }
      this.total += result.reward;
      this.done = result.terminated || result.truncated;
      const o = result.observation;
      return { observation: this.observation(o.feedback, o.turn, o.maxTurns), reward: result.reward, done: this.done, info: { ...this.counters } };
    });
  }

  /**
   * Abandons the episode after a failed step and answers the step per onStepError: an error, or
   * (with "end") an ordinary last step whose reward is 0 and whose feedback says what failed.
   * `counted`: the step is already in stepCount.
   */
  private failStep(reason: string, status: number, message: string, counted = false): StepReply {
    this.abandon(reason);
    if (this.options.onStepError !== "end") throw new ServeError("EXECUTION_ERROR", status, message);
    if (!counted) this.stepCount++;
    const maxTurns = this.scenario?.knobs.max_turns ?? this.stepCount;
    return { observation: this.observation(`${reason}; the episode is over (reward 0 for this step)`, this.stepCount, maxTurns), reward: 0, done: true, info: { ...this.counters } };
  }

  private abandon(reason: string): void {
    this.failure = reason;
    this.done = true;
  }

  private observation(feedback: string, turn: number, maxTurns: number): ServeObservation {
    return { feedback, turn, max_turns: maxTurns, choices: this.choices, scenario_id: this.scenario?.id ?? "", metadata: { counters: { ...this.counters } } };
  }

  get started(): boolean {
    return this.env !== undefined;
  }

  state(): ServeState {
    return {
      episode_id: this.episodeId,
      step_count: this.stepCount,
      scenario_id: this.scenario?.id ?? null,
      gym: this.scenario?.gym ?? null,
      seed: this.seed,
      return: this.total,
      done: this.done,
      counters: { ...this.counters },
      error: this.failure,
    };
  }

  /** The return so far, the gym's score (0..1), whether the episode is over, and why it was abandoned (or null). */
  reward(): { return: number; score: number; done: boolean; error: string | null } {
    if (!this.env || !this.scenario) throw new ServeError("SESSION_ERROR", 409, "no episode yet: reset first");
    const max = this.scenario.maxReturn;
    const score = this.env.outcome ? this.env.outcome().score : max > 0 ? this.total / max : 0;
    return { return: this.total, score, done: this.done, error: this.failure };
  }

  /** Resolves when queued work has finished. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}

export interface ManagerOptions extends SessionOptions {
  maxSessions: number;
  /** Idle time after which a session is released, in ms (0 = never). */
  ttlMs: number;
  /** Milliseconds now; tests inject their own. */
  clock?: () => number;
}

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly clock: () => number;
  /** Called with each session released by the TTL (the WebSocket layer closes its socket). */
  onExpire: (session: Session) => void = () => {};

  constructor(private readonly options: ManagerOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** A new session, or CAPACITY_REACHED when the limit is reached (expired ones are swept first). */
  open(): Session {
    if (this.sessions.size >= this.options.maxSessions) this.sweep();
    if (this.sessions.size >= this.options.maxSessions) throw new ServeError("CAPACITY_REACHED", 503, `the server holds its maximum of ${this.options.maxSessions} sessions; release one or retry later`);
    const session = new Session(randomUUID(), this.options, this.clock());
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id (touching it), or a 404 SESSION_ERROR. */
  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session || this.expired(session)) {
      if (session) this.expire(session);
      throw new ServeError("SESSION_ERROR", 404, `unknown session '${id}' (released, expired or never created)`);
    }
    session.lastUsed = this.clock();
    return session;
  }

  touch(session: Session): void {
    session.lastUsed = this.clock();
  }

  release(id: string): boolean {
    this.sessions.get(id)?.dispose();
    return this.sessions.delete(id);
  }

  private expired(session: Session): boolean {
    return this.options.ttlMs > 0 && session.pending === 0 && this.clock() - session.lastUsed > this.options.ttlMs;
  }

  private expire(session: Session): void {
    session.dispose();
    this.sessions.delete(session.id);
    this.onExpire(session);
  }

  /** Releases every idle session past its TTL; returns their ids. */
  sweep(): string[] {
    const gone: string[] = [];
    for (const session of [...this.sessions.values()]) {
      if (this.expired(session)) {
        this.expire(session);
        gone.push(session.id);
      }
    }
    return gone;
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  /** Steps queued or running across sessions. */
  get inFlight(): number {
    let n = 0;
    for (const s of this.sessions.values()) n += s.pending;
    return n;
  }
}

export interface EnvFactory {
  (scenario: Scenario): Env;
  /** The simulators made so far, one per gym. */
  simulators(): unknown[];
}

/**
 * Shares one user simulator per gym among all envs of the server (the runtime's episode factory),
 * made from the same spec and options as `ubc eval --user` (the gym's createSimulator reads them:
 * openai:<model>, baseURL, cache, temperature, ...). The gyms of `scenarios` get theirs at once,
 * so a bad spec or option fails when the server starts rather than in every session.
 */
export function envFactory(user: string, userOptions: Record<string, unknown> = {}, scenarios: readonly Scenario[] = []): EnvFactory {
  const episodes = episodeFactory({ scenarios, user, userOptions });
  return Object.assign((scenario: Scenario): Env => episodes.env(scenario), { simulators: episodes.simulators });
}

/** The LLM client behind a simulator (openai:<model>), or undefined for the built-in one. */
export function llmClientOf(simulator: unknown): LlmClient | undefined {
  const llm = simulator !== null && typeof simulator === "object" && "llm" in simulator ? (simulator as { llm: unknown }).llm : undefined;
  return llm instanceof LlmClient ? llm : undefined;
}
