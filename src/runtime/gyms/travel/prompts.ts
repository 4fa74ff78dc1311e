import type { TravelPreference, TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import type { Choice } from "../../types.js";

/**
 * Our own prompt texts for the travel gym: the agent's system prompt, the simulated user's
 * persona, and the two judges. Judges answer in JSON; the mechanics, not the LLM, turn their
 * verdicts into rewards.
 */

const CHOICE_HELP: Record<Choice, string> = {
  search: "search: look up options for one part of the trip. Give every detail the search needs (city, dates, travellers...). One part per search.",
  action: "action: say something to the traveller, usually a question about what they need.",
  answer: "answer: recommend exactly one option by its id (for example H3). Each part of the trip gets one recommendation.",
  finish: "finish: end the conversation.",
};

export function travelAgentSystemPrompt(choices: readonly Choice[]): string {
  return [
    "You are a travel assistant planning a trip with a traveller.",
    "The traveller has needs they have not told you. They rarely state them outright: listen for hints, and ask concrete questions about one thing at a time.",
    "Find options with searches, learn what matters to the traveller, then recommend for each part of the trip the cheapest option that fits everything they need.",
    "",
    "You act only through the tool interact_with_env, with a `choice` and a `content`:",
    ...choices.map((c) => `- ${CHOICE_HELP[c]}`),
    "",
    "Each tool reply tells you what happened. Keep turns short; you have a limited number of them.",
  ].join("\n");
}

/** The persona: it knows its needs, reveals one only when asked about it, and only by hinting. */
export function userPersonaPrompt(scenario: TravelScenario): string {
  const context = scenario.context?.[0] ? `Your situation: ${scenario.context[0]}\n` : "";
  return [
    "You play a traveller talking to a travel assistant. Stay in character and answer in one to three short sentences.",
    context,
    "Never list your needs and never say 'my preference is'. Do not mention option ids, prices or ratings as requirements.",
    "When you are told what to reveal, convey it only indirectly, the way a person drops a hint, guided by the example given.",
  ].join("\n");
}

export function revealInstruction(preference: TravelPreference, utterance: string | null): string {
  const trigger = utterance === null ? "The assistant keeps missing what matters to you, so bring it up yourself." : `The assistant asked: "${utterance}"`;
  return [
    trigger,
    `Hint at this need without stating it: ${preference.says[0]}`,
    `Example of how you might hint at it: "${preference.hints[0]}"`,
    "Reply as the traveller, in your own words.",
  ].join("\n");
}

export function chatInstruction(utterance: string): string {
  return `The assistant said: "${utterance}"\nReply briefly and politely as the traveller. Reveal nothing about your needs.`;
}

export function searchJudgePrompt(scenario: TravelScenario, request: string): string {
  const aspects = scenario.aspects.map((a) => `- ${a.id}: requires ${Object.entries(a.search).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}`);
  return [
    "You judge a search request made by a travel assistant.",
    "The request matches an aspect when it is about that aspect and gives every required argument with the right value (formats may differ, e.g. dates). One aspect per request.",
    "Aspects:",
    ...aspects,
    "",
    `Request: ${JSON.stringify(request)}`,
    'Answer with JSON only: {"aspect": "<aspect id>"} or {"aspect": null}.',
  ].join("\n");
}

export function utteranceJudgePrompt(scenario: TravelScenario, utterance: string, remaining: readonly TravelPreference[]): string {
  const hidden = remaining.map((p) => `- ${p.id} (${p.aspect}, ${p.about}): ${p.says[0]}`);
  return [
    "You classify what a travel assistant said to a traveller who has hidden needs.",
    "Types:",
    '- "unrelated": small talk or anything not about the traveller\'s needs;',
    '- "targeted": a concrete question about one of the hidden needs below (give its id);',
    '- "absent": a concrete question about a need the traveller does not have;',
    '- "vague": a general question such as "any preferences for the car?".',
    `Aspects of the trip: ${scenario.aspects.map((a) => a.id).join(", ")}.`,
    "Hidden needs still unrevealed:",
    ...(hidden.length > 0 ? hidden : ["(none)"]),
    "",
    `The assistant said: ${JSON.stringify(utterance)}`,
    'Answer with JSON only: {"type": "targeted", "preference": "P2"} or {"type": "unrelated"|"absent"|"vague"}.',
  ].join("\n");
}
