import type { PersuadeScenario } from "../../../compiler/gyms/persuade/ir.js";
import { GymEnv, type GymEnvOptions } from "../../gym-env.js";
import type { ReadAction, StepOutcome } from "../../step-frame.js";
import { pick } from "../../rng.js";
import type { Choice, Judgement, Rng } from "../../types.js";
import { ReplayMismatchError } from "../../replay-error.js";
import { persuadeStepReward } from "../../../compiler/gyms/persuade/derive.js";
import { replies } from "./replies.js";
import type { PersuadeSimulator } from "./simulator.js";
import { PersuadeState } from "./state.js";

export const PERSUADE_CHOICES: readonly Choice[] = ["answer", "finish"];

export interface PersuadeEnvOptions extends GymEnvOptions {
  simulator: PersuadeSimulator;
}

/** What a turn did, before its reward is worked out from it. */
interface Turn extends Omit<StepOutcome, "reward"> {
  levels: number;
}

/**
 * The persuade gym (UserRL's PersuadeGym with its oscillation defect fixed). Each `[answer]` is
 * an argument; the persona replies and reports its stance on the ladder. A step pays
 * rewards.progress per ladder length for the levels gained beyond the best stance reached so
 * far, plus rewards.step, clipped; reaching the goal ends the episode. The agent sees the reply,
 * never the stance. An episode is a pure function of (IR, seed, actions, judgements).
 */
export class PersuadeEnv extends GymEnv<PersuadeScenario, PersuadeState, PersuadeEnvOptions> {
  protected override readonly choices = PERSUADE_CHOICES;
  protected override readonly turnLimit = replies.turnLimit;

  protected override open(mechanics: Rng, user: Rng): { state: PersuadeState; opening: string } {
    return { state: new PersuadeState(this.scenario, user), opening: pick(mechanics, this.scenario.opening) };
  }

  protected override async play(state: PersuadeState, { action, refused }: ReadAction): Promise<StepOutcome> {
    const bestBefore = state.best;
    let turn: Turn;
    if (action === null) {
      state.invalidTurns++;
      turn = { levels: 0, feedback: replies.invalid(refused), judgements: [], invalid: refused };
    } else if (action.choice === "finish") {
      turn = { levels: 0, feedback: replies.finish, judgements: [], terminated: true };
    } else {
      turn = await this.argue(state, action.content);
    }
    return { ...turn, reward: persuadeStepReward(this.scenario, bestBefore, state.best) };
  }

  private async argue(state: PersuadeState, argument: string): Promise<Turn> {
    state.arguments++;
    const judgement = await safeStance(this.scenario, () =>
      this.options.simulator.respond({ scenario: this.scenario, argument, stance: state.stance, argued: state.argued, history: state.history, rng: state.userRng }),
    );
    const verdict = judgement.value;
    if (judgement.source === "fallback") {
      state.fallbacks++;
      const said = typeof verdict.reply === "string" && verdict.reply.trim() !== "" ? verdict.reply : replies.neutral;
      return { levels: 0, feedback: said, judgements: [judgement] };
    }
    const known = new Set(this.scenario.reasons.map((r) => r.id));
    const touched = [...new Set(verdict.touched as string[])].filter((id) => known.has(id));
    for (const id of touched) state.argued.set(id, (state.argued.get(id) ?? 0) + 1);
    if (touched.length > 0) state.touchedArguments++;
    const levels = state.moveTo(this.scenario.ladder.indexOf(verdict.stance as string));
    if (state.goalReached) return { levels, feedback: `${verdict.reply as string}\n${replies.goalReached}`, judgements: [judgement], terminated: true };
    return { levels, feedback: verdict.reply as string, judgements: [judgement] };
  }
}

/**
 * Calls the persona and makes its answer safe to act on: a thrown error, a judgement of another
 * kind, a stance that is not a label of the ladder, or no reply becomes a fallback judgement
 * (the stance stays where it was), which the mechanics count.
 */
async function safeStance(scenario: PersuadeScenario, call: () => Promise<Judgement>): Promise<Judgement> {
  let judgement: Judgement;
  try {
    judgement = await call();
  } catch (error) {
    if (error instanceof ReplayMismatchError) throw error;
    return { kind: "stance", source: "fallback", value: {}, fallbackReason: `simulator error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (judgement.source === "fallback") return { ...judgement, kind: "stance" };
  const value = judgement.value ?? {};
  const reject = (reason: string): Judgement => ({ kind: "stance", source: "fallback", value: { rejected: value }, fallbackReason: reason });
  if (judgement.kind !== "stance") return reject(`expected a 'stance' judgement, got '${judgement.kind}'`);
  if (typeof value.stance !== "string" || !scenario.ladder.includes(value.stance)) return reject(`stance ${JSON.stringify(value.stance)} is not a label of the ladder`);
  if (typeof value.reply !== "string" || value.reply.trim() === "") return reject("the persona gave no reply");
  if (value.touched !== undefined && (!Array.isArray(value.touched) || value.touched.some((id) => typeof id !== "string"))) return reject("'touched' is not a list of reason ids");
  return value.touched === undefined ? { ...judgement, value: { ...value, touched: [] } } : judgement;
}
