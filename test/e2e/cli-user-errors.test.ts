import { mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { noStackTrace, ubc } from "../support/cli.js";

/**
 * Every user-error class reaches src/cli/main.ts, which prints `ubc <command>: <message>` and exits
 * with the code the class carries (1 bad input, 2 usage). One command per class; the ones other
 * e2e files cover in depth (a busy or damaged run folder, an unreachable endpoint, the Tinker
 * server, advantages' field errors) are here too, so this table is the whole list.
 */
const work = mkdtempSync(join(tmpdir(), "ubench-user-errors-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const scenario = "scenarios/travel/austin_family.ubench";
const at = (name: string) => join(work, name);

function damagedRun(): string {
  const out = at("damaged-run");
  expect(ubc(["eval", scenario, "--agent", "scripted:oracle", "--out", out]).code).toBe(0);
  appendFileSync(join(out, "episodes.jsonl"), "garbage\n");
  return out;
}

interface Case {
  error: string;
  args: () => string[];
  code: 1 | 2;
  line: RegExp;
}

const cases: Case[] = [
  { error: "ScenarioInputError (eval)", args: () => ["eval", at("nope.ubench"), "--agent", "scripted:oracle"], code: 1, line: /^ubc eval: .*nope\.ubench:1:1: error UB0001: no such file or folder/ },
  { error: "ScenarioInputError (serve, now prefixed like eval's)", args: () => ["serve", at("nope.ubench")], code: 1, line: /^ubc serve: .*nope\.ubench:1:1: error UB0001/ },
  { error: "BundleError", args: () => (writeFileSync(at("bad.json"), '{"not": "a bundle"}'), ["eval", at("bad.json"), "--agent", "scripted:oracle"]), code: 1, line: /^ubc eval: .*bad\.json: IR version undefined/ },
  { error: "AgentSpecError", args: () => ["eval", scenario, "--agent", "bogus"], code: 2, line: /^ubc eval: unknown agent 'bogus'/ },
  { error: "PolicyFileError (as AgentSpecError)", args: () => ["eval", scenario, "--agent", `policy:${at("nope-policy.json")}`], code: 2, line: /^ubc eval: cannot read policy file/ },
  { error: "SimulatorSpecError", args: () => ["eval", scenario, "--agent", "scripted:oracle", "--user", "bogus"], code: 2, line: /^ubc eval: unknown user simulator 'bogus'/ },
  { error: "LlmConfigError", args: () => (writeFileSync(at("hot.yaml"), "agent_options:\n  temperature: 99\n"), ["eval", scenario, "--agent", "openai:m", "--config", at("hot.yaml")]), code: 2, line: /^ubc eval: agent 'openai:m': temperature:/ },
  { error: "SettingsError", args: () => ["eval", scenario, "--agent", "scripted:oracle", "--config", at("nope.yaml")], code: 2, line: /^ubc eval: .*nope\.yaml: no such file/ },
  { error: "EpisodesFileError", args: () => ["eval", scenario, "--agent", "scripted:oracle", "--out", damagedRun(), "--resume"], code: 2, line: /^ubc eval: .*episodes\.jsonl:\d+: not a JSON episode record/ },
  { error: "ReportInputError", args: () => ["report", at("no-run")], code: 1, line: /^ubc report: .*no-run: no such folder/ },
  { error: "ReportInputError (cannot write)", args: () => (mkdirSync(at("a-folder"), { recursive: true }), ["report", finishedRun(), "--out", at("a-folder")]), code: 1, line: /^ubc report: cannot write .*a-folder/ },
  { error: "ExportInputError", args: () => ["export", "sft", at("no-run"), "-o", at("x.jsonl")], code: 1, line: /^ubc export sft: .*no-run is not an eval run folder/ },
  { error: "ScenarioChoiceError", args: () => (writeFileSync(at("script.txt"), ":quit\n"), ["play", "scenarios/travel", "--scenario", "nope", "--script", at("script.txt")]), code: 2, line: /^ubc play: no scenario 'nope' in the given paths/ },
  { error: "ScriptFileError", args: () => ["play", scenario, "--script", at("nope.txt")], code: 1, line: /^ubc play: cannot read the script .*nope\.txt: ENOENT/ },
  { error: "InputProblem (import)", args: () => ["import", "userrl-intention", at("nope.json"), "-o", at("imported")], code: 1, line: /^ubc import: no such file: .*nope\.json/ },
  { error: "serve cannot listen", args: () => ["serve", scenario, "--host", "256.0.0.1", "--port", "0", "--token", "t"], code: 2, line: /^ubc serve: cannot listen on 256\.0\.0\.1:0: / },
  { error: "SimulatorSpecError (serve)", args: () => ["serve", scenario, "--user", "bogus", "--port", "0"], code: 2, line: /^ubc serve: unknown user simulator 'bogus'/ },
];

let freshRun: string | undefined;
function finishedRun(): string {
  freshRun ??= (() => {
    const out = at("fresh-run");
    expect(ubc(["eval", scenario, "--agent", "scripted:oracle", "--out", out]).code).toBe(0);
    return out;
  })();
  return freshRun;
}

describe("each user error: its exit code and one `ubc <command>:` line, no stack trace", () => {
  test.each(cases)("$error", ({ args, code, line }) => {
    const result = ubc(args());
    expect(result.code, result.stderr).toBe(code);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.some((l) => line.test(l)), result.stderr).toBe(true);
    expect(result.stderr).not.toContain("internal error");
    noStackTrace(result.stderr);
  });

  test("a list of problems (ubc advantages) gets the prefix on every line", () => {
    const result = ubc(["advantages"], { input: '{"groups": [[{"rewards": [1, "x"]}, {"rewards": ["y"]}]]}' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ubc advantages: groups[0][0].rewards[1]: expected a finite number, got "x"\nubc advantages: groups[0][1].rewards[0]: expected a finite number, got "y"\n');
  });
});
