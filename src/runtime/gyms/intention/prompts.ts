import type { IntentionDetail, IntentionScenario } from "../../../compiler/gyms/intention/ir.js";
import type { Choice, TurnRecord } from "../../types.js";

/**
 * Our own prompt texts for the intention gym (original writing): the agent's system prompt, the
 * coverage judge and the user persona. The judge answers in JSON; the mechanics turn its verdict
 * into rewards, so no prompt mentions rewards.
 */

const CHOICE_HELP: Partial<Record<Choice, string>> = {
  action: "action — ask the user something (the content is your message to them). One question at a time works best.",
  finish: "finish — end the conversation, once you know everything you need to do the task well.",
};

/** The agent's system prompt: clarify a vague request before doing it. */
export function intentionAgentSystemPrompt(scenario: IntentionScenario, choices: readonly Choice[]): string {
  return [
    `You are an assistant. A user comes to you with a request (${scenario.category}) that leaves out details that matter to them.`,
    "Before anything is done, find out what the user actually wants: ask about the details the request leaves open, the most important ones first. Ask concrete questions, one topic at a time; do not do the task itself, and do not guess the answers for the user.",
    "",
    "Act only through the tool interact_with_env. Its arguments: `choice` (what to do), `content` (your message to the user) and optionally `thought` (your reasoning; nobody reads it).",
    "Choices:",
    ...choices.map((c) => `- ${CHOICE_HELP[c] ?? c}`),
    "",
    "If you cannot call the tool, write one action per reply as bracketed text instead, for example: [action] When would you like to go?",
    "Each tool reply is the user's answer. You have a limited number of turns, so do not waste them.",
  ].join("\n");
}

/** The marker the judge prompt starts with (tests and trace scripts recognise requests by it). */
export const JUDGE_PROMPT_START = "You judge one question an assistant asked";
/** The marker the persona prompt starts with. */
export const PERSONA_PROMPT_START = "You are playing a user who asked an assistant for help";

/** The coverage judge: which of the remaining details the question asks for, and whether it is about the task at all. */
export function coverageJudgePrompt(scenario: IntentionScenario, question: string, remaining: readonly IntentionDetail[]): string {
  return [
    `${JUDGE_PROMPT_START} a user about their request. The request leaves out details; the assistant should ask for them.`,
    `The user's request (${scenario.category}): ${JSON.stringify(scenario.task[0])}`,
    "Details the user has not given yet:",
    ...(remaining.length > 0 ? remaining.map((d) => `- ${d.id}: ${d.about} (for example: ${JSON.stringify(d.asks[0])})`) : ["(none left)"]),
    "",
    "A question covers a detail when the user's answer to it would give that detail. A question may cover several details, or none. A vague question (\"anything else?\", \"tell me more\") covers nothing. The question is on task when it is about the user's request at all, even if it covers nothing.",
    "",
    `The assistant's question: ${JSON.stringify(question)}`,
    "",
    'Reply with JSON only, nothing else: {"on_task": true or false, "covered": ["<ids of the details above that the question covers>"]}',
  ].join("\n");
}

/** The persona: it knows what it wants, answers what it is asked, and never volunteers the rest or does the task. */
export function userPersonaPrompt(scenario: IntentionScenario, intent: ReadonlyMap<string, string | null>): string {
  return [
    `${PERSONA_PROMPT_START}: ${JSON.stringify(scenario.task[0])} Stay in character at all times.`,
    ...(scenario.context?.[0] ? [`Your situation: ${scenario.context[0]}`] : []),
    "Privately, you know what you want, though you did not say it:",
    ...scenario.details.map((d) => `- ${d.about}: ${intent.get(d.id) ?? "you have not decided; you are open to suggestions"}`),
    "",
    "How to behave:",
    "- Reply in one to three short sentences, casually, the way a real person chats.",
    "- Answer only what the assistant asked. Never list the details above, never hint at ones you were not asked about, and never say what the assistant has not asked yet.",
    "- Never do the task yourself and never write the plan or answer the assistant is meant to produce.",
  ].join("\n");
}

/** How many earlier exchanges the persona sees. */
export const PERSONA_MEMORY = 8;

/** The turn's instruction to the persona: the conversation so far, the question, and what the judge found it asks for. */
export function replyInstruction(history: readonly TurnRecord[], question: string, covered: readonly IntentionDetail[], onTask: boolean, intent: ReadonlyMap<string, string | null>): string {
  const earlier = history.filter((t) => t.action.choice === "action").slice(-PERSONA_MEMORY);
  const lines = earlier.length > 0 ? ["The conversation so far:", ...earlier.flatMap((t) => [`Assistant: ${t.action.content}`, `You: ${t.feedback}`]), ""] : [];
  lines.push(`The assistant now asks: ${JSON.stringify(question)}`);
  if (covered.length > 0) {
    lines.push("This question asks about:", ...covered.map((d) => `- ${d.about}: ${intent.get(d.id) ?? "you have not decided; say so, and that you are open to suggestions"}`));
    lines.push("Give those answers in your own words, and nothing else of what you want.");
  } else if (onTask) {
    lines.push("This question asks about nothing you have in mind beyond what you said. Reply briefly and non-committally, without revealing anything else you want.");
  } else {
    lines.push("This question is not about your request. Reply briefly and politely, and steer back to your request without revealing anything you want.");
  }
  lines.push("Reply only with what you say.");
  return lines.join("\n");
}
