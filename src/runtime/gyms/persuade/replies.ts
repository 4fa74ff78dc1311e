/**
 * The fixed texts of the persuade mechanics and of the built-in persona (the LLM persona speaks
 * for itself). Kept in one place so golden traces and docs can point at them.
 */
export const replies = {
  invalid: (reason: string) => `Invalid action: ${reason}. Use one of: [answer] <your argument>, [finish].`,
  /** Said when the persona could not be consulted (a failed LLM call, an unreadable reply). */
  neutral: "Sorry, I lost my train of thought there. Could you put that another way?",
  /** The built-in persona when an argument touches none of its reasons: the claim, in quotes, so any wording fits. */
  unconvinced: [
    (claim: string) => `I hear you, but that doesn't change my mind. I still stand by it: "${claim}"`,
    (claim: string) => `That's not what this is about for me. My view hasn't moved: "${claim}"`,
    (claim: string) => `Maybe so, but it doesn't touch why I think what I think. "${claim}" still holds for me.`,
  ],
  goalReached: "They have come round to your view; the conversation is over.",
  finish: "You ended the conversation.",
  turnLimit: "The turn limit is reached; the conversation is over.",
};
