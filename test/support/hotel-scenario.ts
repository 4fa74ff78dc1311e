/**
 * The smallest travel scenario that compiles cleanly: one aspect, one preference, two options.
 * `extra` goes on line 11, at column 3, inside the scenario, so a test of one statement (settings,
 * say) can pin its diagnostics' positions.
 */
export const hotelScenario = (extra = "", id = "t1") => `scenario ${id} {
  gym travel
  opening "I need a hotel."
  aspect hotel {
    fields { name: string, cost: number, wifi: bool }
    search { city: "Austin" }
    prefer online { when wifi says "Wifi please." hints "I work from the room." }
    option H1 { name: "A", cost: 100, wifi: true }
    option H2 { name: "B", cost: 50, wifi: false }
  }
  ${extra}
}
`;
