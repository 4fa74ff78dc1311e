import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { noStackTrace, repoRoot, ubc } from "../support/cli.js";
import { advantagesExamples } from "../support/rl-doc-examples.js";

/** `ubc advantages` as a user runs it: the built binary (npm test builds first), JSON on stdin. */

const doc = readFileSync(join(repoRoot, "docs/rl.md"), "utf8");

describe("ubc advantages", () => {
  test("reproduces docs/rl.md's worked example byte for byte (each command shown there)", () => {
    const { input, commands } = advantagesExamples(doc);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const { args, output } of commands) {
      const result = ubc(["advantages", ...args], { input });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(output);
    }
  });

  test("rl.md's trajectory: mean 0.3, r2g credits [0.672, 0.84, 0.8, 1]", () => {
    const input = JSON.stringify({ turnCredit: "r2g", trajectoryScore: "mean", groups: [[{ rewards: [0, 0.2, 0, 1] }]] });
    const out = JSON.parse(ubc(["advantages"], { input }).stdout);
    expect(out.groups[0][0].score).toBe(0.3);
    [0.672, 0.84, 0.8, 1].forEach((c, t) => expect(out.groups[0][0].credits[t]).toBeCloseTo(c, 12));
    const em = JSON.parse(ubc(["advantages", "--turn-credit", "em"], { input }).stdout);
    expect(em.groups[0][0].credits).toEqual([0.5, 0.6906, 0.5, 1]);
  });

  test("flags override the input's settings; defaults are equalized + sum with γ 0.8, as ubc train's", () => {
    const input = JSON.stringify({ gamma: 0.5, turnCredit: "naive", trajectoryScore: "sum", groups: [[{ rewards: [0, 1] }, { rewards: [1] }]] });
    const fromJson = JSON.parse(ubc(["advantages"], { input }).stdout);
    expect([fromJson.gamma, fromJson.turnCredit, fromJson.trajectoryScore]).toEqual([0.5, "naive", "sum"]);
    const flagged = JSON.parse(ubc(["advantages", "--gamma", "0.9", "--turn-credit", "r2g", "--trajectory-score", "r2g"], { input }).stdout);
    expect([flagged.gamma, flagged.turnCredit, flagged.trajectoryScore]).toEqual([0.9, "r2g", "r2g"]);
    expect(flagged.groups[0][0].score).toBeCloseTo(0.9, 12);
    const defaults = JSON.parse(ubc(["advantages"], { input: '{"groups": []}' }).stdout);
    expect(defaults).toEqual({ gamma: 0.8, turnCredit: "equalized", trajectoryScore: "sum", groups: [] });
    // ubc train shows the same defaults (an option's help ends where the next option starts).
    const trainHelp = ubc(["train", "--help"]).stdout;
    const trainDefault = (option: string) => /\(default: ([^)]+)\)/.exec(trainHelp.split(`  ${option} `)[1]!.split("\n  --")[0]!)?.[1];
    expect([trainDefault("--gamma"), trainDefault("--turn-credit"), trainDefault("--trajectory-score")]).toEqual(["0.8", '"equalized"', '"sum"']);
  });

  test("the same input gives the same bytes", () => {
    const { input } = advantagesExamples(doc);
    expect(ubc(["advantages"], { input }).stdout).toBe(ubc(["advantages"], { input }).stdout);
  });

  test("the error examples of docs/rl.md are what it prints: exit 1, no stack trace", () => {
    const shown = [...doc.matchAll(/^ {4}ubc advantages: (.+)$/gm)].map((m) => m[1]!);
    const inputs: Record<string, string> = {
      "groups[1][0].tokens": '{"groups": [[{"rewards": [1]}], [{"rewards": [0, 0.2, 0, 1], "tokens": [10, 20, 15]}]]}',
      "groups[0][2].rewards[1]": '{"groups": [[{"rewards": [1]}, {"rewards": [0]}, {"rewards": [0, "0.5"]}]]}',
      turn_credit: '{"turn_credit": "r2g", "groups": []}',
      trajectoryScore: '{"trajectoryScore": "Sum", "groups": []}',
    };
    expect(shown.length).toBe(Object.keys(inputs).length);
    for (const line of shown) {
      const field = line.slice(0, line.indexOf(":"));
      expect(inputs, `an input for the doc's '${line}'`).toHaveProperty([field]);
      const result = ubc(["advantages"], { input: inputs[field]! });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`ubc advantages: ${line.replace(/…\)?$/, "")}`);
      noStackTrace(result.stderr);
    }
  });

  const bad: [string, string, RegExp][] = [
    ["empty stdin", "", /ubc advantages: no input/],
    ["invalid JSON", '{"groups": [', /ubc advantages: input is not valid JSON: line 1, column 13: unexpected end of input/],
    ["a wrong type deep inside", '{"groups": [[{"rewards": [0, 1], "tokens": [1, "2"]}]]}', /ubc advantages: groups\[0\]\[0\]\.tokens\[1\]: expected a whole number/],
    ["a reward beyond a double", '{"groups": [[{"rewards": [1e999]}]]}', /groups\[0\]\[0\]\.rewards\[0\]: expected a finite number/],
    ["rewards whose score overflows", '{"trajectoryScore": "sum", "groups": [[{"rewards": [1e308, 1e308]}]]}', /groups\[0\]\[0\]\.rewards: rewards out of range/],
  ];
  for (const [name, input, message] of bad) {
    test(`bad input (${name}): a message naming the problem, exit 1, no stack trace`, () => {
      const result = ubc(["advantages"], { input });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      noStackTrace(result.stderr);
    });
  }

  test("invalid UTF-8 on stdin is bad input", () => {
    const result = ubc(["advantages"], { input: Buffer.from([0x7b, 0xff, 0x7d]) as unknown as string });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("not valid UTF-8");
  });

  test("usage errors exit 2: bad flag values, unknown flags, arguments", () => {
    const input = '{"groups": []}';
    const stderr = new Map<string, string>();
    for (const args of [["--gamma", "2"], ["--gamma", "x"], ["--turn-credit", "R2G"], ["--trajectory-score", "Sum"], ["--bogus"], ["extra"]]) {
      const result = ubc(["advantages", ...args], { input });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      noStackTrace(result.stderr);
      stderr.set(args.join(" "), result.stderr);
    }
    expect(stderr.get("--gamma 2")).toContain("expected a number in [0, 1]");
    expect(stderr.get("--turn-credit R2G")).toContain("did you mean 'r2g'?");
    expect(stderr.get("--trajectory-score Sum")).toContain("UserRL's \"Sum\" is 'mean' here");
  });

  test("--help exits 0 and shows the input, the output and an example", () => {
    const help = ubc(["advantages", "--help"]);
    expect(help.code).toBe(0);
    for (const text of ["--gamma", "--turn-credit", "--trajectory-score", "Example", "turnAdvantages", "docs/rl.md"]) expect(help.stdout).toContain(text);
    expect(ubc(["--help"]).stdout).toContain("advantages");
  });
});
