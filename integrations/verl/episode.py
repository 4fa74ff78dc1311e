"""One ubench episode on `ubc serve`: one session, opened once, stepped by every tool call of one
trajectory, closed once. The server holds the episode's state, so an answer repeated ten times
earns what it earns once and the return never exceeds the scenario's maxReturn.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Optional

from .ubench_client import UbenchClient, UbenchError

EPISODE_OVER = "The episode is over."


def parse_arguments(parameters: Any) -> tuple[Optional[dict], Optional[str]]:
    """The tool call's arguments as {"choice", "content"}, or an error message for the model."""
    if isinstance(parameters, str):
        try:
            parameters = json.loads(parameters)
        except json.JSONDecodeError:
            return None, "the tool arguments are not JSON."
    if not isinstance(parameters, dict) or not isinstance(parameters.get("choice"), str):
        return None, "the tool arguments must be an object with a string 'choice' and a 'content'."
    content = parameters.get("content", "")
    content = content if isinstance(content, str) else json.dumps(content)
    return {"choice": parameters["choice"], "content": content}, None


class UbenchEpisode:
    """A session of `ubc serve` seen as an episode; every method is safe to call in any order."""

    def __init__(self, client: UbenchClient, scenario_id: str, seed: int):
        self.client = client
        self.scenario_id = scenario_id
        self.seed = seed
        self.session_id: Optional[str] = None
        self.opening = ""
        self.rewards: list[float] = []
        self.done = False
        self.error: Optional[str] = None
        self.score = 0.0
        self.episode_return = 0.0
        self.closed = False
        # Parallel tool calls of one generation step the episode one after another, in call order
        # (asyncio.Lock wakes waiters first come, first served).
        self._lock = asyncio.Lock()

    @classmethod
    def from_create_kwargs(cls, client: UbenchClient, create_kwargs: Any) -> "UbenchEpisode":
        """From a Parquet row's `tools_kwargs.interact_with_env.create_kwargs` ({scenario_id, seed, gym})."""
        kwargs = create_kwargs if isinstance(create_kwargs, dict) else {}
        scenario_id = kwargs.get("scenario_id")
        if not isinstance(scenario_id, str) or not scenario_id:
            raise UbenchError("create_kwargs needs a scenario_id (the row's extra_info.tools_kwargs.interact_with_env.create_kwargs)")
        try:
            seed = int(kwargs.get("seed", 0))
        except (TypeError, ValueError):
            raise UbenchError(f"create_kwargs.seed must be an integer, not {kwargs.get('seed')!r}") from None
        return cls(client, scenario_id, seed)

    async def open(self) -> None:
        """Opens the session (once); a failure ends the episode with its reason in `error`."""
        async with self._lock:
            await self._open_locked()

    async def _open_locked(self) -> None:
        if self.session_id is not None or self.done:
            return
        try:
            reply = await asyncio.to_thread(self.client.create, self.scenario_id, self.seed)
        except UbenchError as err:
            self._fail(f"cannot open a session: {err}")
            return
        self.session_id = str(reply.get("session_id", ""))
        self.opening = str((reply.get("observation") or {}).get("feedback", ""))

    async def step(self, parameters: Any) -> tuple[str, float, dict]:
        """One env step for one tool call: (feedback for the model, step reward, metrics)."""
        async with self._lock:
            await self._open_locked()
            if self.error is not None:
                return f"Error: {self.error}", 0.0, {"error": "episode_failed"}
            if self.done:
                return EPISODE_OVER, 0.0, {"done": True}
            action, problem = parse_arguments(parameters)
            if action is None:
                return f"Error: {problem}", 0.0, {"error": "bad_arguments"}
            try:
                reply = await asyncio.to_thread(self.client.step, self.session_id, action["choice"], action["content"])
            except UbenchError as err:
                # As in UserRL's training tool: a failed step ends the episode, and it scores 0.
                self._fail(str(err))
                return f"Error: {err}", 0.0, {"error": "step_failed"}
            reward = float(reply.get("reward") or 0.0)
            self.rewards.append(reward)
            self.done = bool(reply.get("done"))
            feedback = str((reply.get("observation") or {}).get("feedback", ""))
            return feedback, reward, {"done": self.done, "turn": len(self.rewards), "info": reply.get("info", {})}

    async def close(self) -> dict:
        """Reads the episode's return and score from the server, releases the session; idempotent."""
        async with self._lock:
            if not self.closed and self.session_id is not None:
                try:
                    reply = await asyncio.to_thread(self.client.reward, self.session_id)
                    self.episode_return = float(reply.get("return") or 0.0)
                    self.score = float(reply.get("score") or 0.0)
                    if reply.get("error") and self.error is None:
                        self.error = str(reply["error"])
                except UbenchError as err:
                    if self.error is None:
                        self.error = f"cannot read the episode's reward: {err}"
                try:
                    await asyncio.to_thread(self.client.release, self.session_id)
                except UbenchError:
                    pass  # the server's --session-ttl reclaims it
            self.closed = True
            return self.summary()

    def summary(self) -> dict:
        """What the reward function reads (`extra_info["ubench"]`); plain JSON values only."""
        return {
            "scenario_id": self.scenario_id,
            "seed": self.seed,
            "return": self.episode_return,
            "score": self.score,
            "rewards": list(self.rewards),
            "turns": len(self.rewards),
            "done": self.done,
            "error": self.error,
        }

    def _fail(self, reason: str) -> None:
        self.error = reason
        self.done = True
