/**
 * The fixed texts of the intention mechanics and of the built-in user. Kept in one place so
 * golden traces and docs can point at them.
 */

function lowerFirst(text: string): string {
  // "Duration of the trip" -> "duration of the trip", but "IT budget" stays.
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export const replies = {
  invalid: (reason: string) => `Invalid action: ${reason}. Use one of: [action] <your question to the user>, [finish].`,
  /** Said when the user could not be consulted (a failed LLM call, an unreadable judgement). */
  neutral: "Sorry, I didn't quite follow. Could you ask that again?",
  /** The built-in user's answer for one newly covered detail. */
  answer: (about: string, answer: string) => `As for ${lowerFirst(about.trim())}: ${sentence(answer)}`,
  undecided: (about: string) => `I hadn't decided about ${lowerFirst(about.trim())} yet; I'm open to suggestions.`,
  /** The built-in user's reply to a question that is not about its request. */
  offTask: "I'm not sure how that relates to what I asked for. Could we get back to my request?",
  /** The built-in user's reply to an on-task question that covers nothing new: non-committal, and never a list of what is missing. */
  noncommittal: ["Hmm, I don't have much to add there.", "I'm not sure; I haven't thought about that part much.", "Good question, but nothing comes to mind."],
  allCovered: "That's everything I had in mind; the conversation is over.",
  finish: "You ended the conversation.",
  turnLimit: "The turn limit is reached; the conversation is over.",
};
