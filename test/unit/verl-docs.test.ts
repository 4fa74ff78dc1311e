import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { registerExport } from "../../src/cli/commands/export.js";
import { loadScenarios } from "../../src/runs/scenarios.js";
import { AGENT_LOOP_CLASS, AGENT_NAME, agentLoopYaml, TOOL_CLASS, toolConfigYaml } from "../../src/export/verl.js";
import { repoRoot } from "../support/cli.js";

/**
 * integrations/verl/README.md and docs/export.md against the code they describe: the launch line
 * names files and functions that exist, the shipped example configs are what the exporter writes,
 * the Python side names the same loop and verl commit, and UserRL's train.sh settings are in the
 * launch line.
 */

const read = (path: string): string => readFileSync(join(repoRoot, path), "utf8");
const readme = read("integrations/verl/README.md");
const launch = /```sh\nexport PYTHONPATH[\s\S]*?```/.exec(readme)![0];
const settings = new Map([...launch.matchAll(/^\s+\+?([\w.]+)=(\S+)/gm)].map((m) => [m[1]!, m[2]!]));

describe("the verl integration's docs", () => {
  test("the launch line names the exported files, the agent loop config and the reward function", () => {
    expect(settings.get("actor_rollout_ref.rollout.multi_turn.tool_config_path")).toBe("data/ubench/tool_config.yaml");
    expect(settings.get("actor_rollout_ref.rollout.agent.agent_loop_config_path")).toBe("data/ubench/agent_loop.yaml");
    expect(readme).toContain("ubc export verl scenarios/ -o data/ubench");
    const rewardPath = settings.get("custom_reward_function.path")!;
    expect(existsSync(join(repoRoot, rewardPath))).toBe(true);
    const reward = read(rewardPath);
    expect(reward).toContain(`def ${settings.get("custom_reward_function.name")}(`);
    expect(reward).toMatch(new RegExp(`TRAJECTORY_SCORES = \\(.*"${settings.get("custom_reward_function.reward_kwargs.trajectory_score")}"`));
  });

  test("UserRL's train.sh settings (next-gyms.md Part IV, rows 6 and 9) are in the launch line", () => {
    expect(Object.fromEntries([...settings].filter(([key]) => !key.includes("path") && !key.includes("files") && !key.includes("custom_reward")))).toEqual({
      "algorithm.adv_estimator": "grpo",
      "algorithm.gamma": "0.8",
      "algorithm.use_kl_in_reward": "False",
      "data.train_batch_size": "128",
      "data.max_prompt_length": "1152",
      "data.max_response_length": "8192",
      "actor_rollout_ref.actor.optim.lr": "1e-6",
      "actor_rollout_ref.actor.ppo_mini_batch_size": "16",
      "actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu": "8",
      "actor_rollout_ref.actor.use_kl_loss": "False",
      "actor_rollout_ref.actor.entropy_coeff": "0",
      "actor_rollout_ref.rollout.name": "sglang",
      "actor_rollout_ref.rollout.mode": "async",
      "actor_rollout_ref.rollout.gpu_memory_utilization": "0.5",
      "actor_rollout_ref.rollout.n": "8",
      "actor_rollout_ref.rollout.temperature": "1.0",
      "actor_rollout_ref.rollout.val_kwargs.do_sample": "False",
      "actor_rollout_ref.rollout.val_kwargs.temperature": "0",
      "actor_rollout_ref.rollout.multi_turn.enable": "True",
      "actor_rollout_ref.rollout.multi_turn.max_assistant_turns": "16",
      "actor_rollout_ref.rollout.multi_turn.max_tool_response_length": "4096",
      "trainer.total_epochs": "15",
      "trainer.test_freq": "5",
      "trainer.save_freq": "1",
      "trainer.n_gpus_per_node": "8",
      "trainer.nnodes": "1",
    });
  });

  test("the shipped example configs are what ubc export verl writes", () => {
    expect(parse(read("integrations/verl/agent_loop.yaml"))).toEqual(parse(agentLoopYaml()));
    expect(parse(agentLoopYaml())).toEqual([{ name: AGENT_NAME, _target_: AGENT_LOOP_CLASS }]);
    const { scenarios } = loadScenarios([join(repoRoot, "scenarios")]);
    expect(read("integrations/verl/tool_config.example.yaml")).toBe(toolConfigYaml(scenarios, "http://127.0.0.1:8765"));
  });

  test("the Python side names the same loop, tool class and verl commit", () => {
    const loop = read("integrations/verl/ubench_agent_loop.py");
    expect(loop).toContain(`AGENT_NAME = "${AGENT_NAME}"`);
    expect(`integrations.verl.ubench_agent_loop.${/^class (\w+)\(ToolAgentLoop\)/m.exec(loop)![1]}`).toBe(AGENT_LOOP_CLASS);
    expect(`integrations.verl.ubench_tool.${/^class (\w+)\(BaseTool\)/m.exec(read("integrations/verl/ubench_tool.py"))![1]}`).toBe(TOOL_CLASS);
    const commit = /\*\*([0-9a-f]{40})\*\*/.exec(readme)![1]!;
    for (const file of ["_verl.py", "ubench_agent_loop.py", "ubench_tool.py", "reward.py", "tests/verl_standin/verl/__init__.py"]) {
      expect(read(`integrations/verl/${file}`), file).toContain(commit);
    }
    expect(read("src/export/verl.ts")).toContain(commit);
    expect(read("docs/export.md")).toContain(commit);
  });

  test("docs/export.md names every flag of ubc export verl and every Parquet column", () => {
    const program = new Command();
    registerExport(program);
    const verl = program.commands.find((c) => c.name() === "export")!.commands.find((c) => c.name() === "verl")!;
    const doc = read("docs/export.md");
    const section = /^## `ubc export verl[\s\S]*?(?=^## )/m.exec(doc)![0];
    for (const option of verl.options) expect(section, option.long).toContain(option.short ?? option.long!);
    for (const column of ["data_source", "prompt", "ability", "reward_model", "extra_info", "agent_name"]) expect(doc).toContain(`| \`${column}\` |`);
  });
});
