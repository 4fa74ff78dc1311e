import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { runtimeFor } from "../../src/runtime/gyms/registry.js";
import { parseChoiceList } from "../../src/export/choice-list.js";
import { ExportInputError } from "../../src/export/tool-schema.js";
import { buildVerlRows, splitIds, toolConfigYaml, verlParquet } from "../../src/export/verl.js";
import { writeVerlExport } from "../../src/export/verl-export.js";
import { repoRoot } from "../support/cli.js";

const { scenarios } = loadScenarios([join(repoRoot, "scenarios")]);

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

interface VerlRowRead {
  data_source: string;
  prompt: { role: string; content: string }[];
  ability: string;
  reward_model: { style: string; ground_truth: string; scenario_hash: string };
  extra_info: { split: string; index: bigint; need_tools_kwargs: boolean; tools_kwargs: { interact_with_env: { create_kwargs: { scenario_id: string; seed: bigint; gym: string } } } };
  agent_name: string;
}

interface Tree {
  element: { name: string; type?: string; repetition_type?: string; converted_type?: string };
  children: Tree[];
}
function shape(node: Tree): unknown {
  const e = node.element;
  return node.children.length === 0 ? `${e.type}${e.converted_type ? `/${e.converted_type}` : ""}` : Object.fromEntries(node.children.map((c) => [c.element.name + (c.element.repetition_type === "REPEATED" ? "[]" : ""), shape(c)]));
}

describe("ubc export verl", () => {
  test("the split is seeded, deterministic and never empty on either side", () => {
    const ids = scenarios.map((s) => s.id);
    const a = splitIds(ids, 0.1, 0);
    expect(splitIds([...ids].reverse(), 0.1, 0)).toEqual(a);
    expect(a.size).toBe(Math.round(ids.length * 0.1));
    expect(splitIds(ids, 0.1, 1)).not.toEqual(a);
    expect(splitIds(ids.slice(0, 3), 0.01, 0).size).toBe(1);
    expect(splitIds(ids.slice(0, 1), 0.5, 0).size).toBe(0);
    expect(splitIds(ids, 0, 0).size).toBe(0);
  });

  test("writes nested Parquet that reads back with the verl row format", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ubench-verl-"));
    const counts = (await writeVerlExport(scenarios, dir, { testFraction: 0.2, seed: 3, serverUrl: "http://127.0.0.1:9999" })).manifest.rows;
    expect(counts.train + counts.test).toBe(scenarios.length);

    const train = toArrayBuffer(readFileSync(join(dir, "train.parquet")));
    const schema = parquetSchema(parquetMetadata(train)) as unknown as Tree;
    expect(shape(schema)).toEqual({
      data_source: "BYTE_ARRAY/UTF8",
      prompt: { "list[]": { element: { role: "BYTE_ARRAY/UTF8", content: "BYTE_ARRAY/UTF8" } } },
      ability: "BYTE_ARRAY/UTF8",
      reward_model: { style: "BYTE_ARRAY/UTF8", ground_truth: "BYTE_ARRAY/UTF8", scenario_hash: "BYTE_ARRAY/UTF8" },
      extra_info: {
        split: "BYTE_ARRAY/UTF8",
        index: "INT64",
        need_tools_kwargs: "BOOLEAN",
        tools_kwargs: { interact_with_env: { create_kwargs: { scenario_id: "BYTE_ARRAY/UTF8", seed: "INT64", gym: "BYTE_ARRAY/UTF8" } } },
      },
      agent_name: "BYTE_ARRAY/UTF8",
    });
    expect(schema.children.find((c) => c.element.name === "prompt")!.element.converted_type).toBe("LIST");

    const rows = [
      ...(await parquetReadObjects({ file: train })),
      ...(await parquetReadObjects({ file: toArrayBuffer(readFileSync(join(dir, "test.parquet"))) })),
    ] as VerlRowRead[];
    expect(rows).toHaveLength(scenarios.length);
    expect(rows.filter((r) => r.extra_info.split === "test")).toHaveLength(counts.test);
    const ids = new Set<string>();
    for (const row of rows) {
      const scenario = scenarios.find((s) => s.id === row.reward_model.ground_truth)!;
      expect(scenario).toBeDefined();
      ids.add(scenario.id);
      expect(row.data_source).toBe(`interact_${scenario.gym}`);
      expect(row.ability).toBe(`user-centric-${scenario.gym}`);
      expect(row.prompt).toHaveLength(2);
      expect(row.prompt[0]).toEqual({ role: "system", content: runtimeFor(scenario).agentSystemPrompt(scenario) });
      expect(row.prompt[1]!.role).toBe("user");
      const openings = scenario.gym === "intention" ? scenario.task : scenario.opening;
      expect(openings.some((o: string) => row.prompt[1]!.content.includes(o.slice(0, 20)))).toBe(true);
      expect(row.reward_model).toMatchObject({ style: "rule", scenario_hash: scenario.hash });
      expect(row.extra_info.need_tools_kwargs).toBe(true);
      const kwargs = row.extra_info.tools_kwargs.interact_with_env.create_kwargs;
      expect(kwargs.scenario_id).toBe(scenario.id);
      expect(kwargs.gym).toBe(scenario.gym);
      expect(typeof kwargs.seed).toBe("bigint");
      // verl picks the agent loop by this column; without it, single_turn_agent never calls the tool.
      expect(row.agent_name).toBe("ubench_agent");
    }
    expect(ids.size).toBe(scenarios.length);
    const trainRows = rows.filter((r) => r.extra_info.split === "train");
    expect(trainRows.map((r) => Number(r.extra_info.index))).toEqual(trainRows.map((_, i) => i));

    const config = parse(readFileSync(join(dir, "tool_config.yaml"), "utf8"));
    expect(config.tools[0].class_name).toBe("integrations.verl.ubench_tool.UbenchTool");
    expect(config.tools[0].config.server_url).toBe("http://127.0.0.1:9999");
    expect(config.tools[0].tool_schema.function.name).toBe("interact_with_env");
    expect(config.tools[0].tool_schema.function.parameters.properties.choice.enum).toEqual(["search", "action", "answer", "finish"]);
    expect(config.tools[0].tool_schema.function.parameters.required).toEqual(["choice", "content"]);
    // Each gym is offered its own choices: persuade and intention have no search.
    expect(config.tools[0].config.choices_by_gym).toEqual({ intention: ["action", "finish"], persuade: ["answer", "finish"], travel: ["search", "action", "answer", "finish"] });
    for (const gym of ["intention", "persuade", "travel"]) expect(config.tools[0].config.choices_by_gym[gym]).toEqual(runtimeFor(scenarios.find((s) => s.gym === gym)!).choices);

    expect(parse(readFileSync(join(dir, "agent_loop.yaml"), "utf8"))).toEqual([{ name: "ubench_agent", _target_: "integrations.verl.ubench_agent_loop.UbenchAgentLoop" }]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test("a file that cannot be written is an input error and leaves no temporary file behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ubench-verl-blocked-"));
    mkdirSync(join(dir, "test.parquet")); // a folder where a file must go: the rename fails
    await expect(writeVerlExport(scenarios, dir, { testFraction: 0.2, seed: 3, serverUrl: "http://127.0.0.1:9999" })).rejects.toThrow(ExportInputError);
    expect(readdirSync(dir).sort()).toEqual(["test.parquet", "train.parquet"]);
  });

  test("--choices gives every gym exactly the listed enum, in order", () => {
    const config = parse(toolConfigYaml(scenarios, "http://127.0.0.1:1", ["action", "answer", "search"]));
    expect(config.tools[0].tool_schema.function.parameters.properties.choice.enum).toEqual(["action", "answer", "search"]);
    expect(Object.values(config.tools[0].config.choices_by_gym)).toEqual([["action", "answer", "search"], ["action", "answer", "search"], ["action", "answer", "search"]]);
    expect(parseChoiceList(" action , answer,search")).toEqual(["action", "answer", "search"]);
    expect(() => parseChoiceList("action,jump")).toThrow(/unknown choice 'jump'/);
    expect(() => parseChoiceList("answer,answer")).toThrow(/twice/);
    expect(() => parseChoiceList("")).toThrow(/separated by commas/);
  });

  test("the output is deterministic and an empty split is still a valid file", async () => {
    const a = await buildVerlRows(scenarios, { testFraction: 0, seed: 0 });
    const b = await buildVerlRows([...scenarios].reverse(), { testFraction: 0, seed: 0 });
    expect(Buffer.from(verlParquet(a.train)).equals(Buffer.from(verlParquet(b.train)))).toBe(true);
    expect(a.test).toHaveLength(0);
    expect(await parquetReadObjects({ file: verlParquet([]) })).toEqual([]);
  });
});
