import { round6 } from "../../../round6.js";
import { clipReward } from "../../rewards.js";
import { IMPORTANCES } from "./importances.js";
import type { Importance, IntentionDetail, IntentionRewards, IntentionScenario } from "./ir.js";
import { judgeQuestion } from "./judge.js";

/**
 * What the compiler derives for an intention scenario, and the reference play every derivation
 * rests on. The runtime can import these, so the compiled maxReturn and a re-derived one agree.
 */

/** Details per importance, `H<high>-M<medium>-L<low>`, e.g. `H2-M1-L1` (zeros included). */
export function intentionShape(details: readonly Pick<IntentionDetail, "importance">[]): string {
  const count = (level: Importance) => details.filter((d) => d.importance === level).length;
  return `H${count("high")}-M${count("medium")}-L${count("low")}`;
}

/**
 * The reward of a question, before the step reward and clipping: 0 when it covers no remaining
 * detail; otherwise the reward of the highest importance it covers, less `extra` for each further
 * detail it covers, floored at 0.
 */
export function questionReward(rewards: IntentionRewards, covered: readonly Importance[]): number {
  if (covered.length === 0) return 0;
  const top = IMPORTANCES.find((level) => covered.includes(level))!;
  return Math.max(0, rewards[top] - rewards.extra * (covered.length - 1));
}

/** One step's reward as the env pays it: the question's reward plus the step reward, clipped, to 6 places. */
export function intentionStepReward(scenario: Pick<IntentionScenario, "rewards" | "knobs">, covered: readonly Importance[]): number {
  return round6(clipReward(questionReward(scenario.rewards, covered) + scenario.rewards.step, scenario.knobs.clip));
}

export interface ReferenceTurn {
  /** The detail asked for (its id). */
  detail: string;
  /** The question: one of the detail's example questions. */
  question: string;
  /** Ids of the remaining details the question covered. */
  covered: string[];
}

export interface ReferencePlay {
  turns: ReferenceTurn[];
  /** Whether every detail was covered. */
  reached: boolean;
  /** Details no example question covers, by id (the play cannot reach them). */
  skipped: string[];
}

/** The first example question of `detail` whose covered details (among `remaining`) pass `accept`. */
function questionFor(scenario: IntentionScenario, detail: IntentionDetail, remaining: readonly IntentionDetail[], accept: (covered: string[]) => boolean) {
  for (const question of detail.asks) {
    const { covered } = judgeQuestion(scenario, question, remaining);
    if (accept(covered)) return { detail: detail.id, question, covered };
  }
  return undefined;
}

/**
 * The oracle's play with the built-in judge, one question per turn, judged by judge.ts against
 * the details still remaining: each turn asks the most important remaining detail (then in id
 * order) that one of its example questions covers alone; when no remaining detail can be asked
 * alone, it asks the first one with a question that covers it together with others. Without a
 * step penalty, asking one detail at a time is optimal: a question covering several details
 * earns only the highest of their rewards, less `extra` for each further one.
 */
export function referencePlay(scenario: IntentionScenario): ReferencePlay {
  const turns: ReferenceTurn[] = [];
  let remaining = [...scenario.details];
  while (remaining.length > 0) {
    const ordered = IMPORTANCES.flatMap((level) => remaining.filter((d) => d.importance === level));
    let turn: ReferenceTurn | undefined;
    for (const detail of ordered) {
      turn = questionFor(scenario, detail, remaining, (covered) => covered.length === 1 && covered[0] === detail.id);
      if (turn) break;
    }
    for (const detail of remaining) {
      if (turn) break;
      turn = questionFor(scenario, detail, remaining, (covered) => covered.includes(detail.id));
    }
    if (!turn) break;
    turns.push(turn);
    const covered = new Set(turn.covered);
    remaining = remaining.filter((d) => !covered.has(d.id));
  }
  return { turns, reached: remaining.length === 0, skipped: remaining.map((d) => d.id) };
}

/**
 * maxReturn: what the reference play earns: for every detail, the reward of its importance plus
 * the step reward, clipped per step. It does not look at max_turns: the turn-budget lint (UB3006) does.
 */
export function intentionMaxReturn(scenario: IntentionScenario): number {
  const importance = new Map(scenario.details.map((d) => [d.id, d.importance]));
  const turns = referencePlay(scenario).turns;
  return round6(turns.reduce((sum, turn) => sum + intentionStepReward(scenario, turn.covered.map((id) => importance.get(id)!)), 0));
}
