import type { TravelAspect } from "../../../compiler/gyms/travel/ir.js";
import { aspectLabel } from "./scenario-index.js";

/**
 * The fixed texts of the travel mechanics (the user's own words come from the simulator).
 * Kept in one place so golden traces and docs/compat.md can point at them.
 */
export const replies = {
  invalid: (reason: string) =>
    `Invalid action: ${reason}. Use one of: [search] <request>, [action] <message to the user>, [answer] <one option id>, [finish].`,
  searchBackendFailure: "Search failed: the travel service is having backend issues. Please try the same search again.",
  searchFallback: "The search could not be completed right now. Please try again.",
  searchMismatch:
    "No results matched that request. Search for one thing at a time (for example a hotel or a flight) and include every detail the user gave, such as the place, the dates and the number of people.",
  searchRepeat: (aspect: TravelAspect) => `You already have the search results for the ${aspectLabel(aspect)}; searching again finds nothing new.`,
  utteranceFallback: "Sorry, I didn't catch that. Could you say it again?",
  vague: "Could you be more specific? Ask me about one concrete thing.",
  absent: "I don't have anything to add about that.",
  answerNoId: "No option id found in the answer. Answer with one id from the search results, for example [answer] A1.",
  answerUnknownId: (token: string) => `'${token}' is not an option id from the search results. Answer with one id, for example [answer] A1.`,
  answerSeveralIds: (ids: string[]) => `Answer with exactly one option id per answer; this answer names ${ids.join(", ")}. Nothing was recorded.`,
  answerLocked: (aspect: TravelAspect, answered: string) =>
    `The ${aspectLabel(aspect)} choice is already final (${answered}); this answer is not recorded.`,
  answerBestFound: (aspect: TravelAspect) => `The best ${aspectLabel(aspect)} option has already been found; this answer is not recorded.`,
  answerRepeat: (id: string) => `You already answered ${id}; it is not recorded again.`,
  oneChoice: {
    best: (id: string, aspect: TravelAspect) => `${id} is recorded as the ${aspectLabel(aspect)} choice: it fits every preference and it is the best option.`,
    correct: (id: string, aspect: TravelAspect) => `${id} is recorded as the ${aspectLabel(aspect)} choice: it fits every preference, but it is not the best option.`,
    wrong: (id: string, aspect: TravelAspect) => `${id} is recorded as the ${aspectLabel(aspect)} choice: it does not fit every preference.`,
    final: (aspect: TravelAspect) => `The ${aspectLabel(aspect)} choice is now final.`,
  },
  multiChoice: {
    best: (id: string, aspect: TravelAspect) => `${id} is the best ${aspectLabel(aspect)} option.`,
    correct: (id: string, aspect: TravelAspect) => `${id} fits every preference, but it is not the best ${aspectLabel(aspect)} option. You may answer again.`,
    wrong: (id: string, aspect: TravelAspect) => `${id} does not fit every preference for the ${aspectLabel(aspect)}. You may answer again.`,
  },
  allAnswered: "Every part of the trip has an answer; the episode is over.",
  finish: "You ended the episode.",
  turnLimit: "The turn limit is reached; the episode is over.",
};
