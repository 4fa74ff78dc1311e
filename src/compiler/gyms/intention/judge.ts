import { containsSpecificPhrase, isGenericWord } from "../../text/generic.js";
import { contentWords, stem } from "../../text/words.js";
import type { IntentionDetail, IntentionScenario } from "./ir.js";

/**
 * The built-in judge of the intention gym, a pure function of the IR: which remaining details a
 * question covers, and whether it is on task at all. The runtime's built-in simulator judges
 * with it, and the compiler's lints use it to prove every detail can be asked for on its own.
 *
 * A question covers a detail when it contains one of the detail's cue phrases, or shares enough
 * key words (stemmed) with one of the detail's example questions or its description: at least
 * two, or all of them when the example has fewer than two. Generic words ("tell", "more",
 * "details": text/generic.ts) are never key words, and a cue matches only where the question's
 * matched words include a specific one, so "Could you tell me more?" covers no detail.
 */

export interface IntentionVerdict {
  /** Whether the question is about the task at all (it covers a detail or shares a key word with the task). */
  onTask: boolean;
  /** Ids of the remaining details the question covers, in declaration order, each once. */
  covered: string[];
}

function stems(text: string): Set<string> {
  return new Set(contentWords(text).map(stem));
}

/** Key-word stems of what a detail is (its example questions and its description), generic words left out. */
function detailKeySets(detail: IntentionDetail): Set<string>[] {
  return [...detail.asks, detail.about].map(specificStems).filter((set) => set.size > 0);
}

function specificStems(text: string): Set<string> {
  return new Set(contentWords(text).filter((w) => !isGenericWord(w)).map(stem));
}

export function coversDetail(question: string, detail: IntentionDetail): boolean {
  if (detail.cues.some((cue) => containsSpecificPhrase(question, cue))) return true;
  const asked = specificStems(question);
  return detailKeySets(detail).some((keys) => {
    let shared = 0;
    for (const key of keys) if (asked.has(key)) shared++;
    return shared >= Math.min(2, keys.size);
  });
}

export function judgeQuestion(scenario: IntentionScenario, question: string, remaining: readonly IntentionDetail[]): IntentionVerdict {
  const covered = remaining.filter((d) => coversDetail(question, d)).map((d) => d.id);
  if (covered.length > 0) return { onTask: true, covered };
  const asked = stems(question);
  const taskWords = stems([...scenario.task, scenario.category].join(" "));
  const onTask = [...asked].some((w) => taskWords.has(w)) || scenario.details.some((d) => coversDetail(question, d));
  return { onTask, covered };
}

/**
 * The question the reference play (the oracle) asks for a detail: its first example question
 * that, with every detail still remaining, covers this detail and nothing else (so it does with
 * any details remaining, as long as this one is); undefined when there is none (lint UB3014).
 */
export function soloQuestion(scenario: IntentionScenario, detail: IntentionDetail): string | undefined {
  return detail.asks.find((question) => {
    const { covered } = judgeQuestion(scenario, question, scenario.details);
    return covered.length === 1 && covered[0] === detail.id;
  });
}
