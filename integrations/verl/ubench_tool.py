"""verl tool `interact_with_env`, forwarding to `ubc serve`'s plain HTTP sessions (ubench_client.py).

Standard library only. Registered in the tool config that `ubc export verl` writes:

    tools:
      - class_name: integrations.verl.ubench_tool.UbenchTool
        config: {type: native, server_url: "http://127.0.0.1:8765", token_env: UBENCH_SERVE_TOKEN, timeout: 30,
                 choices_by_gym: {travel: [search, action, answer, finish], ...}}
        tool_schema: {...the interact_with_env schema...}

One ubench episode belongs to one trajectory. verl's ToolAgentLoop (commit
b178a3cd56f58b2d502255daba591e92833930a7, `_call_tool`) runs create -> execute -> release for
EACH tool call, which with a session per instance would start a fresh episode per call (ten
answers, ten rewards). So:

- Inside `UbenchAgentLoop` (ubench_agent_loop.py), execute receives `agent_data` and steps the
  trajectory's episode kept in `agent_data.extra_fields` (verl's place for tool session data);
  create and release only book-keep the per-call instance.
- Inside another loop that passes `agent_data` (verl's stock `tool_agent`), there is no
  trajectory episode and the call is refused with an error that names the fix.
- Called without `agent_data` (the older per-trajectory contract: create once, execute many,
  release once), the instance owns its episode.
"""

from __future__ import annotations

import copy
import logging
import os
import uuid
from typing import Any, Optional

from ._verl import BaseTool, ToolResponse, rollout_trace_op
from .episode import UbenchEpisode
from .ubench_client import UbenchClient, UbenchError

logger = logging.getLogger(__name__)

TOOL_NAME = "interact_with_env"
EPISODE_KEY = "ubench_episode"
NEEDS_AGENT_LOOP = (
    "Error: interact_with_env keeps one ubench episode per trajectory and runs only in the ubench_agent loop "
    "(the Parquet column agent_name = ubench_agent, and actor_rollout_ref.rollout.agent.agent_loop_config_path "
    "naming integrations/verl/agent_loop.yaml; see integrations/verl/README.md)."
)


def _choices_by_gym(value: Any) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(gym, str) and isinstance(choices, (list, tuple)) and choices and all(isinstance(c, str) for c in choices)
        for gym, choices in value.items()
    ):
        raise ValueError("tool config choices_by_gym must map each gym to a non-empty list of choice names")
    return {gym: list(choices) for gym, choices in value.items()}


def narrow_schema(schema: dict, choices: Optional[list[str]]) -> dict:
    """A copy of an interact_with_env schema (OpenAI function format) whose `choice` enum is `choices`."""
    narrowed = copy.deepcopy(schema)
    if choices is None:
        return narrowed
    choice = narrowed.get("function", {}).get("parameters", {}).get("properties", {}).get("choice")
    if isinstance(choice, dict):
        choice["enum"] = list(choices)
    return narrowed


class UbenchTool(BaseTool):
    def __init__(self, config: dict, tool_schema: Any = None):
        super().__init__(config, tool_schema)
        config = config or {}
        token = config.get("token") or os.environ.get(config.get("token_env") or "UBENCH_SERVE_TOKEN") or None
        url = config.get("server_url") or os.environ.get("UBENCH_SERVE_URL", "http://127.0.0.1:8765")
        self.client = UbenchClient(url, token, float(config.get("timeout", 30)))
        self.choices_by_gym = _choices_by_gym(config.get("choices_by_gym"))
        self._instances: dict[str, dict] = {}

    def get_openai_tool_schema(self) -> Any:
        # verl's BaseTool asks for it before storing tool_schema when the config has none.
        return getattr(self, "tool_schema", None)

    def choices_for(self, gym: Any) -> Optional[list[str]]:
        """The `choice` enum offered to a row of this gym, or None to offer the schema's own."""
        return self.choices_by_gym.get(gym) if isinstance(gym, str) else None

    def new_episode(self, create_kwargs: Any) -> UbenchEpisode:
        """An episode for one trajectory (not opened yet); raises UbenchError for unusable create_kwargs."""
        return UbenchEpisode.from_create_kwargs(self.client, create_kwargs)

    async def create(self, instance_id: Optional[str] = None, **kwargs: Any) -> tuple[str, Any]:
        """Books an instance with the row's create_kwargs ({scenario_id, seed, gym}); no request yet."""
        if instance_id is None:
            instance_id = str(uuid.uuid4())
        create_kwargs = kwargs.get("create_kwargs", kwargs)
        self._instances[instance_id] = {"create_kwargs": dict(create_kwargs or {}), "episode": None}
        return instance_id, ToolResponse()

    @rollout_trace_op
    async def execute(self, instance_id: str, parameters: Any, **kwargs: Any) -> tuple[Any, float, dict]:
        """One env step: (feedback, step reward, metrics)."""
        agent_data = kwargs.get("agent_data")
        if agent_data is not None:
            episode = (getattr(agent_data, "extra_fields", None) or {}).get(EPISODE_KEY)
            if episode is None:
                logger.warning(NEEDS_AGENT_LOOP)
                return ToolResponse(text=NEEDS_AGENT_LOOP), 0.0, {"error": "no_episode"}
        else:
            instance = self._instances.get(instance_id)
            if instance is None:
                return ToolResponse(text=f"Error: unknown instance {instance_id}; call create first."), 0.0, {"error": "unknown_instance"}
            if instance["episode"] is None:
                try:
                    instance["episode"] = self.new_episode(instance["create_kwargs"])
                except UbenchError as err:
                    return ToolResponse(text=f"Error: {err}"), 0.0, {"error": "bad_create_kwargs"}
            episode = instance["episode"]
        text, reward, metrics = await episode.step(parameters)
        return ToolResponse(text=text), reward, metrics

    async def calc_reward(self, instance_id: str, **kwargs: Any) -> float:
        """The return so far of the instance's own episode (0 when the trajectory holds the episode)."""
        instance = self._instances.get(instance_id)
        episode = instance["episode"] if instance else None
        return float(sum(episode.rewards)) if episode is not None else 0.0

    async def release(self, instance_id: str, **kwargs: Any) -> None:
        """Drops the instance; closes its episode if it owns one (a trajectory's episode is the loop's)."""
        instance = self._instances.pop(instance_id, None)
        if instance is not None and instance["episode"] is not None:
            await instance["episode"].close()
