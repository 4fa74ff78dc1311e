import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { ubc } from "../support/cli.js";

/**
 * `ubc export sft --format sharegpt` and `--per-gym`, through the binary, on an oracle eval run.
 * LLaMA-Factory's ShareGPT rules (hiyouga/LLaMA-Factory@ff6d4d12, src/llamafactory/data/
 * converter.py SharegptDatasetConverter) are checked as it checks them: an example breaking them
 * is skipped there without an error, so a wrong export would train on nothing.
 */

const ODD = ["human", "observation"];
const EVEN = ["gpt", "function_call"];

function acceptedByLlamaFactory(conversations: { from: string; value: string }[]): boolean {
  return conversations.every((turn, i) => (i % 2 === 0 ? ODD : EVEN).includes(turn.from)) && conversations.length % 2 === 0;
}

describe("ubc export sft --format sharegpt", () => {
  const dir = mkdtempSync(join(tmpdir(), "ubench-sharegpt-"));
  const run = join(dir, "oracle");

  beforeAll(() => {
    const result = ubc(["eval", "scenarios/travel/austin_family.ubench", "scenarios/persuade", "scenarios/intention", "--agent", "scripted:oracle", "--out", run, "--trials", "2"]);
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);

  test("writes LLaMA-Factory ShareGPT rows that match the OpenAI export turn for turn, and prints the dataset_info.json entry", () => {
    const out = join(dir, "ubench_sft.jsonl");
    const result = ubc(["export", "sft", run, "-o", out, "--format", "sharegpt"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ubench_sft: { file_name: "ubench_sft.jsonl", formatting: "sharegpt", columns: { messages: "conversations", system: "system", tools: "tools" } } });
    const sharegpt = readFileSync(out, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(ubc(["export", "sft", run, "-o", join(dir, "openai.jsonl")]).code).toBe(0);
    const openai = readFileSync(join(dir, "openai.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(sharegpt).toHaveLength(openai.length);
    expect(sharegpt.length).toBeGreaterThan(10);

    sharegpt.forEach((row, i) => {
      const messages = openai[i].messages;
      expect(Object.keys(row).sort()).toEqual(["conversations", "system", "tools"]);
      expect(row.system).toBe(messages[0].content);
      expect(JSON.parse(row.tools)).toEqual(openai[i].tools);
      expect(acceptedByLlamaFactory(row.conversations)).toBe(true);
      expect(row.conversations[0]).toEqual({ from: "human", value: messages[1].content });
      // Every tool call, in order; every reply but the last (LLaMA-Factory needs the assistant last).
      const calls = messages.filter((m: { role: string }) => m.role === "assistant").map((m: { tool_calls: { function: { name: string; arguments: string } }[] }) => ({ name: m.tool_calls[0]!.function.name, arguments: JSON.parse(m.tool_calls[0]!.function.arguments) }));
      expect(row.conversations.filter((t: { from: string }) => t.from === "function_call").map((t: { value: string }) => JSON.parse(t.value))).toEqual(calls);
      const replies = messages.filter((m: { role: string }) => m.role === "tool").map((m: { content: string }) => m.content);
      expect(row.conversations.filter((t: { from: string }) => t.from === "observation").map((t: { value: string }) => t.value)).toEqual(replies.slice(0, -1));
    });
  });

  test("--per-gym N keeps at most N episodes of each gym, chosen by --seed, in the input order", () => {
    const counts = (stderr: string) => Object.fromEntries([...stderr.matchAll(/(\w+) (\d+)/g)].filter((m) => ["travel", "persuade", "intention"].includes(m[1]!)).map((m) => [m[1], Number(m[2])]));
    const all = ubc(["export", "sft", run, "-o", join(dir, "all.jsonl")]);
    expect(counts(all.stderr)).toEqual({ intention: 40, persuade: 32, travel: 2 });
    const a = ubc(["export", "sft", run, "-o", join(dir, "a.jsonl"), "--per-gym", "5", "--seed", "7"]);
    expect(a.code, a.stderr).toBe(0);
    expect(counts(a.stderr)).toEqual({ intention: 5, persuade: 5, travel: 2 });
    expect(ubc(["export", "sft", run, "-o", join(dir, "b.jsonl"), "--per-gym", "5", "--seed", "7"]).code).toBe(0);
    expect(ubc(["export", "sft", run, "-o", join(dir, "c.jsonl"), "--per-gym", "5", "--seed", "8"]).code).toBe(0);
    const text = (name: string) => readFileSync(join(dir, name), "utf8");
    expect(text("a.jsonl")).toBe(text("b.jsonl"));
    expect(text("a.jsonl")).not.toBe(text("c.jsonl"));
    // A subset of the full export, in its order.
    const full = text("all.jsonl").trimEnd().split("\n");
    const picked = text("a.jsonl").trimEnd().split("\n").map((line) => full.indexOf(line));
    expect(picked.every((i) => i >= 0)).toBe(true);
    expect([...picked].sort((x, y) => x - y)).toEqual(picked);
    expect(ubc(["export", "sft", run, "-o", join(dir, "x.jsonl"), "--per-gym", "0"]).code).toBe(2);
    expect(ubc(["export", "sft", run, "-o", join(dir, "x.jsonl"), "--format", "alpaca"]).code).toBe(2);
  });
});
