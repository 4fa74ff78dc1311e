import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { searchesNeeded, travelMaxReturn } from "../../src/compiler/gyms/travel/derive.js";
import type { TravelScenario } from "../../src/compiler/gyms/travel/ir.js";
import { editDistance, didYouMean } from "../../src/diagnostics/did-you-mean.js";
import { containsPhrase, findLeak, stem } from "../../src/compiler/text/words.js";
import { decodeBlock, decodeQuoted, quote } from "../../src/dsl/strings.js";

const scenario = (body: string, knobs = "") => `scenario t {
  gym travel
  opening "Book me something."
  ${knobs}
  aspect hotel {
    fields { name: string, cost: number, stars: number, tags: list<string> }
    search { city: "Rome" }
    prefer good { when stars >= 4 says "Four stars." hints "Comfort matters to me." }
    prefer calm { when not (tags has "party") says "No party hostels." hints "I sleep early." }
    ${body}
  }
}`;
const options = `option H1 { name: "a", cost: 90, stars: 5, tags: [] }
    option H2 { name: "b", cost: 80, stars: 4, tags: ["party"] }
    option H3 { name: "c", cost: 70, stars: 3, tags: [] }
    option H4 { name: "d", cost: 100, stars: 4, tags: ["quiet"] }`;

function compiled(text: string): TravelScenario {
  const result = compileText(text);
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.scenarios[0]!.ir as TravelScenario;
}

describe("travel derivations", () => {
  test("roles, violations, the best option, ids and shape", () => {
    const ir = compiled(scenario(options));
    const hotel = ir.aspects[0]!;
    expect(hotel.preferences.map((p) => p.id)).toEqual(["P1", "P2"]);
    expect(hotel.options.map((o) => [o.id, o.role, o.violates])).toEqual([
      ["H1", "correct", []],
      ["H2", "wrong", ["P2"]],
      ["H3", "wrong", ["P1"]],
      ["H4", "correct", []],
    ]);
    expect(hotel.correct).toEqual(["H1", "H4"]);
    expect(hotel.best).toBe("H1");
    expect(ir.shape).toBe("2");
  });

  test("maximum return: search + each elicitation + best (one choice)", () => {
    const ir = compiled(scenario(options));
    expect(ir.maxReturn).toBeCloseTo(0.2 + 2 * 0.2 + 1.0, 10);
  });

  test("multi-choice adds the other correct answers; the step penalty counts every turn", () => {
    const multi = compiled(scenario(options, "knobs { one_choice false }"));
    expect(multi.maxReturn).toBeCloseTo(0.2 + 0.4 + 0.8 + 1.0, 10);
    const penalised = compiled(scenario(options, "rewards { step -0.1 }"));
    expect(penalised.maxReturn).toBeCloseTo(0.1 + 2 * 0.1 + 0.9, 10);
  });

  test("clip bounds each step", () => {
    const clipped = compiled(scenario(options, "knobs { clip 0 .. 0.5 }"));
    expect(clipped.maxReturn).toBeCloseTo(0.2 + 0.4 + 0.5, 10);
  });

  test("searches needed when every Nth search fails", () => {
    expect(searchesNeeded(4, 5)).toBe(4);
    expect(searchesNeeded(5, 5)).toBe(6);
    expect(searchesNeeded(3, 2)).toBe(5);
    expect(searchesNeeded(3, 0)).toBe(3);
  });

  test("travelMaxReturn with failing searches pays the step penalty for the failed one too", () => {
    const aspect = { preferences: [], correct: ["X1"] } as unknown as TravelScenario["aspects"][number];
    const rewards = { search: 0.2, elicit: 0.2, best: 1, correct: 0.8, wrong: 0, step: -0.1 };
    const knobs = { max_turns: 20, one_choice: true, reveal_after: 3, search_fail_every: 1 + 1, clip: null };
    // 2 aspects, every 2nd search fails: 3 searches, 2 answers.
    expect(travelMaxReturn([aspect, aspect], rewards, knobs)).toBeCloseTo(2 * 0.1 - 0.1 + 2 * 0.9, 10);
  });
});

describe("text helpers", () => {
  test("edit distance counts a transposition as one edit", () => {
    expect(editDistance("hotle", "hotel")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(didYouMean("opennig", ["opening", "title"])).toBe("did you mean 'opening'?");
    expect(didYouMean("zzz", ["opening"])).toBeUndefined();
  });

  test("leaks: values as whole words, says key words by stem", () => {
    expect(findLeak("I need a pool badly", ["pool"], "A swimming pool.")).toBe("pool");
    expect(findLeak("Whirlpools are nice", ["pool"], "x")).toBeUndefined();
    expect(findLeak("I read what the guests wrote", [], "A guest rating of 8.5")).toBe("guest");
    expect(findLeak("Money is tight", [8.5], "A guest rating of at least 8.5")).toBeUndefined();
    expect(containsPhrase("a Rating of 8.5 at least", "8.5")).toBe(true);
    expect(stem("reviews")).toBe(stem("reviewed"));
  });

  test("strings: escapes, prose blocks, and quote() round-trips", () => {
    expect(decodeQuoted('"a\\"b\\\\c\\n\\u{1F642}\\u00e9"').value).toBe('a"b\\c\n🙂é');
    expect(decodeQuoted('"bad \\q"').problems[0]!.message).toContain("\\q");
    expect(decodeBlock('"""\n   one\n   two\n\n   three\n"""')).toBe("one two\nthree");
    for (const value of ['he said "hi"', "tab\there", "line\nbreak", "back\\slash", "🙂"]) {
      expect(decodeQuoted(quote(value)).value).toBe(value);
    }
  });
});
