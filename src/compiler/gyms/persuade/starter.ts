/**
 * The file `ubc new persuade <name>` writes: a small scenario that compiles without warnings and
 * shows every statement once, with comments saying what each is for.
 */
export function persuadeStarter(id: string): string {
  return `// ${id}: a persuade scenario (UserRL's PersuadeGym). Compile it with: ubc compile ${id}.ubench
// The agent argues with a persona who holds a claim, and must move its stance from the start of
// a ladder to the goal. Docs: docs/language.md. Lints check the goal can be reached.

scenario ${id} {
  gym persuade
  title "Cars in the city centre"
  // The claim the persona holds, and why (the agent never sees 'believes').
  claim "Private cars should be allowed everywhere in the city centre."
  believes """
    I drive to the centre every day. The buses are slow and crowded, and I have a right to use
    the roads I pay for.
  """
  // The persona's first message (default: the claim itself). It must not give a reason away.
  opening "Banning cars from the centre would be a disaster. I need mine to get anywhere."
  // The stances in order, and where the persona starts and where the agent must bring it.
  ladder "strongly agree", "agree", "neutral", "disagree", "strongly disagree"
  stance "strongly agree" -> "disagree"

  // What can move the persona: each reason is touched by an argument containing one of its cues.
  yields air {
    about "the air people breathe in the centre"
    cues "pollution", "asthma", "exhaust", "air quality"
    replies "My neighbour's kid has asthma. I hadn't thought of the exhaust."
          | "Fair enough, the air on my street is awful."
  }
  yields safety {
    about "people walking and cycling"
    cues "pedestrians", "cyclists", "accidents", "children crossing"
    replies "I did nearly hit a cyclist last week." | "True, crossing there with children is scary."
  }

  // Rewards and knobs default to UserRL's values; set only what you change.
  rewards { progress 1 }
  knobs { max_turns 10 }
}
`;
}
