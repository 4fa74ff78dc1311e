import { round6 } from "../round6.js";
import type { Scenario } from "../compiler/ir.js";
import { createEnv } from "../runtime/environment.js";
import { episodeFactory } from "../runtime/episode-factory.js";
import { EpisodeOverError, type Env, type StepResult } from "../runtime/types.js";
import { emptyRevealed, type GymLens, type HiddenItem, type Probe, type Revealed } from "./lens.js";
import { lensFor } from "./lenses/index.js";

/**
 * One `ubc play` episode: the author types the agent's actions, the env answers with the chosen
 * user. Each turn keeps the env's step result, what the built-in rules make of its question (the
 * probe, shown as the "why") and what it revealed. `undo` replays the episode from reset with one
 * action fewer, the user answering from the judgements recorded with each turn: the env is a pure
 * function of (IR, seed, actions, judgements), so the replay lands exactly where the episode was
 * a turn earlier, and an LLM user is not asked again (nor could answer differently).
 */

export interface SessionOptions {
  scenario: Scenario;
  seed: number;
  /** User simulator spec: "builtin" or "openai:<model>". */
  user: string;
  userOptions?: Record<string, unknown>;
}

export interface PlayedTurn {
  /** What the author typed. */
  input: string;
  step: StepResult;
  /** The built-in rules' reading of the turn's question or argument (only with the built-in user, whose rules it shows). */
  probe?: Probe;
  /** Labels of the items this turn revealed. */
  revealedNow: string[];
  /** The return after this turn. */
  total: number;
}

export class PlaySession {
  readonly lens: GymLens;
  /** The user simulator, made once; every env of the session talks to it once a replay is done. */
  private readonly user: unknown;
  private env!: Env;
  private revealed: Revealed = emptyRevealed();
  private played: PlayedTurn[] = [];
  private openingText = "";

  private constructor(readonly options: SessionOptions) {
    this.lens = lensFor(options.scenario);
    // The episode factory's simulator for the gym; each env of the session gets it through the replay proxy below.
    this.user = episodeFactory({ scenarios: [options.scenario], user: options.user, ...(options.userOptions !== undefined && { userOptions: options.userOptions }) }).simulator(options.scenario);
  }

  static async start(options: SessionOptions): Promise<PlaySession> {
    const session = new PlaySession(options);
    await session.restart([]);
    return session;
  }

  get scenario(): Scenario {
    return this.options.scenario;
  }

  get opening(): string {
    return this.openingText;
  }

  get turns(): readonly PlayedTurn[] {
    return this.played;
  }

  get total(): number {
    return this.played.at(-1)?.total ?? 0;
  }

  get over(): boolean {
    const last = this.played.at(-1)?.step;
    return last !== undefined && (last.terminated || last.truncated);
  }

  get turnsLeft(): number {
    return this.scenario.knobs.max_turns - this.played.length;
  }

  /** Plays one action (bracketed text or tool-call JSON); an unreadable one is an invalid turn, as for any agent. */
  async act(input: string): Promise<PlayedTurn> {
    if (this.over) throw new EpisodeOverError();
    const step = await this.env.step(input);
    const action = step.info.action;
    // Rounded as the rollout rounds an episode's return, so 0.1 + 0.2 reads 0.3.
    const turn: PlayedTurn = { input, step, revealedNow: [], total: round6(this.total + step.reward) };
    // The probe reads the state before this turn's reveals, as the simulator did.
    if (this.options.user === "builtin" && action?.choice === this.lens.asks) turn.probe = this.lens.probe(this.scenario, action.content, this.revealed);
    turn.revealedNow = this.lens.track(this.scenario, this.revealed, step.info.judgements, step.observation.turn);
    this.played.push(turn);
    return turn;
  }

  /** Steps back one turn (false when there is none): a fresh reset with the same seed, then every action but the last. */
  async undo(): Promise<boolean> {
    if (this.played.length === 0) return false;
    await this.restart(this.played.slice(0, -1));
    return true;
  }

  /** The built-in rules' reading of a question in the episode as it stands, without playing it. */
  probe(question: string): Probe {
    return this.lens.probe(this.scenario, question, this.revealed);
  }

  hidden(): HiddenItem[] {
    return this.lens.hidden(this.scenario, this.revealed);
  }

  /** A fresh reset with the session's seed, then the given turns again, the user answering each from its recorded judgements. */
  private async restart(turns: readonly PlayedTurn[]): Promise<void> {
    const replay = this.lens.recorded();
    let replaying = true;
    // While replaying, the env's simulator calls go to the recorded simulator; then to the live user.
    const simulator = new Proxy(this.user as object, {
      get: (_target, property) => {
        const source = (replaying ? replay : this.user) as object;
        const value: unknown = Reflect.get(source, property);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(source) : value;
      },
    });
    this.env = createEnv(this.scenario, { simulator });
    this.revealed = emptyRevealed();
    this.played = [];
    const reset = await this.env.reset({ seed: this.options.seed });
    this.openingText = reset.observation.feedback;
    for (const turn of turns) {
      replay.feed(turn.step.info.judgements);
      await this.act(turn.input);
    }
    // Every recorded judgement was used, or the replay did not follow the episode (a bug, thrown).
    replay.finish();
    replaying = false;
  }
}
