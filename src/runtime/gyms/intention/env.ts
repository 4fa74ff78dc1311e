import type { IntentionDetail, IntentionScenario } from "../../../compiler/gyms/intention/ir.js";
import { GymEnv, type GymEnvOptions } from "../../gym-env.js";
import type { ReadAction, StepOutcome } from "../../step-frame.js";
import { pick } from "../../rng.js";
import { safeText, textSource } from "../../simulator-text.js";
import type { Choice, Judgement, Rng } from "../../types.js";
import { ReplayMismatchError } from "../../replay-error.js";
import { intentionStepReward } from "../../../compiler/gyms/intention/derive.js";
import { replies } from "./replies.js";
import type { IntentionSimulator } from "./simulator.js";
import { IntentionState } from "./state.js";

export const INTENTION_CHOICES: readonly Choice[] = ["action", "finish"];

export interface IntentionEnvOptions extends GymEnvOptions {
  simulator: IntentionSimulator;
}

/** What a turn did, before its reward is worked out from it. */
interface Turn extends Omit<StepOutcome, "reward"> {
  covered: IntentionDetail[];
}

/**
 * The intention gym (UserRL's IntentionGym with its double counting fixed). The opening is the
 * vague task; each `[action]` is a question. A judge says which remaining details it covers;
 * each detail counts once ever, however often a judgement names it. Reward: the most important
 * newly covered detail's reward, less rewards.extra per further one (floored at 0), plus
 * rewards.step, clipped. Covering every detail ends the episode.
 */
export class IntentionEnv extends GymEnv<IntentionScenario, IntentionState, IntentionEnvOptions> {
  protected override readonly choices = INTENTION_CHOICES;
  protected override readonly turnLimit = replies.turnLimit;

  protected override open(mechanics: Rng, user: Rng): { state: IntentionState; opening: string } {
    const task = pick(mechanics, this.scenario.task);
    // What the user has in mind this episode: one of each detail's answers, fixed at reset.
    const intent = new Map(this.scenario.details.map((d) => [d.id, d.answers.length > 0 ? pick(mechanics, d.answers) : null]));
    return { state: new IntentionState(this.scenario, intent, user), opening: task };
  }

  protected override async play(state: IntentionState, { action, refused }: ReadAction): Promise<StepOutcome> {
    let turn: Turn;
    if (action === null) {
      state.invalidTurns++;
      turn = { covered: [], feedback: replies.invalid(refused), judgements: [], invalid: refused };
    } else if (action.choice === "finish") {
      turn = { covered: [], feedback: replies.finish, judgements: [], terminated: true };
    } else {
      turn = await this.ask(state, action.content);
    }
    return { ...turn, reward: intentionStepReward(this.scenario, turn.covered.map((d) => d.importance)) };
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

    // A failed reply records no text ("" below); the feedback is then the fixed neutral reply.
    const reply = await safeText("reply", () => simulator.reply({ ...base, covered, onTask, intent: state.intent, rng: state.userRng }), "", textSource(simulator));
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
