/**
 * The file `ubc new travel <name>` writes: a small scenario that compiles without warnings and
 * shows every statement once, with comments saying what each is for.
 */
export function travelStarter(id: string): string {
  return `// ${id}: a travel scenario (UserBench's gym). Compile it with: ubc compile ${id}.ubench
// The agent must find the cheapest option of each aspect that fits the user's hidden preferences.
// Docs: docs/language.md. Lints check it is solvable and that no hint gives its preference away.

scenario ${id} {
  gym travel
  title "Weekend in Lisbon"
  // What the user wants, as they say it at first: no hidden preference may show here.
  opening "I need a hotel in Lisbon for the weekend of May 9th. Keep it as cheap as possible, but it has to work for me."
  choose lowest cost // the best option: the cheapest one that satisfies every preference

  aspect hotel {
    aka "room", "place to stay"
    // Typed attributes of every option; 'aka' words help the built-in simulator understand questions.
    fields {
      name: string
      cost: number aka "price"
      stars: number aka "rating"
      amenities: list<string> aka "facilities"
      location: { district: string, walk_minutes: number aka "walk", "distance" }
    }
    // The search arguments a correct search request must contain.
    search { city: "Lisbon", check_in: "2026-05-09", check_out: "2026-05-11" }

    prefer quiet {
      about "sleep"
      when location.district != "Bairro Alto" // the nightlife district
      says "Not in the nightlife district."
      hints "I have an early flight home, and I want to actually sleep the night before." // how the user drops it
      cues "noise", "nightlife", "party" // more words that make a question target this preference
    }
    prefer breakfast {
      about "food"
      when amenities has "breakfast"
      says "Breakfast included."
      hints "I'm useless before I've eaten, and I won't go hunting for a cafe at 7 a.m."
      cues "morning meal", "eat"
    }

    option H1 { name: "Casa Alfama", cost: 180, stars: 4, amenities: ["breakfast", "wifi"], location: { district: "Alfama", walk_minutes: 8 } }
    option H2 { name: "Noite Hostel", cost: 90, stars: 2, amenities: ["breakfast"], location: { district: "Bairro Alto", walk_minutes: 3 } }
    option H3 { name: "Tejo View", cost: 150, stars: 3, amenities: ["wifi"], location: { district: "Baixa", walk_minutes: 5 } }
    option H4 { name: "Estrela Garden", cost: 165, stars: 4, amenities: ["breakfast", "garden"], location: { district: "Estrela", walk_minutes: 15 } }
    option H5 { name: "Rossio Inn", cost: 120, stars: 3, amenities: [], location: { district: "Baixa", walk_minutes: 2 } }
    option H6 { name: "Party Palace", cost: 110, stars: 3, amenities: ["bar"], location: { district: "Bairro Alto", walk_minutes: 4 } }
  }

  // Rewards and knobs default to UserBench's values; set only what you change.
  rewards { elicit 0.2 }
  knobs { max_turns 16 }
}
`;
}
