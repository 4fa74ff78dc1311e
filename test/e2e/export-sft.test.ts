import { mkdtempSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ubc } from "../support/cli.js";
import { evalInProjectFolder } from "../support/eval-project.js";

/** `ubc export sft` on runs of `ubc eval --agent scripted:oracle` / `scripted:null` in a temp dir. */
describe("ubc export sft", () => {
  const dir = mkdtempSync(join(tmpdir(), "ubench-sft-"));
  const oracle = join(dir, "oracle");
  const nullRun = join(dir, "null");

  beforeAll(() => {
    const paths = ["scenarios/travel/austin_family.ubench", "scenarios/persuade", "scenarios/intention"];
    for (const [agent, out] of [["scripted:oracle", oracle], ["scripted:null", nullRun]] as const) {
      const run = ubc(["eval", ...paths, "--agent", agent, "--out", out, "--trials", "2"]);
      expect(run.code, run.stderr).toBe(0);
    }
  }, 120_000);

  test("writes the successful episodes as OpenAI tool-call transcripts, deterministically", () => {
    const out = join(dir, "sft.jsonl");
    const run = ubc(["export", "sft", oracle, nullRun, "-o", out]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(out, "utf8");
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    const episodes = readFileSync(join(oracle, "episodes.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const successes = episodes.filter((e) => e.score >= 1);
    expect(successes.length).toBeGreaterThan(0);
    expect(lines).toHaveLength(successes.length);
    expect(run.stderr).toContain(`${successes.length} of ${episodes.length * 2} episodes`);

    for (const example of lines) {
      expect(Object.keys(example).sort()).toEqual(["messages", "tools"]);
      expect(example.tools[0].function.name).toBe("interact_with_env");
      const [system, user, ...rest] = example.messages;
      expect(system.role).toBe("system");
      expect(user.role).toBe("user");
      expect(rest.length % 2).toBe(0);
      for (let i = 0; i < rest.length; i += 2) {
        const call = rest[i];
        const reply = rest[i + 1];
        expect(call.role).toBe("assistant");
        expect(call.tool_calls).toHaveLength(1);
        expect(call.tool_calls[0].type).toBe("function");
        expect(call.tool_calls[0].function.name).toBe("interact_with_env");
        const args = JSON.parse(call.tool_calls[0].function.arguments);
        expect(Object.keys(args).sort()).toEqual(["choice", "content"]);
        expect(example.tools[0].function.parameters.properties.choice.enum).toContain(args.choice);
        expect(reply).toEqual({ role: "tool", tool_call_id: call.tool_calls[0].id, content: expect.any(String) });
      }
    }
    // the first example is the first success in scenario-id order, with its real transcript
    const first = [...successes].sort((a, b) => (a.scenarioId < b.scenarioId ? -1 : a.scenarioId > b.scenarioId ? 1 : a.trial - b.trial))[0];
    expect(lines[0].messages[1].content).toBe(first.opening);
    expect(lines[0].messages[3].content).toBe(first.turns[0].feedback);

    const again = join(dir, "sft2.jsonl");
    expect(ubc(["export", "sft", oracle, nullRun, "-o", again]).code).toBe(0);
    expect(readFileSync(again, "utf8")).toBe(text);
    expect(text).not.toMatch(/sk-|api[_-]?key|Bearer/i);
  });

  test("--min-score 0 keeps every episode; an unknown run folder is an input error", () => {
    const out = join(dir, "all.jsonl");
    const run = ubc(["export", "sft", nullRun, "-o", out, "--min-score", "0"]);
    expect(run.code, run.stderr).toBe(0);
    const episodes = readFileSync(join(nullRun, "episodes.jsonl"), "utf8").trim().split("\n");
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(episodes.length);

    const missing = ubc(["export", "sft", join(dir, "nope"), "-o", out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no run.json");
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    const broken = join(dir, "broken");
    mkdirSync(broken);
    writeFileSync(join(broken, "run.json"), "{not json");
    writeFileSync(join(broken, "episodes.jsonl"), "");
    const bad = ubc(["export", "sft", broken, "-o", out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("not valid JSON");

    expect(ubc(["export", "sft", oracle]).code).toBe(2);
    expect(ubc(["export", "sft", oracle, "-o", out, "--min-score", "x"]).code).toBe(2);
  });

  test("a run folder moved with its project still exports: the source found beside it is the same scenario", () => {
    const project = evalInProjectFolder(dir, "scenarios/travel/austin_family.ubench");
    const moved = join(dir, "project-moved");
    renameSync(project, moved);

    const out = join(dir, "moved.jsonl");
    const exported = ubc(["export", "sft", join(moved, "run"), "-o", out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(1);

    // An edit after the run is still refused.
    const source = join(moved, "sc", "austin_family.ubench");
    writeFileSync(source, readFileSync(source, "utf8").replace(/title "([^"]*)"/, 'title "$1, edited"'));
    const edited = ubc(["export", "sft", join(moved, "run"), "-o", out]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("has changed since the run");
  });
});
