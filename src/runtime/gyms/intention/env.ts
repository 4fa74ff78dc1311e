import type { IntentionDetail, IntentionScenario } from "../../../compiler/gyms/intention/ir.js";
import { closeStep, readAction } from "../../step-frame.js";
import { pick, streamRng } from "../../rng.js";
import { EpisodeOverError, type Action, type Choice, type Env, type EpisodeOutcome, type Judgement, type JudgementSource, type ResetResult, type StepResult } from "../../types.js";
import { ReplayMismatchError } from "../../replay-error.js";
import { intentionStepReward } from "../../../compiler/gyms/intention/derive.js";
import { replies } from "./replies.js";
import type { IntentionSimulator } from "./simulator.js";
import { IntentionState } from "./state.js";

export const INTENTION_CHOICES: readonly Choice[] = ["action", "finish"];

export interface IntentionEnvOptions {
  simulator: IntentionSimulator;
  /** Append "Reward: x" to each feedback (training only). */
  showReward?: boolean;
}

interface Turn {
  covered: IntentionDetail[];
  feedback: string;
  judgements: Judgement[];
  terminated?: boolean;
  invalid?: string;
}

/**
 * The intention gym (UserRL's IntentionGym with its double counting fixed). The opening is the
 * vague task; each `[action]` is a question. A judge says which remaining details it covers;
 * each detail counts once ever, however often a judgement names it. Reward: the most important
 * newly covered detail's reward, less rewards.extra per further one (floored at 0), plus
 * rewards.step, clipped. Covering every detail ends the episode.
 */
export class IntentionEnv implements Env {
  private state: IntentionState | undefined;

  constructor(
    readonly scenario: IntentionScenario,
    private readonly options: IntentionEnvOptions,
  ) {}

  async reset({ seed }: { seed: number }): Promise<ResetResult> {
    const rng = streamRng(seed, "mechanics");
    const task = pick(rng, this.scenario.task);
    // What the user has in mind this episode: one of each detail's answers, fixed at reset.
    const intent = new Map(this.scenario.details.map((d) => [d.id, d.answers.length > 0 ? pick(rng, d.answers) : null]));
    this.state = new IntentionState(this.scenario, intent, streamRng(seed, "user"));
    return {
      observation: { feedback: task, turn: 0, maxTurns: this.scenario.knobs.max_turns },
      info: { scenarioId: this.scenario.id, gym: this.scenario.gym, seed, choices: [...INTENTION_CHOICES] },
    };
  }

  async step(input: Action | string): Promise<StepResult> {
    const state = this.state;
    if (!state || state.over) throw new EpisodeOverError();
    state.turn++;
    const { action, refused } = readAction(input, INTENTION_CHOICES);

    let turn: Turn;
    if (action === null) {
      state.invalidTurns++;
      turn = { covered: [], feedback: replies.invalid(refused), judgements: [], invalid: refused };
    } else if (action.choice === "finish") {
      turn = { covered: [], feedback: replies.finish, judgements: [], terminated: true };
    } else {
      turn = await this.ask(state, action.content);
    }

    const reward = intentionStepReward(this.scenario, turn.covered.map((d) => d.importance));
    return closeStep(state, action, { ...turn, reward }, { maxTurns: this.scenario.knobs.max_turns, showReward: this.options.showReward === true, turnLimit: replies.turnLimit });
  }

  outcome(): EpisodeOutcome {
    if (!this.state) throw new Error("outcome() before reset()");
    return this.state.outcome();
  }

  private async ask(state: IntentionState, question: string): Promise<Turn> {
    const { scenario } = this;
    const simulator = this.options.simulator;
    state.questions++;
    const remaining = state.remaining();
    const base = { scenario, question, remaining, history: state.history };
    const judgement = await safeCoverage(() => simulator.judgeQuestion(base));
    if (judgement.source === "fallback") {
      state.fallbacks++;
      return { covered: [], feedback: replies.neutral, judgements: [judgement] };
    }
    // Each remaining detail once, however often the judgement names it; other ids are ignored.
    const named = new Set(judgement.value.covered as string[]);
    const covered = remaining.filter((d) => named.has(d.id));
    const onTask = judgement.value.onTask === true || covered.length > 0;

    const reply = await safeReply(simulator.spec === "builtin" ? "builtin" : "llm", () => simulator.reply({ ...base, covered, onTask, intent: state.intent, rng: state.userRng }));
    if (reply.judgement.source === "fallback") {
      // Nothing was said, so nothing was revealed: the question covers nothing.
      state.fallbacks++;
      return { covered: [], feedback: replies.neutral, judgements: [judgement, reply.judgement] };
    }
    for (const d of covered) state.covered.set(d.id, state.turn);
    if (onTask) state.onTaskQuestions++;
    const judgements = [judgement, reply.judgement];
    if (state.allCovered()) return { covered, feedback: `${reply.text}\n${replies.allCovered}`, judgements, terminated: true };
    return { covered, feedback: reply.text, judgements };
  }
}

/** A judge call made safe to act on: an error, another kind or a malformed value becomes a counted fallback (nothing covered). */
async function safeCoverage(call: () => Promise<Judgement>): Promise<Judgement> {
  let judgement: Judgement;
  try {
    judgement = await call();
  } catch (error) {
    if (error instanceof ReplayMismatchError) throw error;
    return { kind: "coverage", source: "fallback", value: { onTask: false, covered: [] }, fallbackReason: `simulator error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (judgement.source === "fallback") return { ...judgement, kind: "coverage" };
  const value = judgement.value ?? {};
  const reject = (reason: string): Judgement => ({ kind: "coverage", source: "fallback", value: { onTask: false, covered: [], rejected: value }, fallbackReason: reason });
  if (judgement.kind !== "coverage") return reject(`expected a 'coverage' judgement, got '${judgement.kind}'`);
  if (typeof value.onTask !== "boolean") return reject("'onTask' is not true or false");
  if (!Array.isArray(value.covered) || value.covered.some((id) => typeof id !== "string")) return reject("'covered' is not a list of detail ids");
  return judgement;
}

/** The user's reply, recorded as a "reply" judgement; an error or an empty text is a fallback. */
async function safeReply(source: JudgementSource, call: () => Promise<string | { text: string; source: JudgementSource; fallbackReason?: string }>): Promise<{ text: string; judgement: Judgement }> {
  try {
    const reply = await call();
    const text = typeof reply === "string" ? reply : reply.text;
    const from = typeof reply === "string" ? source : reply.source;
    if (from !== "fallback" && (typeof text !== "string" || text.trim() === "")) throw new Error("the simulator returned no text");
    const judgement: Judgement = { kind: "reply", source: from, value: { text } };
    if (typeof reply !== "string" && reply.fallbackReason !== undefined) judgement.fallbackReason = reply.fallbackReason;
    return { text, judgement };
  } catch (error) {
    if (error instanceof ReplayMismatchError) throw error;
    return { text: replies.neutral, judgement: { kind: "reply", source: "fallback", value: { text: "" }, fallbackReason: `simulator error: ${error instanceof Error ? error.message : String(error)}` } };
  }
}
