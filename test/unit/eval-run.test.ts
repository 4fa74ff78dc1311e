import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { writeBuild } from "../../src/compiler/write-build.js";
import { readEpisodes } from "../../src/eval/episodes-file.js";
import { playCheck } from "../../src/eval/play-check.js";
import { defaultOutDir, runEval } from "../../src/eval/run-eval.js";
import { ScenarioInputError } from "../../src/eval/scenarios.js";
import { mergeSettings, type PartialSettings } from "../../src/eval/settings.js";
import { formatSummaryTable } from "../../src/eval/table.js";
import { AUSTIN } from "./runtime-fixtures.js";

const root = mkdtempSync(join(tmpdir(), "ubench-eval-"));
const source = join(root, "austin.ubench");
writeFileSync(source, AUSTIN);
let outCount = 0;
const freshOut = () => join(root, `out-${++outCount}`);
const settings = (given: PartialSettings) => mergeSettings({ paths: [source], agent: "scripted:oracle", ...given });
const lines = (out: string) => readFileSync(join(out, "episodes.jsonl"), "utf8").split("\n").filter((l) => l !== "");

describe("runEval", () => {
  test("warns when the run's settings leave too few turns for a perfect play; silent otherwise", async () => {
    const plain = await runEval(settings({ out: freshOut() }));
    expect(plain.warnings).toBe("");
    const cut = await runEval(settings({ out: freshOut(), set: { "knobs.max_turns": "3" } }));
    expect(cut.warnings).toMatch(/austin\.ubench: warning: with this run's settings, scenario '\w+' needs (\d+) turns for its maximum return but max_turns is 3; raise it with --set knobs\.max_turns=\1/);
    const roomy = await runEval(settings({ out: freshOut(), set: { "knobs.max_turns": "40" } }));
    expect(roomy.warnings).toBe("");
  });

  test("writes run.json, one fsynced line per episode and summary.json", async () => {
    const out = freshOut();
    const result = await runEval(settings({ out, trials: 2, seed: 5, set: { "rewards.elicit": "0.6" }, agentOptions: { apiKey: "sk-secret", temperature: 0 } }));
    expect(result).toMatchObject({ outDir: out, ran: 2, skipped: 0, stopped: false });
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    expect(run).toMatchObject({ tool: { name: "ubench" }, seed: 5, agent: "scripted:oracle", user: "builtin", trials: 2, overrides: { "rewards.elicit": "0.6" } });
    expect(run.scenarios).toEqual([expect.objectContaining({ id: "austin_family", hash: expect.stringMatching(/^[0-9a-f]{64}$/), maxReturn: 4.8, rewards: expect.objectContaining({ elicit: 0.6 }), knobs: expect.objectContaining({ max_turns: 20 }) })]);
    expect(JSON.stringify(run)).not.toContain("sk-secret");
    expect(run.settings.agentOptions).toEqual({ apiKey: "[redacted]", temperature: 0 });
    const episodes = lines(out).map((l) => JSON.parse(l));
    expect(episodes.map((e) => e.trial).sort()).toEqual([0, 1]);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.complete).toBe(true);
    expect(summary.overall).toMatchObject({ episodes: 2, meanScore: 1, meanReturn: 4.8, bestRate: 1, passAt: { "1": 1, "2": 1 }, passHat: { "1": 1, "2": 1 } });
    expect(Object.keys(summary.byShape)).toEqual(["2-2"]);
    expect(formatSummaryTable(result.summary)).toContain("overall");
  });

  test("equal settings give byte-equal episodes (concurrency only changes their order)", async () => {
    const a = freshOut();
    const b = freshOut();
    await runEval(settings({ out: a, agent: "scripted:random", trials: 6, concurrency: 1 }));
    await runEval(settings({ out: b, agent: "scripted:random", trials: 6, concurrency: 4 }));
    expect(lines(a).sort()).toEqual(lines(b).sort());
    expect(readFileSync(join(a, "summary.json"), "utf8")).toBe(readFileSync(join(b, "summary.json"), "utf8"));
  });

  test("a folder with episodes needs --resume; --resume skips done pairs and trims a torn last line", async () => {
    const out = freshOut();
    await runEval(settings({ out, agent: "scripted:random", trials: 2 }));
    await expect(runEval(settings({ out, agent: "scripted:random", trials: 2 }))).rejects.toThrow(/already holds 2 episode\(s\); pass --resume/);
    appendFileSync(join(out, "episodes.jsonl"), '{"scenarioId":"austin_family","tri');
    const resumed = await runEval(settings({ out, agent: "scripted:random", trials: 3, resume: true }));
    expect(resumed).toMatchObject({ ran: 1, skipped: 2 });
    expect(lines(out).map((l) => JSON.parse(l).trial)).toEqual([0, 1, 2]);
    expect(resumed.summary.overall.episodes).toBe(3);
  });

  test("resuming with another seed, agent or override is refused", async () => {
    const out = freshOut();
    await runEval(settings({ out, agent: "scripted:random", trials: 1 }));
    await expect(runEval(settings({ out, agent: "scripted:random", trials: 2, resume: true, seed: 9 }))).rejects.toThrow(/another --seed/);
    await expect(runEval(settings({ out, agent: "scripted:null", trials: 2, resume: true }))).rejects.toThrow(/its agent was 'scripted:random'/);
    await expect(runEval(settings({ out, agent: "scripted:random", trials: 2, resume: true, turns: 9 }))).rejects.toThrow(/other settings overrides/);
  });

  test("a damaged line in the middle of episodes.jsonl is an error, not skipped", async () => {
    const out = freshOut();
    mkdirSync(out);
    writeFileSync(join(out, "episodes.jsonl"), 'garbage\n{"scenarioId":"x","trial":0}\n');
    expect(() => readEpisodes(join(out, "episodes.jsonl"))).toThrow(/episodes\.jsonl:1: not a JSON episode record/);
  });

  test("an abort stops scheduling, keeps valid files, and --resume completes the same episodes", async () => {
    const stopped = freshOut();
    const controller = new AbortController();
    const first = await runEval(settings({ out: stopped, agent: "scripted:random", trials: 5, concurrency: 1 }), {
      signal: controller.signal,
      progress: { start() {}, episode: (_r, done) => done === 2 && controller.abort(), finish() {} },
    });
    expect(first).toMatchObject({ ran: 2, stopped: true });
    expect(first.summary.complete).toBe(false);
    const rest = await runEval(settings({ out: stopped, agent: "scripted:random", trials: 5, resume: true }));
    expect(rest).toMatchObject({ ran: 3, skipped: 2, stopped: false });
    const whole = freshOut();
    await runEval(settings({ out: whole, agent: "scripted:random", trials: 5 }));
    expect(lines(stopped).sort()).toEqual(lines(whole).sort());
  });

  test("compiled bundles and build folders run too; the same scenario given twice runs once", async () => {
    const build = join(root, "build");
    writeBuild(build, compileText(AUSTIN, source).scenarios);
    const out = freshOut();
    const result = await runEval(mergeSettings({ paths: [build, join(build, "austin_family.json"), source], agent: "scripted:oracle", out }));
    expect(result.summary.overall).toMatchObject({ episodes: 1, meanScore: 1 });
  });

  test("scenario errors are reported with their diagnostics; bad specs and overrides before anything runs", async () => {
    const broken = join(root, "broken.ubench");
    writeFileSync(broken, "scenario broken { gym travel }");
    await expect(runEval(mergeSettings({ paths: [broken], agent: "scripted:oracle", out: freshOut() }))).rejects.toBeInstanceOf(ScenarioInputError);
    const out = freshOut();
    await expect(runEval(settings({ out, agent: "scripted:smart" }))).rejects.toThrow(/unknown agent/);
    await expect(runEval(settings({ out, set: { "knobs.turns": "3" } }))).rejects.toThrow(/unknown setting 'knobs.turns'/);
    expect(existsSync(join(out, "episodes.jsonl"))).toBe(false);
  });

  test("the default output folder is named by time and agent, outside the episodes", () => {
    expect(defaultOutDir("openai:gpt-4o/mini", new Date(2026, 0, 2, 3, 4, 5))).toBe(join("runs", "20260102-030405-openai_gpt-4o_mini"));
  });
});

describe("play check", () => {
  test("passes a sound scenario and reports an oracle that cannot reach maxReturn in the turn budget", async () => {
    const sound = compileText(AUSTIN, "austin.ubench").scenarios.map((s) => s.ir);
    expect(await playCheck(sound)).toEqual({ checked: 1, problems: [] });
    const tight = compileText(AUSTIN.replace("knobs { max_turns 20 }", "knobs { max_turns 6 }"), "tight.ubench").scenarios.map((s) => s.ir);
    const report = await playCheck(tight);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]!.problem).toContain("it needs 8 turns, but max_turns is 6");
  });
});
