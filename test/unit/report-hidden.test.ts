import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import type { Scenario } from "../../src/compiler/ir.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import type { EpisodeRecord, TurnLog } from "../../src/runtime/episode.js";
import { loadRun, type EvalRun } from "../../src/report/load.js";
import { runScenarios, scenarioOf } from "../../src/report/scenarios.js";
import { hiddenItems } from "../../src/report/transcripts.js";

/**
 * The hidden items of the transcripts with their texts from the run's scenarios: every item, the
 * turn it came out or null for never, and the fallback to ids when the sources are gone,
 * broken or edited since the run.
 */

const fixtures = join(import.meta.dirname, "../fixtures/report");
const TRAVEL = "scenarios/travel/austin_family.ubench";
const PERSUADE = "scenarios/persuade/ai_essays.ubench";
const INTENTION = "scenarios/intention/bathroom_leak.ubench";

let work: string;
let travel: Scenario;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ubc-report-hidden-"));
  travel = loadScenarios([TRAVEL]).scenarios[0]!;
});

const evalRun = (dir: string) => loadRun(dir) as EvalRun;
const find = (run: EvalRun, scenarioId: string, trial = 0) => run.episodes.find((e) => e.scenarioId === scenarioId && e.trial === trial)!;

function turn(n: number, partial: Partial<TurnLog> = {}): TurnLog {
  return { turn: n, action: null, raw: "", feedback: "", reward: 0, judgements: [], counters: {}, terminated: false, truncated: false, ...partial };
}

/** A copy of the travel source in the work folder, with one text replaced. */
function editedTravelSource(name: string, text: string, replacement: string): string {
  const file = join(work, name);
  writeFileSync(file, readFileSync(TRAVEL, "utf8").replace(text, replacement));
  return file;
}

/** A copy of a fixture run whose run.json records other sources (`sources[i]` for the i-th scenario). */
function runWithSources(name: string, fixture: string, sources: (string | undefined)[]): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const run = JSON.parse(readFileSync(join(fixtures, fixture, "run.json"), "utf8"));
  run.scenarios.forEach((s: { source?: string }, i: number) => {
    if (sources[i] === undefined) delete s.source;
    else s.source = sources[i];
  });
  writeFileSync(join(dir, "run.json"), JSON.stringify(run));
  copyFileSync(join(fixtures, fixture, "episodes.jsonl"), join(dir, "episodes.jsonl"));
  return dir;
}

describe("hidden items with their texts", () => {
  test("travel: every preference with its aspect and statement, the turn it was asked for or volunteered, and the never revealed ones last", () => {
    const run = evalRun(join(fixtures, "random"));
    const e = find(run, "austin_family", 1);
    const hidden = hiddenItems(e, scenarioOf(run.scenarios, e));
    expect(hidden.missing).toBeNull();
    expect(hidden.total).toBe(4);
    expect(hidden.items).toEqual([
      { id: "P2", label: "apartment / quality", text: "A guest rating of at least 8.5.", turn: 1, how: "asked" },
      { id: "P3", label: "rental_car / safety", text: "Child seats included.", turn: 6, how: "volunteered" },
      { id: "P1", label: "apartment / laundry", text: "An in-unit washer.", turn: 10, how: "asked" },
      { id: "P4", label: "rental_car / driving", text: "An automatic transmission.", turn: null, how: null },
    ]);
    // An episode that revealed nothing still lists every preference, all never revealed.
    const none = find(run, "austin_family", 0);
    expect(hiddenItems(none, scenarioOf(run.scenarios, none)).items.map((i) => [i.id, i.turn])).toEqual([["P1", null], ["P2", null], ["P3", null], ["P4", null]]);
  });

  test("persuade: the reasons with what they are about, the claim, the persona's belief and the goal stance", () => {
    const run = evalRun(join(fixtures, "random"));
    const e = find(run, "ai_essays", 0);
    const hidden = hiddenItems(e, scenarioOf(run.scenarios, e));
    expect(hidden.items).toEqual([
      { id: "R3", label: "assessment", text: "what a grade says about the student", turn: 2, how: "touched" },
      { id: "R1", label: "skills", text: "never learning to build an argument oneself", turn: 3, how: "touched" },
      { id: "R2", label: "fabrication", text: "made-up facts and references", turn: null, how: null },
    ]);
    expect(hidden.facts.map((f) => f.label)).toEqual(["claim", "believes", "goal"]);
    expect(hidden.facts[0]!.text).toBe("Students should be allowed to use AI chatbots to write their essays.");
    expect(hidden.facts[1]!.text).toMatch(/^Everyone will use these tools at work/);
    expect(hidden.facts[2]!.text).toBe('from "strongly agree" to "strongly disagree"');
  });

  test("intention: the details with importance, what they are about and the answers the user may give", () => {
    const run = evalRun(join(fixtures, "random"));
    const e = find(run, "bathroom_leak", 0);
    const hidden = hiddenItems(e, scenarioOf(run.scenarios, e));
    expect(hidden.items.map((i) => [i.id, i.turn, i.how])).toEqual([["D1", 6, "covered"], ["D3", 7, "covered"], ["D2", null, null], ["D4", null, null]]);
    expect(hidden.items[0]).toMatchObject({ label: "high: source", text: "Which fixture the water escapes from", answers: ["The cold tap on the sink", "Under the toilet cistern"] });
    expect(hidden.facts).toEqual([]);
  });

  test("the first mention wins; an id the scenario lacks (an LLM judge's slip) is kept by id", () => {
    const reveal = (n: number, id: string, proactive = false) => turn(n, { judgements: [{ kind: "reveal", source: "llm", value: { preference: id, proactive } }] });
    const e: EpisodeRecord = {
      scenarioId: travel.id, gym: "travel", hash: travel.hash, shape: travel.shape, trial: 0, seed: 0, agent: "a", user: "u", maxReturn: 1, opening: "",
      turns: [reveal(1, "P9"), reveal(2, "P3", true), reveal(3, "P3")], status: "terminated", return: 0, score: 0, success: false,
      terminated: true, truncated: false, turnCount: 3, invalidTurns: 0, simulatorFallbacks: 0, agentErrors: 0, metrics: { preferences: 4 },
    };
    const hidden = hiddenItems(e, { scenario: travel });
    expect(hidden.items.map((i) => [i.id, i.turn, i.how, i.text])).toEqual([
      ["P3", 2, "volunteered", "Child seats included."],
      ["P9", 1, "asked", null],
      ["P1", null, null, "An in-unit washer."],
      ["P2", null, null, "A guest rating of at least 8.5."],
      ["P4", null, null, "An automatic transmission."],
    ]);
    expect(hidden.total).toBe(4);
  });
});

describe("the run's scenarios, and the fallback to ids", () => {
  test("loaded with the run: all three scenarios of the fixture, as they were run", () => {
    const run = evalRun(join(fixtures, "oracle"));
    expect([...run.scenarios!.byId.keys()].sort()).toEqual(["ai_essays", "austin_family", "bathroom_leak"]);
    expect(run.scenarios!.problems).toEqual([]);
    for (const e of run.episodes) expect(scenarioOf(run.scenarios, e)).toHaveProperty("scenario");
  });

  test("a run with --set overrides (multi-choice) matches its episodes: overrides change no text and no hash", () => {
    const run = evalRun(join(fixtures, "multi"));
    expect(run.info.overrides).toEqual({ "knobs.one_choice": "false" });
    expect(run.episodes.length).toBeGreaterThan(0);
    for (const e of run.episodes) expect(hiddenItems(e, scenarioOf(run.scenarios, e)).items.map((i) => i.text)).toContain("An in-unit washer.");
  });

  test("moved sources: no crash, one problem names all the missing files, the items fall back to ids with the reason", () => {
    const dir = runWithSources("moved", "random", ["gone/austin_family.ubench", "gone/ai_essays.ubench", "gone/bathroom_leak.ubench"]);
    const run = evalRun(dir);
    expect(run.scenarios!.byId.size).toBe(0);
    expect(run.scenarios!.problems).toHaveLength(1);
    expect(run.scenarios!.problems[0]).toMatch(/scenario sources of .*moved are not found \(.*gone\/austin_family\.ubench, .*gone\/ai_essays\.ubench, .*gone\/bathroom_leak\.ubench\)/);
    const e = find(run, "austin_family", 1);
    const source = scenarioOf(run.scenarios, e);
    expect(source).toEqual({ problem: "the scenario's source could not be loaded (see the note above the transcripts)" });
    const hidden = hiddenItems(e, source);
    expect(hidden.missing).toBe("the scenario's source could not be loaded (see the note above the transcripts)");
    expect(hidden.items.map((i) => [i.id, i.turn, i.text])).toEqual([["P2", 1, null], ["P3", 6, null], ["P1", 10, null]]);
    expect(hidden.total).toBe(4);
  });

  test("one source gone does not cost the others their texts", () => {
    const run = evalRun(runWithSources("partly", "random", [TRAVEL, "gone/ai_essays.ubench", INTENTION]));
    expect([...run.scenarios!.byId.keys()].sort()).toEqual(["austin_family", "bathroom_leak"]);
    expect(run.scenarios!.problems).toHaveLength(1);
    expect(run.scenarios!.problems[0]).toContain("gone/ai_essays.ubench");
    expect(scenarioOf(run.scenarios, find(run, "austin_family"))).toHaveProperty("scenario");
    expect(scenarioOf(run.scenarios, find(run, "ai_essays"))).toHaveProperty("problem");
  });

  test("a source that no longer compiles: the problem shows the compiler's error, shortened", () => {
    const broken = editedTravelSource("broken.ubench", "gym travel", "gym travel\n  nonsense here {");
    const run = evalRun(runWithSources("broken", "random", [broken, PERSUADE, INTENTION]));
    expect(run.scenarios!.problems).toHaveLength(1);
    expect(run.scenarios!.problems[0]).toContain("broken.ubench");
    expect(run.scenarios!.problems[0]!.split("\n").length).toBeLessThanOrEqual(7);
    expect(scenarioOf(run.scenarios, find(run, "austin_family"))).toHaveProperty("problem");
    expect(scenarioOf(run.scenarios, find(run, "bathroom_leak"))).toHaveProperty("scenario");
  });

  test("a source edited since the run is caught by the episode's hash", () => {
    const edited = editedTravelSource("edited.ubench", 'says "An in-unit washer."', 'says "A washing machine in the flat."');
    const run = evalRun(runWithSources("edited", "random", [edited, PERSUADE, INTENTION]));
    expect(run.scenarios!.problems).toEqual([]);
    const e = find(run, "austin_family", 1);
    const source = scenarioOf(run.scenarios, e);
    expect("problem" in source && source.problem).toMatch(/^the scenario's source has changed since the run \(hash ca6b1570db8d → [0-9a-f]{12}\)$/);
    expect(hiddenItems(e, source).items.every((i) => i.text === null)).toBe(true);
  });

  test("no sources recorded, a scenario missing from its source, sources not read", () => {
    const run = evalRun(runWithSources("unrecorded", "random", [undefined, undefined, undefined]));
    expect(run.scenarios!.problems).toEqual([expect.stringMatching(/run\.json names no scenario sources/)]);
    const e = find(run, "austin_family");
    expect(scenarioOf({ byId: new Map(), problems: [], recorded: new Map() }, e)).toEqual({ problem: "scenario 'austin_family' is not in the run's sources any more" });
    expect(scenarioOf(null, e)).toEqual({ problem: "the run's scenario sources were not read" });
    expect((loadRun(join(fixtures, "oracle"), "oracle", { scenarios: false }) as EvalRun).scenarios).toBeNull();
  });

  test("runScenarios never throws, whatever run.json holds", () => {
    expect(runScenarios(work, {}).problems).toHaveLength(1);
    expect(runScenarios(work, { scenarios: [{ id: "x", source: join(work, "nope.ubench") }] }).problems[0]).toContain("not found");
    // Two sources with one id but different content fail together; one by one, the first is kept.
    const twin = join(work, "twin.ubench");
    writeFileSync(twin, readFileSync(TRAVEL, "utf8").replace("Family week in Austin", "Another week"));
    const both = runScenarios(work, { scenarios: [{ id: "austin_family", source: TRAVEL }, { id: "austin_family", source: twin }] });
    expect(both.problems).toEqual([]);
    expect(both.byId.get("austin_family")!.title).toBe("Family week in Austin");
  });
});
