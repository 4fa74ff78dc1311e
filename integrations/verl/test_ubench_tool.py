"""Drives a full ubench episode through UbenchTool against a real `ubc serve` (stdlib only, no verl).

Run from the repository root after `npm run build`:
    python3 -m unittest integrations/verl/test_ubench_tool.py
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import subprocess
import sys
import threading
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)

from integrations.verl.ubench_tool import UbenchTool  # noqa: E402

SCENARIO = "scenarios/travel/austin_family.ubench"
SCENARIO_ID = "austin_family"
SEED = 7

# The scripted oracle's actions for the scenario (travelPlans.oracle), and its maximum return.
ORACLE_JS = r"""
const { loadScenarios } = await import(process.argv[1] + "/dist/eval/scenarios.js");
const { travelPlans } = await import(process.argv[1] + "/dist/runtime/gyms/travel/plans.js");
const scenario = loadScenarios([process.argv[2]]).scenarios[0];
const next = travelPlans.oracle({ scenario, seed: 0, choices: [], systemPrompt: "", rng: null });
const actions = [];
for (let i = 0; i < 200; i++) { const a = next(); actions.push({ choice: a.choice, content: a.content }); if (a.choice === "finish") break; }
process.stdout.write(JSON.stringify({ actions, maxReturn: scenario.maxReturn }));
"""


def node(*args: str, **kwargs):
    return subprocess.run(["node", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, **kwargs)


def serve_available() -> str | None:
    if not os.path.exists(os.path.join(ROOT, "dist", "cli", "main.js")):
        return "dist/ is not built (run npm run build)"
    help_ = node("bin/ubc.js", "serve", "--help")
    if help_.returncode != 0 or "serve" not in help_.stdout:
        return "`ubc serve` does not exist yet in this build"
    return None


class UbenchToolEpisodeTest(unittest.TestCase):
    proc: subprocess.Popen | None = None

    @classmethod
    def setUpClass(cls):
        reason = serve_available()
        if reason:
            raise unittest.SkipTest(reason)
        plan = node("--input-type=module", "-e", ORACLE_JS, ROOT, SCENARIO)
        if plan.returncode != 0:
            raise RuntimeError(f"cannot compute the oracle plan: {plan.stderr}")
        cls.plan = json.loads(plan.stdout)
        cls.proc = subprocess.Popen(
            ["node", "bin/ubc.js", "serve", "scenarios/travel", "--port", "0"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        lines: queue.Queue[str] = queue.Queue()

        def pump(stream):
            for line in stream:
                lines.put(line)

        threading.Thread(target=pump, args=(cls.proc.stdout,), daemon=True).start()
        threading.Thread(target=pump, args=(cls.proc.stderr,), daemon=True).start()
        seen = []
        while True:
            try:
                line = lines.get(timeout=30)
            except queue.Empty:
                cls.tearDownClass()
                raise RuntimeError("`ubc serve` printed no URL within 30 s: " + "".join(seen))
            seen.append(line)
            match = re.search(r"https?://[^\s\"']+", line)
            if match:
                cls.url = match.group(0).rstrip("/.,")
                break

    @classmethod
    def tearDownClass(cls):
        if cls.proc is not None:
            cls.proc.terminate()
            try:
                cls.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                cls.proc.kill()
                cls.proc.wait(timeout=10)
            for stream in (cls.proc.stdout, cls.proc.stderr):
                if stream is not None:
                    stream.close()
            cls.proc = None

    def test_oracle_episode_through_the_tool(self):
        asyncio.run(self._episode())

    async def _episode(self):
        tool = UbenchTool({"server_url": self.url, "timeout": 10}, None)
        created = await tool.create("inst-1", create_kwargs={"scenario_id": SCENARIO_ID, "seed": SEED, "gym": "travel"})
        instance_id = created[0] if isinstance(created, tuple) else created
        self.assertEqual(instance_id, "inst-1")
        self.assertTrue(tool._sessions["inst-1"]["opening"], "the opening observation has feedback")

        total = 0.0
        done = False
        for action in self.plan["actions"]:
            text, reward, metrics = await tool.execute("inst-1", action)
            text = getattr(text, "text", text)
            self.assertIsInstance(text, str)
            self.assertNotIn("error", metrics, f"step failed: {text}")
            total += reward
            if metrics["done"]:
                done = True
                break
        self.assertTrue(done, "the oracle's plan ends the episode")
        self.assertAlmostEqual(total, self.plan["maxReturn"], places=4)

        ret = await tool.calc_reward("inst-1")
        self.assertAlmostEqual(ret, total, places=4)
        self.assertAlmostEqual(tool._sessions["inst-1"]["score"], 1.0, places=6)

        text, reward, metrics = await tool.execute("inst-1", {"choice": "finish", "content": ""})
        self.assertEqual(reward, 0.0)
        await tool.release("inst-1")
        self.assertNotIn("inst-1", tool._sessions)
        # releasing twice and stepping an unknown instance are harmless
        await tool.release("inst-1")
        _, reward, metrics = await tool.execute("inst-1", {"choice": "search", "content": "x"})
        self.assertEqual(metrics.get("error"), "unknown_instance")

    def test_bad_arguments_do_not_reach_the_server(self):
        async def run():
            tool = UbenchTool({"server_url": self.url}, None)
            await tool.create("inst-2", scenario_id=SCENARIO_ID, seed=SEED)
            _, reward, metrics = await tool.execute("inst-2", "not json")
            self.assertEqual(metrics.get("error"), "bad_arguments")
            self.assertEqual(reward, 0.0)
            await tool.release("inst-2")

        asyncio.run(run())


if __name__ == "__main__":
    unittest.main()
