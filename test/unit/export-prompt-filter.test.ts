import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { ExportUsageError } from "../../src/export/mix-spec.js";
import { filterByPromptTokens } from "../../src/export/prompt-filter.js";
import { toolSchemaFor } from "../../src/export/tool-schema.js";
import { buildVerlRows } from "../../src/export/verl.js";
import { runtimeFor } from "../../src/runtime/gyms/registry.js";
import { qwen3Tokenizer, renderOpening } from "../../src/runtime/chat-template.js";
import { repoRoot } from "../support/cli.js";

const { scenarios } = loadScenarios([join(repoRoot, "scenarios")]);
const tools = [toolSchemaFor(scenarios.map((s) => runtimeFor(s).choices))];

describe("--max-prompt-tokens (Qwen3 chat template, tool schema included)", async () => {
  const { train } = await buildVerlRows(scenarios, { testFraction: 0, seed: 0 });
  const tokenizer = qwen3Tokenizer();
  const counted = (tools: readonly unknown[]) => train.map((row) => tokenizer.encode(renderOpening(row.prompt[0]!.content, row.prompt[1]!.content, tools)).length);

  test("rows at or above the limit are dropped with their token counts; the rest are kept in order", () => {
    const lengths = counted(tools);
    const limit = [...lengths].sort((a, b) => a - b)[Math.floor(lengths.length / 2)]!;
    const { kept, dropped } = filterByPromptTokens(train, tools, limit, "qwen3");
    expect(kept.map((r) => r.reward_model.ground_truth)).toEqual(train.filter((_, i) => lengths[i]! < limit).map((r) => r.reward_model.ground_truth));
    expect(dropped.map((d) => d.scenarioId)).toEqual(train.filter((_, i) => lengths[i]! >= limit).map((r) => r.reward_model.ground_truth));
    expect(dropped.some((d) => d.tokens === limit)).toBe(true);
    expect(dropped.every((d) => d.tokens >= limit && d.split === "train")).toBe(true);
    expect(filterByPromptTokens(train, tools, Math.max(...lengths) + 1, "qwen3").dropped).toEqual([]);
  });

  test("the tool schema is part of the counted prompt, as in UserRL's apply_chat_template(..., tools=...)", () => {
    const withTools = counted(tools);
    const without = counted([]);
    withTools.forEach((n, i) => expect(n).toBeGreaterThan(without[i]! + 50));
    const text = renderOpening(train[0]!.prompt[0]!.content, train[0]!.prompt[1]!.content, tools);
    expect(text).toContain('"name": "interact_with_env"');
    expect(text.endsWith("<|im_start|>assistant\n")).toBe(true);
  });

  test("an unknown tokenizer is a usage error", () => {
    expect(() => filterByPromptTokens(train, tools, 10, "llama")).toThrow(ExportUsageError);
  });
});
