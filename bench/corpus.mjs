// A generated corpus of travel scenarios for the compiler benchmark: deterministic (seeded LCG),
// varied shapes (2 to 4 aspects, 2 to 4 preferences each, 8 to 16 options per aspect).

const ASPECTS = [
  ["flight", "F"], ["hotel", "H"], ["apartment", "A"], ["rental_car", "C"], ["restaurant", "R"],
];
const PREFERENCES = [
  ["wifi", 'tags has "wifi"', "Good internet.", "I have to join calls every evening."],
  ["quiet", 'not (tags has "party")', "A calm place.", "I sleep badly if there is noise."],
  ["rated", "rating >= 8", "Highly rated.", "I read every review now."],
  ["close", "minutes <= 15", "Short walk.", "My knee is not what it was."],
];

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function scenario(index, random) {
  const aspectCount = 2 + Math.floor(random() * 3);
  const aspects = [];
  for (let a = 0; a < aspectCount; a++) {
    const [name, prefix] = ASPECTS[(index + a) % ASPECTS.length];
    const prefCount = 2 + Math.floor(random() * 3);
    const prefs = PREFERENCES.slice(0, prefCount);
    const optionCount = 8 + Math.floor(random() * 9);
    const options = [];
    for (let o = 0; o < optionCount; o++) {
      // Option 0 satisfies all; options 1..prefCount each fail exactly one; the rest are random.
      const fails = o === 0 ? -1 : o <= prefCount ? o - 1 : Math.floor(random() * prefCount);
      const tags = [fails === 0 ? "none" : "wifi", fails === 1 ? "party" : "calm"];
      const rating = fails === 2 ? 6 + Math.floor(random() * 2) : 8 + Math.floor(random() * 2);
      const minutes = fails === 3 ? 20 + Math.floor(random() * 20) : 5 + Math.floor(random() * 10);
      const cost = o === 0 ? 100 : 101 + o * 7 + Math.floor(random() * 5);
      options.push(`    option ${prefix}${o + 1} { name: "Option ${o + 1}", cost: ${cost}, rating: ${rating}, minutes: ${minutes}, tags: ["${tags[0]}", "${tags[1]}"] }`);
    }
    aspects.push(`  aspect ${name} {
    fields { name: string, cost: number aka "price", rating: number aka "reviews", minutes: number aka "walk", tags: list<string> aka "features" }
    search { city: "City ${index}", date: "2026-0${1 + (index % 9)}-1${a}" }
${prefs.map(([id, when, says, hints]) => `    prefer ${name}_${id} { when ${when} says "${says}" hints "${hints}" }`).join("\n")}
${options.join("\n")}
  }`);
  }
  return `scenario bench_${index} {
  gym travel
  title "Benchmark trip ${index}"
  opening "Plan my trip to City ${index}. Cheapest that works for me."
  knobs { max_turns 40 }
${aspects.join("\n")}
}
`;
}

/** `count` scenarios in files of `perFile` scenarios each, as {path, text} sources. */
export function generateCorpus(count, perFile = 10, seed = 20261124) {
  const random = lcg(seed);
  const sources = [];
  for (let start = 0; start < count; start += perFile) {
    let text = "";
    for (let i = start; i < Math.min(count, start + perFile); i++) text += scenario(i, random) + "\n";
    sources.push({ path: `corpus/file_${String(start / perFile).padStart(4, "0")}.ubench`, text });
  }
  return sources;
}
