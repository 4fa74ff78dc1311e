import { containsSpecificPhrase } from "../../text/generic.js";
import type { PersuadeReason, PersuadeScenario } from "./ir.js";

/**
 * The built-in judge of the persuade gym, a pure function of the IR: which of the persona's
 * reasons an argument touches (it contains one of the reason's cue phrases, stems compared, and
 * the matched words are not all generic: text/generic.ts).
 * The runtime's built-in simulator moves the stance with it; the compiler's lints use it to prove
 * the goal can be reached.
 */

export function touchesReason(argument: string, reason: PersuadeReason): boolean {
  return reason.cues.some((cue) => containsSpecificPhrase(argument, cue));
}

/** Ids of the reasons the argument touches, in declaration order. */
export function touchedReasons(scenario: PersuadeScenario, argument: string): string[] {
  return scenario.reasons.filter((r) => touchesReason(argument, r)).map((r) => r.id);
}

/**
 * Levels the built-in persona moves toward the goal for an argument: each touched reason moves
 * its `levels`, less knobs.repeat_decay for every earlier argument that touched it (never below 0).
 * `argued` counts earlier arguments per reason id.
 */
export function stanceMove(scenario: PersuadeScenario, touched: readonly string[], argued: ReadonlyMap<string, number>): number {
  let levels = 0;
  for (const id of touched) {
    const reason = scenario.reasons.find((r) => r.id === id);
    if (!reason) continue;
    levels += Math.max(0, reason.levels - scenario.knobs.repeat_decay * (argued.get(id) ?? 0));
  }
  return levels;
}

/**
 * The argument the reference play (the oracle) makes for a reason: its first cue that touches this
 * reason and no other, so that the argument moves the persona on this reason alone; undefined
 * when every cue of the reason also touches another one (lint UB3010/UB3011).
 */
export function soloArgument(scenario: PersuadeScenario, reason: PersuadeReason): string | undefined {
  return reason.cues.find((cue) => {
    const touched = touchedReasons(scenario, cue);
    return touched.length === 1 && touched[0] === reason.id;
  });
}
