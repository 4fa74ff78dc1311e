import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileText } from "../../src/compiler/compile.js";
import { writeBuild } from "../../src/compiler/write-build.js";
import { readEpisodes } from "../../src/runs/episodes-file.js";
import { playCheck } from "../../src/eval/play-check.js";
import { defaultOutDir, runEval } from "../../src/eval/run-eval.js";
import { ScenarioInputError } from "../../src/runs/scenarios.js";
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

  test("writes run.json, one line per episode and summary.json", async () => {
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
    await runEval(settings({ out, agent: "scripted:random", trials: 3 }));
    await expect(runEval(settings({ out, agent: "scripted:random", trials: 3 }))).rejects.toThrow(/already holds 3 episode\(s\); pass --resume/);
    // As a kill leaves it: the third episode never written, the line being written torn.
    writeFileSync(join(out, "episodes.jsonl"), lines(out).slice(0, 2).join("\n") + '\n{"scenarioId":"austin_family","tri');
    const resumed = await runEval(settings({ out, agent: "scripted:random", trials: 3, resume: true }));
    expect(resumed).toMatchObject({ ran: 1, skipped: 2 });
    expect(lines(out).map((l) => JSON.parse(l).trial).sort()).toEqual([0, 1, 2]);
    expect(resumed.summary.overall.episodes).toBe(3);
  });

  test("resuming with another seed, agent, override, trial count or scenario set is refused, and the record stays as it was", async () => {
    const out = freshOut();
    const other = join(root, "other.ubench");
    writeFileSync(other, AUSTIN.replace("scenario austin_family", "scenario austin_other"));
    await runEval(settings({ out, agent: "scripted:random", trials: 2, paths: [source, other] }));
    const record = () => ["run.json", "summary.json", "episodes.jsonl"].map((f) => readFileSync(join(out, f), "utf8"));
    const before = record();
    const resume = (given: PartialSettings) => runEval(settings({ out, agent: "scripted:random", trials: 2, paths: [source, other], resume: true, ...given }));
    await expect(resume({ seed: 9 })).rejects.toThrow("--seed differs: the run has seed 0, this invocation 9");
    await expect(resume({ agent: "scripted:null" })).rejects.toThrow("--agent differs: the run has agent scripted:random, this invocation scripted:null");
    await expect(resume({ turns: 9 })).rejects.toThrow(/--set\/--turns\/--one-choice\/--multi-choice\/--preset differs: the run has overrides \{\}, this invocation \{"knobs.max_turns":"9"\}/);
    await expect(resume({ trials: 1 })).rejects.toThrow("--trials differs: the run has trials 2, this invocation 1");
    await expect(resume({ trials: 3 })).rejects.toThrow("--trials differs");
    await expect(resume({ paths: [source] })).rejects.toThrow("the paths given leave out 1 of its scenarios (austin_other); give the same paths");
    expect(record()).toEqual(before);
    // What does not change the episodes may differ (a scripted agent ignores LLM options).
    const done = await resume({ concurrency: 1, agentOptions: { timeout_ms: 500, temperature: 0.7 } });
    expect(done).toMatchObject({ ran: 0, skipped: 4 });
    expect(done.summary.overall.episodes).toBe(4);
  });

  test("a damaged run.json is a clear error on --resume, not a crash", async () => {
    const out = freshOut();
    await runEval(settings({ out, agent: "scripted:random", trials: 1 }));
    const text = readFileSync(join(out, "run.json"), "utf8");
    writeFileSync(join(out, "run.json"), text.slice(0, text.length / 2));
    await expect(runEval(settings({ out, agent: "scripted:random", trials: 1, resume: true }))).rejects.toThrow(/run\.json is damaged \(.*\); the run cannot be resumed from it/);
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
