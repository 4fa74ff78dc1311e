import { parquetWriteBuffer } from "hyparquet-writer";
import type { SchemaElement } from "hyparquet-writer";
import { stringify } from "yaml";
import type { Scenario } from "../compiler/ir.js";
import { runtimeFor } from "../runtime/gyms/registry.js";
import { episodeFactory, type EpisodeFactory } from "../runtime/episode-factory.js";
import { deriveSeed, episodeSeed } from "../runtime/rng.js";
import type { Choice } from "../runtime/types.js";
import { toolSchemaFor, toolSchemaWithChoices } from "./tool-schema.js";

/**
 * `ubc export verl`: one row per scenario in verl's multi-turn (UserRL-style) format, written as
 * Parquet with real nested structs and lists (interfaces.md, verl section), plus the tool config
 * and the agent loop config. Contract read at verl commit b178a3cd56f58b2d502255daba591e92833930a7:
 * a row's `agent_name` picks its agent loop (agent_loop.py `_run_agent_loop`; without the column
 * verl falls back to `single_turn_agent`, which never calls a tool).
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
  agent_name: string;
}

export interface VerlExportOptions {
  testFraction: number;
  seed: number;
  serverUrl: string;
  /** The `choice` enum for every gym, exactly (`--choices`); by default each gym gets its own choices. */
  choices?: readonly Choice[];
}

export const TOOL_CLASS = "integrations.verl.ubench_tool.UbenchTool";
/** The agent loop that plays one `ubc serve` episode per trajectory (integrations/verl/ubench_agent_loop.py). */
export const AGENT_NAME = "ubench_agent";
export const AGENT_LOOP_CLASS = "integrations.verl.ubench_agent_loop.UbenchAgentLoop";

const str = (name: string): SchemaElement => ({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" });
const i64 = (name: string): SchemaElement => ({ name, type: "INT64", repetition_type: "REQUIRED" });
const group = (name: string, children: number, extra: Partial<SchemaElement> = {}): SchemaElement => ({ name, repetition_type: "REQUIRED", num_children: children, ...extra });

/** The Parquet schema (flattened depth-first, as Parquet stores it). */
export const VERL_SCHEMA: SchemaElement[] = [
  { name: "root", num_children: 6 },
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
  str("agent_name"),
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
async function openingFor(episodes: EpisodeFactory, scenario: Scenario, seed: number): Promise<string> {
  const reset = await episodes.env(scenario).reset({ seed });
  return reset.observation.feedback;
}

/** `testIds`, when given, is the test set chosen beforehand (src/export/selection.ts); else the hash-ranked split. */
export async function buildVerlRows(scenarios: readonly Scenario[], options: Pick<VerlExportOptions, "testFraction" | "seed"> & { testIds?: ReadonlySet<string> }): Promise<{ train: VerlRow[]; test: VerlRow[] }> {
  const sorted = [...scenarios].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const testIds = options.testIds ?? splitIds(sorted.map((s) => s.id), options.testFraction, options.seed);
  const train: VerlRow[] = [];
  const test: VerlRow[] = [];
  const episodes = episodeFactory({ scenarios: sorted });
  for (const scenario of sorted) {
    const split = testIds.has(scenario.id) ? "test" : "train";
    const rows = split === "test" ? test : train;
    const seed = episodeSeed(options.seed, scenario.id, 0);
    rows.push({
      data_source: `interact_${scenario.gym}`,
      prompt: [
        { role: "system", content: episodes.systemPrompt(scenario) },
        { role: "user", content: await openingFor(episodes, scenario, seed) },
      ],
      ability: `user-centric-${scenario.gym}`,
      reward_model: { style: "rule", ground_truth: scenario.id, scenario_hash: scenario.hash },
      extra_info: {
        split,
        index: BigInt(rows.length),
        need_tools_kwargs: true,
        tools_kwargs: { interact_with_env: { create_kwargs: { scenario_id: scenario.id, seed: BigInt(seed), gym: scenario.gym } } },
      },
      agent_name: AGENT_NAME,
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
      { name: "agent_name", data: rows.map((r) => r.agent_name) },
    ],
    kvMetadata: [{ key: "ubench.format", value: "verl-multiturn-v1" }],
    createdBy: "ubench",
  });
}

/** Each exported gym's `choice` enum: its own choices, or exactly `only` for every gym. */
export function choicesByGym(scenarios: readonly Scenario[], only?: readonly Choice[]): Record<string, Choice[]> {
  const gyms = [...new Set(scenarios.map((s) => s.gym))].sort();
  return Object.fromEntries(gyms.map((gym) => [gym, [...(only ?? runtimeFor(scenarios.find((s) => s.gym === gym)!).choices)]]));
}

/** The `tool_schema` of tool_config.yaml: the union of the gyms' choices, or exactly `choices`. */
export function exportedToolSchema(scenarios: readonly Scenario[], choices?: readonly Choice[]): ReturnType<typeof toolSchemaFor> {
  return choices ? toolSchemaWithChoices(choices) : toolSchemaFor(scenarios.map((s) => runtimeFor(s).choices));
}

/**
 * The tool config: `tool_schema` offers the union of the gyms' choices (or exactly `choices`), what
 * verl's stock loops and its prompt-length filter see; `choices_by_gym` narrows it per row in the
 * ubench_agent loop, so a gym is never offered a choice it does not have.
 */
export function toolConfigYaml(scenarios: readonly Scenario[], serverUrl: string, choices?: readonly Choice[]): string {
  const schema = exportedToolSchema(scenarios, choices);
  const doc = {
    tools: [
      {
        class_name: TOOL_CLASS,
        config: { type: "native", server_url: serverUrl, token_env: "UBENCH_SERVE_TOKEN", timeout: 30, choices_by_gym: choicesByGym(scenarios, choices) },
        tool_schema: schema,
      },
    ],
  };
  return "# verl tool config written by `ubc export verl`; start the server with `ubc serve <scenarios>`.\n" + stringify(doc);
}

/** verl's agent loop config (`actor_rollout_ref.rollout.agent.agent_loop_config_path`): registers the rows' agent_name. */
export function agentLoopYaml(): string {
  return (
    "# verl agent loop config written by `ubc export verl` (actor_rollout_ref.rollout.agent.agent_loop_config_path).\n" +
    stringify([{ name: AGENT_NAME, _target_: AGENT_LOOP_CLASS }])
  );
}
