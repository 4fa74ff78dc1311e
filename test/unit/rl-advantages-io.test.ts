import { describe, expect, test } from "vitest";
import { AdvantagesInputError, formatPath, parseAdvantagesInput, runAdvantages } from "../../src/rl/advantages-io.js";

/** The error message of `runAdvantages(text)`, which must fail with AdvantagesInputError. */
function errorOf(text: string): string {
  try {
    runAdvantages(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AdvantagesInputError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${text}`);
}

describe("advantages JSON input", () => {
  test("settings: JSON values, then flags over them, defaults for the rest", () => {
    const text = '{"gamma": 0.5, "turnCredit": "r2g", "groups": []}';
    expect(parseAdvantagesInput(text).settings).toEqual({ gamma: 0.5, turnCredit: "r2g", trajectoryScore: "sum" });
    expect(parseAdvantagesInput(text, { gamma: 0.9, trajectoryScore: "mean" }).settings).toEqual({ gamma: 0.9, turnCredit: "r2g", trajectoryScore: "mean" });
    expect(parseAdvantagesInput('{"groups": []}').settings).toEqual({ gamma: 0.8, turnCredit: "equalized", trajectoryScore: "sum" });
  });

  test("the issue's input is accepted as written", () => {
    const text = '{"gamma": 0.8, "turnCredit": "r2g", "trajectoryScore": "mean", "groups": [[{"rewards": [0, 0.2, 0, 1], "tokens": [10, 20, 15, 5]}]]}';
    const out = JSON.parse(runAdvantages(text));
    expect(out.groups[0][0]).toEqual({ score: 0.3, advantage: 0.3 / (1 + 1e-6), credits: [0.6720000000000002, 0.8400000000000001, 0.8, 1], turnAdvantages: expect.any(Array) });
  });

  test("tokens that do not match the rewards: the issue's message, with the field's path", () => {
    const text = '{"groups": [[{"rewards": [1]}], [{"rewards": [0, 0.2, 0, 1], "tokens": [10, 20, 15]}]]}';
    expect(errorOf(text)).toBe("groups[1][0].tokens: expected 4 numbers (one per reward), got 3");
  });

  const bad: [string, string, RegExp][] = [
    ["empty input", "  \n", /^no input: expected a JSON object on stdin/],
    ["invalid JSON", '{"groups": [}', /^input is not valid JSON: line 1, column 13: unexpected "}"$/],
    ["invalid JSON on a later line", '{\n  "groups": [\n    [,]\n  ]\n}', /^input is not valid JSON: line 3, column 6: unexpected ","$/],
    ["truncated JSON", '{"groups": [[{"rewards": [0', /^input is not valid JSON: line 1, column 28: unexpected end of input$/],
    ["text after the JSON", '{"groups": []} {}', /^input is not valid JSON: line 1, column 16: unexpected "{"$/],
    ["not an object", "[1, 2]", /^input: expected a JSON object like .*, got an array of 2$/],
    ["no groups", "{}", /^groups: missing; expected an array of groups/],
    ["groups not an array", '{"groups": {"a": 1}}', /^groups: expected an array of groups .*, got an object$/],
    ["a group not an array", '{"groups": [[], 7]}', /^groups\[1\]: expected a group: an array of trajectories, got 7$/],
    ["a trajectory not an object", '{"groups": [[null]]}', /^groups\[0\]\[0\]: expected a trajectory: .*, got null$/],
    ["no rewards", '{"groups": [[{"tokens": [1]}]]}', /^groups\[0\]\[0\]\.rewards: missing; expected an array of numbers/],
    ["a reward as a string", '{"groups": [[{"rewards": [0, "0.5"]}]]}', /^groups\[0\]\[0\]\.rewards\[1\]: expected a finite number, got "0.5"$/],
    ["a reward beyond a double", '{"groups": [[{"rewards": [1e999]}]]}', /^groups\[0\]\[0\]\.rewards\[0\]: expected a finite number, got a number too large for a double$/],
    ["a negative token count", '{"groups": [[{"rewards": [1], "tokens": [-3]}]]}', /^groups\[0\]\[0\]\.tokens\[0\]: expected a whole number ≥ 0 \(a token count\), got -3$/],
    ["a fractional token count", '{"groups": [[{"rewards": [1], "tokens": [2.5]}]]}', /^groups\[0\]\[0\]\.tokens\[0\]: expected a whole number ≥ 0 .*, got 2.5$/],
    ["gamma out of range", '{"gamma": 1.5, "groups": []}', /^gamma: expected a number in \[0, 1\], got 1.5$/],
    ["gamma as a string", '{"gamma": "0.8", "groups": []}', /^gamma: expected a number in \[0, 1\], got "0.8"$/],
    ["an unknown turn credit", '{"turnCredit": "R2G", "groups": []}', /^turnCredit: expected one of naive, equalized, r2g, em, got "R2G" \(did you mean 'r2g'\?\)$/],
    ["UserRL's Sum", '{"trajectoryScore": "Sum", "groups": []}', /^trajectoryScore: expected one of sum, mean, r2g, got "Sum" \(UserRL's "Sum" is 'mean' here/],
    ["a misspelt field", '{"turn_credit": "r2g", "groups": []}', /^turn_credit: unknown field; did you mean 'turnCredit'\? \(fields: gamma, turnCredit, trajectoryScore, groups\)$/],
    ["an unknown trajectory field", '{"groups": [[{"rewards": [1], "reward": 1}]]}', /^groups\[0\]\[0\]\.reward: unknown field; did you mean 'rewards'\?/],
    ["a score that overflows", '{"trajectoryScore": "sum", "groups": [[{"rewards": [1e308, 1e308]}]]}', /^groups\[0\]\[0\]\.rewards: rewards out of range: this trajectory's score would overflow a double$/],
    ["an EM credit that overflows", '{"turnCredit": "em", "groups": [[{"rewards": [-400]}]]}', /^groups\[0\]\[0\]\.rewards: rewards out of range: this trajectory's credits would overflow a double$/],
  ];
  for (const [name, text, message] of bad) {
    test(`bad input: ${name}`, () => {
      expect(errorOf(text)).toMatch(message);
    });
  }

  test("several problems are reported together, in document order, at most 10", () => {
    const lines = errorOf('{"gamma": 2, "groups": [[{"rewards": ["a"], "tokens": [-1]}]]}').split("\n");
    expect(lines).toEqual([
      "gamma: expected a number in [0, 1], got 2",
      'groups[0][0].rewards[0]: expected a finite number, got "a"',
      "groups[0][0].tokens[0]: expected a whole number ≥ 0 (a token count), got -1",
    ]);
    const many = errorOf(JSON.stringify({ groups: [Array.from({ length: 15 }, () => ({ rewards: ["x"] }))] })).split("\n");
    expect(many.length).toBe(11);
    expect(many[10]).toBe("… and 5 more");
  });

  test("a byte-order mark is ignored", () => {
    expect(runAdvantages('\uFEFF{"groups": []}')).toBe(runAdvantages('{"groups": []}'));
  });

  test("field paths", () => {
    expect(formatPath([])).toBe("input");
    expect(formatPath(["groups", 1, 0, "tokens"])).toBe("groups[1][0].tokens");
    expect(formatPath(["gamma"])).toBe("gamma");
  });
});

describe("advantages JSON output", () => {
  const text = '{"turnCredit": "r2g", "groups": [[{"rewards": [0, 1], "tokens": [3, 4]}, {"rewards": []}], [], [{"rewards": [0.5]}]]}';

  test("is JSON with the settings used and one entry per trajectory, in the input's order", () => {
    const out = JSON.parse(runAdvantages(text));
    expect(Object.keys(out)).toEqual(["gamma", "turnCredit", "trajectoryScore", "groups"]);
    expect(out.groups.map((g: unknown[]) => g.length)).toEqual([2, 0, 1]);
    expect(Object.keys(out.groups[0][0])).toEqual(["score", "advantage", "credits", "turnAdvantages"]);
    expect(out.groups[0][1]).toEqual({ score: 0, advantage: expect.any(Number), credits: [], turnAdvantages: [] });
  });

  test("numbers round-trip exactly", () => {
    const out = JSON.parse(runAdvantages(text));
    const direct = runAdvantages(text);
    expect(direct).toContain(JSON.stringify(out.groups[0][0].advantage));
  });

  test("the same input gives the same bytes; whitespace and key order of the input do not matter", () => {
    const reordered = '{ "groups": [[{"tokens": [3,4], "rewards": [0,1]}, {"rewards": []}], [], [{"rewards": [0.5]}]],\n "turnCredit": "r2g" }';
    expect(runAdvantages(text)).toBe(runAdvantages(text));
    expect(runAdvantages(reordered)).toBe(runAdvantages(text));
  });

  test("ends with a newline; one trajectory per line", () => {
    const out = runAdvantages(text);
    expect(out.endsWith("}\n")).toBe(true);
    expect(out.split("\n").filter((line) => line.trimStart().startsWith('{"score"')).length).toBe(3);
  });
});
