import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { mergeSettings, readConfigFile, runOverrides, SettingsError } from "../../src/eval/settings.js";
import { scrubSecrets } from "../../src/runs/run-file.js";

const dir = mkdtempSync(join(tmpdir(), "ubench-settings-"));

function config(text: string): string {
  const file = join(dir, `run-${Math.abs(text.length)}-${text.charCodeAt(0)}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe("eval settings", () => {
  test("flags win over the config file, which wins over defaults; --set maps merge", () => {
    const file = config(`scenarios: [scenarios/travel, build]\nagent: scripted:random\ntrials: 4\nseed: 7\nset:\n  rewards.elicit: 0.6\n  knobs.max_turns: 16\nchoice: multi\nout: runs/x\nagent_options:\n  temperature: 0\n`);
    const fromFile = readConfigFile(file);
    expect(fromFile.paths).toEqual([join(dir, "scenarios/travel"), join(dir, "build")]);
    expect(fromFile.out).toBe(join(dir, "runs/x"));
    const merged = mergeSettings({ paths: [], trials: 2, set: { "knobs.max_turns": "12" } }, fromFile);
    expect(merged).toMatchObject({ agent: "scripted:random", trials: 2, seed: 7, user: "builtin", concurrency: 4, resume: false, choice: "multi", agentOptions: { temperature: 0 } });
    expect(merged.set).toEqual({ "rewards.elicit": "0.6", "knobs.max_turns": "12" });
    expect(runOverrides({ ...merged, turns: 10 }, ["travel"])).toEqual({ "rewards.elicit": "0.6", "knobs.max_turns": "10", "knobs.one_choice": "false" });
  });

  test("missing scenarios or agent, bad numbers and unknown config keys are errors", () => {
    expect(() => mergeSettings({ agent: "scripted:null" })).toThrow(/no scenarios given/);
    expect(() => mergeSettings({ paths: ["x"] })).toThrow(/no agent given/);
    expect(() => mergeSettings({ paths: ["x"], agent: "a", trials: 0 })).toThrow(SettingsError);
    expect(() => readConfigFile(config("agent: x\ntrails: 3\n"))).toThrow(/Unrecognized key/);
    expect(() => readConfigFile(join(dir, "nope.yaml"))).toThrow(/no such file/);
    expect(() => readConfigFile(config("agent: [unclosed\n"))).toThrow(SettingsError);
  });

  test("secrets are scrubbed from what run.json records, token counts are not", () => {
    expect(scrubSecrets({ agentOptions: { apiKey: "sk-1", api_key: "sk-2", max_tokens: 64, headers: { Authorization: "Bearer x" }, accessToken: "t" }, agent: "openai:gpt" })).toEqual({
      agentOptions: { apiKey: "[redacted]", api_key: "[redacted]", max_tokens: 64, headers: { Authorization: "[redacted]" }, accessToken: "[redacted]" },
      agent: "openai:gpt",
    });
  });
});
