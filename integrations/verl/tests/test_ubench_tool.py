"""UbenchTool called directly, without verl: the per-instance contract (create once, execute per
tool call, release once), against a real `ubc serve`.

Run from the repository root after `npm run build`:
    python3 -m unittest integrations/verl/tests/test_ubench_tool.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import ROOT, Server, export_verl, oracle_plans, require_build  # noqa: E402

sys.path.insert(0, ROOT)
from integrations.verl._verl import HAVE_VERL  # noqa: E402
from integrations.verl.episode import EPISODE_OVER  # noqa: E402
from integrations.verl.ubench_tool import UbenchTool  # noqa: E402

SCENARIO = "scenarios/travel/austin_family.ubench"
CREATE = {"create_kwargs": {"scenario_id": "austin_family", "seed": 7, "gym": "travel"}}


class UbenchToolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_build()
        cls.plan = oracle_plans(SCENARIO)["austin_family"]
        cls.server = Server(SCENARIO)
        cls.tool_config = export_verl([SCENARIO], "--server-url", cls.server.url)["tool_config"]["tools"][0]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def tool(self, **config) -> UbenchTool:
        """The tool as verl's registry builds it from the exported tool_config.yaml (verl or not)."""
        schema = self.tool_config["tool_schema"]
        if HAVE_VERL:  # another test file of this process put the verl stand-in first
            from verl.tools.schemas import OpenAIFunctionToolSchema

            schema = OpenAIFunctionToolSchema.model_validate(schema)
        return UbenchTool({**self.tool_config["config"], "timeout": 10, **config}, schema)

    def test_the_oracle_plays_one_episode_per_instance(self):
        async def run():
            tool = self.tool()
            instance_id, _ = await tool.create("inst-1", **CREATE)
            self.assertEqual(instance_id, "inst-1")
            total, done = 0.0, False
            for action in self.plan["actions"]:
                response, reward, metrics = await tool.execute("inst-1", action)
                self.assertIsInstance(response.text, str)
                self.assertNotIn("error", metrics, response.text)
                total += reward
                done = metrics["done"]
                if done:
                    break
            self.assertTrue(done, "the oracle's plan ends the episode")
            self.assertAlmostEqual(total, self.plan["maxReturn"], places=6)
            self.assertAlmostEqual(await tool.calc_reward("inst-1"), total, places=6)
            response, reward, _ = await tool.execute("inst-1", {"choice": "finish", "content": ""})
            self.assertEqual((response.text, reward), (EPISODE_OVER, 0.0))
            await tool.release("inst-1")
            await tool.release("inst-1")  # twice is harmless
            _, reward, metrics = await tool.execute("inst-1", {"choice": "search", "content": "x"})
            self.assertEqual((reward, metrics.get("error")), (0.0, "unknown_instance"))

        asyncio.run(run())

    def test_repeating_an_answer_in_one_instance_earns_it_once(self):
        async def run():
            tool = self.tool()
            answer = next(a for a in self.plan["actions"] if a["choice"] == "answer")
            await tool.create("once", **CREATE)
            _, once, _ = await tool.execute("once", answer)
            await tool.create("ten", **CREATE)
            rewards = [(await tool.execute("ten", answer))[1] for _ in range(10)]
            self.assertGreater(once, 0)
            self.assertAlmostEqual(sum(rewards), once, places=9)
            await tool.release("once")
            await tool.release("ten")

        asyncio.run(run())

    def test_bad_arguments_and_bad_rows_do_not_reach_the_server(self):
        async def run():
            tool = self.tool()
            await tool.create("bad", **CREATE)
            for arguments in ["not json", ["search"], {"content": "no choice"}]:
                response, reward, metrics = await tool.execute("bad", arguments)
                self.assertEqual((reward, metrics.get("error")), (0.0, "bad_arguments"))
                self.assertTrue(response.text.startswith("Error:"))
            await tool.create("norow", create_kwargs={"seed": 1})
            response, _, metrics = await tool.execute("norow", {"choice": "search", "content": "x"})
            self.assertEqual(metrics.get("error"), "bad_create_kwargs")
            self.assertIn("scenario_id", response.text)
            await tool.release("bad")
            await tool.release("norow")

        asyncio.run(run())

    def test_a_failed_step_ends_the_episode(self):
        async def run():
            tool = self.tool()
            await tool.create("lost", **CREATE)
            _, reward, metrics = await tool.execute("lost", {"choice": "search", "content": "apartment in Austin"})
            self.assertNotIn("error", metrics)
            episode = tool._instances["lost"]["episode"]
            tool.client.release(episode.session_id)  # the server forgets the session (as after its TTL)
            response, reward, metrics = await tool.execute("lost", {"choice": "search", "content": "apartment in Austin"})
            self.assertEqual((reward, metrics.get("error")), (0.0, "step_failed"))
            self.assertIn("HTTP 404", response.text)
            self.assertTrue(episode.done)
            _, _, metrics = await tool.execute("lost", {"choice": "search", "content": "again"})
            self.assertEqual(metrics.get("error"), "episode_failed")
            await tool.release("lost")
            self.assertIsNotNone(episode.summary()["error"])

        asyncio.run(run())

    def test_an_unreachable_server_is_an_error_for_the_model_not_a_crash(self):
        async def run():
            tool = self.tool(server_url="http://127.0.0.1:9", timeout=2)
            await tool.create("down", **CREATE)
            response, reward, metrics = await tool.execute("down", {"choice": "search", "content": "x"})
            self.assertEqual((reward, metrics.get("error")), (0.0, "episode_failed"))
            self.assertIn("cannot open a session", response.text)
            await tool.release("down")

        asyncio.run(run())


if __name__ == "__main__":
    unittest.main()
