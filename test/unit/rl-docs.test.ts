import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { assignGroupCredit, groupBaseline, type CreditSettings } from "../../src/rl/advantages.js";
import { runAdvantages } from "../../src/rl/advantages-io.js";
import { turnCredits } from "../../src/rl/credit.js";
import { trajectoryScore } from "../../src/rl/score.js";
import { advantagesExamples } from "../support/rl-doc-examples.js";

/**
 * docs/rl.md against the code: every number of its worked-example tables is recomputed here (to
 * the decimals the doc shows), and every `ubc advantages` command it shows is run through the
 * library and must print the doc's output block byte for byte (the e2e test runs the same
 * commands through the built binary).
 */

const doc = readFileSync(join(import.meta.dirname, "../../docs/rl.md"), "utf8");

function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}`);
  expect(start, `section '${heading}'`).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
}

/** Rows `| \`key\` | how | value |` of a section: key → the value cell. */
function tableValues(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^\| `([^`]+)` \|.*\| ([^|]+) \|$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** The numbers of a value cell: `0.3` or `[0.5, 0.6906, 0.5, 1]`, with the decimals each shows. */
function shown(cell: string): { value: number; decimals: number }[] {
  const inner = cell.startsWith("[") ? cell.slice(1, -1) : cell;
  return inner.split(",").map((part) => {
    const text = part.trim();
    expect(text, `a number in '${cell}'`).toMatch(/^-?\d+(\.\d+)?$/);
    return { value: Number(text), decimals: text.split(".")[1]?.length ?? 0 };
  });
}

/** The doc's value equals `actual` to the decimals it shows (integers exactly). */
function expectShown(key: string, cell: string, actual: number | number[]): void {
  const values = Array.isArray(actual) ? actual : [actual];
  const numbers = shown(cell);
  expect(numbers.length, `${key}: how many numbers`).toBe(values.length);
  numbers.forEach(({ value, decimals }, i) => {
    const tolerance = decimals === 0 ? 1e-9 : 0.5 * 10 ** -decimals + 1e-12;
    expect(Math.abs(values[i]! - value), `${key}[${i}]: doc ${value}, code ${values[i]}`).toBeLessThanOrEqual(tolerance);
  });
}

/** The flags of a doc command as library overrides. */
function overridesOf(args: string[]): Partial<CreditSettings> {
  const overrides: Partial<CreditSettings> = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]!];
    if (flag === "--gamma") overrides.gamma = Number(value);
    else if (flag === "--turn-credit") overrides.turnCredit = value as CreditSettings["turnCredit"];
    else if (flag === "--trajectory-score") overrides.trajectoryScore = value as CreditSettings["trajectoryScore"];
    else throw new Error(`unexpected flag ${flag}`);
  }
  return overrides;
}

describe("docs/rl.md", () => {
  test("worked example, one trajectory: every row is the code's value", () => {
    const r = [0, 0.2, 0, 1.0];
    const rows = tableValues(section("Worked example: one trajectory"));
    const computed: Record<string, number | number[]> = {
      "score mean": trajectoryScore(r, "mean", 0.8),
      "score sum": trajectoryScore(r, "sum", 0.8),
      "score r2g": trajectoryScore(r, "r2g", 0.8),
      "credits naive": turnCredits(r, "naive", 0.8),
      "credits equalized": turnCredits(r, "equalized", 0.8),
      "credits r2g": turnCredits(r, "r2g", 0.8),
      "credits em": turnCredits(r, "em", 0.8),
    };
    expect([...rows.keys()].sort()).toEqual(Object.keys(computed).sort());
    for (const [key, cell] of rows) expectShown(key, cell, computed[key]!);
    // rl.md's own figures, to the digit
    expect(rows.get("score mean")).toBe("0.3");
    expect(rows.get("score sum")).toBe("1.2");
    expect(rows.get("score r2g")).toBe("0.672");
    expect(rows.get("credits r2g")).toBe("[0.672, 0.84, 0.8, 1]");
    expect(rows.get("credits em")).toBe("[0.5, 0.6906, 0.5, 1]");
  });

  test("worked example, a group: the hand derivation matches the code", () => {
    const text = section("Worked example: a group with token counts");
    const { input } = advantagesExamples(text);
    const parsed = JSON.parse(input) as { gamma: number; turnCredit: CreditSettings["turnCredit"]; trajectoryScore: CreditSettings["trajectoryScore"]; groups: { rewards: number[]; tokens?: number[] }[][] };
    const settings = { gamma: parsed.gamma, turnCredit: parsed.turnCredit, trajectoryScore: parsed.trajectoryScore };
    const [first, second, third] = parsed.groups.map((group) => assignGroupCredit(group, settings));
    const group = parsed.groups[0]!;
    const mass = (i: number) => first![i]!.credits.reduce((sum, c, t) => sum + c * group[i]!.tokens![t]!, 0);
    const nonZero = (i: number) => first![i]!.credits.reduce((sum, c, t) => sum + (c !== 0 ? group[i]!.tokens![t]! : 0), 0);
    const baseline = groupBaseline(first!.map((t) => t.score));
    const computed: Record<string, number | number[]> = {
      S: first!.map((t) => t.score),
      "mean(S)": baseline.mean,
      "std(S)": baseline.std,
      Â: first!.map((t) => t.advantage),
      E_A: mass(0),
      N_A: nonZero(0),
      a_A: first![0]!.turnAdvantages,
      "token mean A": first![0]!.turnAdvantages.reduce((sum, a, t) => sum + a * group[0]!.tokens![t]!, 0) / nonZero(0),
      E_B: mass(1),
      a_B: first![1]!.turnAdvantages,
      E_C: mass(2),
      a_D: first![3]!.turnAdvantages,
      "Â task 2": second![0]!.advantage,
      "a task 2": second![0]!.turnAdvantages,
      "Â task 3": third!.map((t) => t.advantage),
    };
    const rows = tableValues(text);
    expect([...rows.keys()].sort()).toEqual(Object.keys(computed).sort());
    for (const [key, cell] of rows) expectShown(key, cell, computed[key]!);
    // the rows that say "= Â_A" and "though its Â is −0.9035" are true
    expect(computed["token mean A"]).toBeCloseTo(first![0]!.advantage, 14);
    expect(first![2]!.turnAdvantages).toEqual([0, 0, 0, 0]);
  });

  test("every `ubc advantages` command of the doc prints the doc's output block", () => {
    const { input, commands } = advantagesExamples(section("Worked example: a group with token counts"));
    expect(commands.length).toBe(2);
    for (const { args, output } of commands) expect(runAdvantages(input, overridesOf(args)), `ubc advantages ${args.join(" ")}`).toBe(output);
  });

  test("the documented defaults are the code's", () => {
    const rows = tableValues(section("`ubc advantages`"));
    expect(rows.get("gamma")).toBe("0.8");
    expect(rows.get("turnCredit")).toBe("`equalized`");
    expect(rows.get("trajectoryScore")).toBe("`sum`");
    const out = JSON.parse(runAdvantages('{"groups": []}')) as Record<string, unknown>;
    expect(out).toEqual({ gamma: 0.8, turnCredit: "equalized", trajectoryScore: "sum", groups: [] });
  });

  test("the doc says that `mean` is UserRL's \"Sum\"", () => {
    expect(section("Trajectory score S")).toMatch(/what UserRL's code and paper call "Sum"/);
  });
});
