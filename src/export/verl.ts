import { parquetWriteBuffer } from "hyparquet-writer";
import type { SchemaElement } from "hyparquet-writer";
import { stringify } from "yaml";
import type { Scenario } from "../compiler/ir.js";
import { runtimeFor } from "../runtime/gyms/registry.js";
import { deriveSeed, episodeSeed } from "../runtime/rng.js";
import { toolSchemaFor } from "./tool-schema.js";

/**
 * `ubc export verl`: one row per scenario in verl's multi-turn (UserRL-style) format, written as
 * Parquet with real nested structs and lists (interfaces.md, verl section), plus the tool config.
 */

export interface VerlRow {
  data_source: string;
  prompt: { role: string; content: string }[];
  ability: string;
  reward_model: { style: string; ground_truth: string; scenario_hash: string };
  extra_info: {
    split: string;
    index: bigint;
    need_tools_kwargs: boolean;
    tools_kwargs: { interact_with_env: { create_kwargs: { scenario_id: string; seed: bigint; gym: string } } };
  };
}

export interface VerlExportOptions {
  testFraction: number;
  seed: number;
  serverUrl: string;
}

export const TOOL_CLASS = "integrations.verl.ubench_tool.UbenchTool";

const str = (name: string): SchemaElement => ({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" });
const i64 = (name: string): SchemaElement => ({ name, type: "INT64", repetition_type: "REQUIRED" });
const group = (name: string, children: number, extra: Partial<SchemaElement> = {}): SchemaElement => ({ name, repetition_type: "REQUIRED", num_children: children, ...extra });

/** The Parquet schema (flattened depth-first, as Parquet stores it). */
export const VERL_SCHEMA: SchemaElement[] = [
  { name: "root", num_children: 5 },
  str("data_source"),
  group("prompt", 1, { converted_type: "LIST" }),
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  group("element", 2),
  str("role"),
  str("content"),
  str("ability"),
  group("reward_model", 3),
  str("style"),
  str("ground_truth"),
  str("scenario_hash"),
  group("extra_info", 4),
  str("split"),
  i64("index"),
  { name: "need_tools_kwargs", type: "BOOLEAN", repetition_type: "REQUIRED" },
  group("tools_kwargs", 1),
  group("interact_with_env", 1),
  group("create_kwargs", 3),
  str("scenario_id"),
  i64("seed"),
  str("gym"),
];

/** Test-set ids: ranked by a seeded hash of the id (ties by id), the first round(n × fraction); at least one and never all when n ≥ 2 and fraction > 0. */
export function splitIds(ids: readonly string[], testFraction: number, seed: number): Set<string> {
  const n = ids.length;
  let k = Math.round(n * testFraction);
  if (testFraction > 0 && n >= 2) k = Math.min(Math.max(k, 1), n - 1);
  if (n < 2) k = 0;
  const ranked = [...ids].sort((a, b) => deriveSeed(seed, "split", a) - deriveSeed(seed, "split", b) || (a < b ? -1 : a > b ? 1 : 0));
  return new Set(ranked.slice(0, k));
}

/** The opening user message for this seed: exactly what the env shows on reset (builtin simulator, no LLM). */
async function openingFor(scenario: Scenario, seed: number): Promise<string> {
  const env = runtimeFor(scenario).createEnv(scenario, {});
  const reset = await env.reset({ seed });
  return reset.observation.feedback;
}

/** `testIds`, when given, is the test set chosen beforehand (src/export/selection.ts); else the hash-ranked split. */
export async function buildVerlRows(scenarios: readonly Scenario[], options: Pick<VerlExportOptions, "testFraction" | "seed"> & { testIds?: ReadonlySet<string> }): Promise<{ train: VerlRow[]; test: VerlRow[] }> {
  const sorted = [...scenarios].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const testIds = options.testIds ?? splitIds(sorted.map((s) => s.id), options.testFraction, options.seed);
  const train: VerlRow[] = [];
  const test: VerlRow[] = [];
  for (const scenario of sorted) {
    const split = testIds.has(scenario.id) ? "test" : "train";
    const rows = split === "test" ? test : train;
    const seed = episodeSeed(options.seed, scenario.id, 0);
    rows.push({
      data_source: `interact_${scenario.gym}`,
      prompt: [
        { role: "system", content: runtimeFor(scenario).agentSystemPrompt(scenario) },
        { role: "user", content: await openingFor(scenario, seed) },
      ],
      ability: `user-centric-${scenario.gym}`,
      reward_model: { style: "rule", ground_truth: scenario.id, scenario_hash: scenario.hash },
      extra_info: {
        split,
        index: BigInt(rows.length),
        need_tools_kwargs: true,
        tools_kwargs: { interact_with_env: { create_kwargs: { scenario_id: scenario.id, seed: BigInt(seed), gym: scenario.gym } } },
      },
    });
  }
  return { train, test };
}

export function verlParquet(rows: readonly VerlRow[]): ArrayBuffer {
  return parquetWriteBuffer({
    schema: VERL_SCHEMA,
    columnData: [
      { name: "data_source", data: rows.map((r) => r.data_source) },
      { name: "prompt", data: rows.map((r) => r.prompt) },
      { name: "ability", data: rows.map((r) => r.ability) },
      { name: "reward_model", data: rows.map((r) => r.reward_model) },
      { name: "extra_info", data: rows.map((r) => r.extra_info) },
    ],
    kvMetadata: [{ key: "ubench.format", value: "verl-multiturn-v1" }],
    createdBy: "ubench",
  });
}

export function toolConfigYaml(scenarios: readonly Scenario[], serverUrl: string): string {
  const schema = toolSchemaFor(scenarios.map((s) => runtimeFor(s).choices));
  const doc = {
    tools: [
      {
        class_name: TOOL_CLASS,
        config: { type: "native", server_url: serverUrl, token_env: "UBENCH_SERVE_TOKEN", timeout: 30 },
        tool_schema: schema,
      },
    ],
  };
  return "# verl tool config written by `ubc export verl`; start the server with `ubc serve <scenarios>`.\n" + stringify(doc);
}
