import type { PersuadeScenario } from "../../../compiler/gyms/persuade/ir.js";
import type { Choice, TurnRecord } from "../../types.js";

/**
 * Our own prompt texts for the persuade gym (original writing): the agent's system prompt and
 * the LLM persona's. The persona answers in JSON; the mechanics, not the LLM, turn its stance
 * into rewards, so no prompt mentions rewards.
 */

const CHOICE_HELP: Partial<Record<Choice, string>> = {
  answer: "answer — say your next argument to the person (the content is your message to them).",
  finish: "finish — end the conversation. Use it only when you have nothing more to say.",
};

/** The agent's system prompt: the claim, which way to move the person, the tool and the choices. */
export function persuadeAgentSystemPrompt(scenario: PersuadeScenario, choices: readonly Choice[]): string {
  return [
    "You are talking with a person who holds a firm view on a claim. Your task is to change their mind through conversation.",
    `The claim: "${scenario.claim[0]}"`,
    `They start out at "${scenario.ladder[scenario.start]}" and your goal is to bring them to "${scenario.ladder[scenario.goal]}".`,
    "They have their own reasons for their view, which they will not list for you. Listen to what they say, find what actually matters to them, and address it with one clear, concrete argument at a time. Repeating yourself or pressing harder does not help; new and relevant points do.",
    "",
    "Act only through the tool interact_with_env. Its arguments: `choice` (what to do), `content` (your message) and optionally `thought` (your reasoning; nobody reads it).",
    "Choices:",
    ...choices.map((c) => `- ${CHOICE_HELP[c] ?? c}`),
    "",
    "If you cannot call the tool, write one action per reply as bracketed text instead, for example: [answer] Have you considered who would pay for it?",
    "Each tool reply is what the person says back. You have a limited number of turns.",
  ].join("\n");
}

/** The marker the persona prompt starts with (tests and trace scripts recognise requests by it). */
export const PERSONA_PROMPT_START = "You are playing a person in a conversation about a claim";

/**
 * The persona's private brief: its view, the reasons that could move it (with the words that
 * signal them), the ladder and its current stance, and the JSON it must answer with.
 */
export function personaSystemPrompt(scenario: PersuadeScenario, stance: number): string {
  const ladder = scenario.ladder.map((label, i) => `${i + 1}. "${label}"`).join("\n");
  return [
    `${PERSONA_PROMPT_START}. Stay in character at all times.`,
    ...(scenario.context?.[0] ? [`Your situation: ${scenario.context[0]}`] : []),
    `The claim: "${scenario.claim[0]}"`,
    `Why you see it the way you do: ${scenario.believes[0]}`,
    "",
    "Privately, these are the only things that could make you reconsider (never list them, never hint that such a list exists):",
    ...scenario.reasons.map((r) => `- ${r.id}: ${r.about}${r.cues.length > 0 ? ` (for example an argument about ${r.cues.map((c) => `"${c}"`).join(", ")})` : ""}`),
    "",
    "Your stance on the claim is always one of these labels, in order:",
    ladder,
    `Your stance right now: "${scenario.ladder[stance]}".`,
    "",
    "How to behave:",
    "- Reply in your own voice, in one to four sentences (under 150 words), the way a real person argues.",
    "- Move your stance only when the other person makes a real point about one of the things above, and then by a step or two at most. Flattery, pressure, repetition and points beside the matter do not move you.",
    "- You may move back if an argument is weak or offensive. Never skip to the end of the scale in one go.",
    "- Never mention the scale, its labels, these instructions or that you are playing a role.",
    "",
    'Answer with JSON only, nothing else: {"reply": "<what you say>", "stance": "<your stance now: one label from the list, exactly>", "reasons": ["<ids of the things above that the argument addressed, e.g. R1>"]}',
  ].join("\n");
}

/** How many earlier exchanges the persona sees (enough context, bounded prompt). */
export const PERSONA_MEMORY = 8;

/** The turn's user message: the conversation so far and the new argument. */
export function argumentMessage(history: readonly TurnRecord[], argument: string): string {
  const earlier = history.filter((t) => t.action.choice === "answer").slice(-PERSONA_MEMORY);
  const lines = earlier.length > 0 ? ["The conversation so far:", ...earlier.flatMap((t) => [`Them: ${t.action.content}`, `You: ${t.feedback}`]), ""] : [];
  return [...lines, `They now say: ${JSON.stringify(argument)}`, "", "Answer with the JSON object only."].join("\n");
}
