import type { TravelPreference, TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import type { Choice } from "../../types.js";

/**
 * Our own prompt texts for the travel gym (original writing): the agent's system prompt, the
 * simulated user's persona, and the two judges. Judges answer in JSON only; the mechanics, not
 * the LLM, turn their verdicts into rewards, so a prompt never mentions rewards.
 */

const CHOICE_HELP: Record<Choice, string> = {
  search:
    "search — look up the options for one part of the trip (a flight, a hotel, an apartment, a rental car, a restaurant...). Put every detail that search needs in the content: place, dates, number of people, and so on. One part of the trip per search.",
  action: "action — say something to the traveller, usually one concrete question about what they need.",
  answer:
    "answer — recommend one option for one part of the trip, by its id from the search results (for example H3). Exactly one id per answer. A recommendation may be final, so be sure first.",
  finish: "finish — end the conversation. Use it only when nothing is left to do.",
};

/** The agent's system prompt: the task, the tool, and the choices this gym allows. */
export function travelAgentSystemPrompt(choices: readonly Choice[]): string {
  const example = choices.includes("search") ? "[search] hotel in Paris, June 3-6, 2 guests" : `[${choices[0] ?? "action"}] ...`;
  return [
    "You are a travel assistant helping a traveller plan a trip.",
    "The traveller will say what the trip is and how to pick among suitable options (for example, the cheapest one that fits). They also have needs they have not mentioned. People rarely spell such needs out: listen for hints and ask concrete questions, one topic at a time. General questions such as \"any preferences?\" get little in return.",
    "Search for the options, find out what matters to the traveller, then recommend for each part of the trip the option that fits every need, picked the way the traveller asked.",
    "",
    "Act only through the tool interact_with_env. Its arguments: `choice` (what to do), `content` (the search request, your message to the traveller, or the option id) and optionally `thought` (your reasoning; nobody reads it).",
    "Choices:",
    ...choices.map((c) => `- ${CHOICE_HELP[c]}`),
    "",
    `If you cannot call the tool, write one action per reply as bracketed text instead, for example: ${example}`,
    "Each tool reply tells you what happened. You have a limited number of turns, so do not waste them.",
  ].join("\n");
}

/** The persona: it knows its needs, and brings one up only when told to, and then only by hinting. */
export function userPersonaPrompt(scenario: TravelScenario): string {
  const needs = scenario.aspects.flatMap((a) => a.preferences.map((p) => `- (${a.id}, ${p.about}) ${p.says[0]}`));
  return [
    "You are playing a traveller who is talking to a travel assistant. Stay in character at all times.",
    ...(scenario.context?.[0] ? [`Your situation: ${scenario.context[0]}`] : []),
    "Privately, you have these needs for the trip:",
    ...needs,
    "",
    "How to behave:",
    "- Reply in one to three short sentences, casually, the way a real person chats.",
    "- Never list your needs, never state one outright, and never say \"my preference is\" or \"I require\".",
    "- Bring up a need only when the instruction for your reply tells you to, and then only as a hint: mention the situation behind it and let the assistant work out what it means.",
    "- Never name option ids, exact numbers or thresholds, and never choose an option for the assistant.",
    "- If you are asked about something you do not care about, say it does not matter much to you.",
  ].join("\n");
}

/** The instruction for a reply that reveals one need (asked about it, or volunteered after missed chances). */
export function revealInstruction(preference: TravelPreference, utterance: string | null): string {
  const trigger =
    utterance === null
      ? "The assistant keeps missing what matters to you, so bring one thing up yourself, in passing."
      : `The assistant just said: "${utterance}"`;
  return [
    trigger,
    `In your reply, hint at this need without stating it: ${preference.says[0]}`,
    `Let this example guide you; say it in your own words: "${preference.hints[0]}"`,
    "Do not mention any other need. Reply only with what the traveller says.",
  ].join("\n");
}

/** The instruction for a reply to small talk: polite, short, and revealing nothing. */
export function chatInstruction(utterance: string): string {
  return [
    `The assistant just said: "${utterance}"`,
    "Reply briefly and politely. Do not hint at any of your needs. Reply only with what the traveller says.",
  ].join("\n");
}

/** The search judge: which aspect's ground-truth arguments the request gives, if any. */
export function searchJudgePrompt(scenario: TravelScenario, request: string): string {
  const aspects = scenario.aspects.map(
    (a) => `- "${a.id}"${a.aka.length > 0 ? ` (also called ${a.aka.join(", ")})` : ""}: ${Object.entries(a.search).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join("; ")}`,
  );
  return [
    "You check a search request a travel assistant made. Each part of the trip below has the search arguments it needs.",
    "The request matches a part when it asks for that part and gives every one of its arguments with the right value. Wording and formats may differ (\"Nov 10\" and \"2025-11-10\" are the same date; \"two adults\" is 2 guests). A missing or wrong argument means no match. A request for two parts at once matches neither.",
    "Parts of the trip and their arguments:",
    ...aspects,
    "",
    `The request: ${JSON.stringify(request)}`,
    "",
    'Reply with JSON only, nothing else: {"aspect": "<id of the matching part>"} or {"aspect": null}.',
  ].join("\n");
}

/** The utterance judge: the seed's four types, and the targeted need's id. */
export function utteranceJudgePrompt(scenario: TravelScenario, utterance: string, remaining: readonly TravelPreference[]): string {
  const hidden = remaining.map((p) => `- ${p.id} (${p.aspect}, ${p.about}): ${p.says[0]}`);
  return [
    "You classify one message a travel assistant sent to a traveller who has needs they have not told yet.",
    "Types:",
    '- "targeted": a concrete question (or suggestion) about one of the untold needs listed below; give that need\'s id;',
    '- "absent": a concrete question about something specific that is not among the untold needs;',
    '- "vague": a general question about wishes with nothing concrete, such as "any preferences for the car?";',
    '- "unrelated": anything else: greetings, small talk, statements, questions not about the traveller\'s needs.',
    `Parts of the trip: ${scenario.aspects.map((a) => a.id).join(", ")}.`,
    "Untold needs:",
    ...(hidden.length > 0 ? hidden : ["(none left)"]),
    "",
    `The assistant's message: ${JSON.stringify(utterance)}`,
    "",
    'Reply with JSON only, nothing else: {"type": "targeted", "preference": "<id>"} or {"type": "absent"} or {"type": "vague"} or {"type": "unrelated"}.',
  ].join("\n");
}
