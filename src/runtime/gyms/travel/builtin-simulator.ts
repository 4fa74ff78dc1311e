import type { TravelPreference, TravelScenario } from "../../../compiler/gyms/travel/ir.js";
import { pick } from "../../rng.js";
import type { Judgement } from "../../types.js";
import { phraseStems, RequestFacts, StemText } from "./matching.js";
import { scenarioIndex } from "./scenario-index.js";
import type { ChatInput, RevealInput, SearchInput, SearchVerdict, TravelSimulator, UtteranceInput, UtteranceVerdict } from "./simulator.js";

/**
 * The embedded default user and judges (spec "builtin"): deterministic rules driven by the IR, no
 * network. Good enough that a sound strategy (search with the user's details, ask concrete
 * questions, answer the cheapest fitting option) scores high and a careless one does not.
 */

/** Words that make an utterance a question about wishes in general ("any preferences?"): vague, not small talk. */
const GENERIC_WISHES = ["prefer", "preference", "requirement", "require", "priority", "priorities", "wish", "care about", "important to you", "looking for", "must have", "need"].map(phraseStems);

const CHAT_REPLIES = [
  "Okay.",
  "Sounds good.",
  "Sure, go ahead.",
  "Alright, thanks.",
  "Got it.",
  "Thanks, that works for me.",
];

function namedAspects(scenario: TravelScenario, text: StemText): Set<string> {
  const index = scenarioIndex(scenario);
  const named = new Set<string>();
  for (const [id, phrases] of index.aspectPhrases) if (phrases.some((p) => text.has(p))) named.add(id);
  return named;
}

/** The aspect whose ground-truth arguments the request gives, when it names exactly one such aspect. */
export function matchSearch(scenario: TravelScenario, request: string): SearchVerdict & { named: string[] } {
  const text = new StemText(request);
  const named = [...namedAspects(scenario, text)];
  const facts = new RequestFacts(request);
  const index = scenarioIndex(scenario);
  const complete = named.filter((id) => Object.values(index.aspectById.get(id)!.search).every((v) => facts.mentions(v)));
  // Two complete requests in one search is "one request at a time" broken: no match.
  return { aspect: complete.length === 1 ? complete[0]! : null, named };
}

/** The seed's four utterance types, by cue words (see the rules in docs/compat.md). */
export function classifyUtterance(scenario: TravelScenario, utterance: string, remaining: readonly TravelPreference[]): UtteranceVerdict {
  const index = scenarioIndex(scenario);
  const text = new StemText(utterance);
  const named = namedAspects(scenario, text);
  // A cue counts only where the question's matched words are not all generic (no reward for "tell me more").
  const hits = remaining.filter((p) => index.cuePhrases.get(p.id)!.some((c) => text.hasSpecific(c)));
  if (hits.length > 0) {
    // A cue shared across aspects ("features") goes to the aspect the question names, if any.
    const inNamed = hits.filter((p) => named.has(p.aspect));
    return { type: "targeted", preference: (inNamed[0] ?? hits[0]!).id };
  }
  const aboutAttribute =
    index.fieldPhrases.some((f) => text.has(f)) || index.preferences.some((p) => index.cuePhrases.get(p.id)!.some((c) => text.has(c)));
  if (aboutAttribute) return { type: "absent" };
  if (named.size > 0 || GENERIC_WISHES.some((w) => text.has(w))) return { type: "vague" };
  return { type: "unrelated" };
}

export class BuiltinTravelSimulator implements TravelSimulator {
  readonly spec = "builtin";

  async judgeSearch(input: SearchInput): Promise<Judgement> {
    const { aspect, named } = matchSearch(input.scenario, input.request);
    return { kind: "search", source: "builtin", value: { aspect, named } };
  }

  async judgeUtterance(input: UtteranceInput): Promise<Judgement> {
    const verdict = classifyUtterance(input.scenario, input.utterance, input.remaining);
    return { kind: "utterance", source: "builtin", value: { ...verdict } };
  }

  async reveal(input: RevealInput): Promise<string> {
    return pick(input.rng, input.preference.hints);
  }

  async chat(input: ChatInput): Promise<string> {
    return pick(input.rng, CHAT_REPLIES);
  }
}
