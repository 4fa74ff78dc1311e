"""The ubench_agent loop through verl's agent-loop contract (a stand-in of verl at the commit in
verl_standin/verl/__init__.py) against a real `ubc serve`: rows from `ubc export verl`, picked by
their agent_name, one episode per trajectory, scored by reward.py per data_source.

Run from the repository root after `npm run build`:
    python3 -m unittest integrations/verl/tests/test_agent_loop.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import ROOT, STANDIN, CharTokenizer, ScriptedLLM, Server, dataset_kwargs, export_verl, oracle_plans, require_build, trainer_config

sys.path[:0] = [STANDIN, ROOT]
# Modules imported before the stand-in was on the path (another test file, same process) bound
# verl's names to the no-verl fallbacks: import them afresh.
for name in [n for n in sys.modules if n.startswith("integrations.verl.") and not n.startswith("integrations.verl.tests")]:
    del sys.modules[name]

from verl.experimental.agent_loop import agent_loop as verl_agent_loop  # noqa: E402  (the stand-in)
from verl.utils import rollout_trace  # noqa: E402

from integrations.verl import reward  # noqa: E402
from integrations.verl._verl import HAVE_VERL  # noqa: E402

SCENARIOS = ["scenarios/travel/austin_family.ubench", "scenarios/persuade/four_day_week.ubench", "scenarios/intention/used_car.ubench"]


class UbenchAgentLoopTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_build()
        cls.plans = oracle_plans(*SCENARIOS)
        # Two sessions at most: a trajectory that did not release its session would starve the next ones.
        cls.server = Server(*SCENARIOS, "--max-sessions", "2")
        cls.export = export_verl(SCENARIOS, "--server-url", cls.server.url)
        cls.rows = {row["reward_model"]["ground_truth"]: row for row in cls.export["rows"]}
        verl_agent_loop.load_agent_loop_configs(cls.export["agent_loops"])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def trajectory(self, scenario_id: str, replies: list, max_assistant_turns=None, row=None, tool_config_path=None, max_parallel_calls=1):
        """Runs one row through verl's worker step (agent loop chosen by the row's agent_name)."""
        tokenizer = CharTokenizer()
        llm = ScriptedLLM(tokenizer, replies)
        config = trainer_config(tool_config_path or self.export["tool_config_path"], max_assistant_turns, max_parallel_calls)
        kwargs = dataset_kwargs(row or self.rows[scenario_id])
        output = asyncio.run(verl_agent_loop.run_agent_loop(config, llm, tokenizer, {"temperature": 1.0}, **kwargs))
        return output, llm

    def score(self, row: dict, output, **reward_kwargs) -> dict:
        """reward.py as verl's reward loop calls it: the row's extra_info merged with the loop's extra_fields."""
        extra_info = {**row["extra_info"], **output.extra_fields, "num_turns": output.num_turns, "rollout_reward_scores": {}}
        return reward.compute_score(data_source=row["data_source"], solution_str="", ground_truth=row["reward_model"]["ground_truth"], extra_info=extra_info, **reward_kwargs)

    def test_the_parquet_names_the_registered_loop(self):
        self.assertTrue(HAVE_VERL, "the stand-in verl is importable")
        self.assertEqual({row["agent_name"] for row in self.export["rows"]}, {"ubench_agent"})
        self.assertEqual(self.export["agent_loops"], [{"name": "ubench_agent", "_target_": "integrations.verl.ubench_agent_loop.UbenchAgentLoop"}])
        self.assertIn("ubench_agent", verl_agent_loop._agent_loop_registry)

    def test_ten_identical_answers_earn_what_one_earns(self):
        plan = self.plans["austin_family"]
        answer = next(a for a in plan["actions"] if a["choice"] == "answer")
        once, _ = self.trajectory("austin_family", [answer])
        ten, llm = self.trajectory("austin_family", [answer] * 10)
        one_return = once.extra_fields["ubench"]["return"]
        self.assertGreater(one_return, 0)
        self.assertAlmostEqual(ten.extra_fields["ubench"]["return"], one_return, places=9)
        self.assertAlmostEqual(sum(ten.extra_fields["tool_rewards"]), one_return, places=9)
        self.assertLessEqual(ten.extra_fields["ubench"]["return"], plan["maxReturn"])
        self.assertAlmostEqual(self.score(self.rows["austin_family"], ten)["score"], one_return, places=9)

        search = next(a for a in plan["actions"] if a["choice"] == "search")
        once, _ = self.trajectory("austin_family", [search])
        eight, _ = self.trajectory("austin_family", [search] * 8)
        self.assertEqual(eight.extra_fields["ubench"]["turns"], 8, "all eight searches ran in one episode")
        self.assertAlmostEqual(eight.extra_fields["ubench"]["return"], once.extra_fields["ubench"]["return"], places=9)

    def test_the_oracle_plan_earns_max_return_in_every_gym_and_the_reward_function_scores_it(self):
        for scenario_id, plan in self.plans.items():
            with self.subTest(scenario_id):
                row = self.rows[scenario_id]
                output, llm = self.trajectory(scenario_id, plan["actions"] + [plan["actions"][-1]] * 5)
                summary = output.extra_fields["ubench"]
                self.assertTrue(summary["done"])
                self.assertIsNone(summary["error"])
                self.assertAlmostEqual(summary["return"], plan["maxReturn"], places=6)
                self.assertAlmostEqual(summary["score"], 1.0, places=6)
                self.assertAlmostEqual(sum(output.extra_fields["tool_rewards"]), plan["maxReturn"], places=6)
                self.assertLessEqual(llm.generations, len(plan["actions"]), "the trajectory ends with the episode")
                self.assertEqual(row["data_source"], f"interact_{plan['gym']}")
                scored = self.score(row, output)
                self.assertAlmostEqual(scored["score"], plan["maxReturn"], places=6)
                self.assertEqual(scored["ubench_failed"], 0.0)
                self.assertAlmostEqual(self.score(row, output, trajectory_score="score")["score"], 1.0, places=6)
                mean = round(sum(summary["rewards"]) / len(summary["rewards"]), 4)
                self.assertEqual(self.score(row, output, trajectory_score="mean")["score"], mean)
                # verl's non-loop reward managers pass the loop's reward_scores as rollout_reward_scores.
                legacy = reward.compute_score(data_source=row["data_source"], solution_str="", ground_truth=scenario_id, extra_info={**row["extra_info"], "rollout_reward_scores": output.extra_fields["reward_scores"]})
                self.assertAlmostEqual(legacy["score"], plan["maxReturn"], places=6)

    def test_verl_turn_limit_ends_the_trajectory_before_the_last_call_runs(self):
        searches = [{"choice": "search", "content": f"apartment in Austin, option {i}"} for i in range(10)]
        output, llm = self.trajectory("austin_family", searches, max_assistant_turns=3)
        self.assertEqual(llm.generations, 3)
        self.assertEqual(output.extra_fields["ubench"]["turns"], 2, "the third generation's call is never executed")
        self.assertFalse(output.extra_fields["ubench"]["done"])

    def test_the_scenarios_max_turns_end_the_trajectory(self):
        plan = self.plans["austin_family"]
        searches = [{"choice": "search", "content": f"apartment in Austin, option {i}"} for i in range(plan["maxTurns"] + 5)]
        output, llm = self.trajectory("austin_family", searches)
        summary = output.extra_fields["ubench"]
        self.assertEqual(summary["turns"], plan["maxTurns"])
        self.assertTrue(summary["done"])
        self.assertEqual(llm.generations, plan["maxTurns"])
        self.assertLessEqual(summary["return"], plan["maxReturn"])

    def test_each_gym_is_offered_its_own_choices(self):
        for scenario_id, expected in [("austin_family", ["search", "action", "answer", "finish"]), ("four_day_week", ["answer", "finish"]), ("used_car", ["action", "finish"])]:
            with self.subTest(scenario_id):
                _, llm = self.trajectory(scenario_id, [])
                tools = llm.prompts[0].split("<tools>")[1].split("</tools>")[0]
                self.assertIn('"enum": ' + str(expected).replace("'", '"'), tools)
        self.assertEqual(self.export["tool_config"]["tools"][0]["tool_schema"]["function"]["parameters"]["properties"]["choice"]["enum"], ["search", "action", "answer", "finish"])

    def test_choices_flag_offers_the_seeds_enum_to_every_gym(self):
        seeded = export_verl(SCENARIOS, "--server-url", self.server.url, "--choices", "action,answer,search")
        config = seeded["tool_config"]["tools"][0]
        self.assertEqual(config["tool_schema"]["function"]["parameters"]["properties"]["choice"]["enum"], ["action", "answer", "search"])
        self.assertEqual(config["config"]["choices_by_gym"], {gym: ["action", "answer", "search"] for gym in ["intention", "persuade", "travel"]})
        _, llm = self.trajectory("four_day_week", [], tool_config_path=seeded["tool_config_path"])
        self.assertIn('"enum": ["action", "answer", "search"]', llm.prompts[0])

    def test_execute_and_the_loop_are_traced_once_per_call(self):
        rollout_trace.TRACED.clear()
        self.trajectory("four_day_week", [{"choice": "answer", "content": "small business"}, {"choice": "answer", "content": "ten-hour"}])
        self.assertEqual(rollout_trace.TRACED.count("UbenchAgentLoop.run"), 1)
        self.assertEqual(rollout_trace.TRACED.count("ToolAgentLoop.run"), 0, "the parent's run is not traced a second time")
        self.assertEqual(rollout_trace.TRACED.count("UbenchTool.execute"), 2)

    def test_sessions_are_released_at_the_end_of_each_trajectory(self):
        # The server holds two sessions at most; six trajectories in a row all get one.
        for _ in range(6):
            output, _ = self.trajectory("four_day_week", [{"choice": "answer", "content": "small business"}])
            self.assertIsNone(output.extra_fields["ubench"]["error"])

    def test_parallel_calls_of_one_generation_step_the_same_episode_in_order(self):
        plan = self.plans["four_day_week"]
        both = "".join(f'<tool_call>{{"name": "interact_with_env", "arguments": {{"choice": "answer", "content": "{a["content"]}"}}}}</tool_call>' for a in plan["actions"][:2])
        output, _ = self.trajectory("four_day_week", [both], max_parallel_calls=2)
        self.assertEqual(output.extra_fields["ubench"]["turns"], 2)
        self.assertEqual(output.extra_fields["tool_rewards"], output.extra_fields["ubench"]["rewards"])

    def test_an_episode_that_cannot_start_scores_zero_and_ends_at_once(self):
        row = {**self.rows["four_day_week"]}
        row["extra_info"] = {**row["extra_info"], "tools_kwargs": {"interact_with_env": {"create_kwargs": {"scenario_id": "no_such_scenario", "seed": 1, "gym": "persuade"}}}}
        output, llm = self.trajectory("four_day_week", [{"choice": "answer", "content": "x"}] * 5, row=row)
        summary = output.extra_fields["ubench"]
        self.assertIn("cannot open a session", summary["error"])
        self.assertEqual(llm.generations, 1)
        scored = reward.compute_score(data_source=row["data_source"], solution_str="", ground_truth="no_such_scenario", extra_info=output.extra_fields)
        self.assertEqual((scored["score"], scored["ubench_failed"]), (0.0, 1.0))

    def test_verls_stock_tool_agent_loop_is_refused_not_farmed(self):
        row = {**self.rows["austin_family"], "agent_name": "tool_agent"}
        answer = next(a for a in self.plans["austin_family"]["actions"] if a["choice"] == "answer")
        output, _ = self.trajectory("austin_family", [answer] * 3, row=row)
        self.assertEqual(output.extra_fields["tool_rewards"], [0.0, 0.0, 0.0])
        with self.assertRaisesRegex(ValueError, "ubench_agent"):
            self.score(row, output)

    def test_the_reward_function_rejects_what_it_cannot_score(self):
        with self.assertRaisesRegex(ValueError, "interact_<gym>"):
            reward.compute_score(data_source="openai/gsm8k", solution_str="", ground_truth="x", extra_info={})
        with self.assertRaisesRegex(ValueError, "trajectory_score"):
            reward.compute_score(data_source="interact_travel", solution_str="", ground_truth="x", extra_info={}, trajectory_score="max")
        summary = {"scenario_id": "a", "return": 1.0, "score": 1.0, "rewards": [1.0], "turns": 1, "done": True, "error": None}
        with self.assertRaisesRegex(ValueError, "ground_truth"):
            reward.compute_score(data_source="interact_travel", solution_str="", ground_truth="b", extra_info={"ubench": summary})


if __name__ == "__main__":
    unittest.main()
