/**
 * The file `ubc new intention <name>` writes: a small scenario that compiles without warnings and
 * shows every statement once, with comments saying what each is for.
 */
export function intentionStarter(id: string): string {
  return `// ${id}: an intention scenario (UserRL's IntentionGym). Compile it with: ubc compile ${id}.ubench
// The user's task is vague; the agent must ask for the details it leaves out, one question each.
// Docs: docs/language.md. Lints check every detail can be asked for alone and none is given away.

scenario ${id} {
  gym intention
  title "A birthday dinner"
  category "Event planning"
  // What the user says first: vague on purpose, and it must not give a missing detail away.
  task "Can you help me organise a dinner for my partner's birthday?"
     | "I want to plan a birthday dinner for my partner."

  missing guests {
    importance high // high, medium or low: how much asking for it is worth
    about "How many people are coming"
    asks "How many people will be at the dinner?" // what a good question for this detail looks like
    answers "Just the two of us", "Six close friends" // what the user may answer
    cues "how many people", "guests", "invite" // more words that make a question target this detail
  }
  missing diet {
    importance medium
    about "Food allergies or diets to respect"
    asks "Does anyone have allergies or dietary restrictions?"
    answers "My partner is vegetarian", "No restrictions"
    cues "allergy", "vegetarian", "vegan", "gluten"
  }
  missing spend {
    importance low
    about "How much money to spend"
    asks "How much would you like to spend?"
    cues "budget", "price", "cost"
  }

  // Rewards and knobs default to UserRL's values; set only what you change.
  rewards { high 1, medium 0.7, low 0.4 }
  knobs { max_turns 10 }
}
`;
}
