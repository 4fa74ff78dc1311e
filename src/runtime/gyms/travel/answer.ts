import type { TravelAspect, TravelOption } from "../../../compiler/gyms/travel/ir.js";
import type { HandlerResult } from "./handler.js";
import { replies } from "./replies.js";
import { scenarioIndex, type ScenarioIndex } from "./scenario-index.js";
import type { AnswerCategory, TravelState } from "./state.js";

type ParsedAnswer = { ok: true; aspect: TravelAspect; option: TravelOption } | { ok: false; reason: string; feedback: string };

/** Tokens that look like option ids (a letter or two and digits), for a helpful refusal. */
const ID_LIKE = /^[A-Za-z]{1,2}\d+$/;

/** One option id per answer: none or several is an invalid turn (the seed could score 1.8 for two ids). */
export function parseAnswer(content: string, index: ScenarioIndex): ParsedAnswer {
  const tokens = content.split(/[^A-Za-z0-9_]+/).filter((t) => t !== "");
  const found: { aspect: TravelAspect; option: TravelOption }[] = [];
  for (const token of tokens) {
    const hit = index.options.get(token.toLowerCase());
    if (hit && !found.some((f) => f.option === hit.option)) found.push(hit);
  }
  if (found.length === 1) return { ok: true, ...found[0]! };
  if (found.length > 1) {
    const ids = found.map((f) => f.option.id);
    return { ok: false, reason: `the answer names ${ids.length} option ids`, feedback: replies.answerSeveralIds(ids) };
  }
  const unknown = tokens.find((t) => ID_LIKE.test(t));
  if (unknown) return { ok: false, reason: `'${unknown}' is not an option id`, feedback: replies.answerUnknownId(unknown) };
  return { ok: false, reason: "the answer names no option id", feedback: replies.answerNoId };
}

/**
 * `[answer] ID`: best pays rewards.best, another correct option rewards.correct, anything else
 * rewards.wrong. One-choice mode locks the aspect at its first answer (dropping its unrevealed
 * preferences); multi-choice mode takes answers until the best is found and rewards each option
 * id at most once. The episode terminates when every aspect is locked.
 */
export function handleAnswer(state: TravelState, content: string): HandlerResult {
  const { scenario } = state;
  const parsed = parseAnswer(content, scenarioIndex(scenario));
  if (!parsed.ok) {
    state.invalidTurns++;
    return { reward: 0, feedback: parsed.feedback, judgements: [], invalid: parsed.reason };
  }
  const { aspect, option } = parsed;
  state.answers++;
  const oneChoice = scenario.knobs.one_choice;
  const closedWith = state.locked.get(aspect.id);
  const refuse = (feedback: string): HandlerResult => {
    state.refusedAnswers++;
    return { reward: 0, feedback, judgements: [{ kind: "answer", source: "rule", value: { option: option.id, aspect: aspect.id, refused: true } }] };
  };
  if (closedWith !== undefined) return refuse(oneChoice ? replies.answerLocked(aspect, closedWith) : replies.answerBestFound(aspect));
  if (state.answeredOptions.has(option.id)) return refuse(replies.answerRepeat(option.id));

  const category: AnswerCategory = option.id === aspect.best ? "best" : option.role === "correct" ? "correct" : "wrong";
  state.answeredOptions.add(option.id);
  state.recordAnswer(aspect.id, category);
  const lines: string[] = [];
  if (oneChoice) {
    state.lock(aspect.id, option.id);
    lines.push(replies.oneChoice[category](option.id, aspect), replies.oneChoice.final(aspect));
  } else {
    if (category === "best") state.lock(aspect.id, option.id);
    lines.push(replies.multiChoice[category](option.id, aspect));
  }
  const terminated = state.allLocked();
  if (terminated) lines.push(replies.allAnswered);
  return {
    reward: scenario.rewards[category],
    feedback: lines.join(" "),
    judgements: [{ kind: "answer", source: "rule", value: { option: option.id, aspect: aspect.id, category } }],
    terminated,
  };
}
