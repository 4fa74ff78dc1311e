import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import type { Scenario } from "../../src/compiler/ir.js";
import { renderAction } from "../../src/runtime/actions.js";
import { noStackTrace, repoRoot, ubc } from "../support/cli.js";
import { playScripted } from "../support/scripted-episode.js";

/**
 * `ubc play` end to end through the built binary with `--script`: the oracle's actions typed by
 * hand reach maxReturn in each gym, `:undo` puts the episode back where it was, `:save` writes
 * the transcript, a bad action shows the invalid-turn reason, and `--probe` tells which items a
 * question targets and why.
 */

const work = mkdtempSync(join(tmpdir(), "ubc-play-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let scripts = 0;
function script(lines: readonly string[]): string {
  const file = join(work, `script-${++scripts}.txt`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

function compiled(file: string): Scenario {
  const result = compileText(readFileSync(join(repoRoot, file), "utf8"), file);
  return result.scenarios[0]!.ir;
}

/** The rewards the session printed, one per turn, in order. */
function printedRewards(stdout: string): number[] {
  return [...stdout.matchAll(/^turn \d+\/\d+ {2}reward ([+-][\d.]+)/gm)].map((m) => Number(m[1]));
}

const TRAVEL = "scenarios/travel/austin_family.ubench";

describe("ubc play --script: the oracle's actions, typed by the author, reach maxReturn", () => {
  const cases = [
    ["travel", TRAVEL, 3],
    ["persuade", "scenarios/persuade/end_tipping.ubench", 1],
    ["intention", "scenarios/intention/saving_plan.ubench", 5],
  ] as const;

  test.each(cases)("%s (%s, seed %i)", async (_gym, file, seed) => {
    const scenario = compiled(file);
    const oracle = await playScripted("scripted:oracle", scenario, seed);
    const actions = oracle.turns.map((t) => renderAction(t.action!));
    const run = ubc(["play", file, "--seed", String(seed), "--script", script(actions)]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const rewards = printedRewards(run.stdout);
    expect(rewards).toHaveLength(actions.length);
    expect(rewards.reduce((a, b) => a + b, 0)).toBeCloseTo(scenario.maxReturn, 6);
    expect(run.stdout).toContain(`the episode ended: return ${scenario.maxReturn} of max ${scenario.maxReturn}`);
    // Every question or argument of the oracle is read by the built-in rules as a hit.
    const readings = [...run.stdout.matchAll(/^built-in reading: (.*)$/gm)].map((m) => m[1]!);
    expect(readings.length).toBeGreaterThan(0);
    for (const reading of readings) expect(reading).toMatch(/^(targeted|covers|touches R)/);
  });
});

describe("ubc play --script: the session's commands", () => {
  const search = "[search] apartment in Austin, check in 2025-11-10, check out 2025-11-15, 4 guests";
  const laundry = "[action] Anything about laundry for the apartment?";

  test("a missed question says why; a targeted one names the preference and reveals it", () => {
    const run = ubc(["play", TRAVEL, "--script", script([search, "[action] Is noise a concern?", laundry])]);
    expect(run.code).toBe(0);
    const [, missed, hit] = run.stdout.split(/^austin_family \d+\/20> /m).slice(1);
    expect(missed).toMatch(/reward \+0 /);
    expect(missed).toContain("judged: utterance [builtin] type=unrelated");
    expect(missed).toContain('miss P1 washer: none of its cues ("amenities", "facilities", "features", "washer", "laundry", "washing machine", … (7 in all)) is in the question');
    expect(hit).toMatch(/reward \+0\.2 /);
    expect(hit).toContain("judged: utterance [builtin] type=targeted preference=P1");
    expect(hit).toContain('hit  P1 washer: its cue "laundry" is in the question');
    expect(hit).toContain("revealed now: P1 washer");
    expect(hit).toContain("turns left: 17");
  });

  test(":undo restores the previous state: the reveal is undone and replaying the turn gives the same reply and reward", () => {
    const run = ubc(["play", TRAVEL, "--script", script([search, laundry, ":hidden", ":undo", ":hidden", laundry])]);
    expect(run.code).toBe(0);
    const blocks = run.stdout.split(/^austin_family (?:\d+\/20|over)> /m).slice(1);
    expect(blocks).toHaveLength(6);
    const [, firstAsk, hiddenBefore, undo, hiddenAfter, secondAsk] = blocks as [string, string, string, string, string, string];
    expect(hiddenBefore).toMatch(/^revealed P1 washer .*\[asked at turn 2\]$/m);
    expect(undo).toContain("undone: back after turn 1, return 0.2, 19 turns left");
    expect(hiddenAfter).toMatch(/^hidden {3}P1 washer /m);
    expect(hiddenAfter).not.toContain("revealed");
    // The prompt after :undo is the turn again; the replayed question gets the same turn, reply and reward.
    expect(run.stdout).toMatch(/^austin_family 2\/20> \[action\] Anything about laundry/m);
    expect(secondAsk.replace(/^.*\n/, "")).toBe(firstAsk.replace(/^.*\n/, ""));
  });

  test(":save writes the transcript of the episode as it stands, atomically", () => {
    const out = join(work, "saved.txt");
    const run = ubc(["play", TRAVEL, "--script", script([search, "[chat] hi", ":undo", laundry, `:save ${out}`, "[finish]"])]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote the transcript to ${out}`);
    const saved = readFileSync(out, "utf8");
    expect(saved).toMatch(/^austin_family: Family week in Austin\ngym travel, seed 0, user builtin/);
    expect(saved).toContain(`> ${search}\nturn 1/20  reward +0.2  return 0.2 of max 3.2`);
    expect(saved).toContain(`> ${laundry}\nturn 2/20  reward +0.2  return 0.4 of max 3.2`);
    // The undone turn and the later [finish] are not in it; nothing is coloured; no temporary file is left.
    expect(saved).not.toContain("[chat]");
    expect(saved).not.toContain("[finish]");
    expect(saved).not.toContain("\u001b[");
    expect(readdirSync(work).filter((f) => f.startsWith("saved.txt."))).toEqual([]);
  });

  test(":save into a folder that does not exist is a message and exit 1 after the script, not a crash", () => {
    const run = ubc(["play", TRAVEL, "--script", script([`:save ${join(work, "missing", "t.txt")}`, "[finish]"])]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("cannot write");
    expect(run.stdout).toContain("ENOENT");
    expect(run.stdout).toContain("the episode ended");
    noStackTrace(run.stdout + run.stderr);
  });

  test("a bad action is an invalid turn with its reason; an unknown command is a message", () => {
    const run = ubc(["play", TRAVEL, "--script", script(["[chat] hello", "[answer]", "[answer] Z9", ":frobnicate", ":help"])]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("invalid turn: unknown choice 'chat'");
    expect(run.stdout).toContain("invalid turn: [answer] needs content after the tag");
    expect(run.stdout).toContain("invalid turn: 'Z9' is not an option id");
    expect(run.stdout).toContain("turns left: 17");
    expect(run.stdout).toContain("unknown command ':frobnicate' (:help lists them)");
    expect(run.stdout).toContain(":undo            step back one turn");
  });
});

describe("ubc play: choosing the scenario and bad input", () => {
  test("a folder of several scenarios with --script and no --scenario exits 2 naming the choices", () => {
    const run = ubc(["play", "scenarios/persuade", "--script", script(["[finish]"])]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("choose one with --scenario");
    expect(run.stderr).toContain("end_tipping (persuade): No more tipping");
    expect(run.stdout).toBe("");
  });

  test("--scenario picks one of several; an unknown id exits 2 naming the choices", () => {
    const ok = ubc(["play", "scenarios/persuade", "--scenario", "end_tipping", "--script", script(["[finish]"])]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^end_tipping: No more tipping/);
    const bad = ubc(["play", "scenarios/persuade", "--scenario", "nope", "--script", script(["[finish]"])]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("no scenario 'nope'");
    expect(bad.stderr).toContain("daily_shower");
  });

  test("without --script or a terminal the lines come from standard input, the scenario choice first", () => {
    const run = ubc(["play", "scenarios/persuade"], { input: "no_such\n7\n[finish]\n" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("16 scenarios:\n  1. ai_essays (persuade)");
    expect(run.stdout).toContain("no scenario 'no_such'");
    expect(run.stdout).toContain("end_tipping: No more tipping");
    expect(run.stdout).toContain("the episode ended: return 0 of max");
  });

  test("a bad --seed is a usage error", () => {
    const run = ubc(["play", TRAVEL, "--seed", "-1", "--script", script(["[finish]"])]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expected a whole number of at least 0");
  });

  test("a missing script, a bad user spec and a broken scenario are clear errors", () => {
    const missing = ubc(["play", TRAVEL, "--script", join(work, "none.txt")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read the script");
    const user = ubc(["play", TRAVEL, "--user", "oracle", "--script", script(["[finish]"])]);
    expect(user.code).toBe(2);
    expect(user.stderr).toContain("unknown user simulator 'oracle'");
    const broken = join(work, "broken.ubench");
    writeFileSync(broken, "scenario broken { gym travel\n");
    const compile = ubc(["play", broken, "--script", script(["[finish]"])]);
    expect(compile.code).toBe(1);
    for (const run of [missing, user, compile]) noStackTrace(run.stderr);
  });
});

describe("ubc play --probe", () => {
  const gift = `scenario gift {
  gym intention
  title "A gift for a friend"
  category "Shopping"
  task "I need a present for someone. Any ideas?"
  missing budget {
    importance high
    about "The budget"
    asks "What is your budget?"
    answers "About 50"
  }
  missing recipient {
    importance medium
    about "Who the present is for"
    asks "Who is the present for?"
    answers "My sister"
    cues "who is it for", "recipient"
  }
}
`;

  test("a question that misses a detail says why, one that hits names the cue or key words", () => {
    const file = join(work, "gift.ubench");
    writeFileSync(file, gift);
    const miss = ubc(["play", "--probe", "How much do you want to spend?", file]);
    expect(miss.code, miss.stderr).toBe(0);
    const lines = miss.stdout.split("\n");
    expect(lines[0]).toMatch(/^scenario +item +targeted +why$/);
    expect(lines.find((l) => l.startsWith("gift") && l.includes("D1 budget"))).toMatch(/ no +it has no cues, and the question shares too few key words of its about \("The budget"\)/);
    expect(miss.stdout).toContain("0 of 2 items targeted in 1 scenario");
    const hit = ubc(["play", "--probe", "What budget do you have in mind?", file]);
    expect(hit.stdout.split("\n").find((l) => l.includes("D1 budget"))).toMatch(/ yes +the question shares key words with its about/);
    expect(hit.stdout).toContain("1 of 2 items targeted in 1 scenario");
  });

  test("--scenario narrows the probe to one scenario", () => {
    const run = ubc(["play", "--probe", "Anything about laundry?", "--scenario", "austin_family", "scenarios/travel"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^austin_family +P1 washer +yes +its cue "laundry" is in the question$/m);
    expect(run.stdout).toContain("1 of 4 items targeted in 1 scenario\n");
  });

  test("in bulk over the shipped scenarios of every gym, with the cue that hits", () => {
    const run = ubc(["play", "--probe", "What do other guests say in the reviews?", "scenarios"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^austin_family +P2 rated +yes +its cue "reviews" is in the question$/m);
    expect(run.stdout).toMatch(/^austin_family +P1 washer +no +none of its cues \(.*\) is in the question$/m);
    expect(run.stdout).toMatch(/^end_tipping +R1 take_home +no +none of its cues \(.*\) is in the argument$/m);
    expect(run.stdout).toMatch(/^saving_plan +D1 goal +no /m);
    const total = readdirSync(join(repoRoot, "scenarios"), { recursive: true }).filter((f) => String(f).endsWith(".ubench")).length;
    expect(run.stdout).toMatch(new RegExp(`items targeted in ${total} scenarios\\n$`));
  });
});

test("the binary was built before these tests ran", () => {
  expect(existsSync(join(repoRoot, "dist/cli/commands/play-action.js"))).toBe(true);
});
