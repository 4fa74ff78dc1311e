import type { Scenario } from "../compiler/ir.js";
import { UsageError } from "../user-error.js";

/**
 * Which scenario a session plays: the one given with --scenario, the only one there is, or (in
 * a terminal) the author's pick from a numbered list.
 */

export class ScenarioChoiceError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioChoiceError";
  }
}

export function choicesText(scenarios: readonly Scenario[]): string {
  return scenarios.map((s, i) => `  ${i + 1}. ${s.id} (${s.gym}): ${s.title}`).join("\n");
}

/** The scenario the flags name, or undefined when the author must be asked (several and no --scenario). */
export function scenarioFromFlags(scenarios: readonly Scenario[], id: string | undefined): Scenario | undefined {
  if (id !== undefined) {
    const found = scenarios.find((s) => s.id === id);
    if (!found) throw new ScenarioChoiceError(`no scenario '${id}' in the given paths; choose one of:\n${choicesText(scenarios)}`);
    return found;
  }
  return scenarios.length === 1 ? scenarios[0] : undefined;
}

/** An answer to the numbered list: a number or an id; undefined when it is neither. */
export function scenarioFromAnswer(scenarios: readonly Scenario[], answer: string): Scenario | undefined {
  const text = answer.trim();
  if (/^\d+$/.test(text)) return scenarios[Number(text) - 1];
  return scenarios.find((s) => s.id === text);
}
