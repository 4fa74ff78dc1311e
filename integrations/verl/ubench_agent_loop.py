"""verl agent loop `ubench_agent`: one `ubc serve` episode per trajectory.

Fits verl's agent-loop contract at commit b178a3cd56f58b2d502255daba591e92833930a7
(verl/experimental/agent_loop/agent_loop.py: AgentLoopBase, register, AgentLoopOutput;
tool_agent_loop.py: ToolAgentLoop). A Parquet row whose `agent_name` column is `ubench_agent`
runs here; verl finds the class through `actor_rollout_ref.rollout.agent.agent_loop_config_path`
(agent_loop.yaml, also written by `ubc export verl`).

It is verl's ToolAgentLoop (generation, tool-call parsing, token masks, turn limits) with three
changes:
- `run` opens one session for the row's scenario and seed before the first generation, puts it
  in `agent_data.extra_fields` where UbenchTool.execute steps it for every tool call, and
  releases it at the end, whatever happened;
- the trajectory ends when the episode does (terminated, or truncated at the scenario's
  max_turns), besides verl's own limits (`multi_turn.max_assistant_turns`, response length);
- the tool schema offered to the model has the row's gym's `choice` enum (tool config
  `choices_by_gym`), so persuade and intention are not offered `search`.

The episode's summary goes to `AgentLoopOutput.extra_fields["ubench"]` (the reward loop merges it
into the reward function's `extra_info`) and to `extra_fields["reward_scores"]["ubench"]` (which
verl's non-loop reward managers pass as `extra_info["rollout_reward_scores"]`); reward.py turns it
into the trajectory's score.
"""

from __future__ import annotations

from typing import Any

from verl.experimental.agent_loop.agent_loop import AgentLoopOutput, register  # type: ignore
from verl.experimental.agent_loop.tool_agent_loop import AgentState, ToolAgentLoop  # type: ignore
from verl.utils.rollout_trace import rollout_trace_op  # type: ignore

from .episode import UbenchEpisode
from .ubench_tool import EPISODE_KEY, TOOL_NAME, UbenchTool, narrow_schema

AGENT_NAME = "ubench_agent"
SUMMARY_KEY = "ubench"


def _create_kwargs(tools_kwargs: Any) -> dict:
    entry = tools_kwargs.get(TOOL_NAME) if isinstance(tools_kwargs, dict) else None
    create_kwargs = entry.get("create_kwargs") if isinstance(entry, dict) else None
    if not isinstance(create_kwargs, dict):
        raise ValueError(f"the ubench_agent loop needs the row's extra_info.tools_kwargs.{TOOL_NAME}.create_kwargs (written by `ubc export verl`)")
    return create_kwargs


def _undecorated(method: Any) -> Any:
    """The method under verl's @rollout_trace_op (functools.wraps keeps it), so a trajectory is traced once."""
    return getattr(method, "__wrapped__", method)


@register(AGENT_NAME)
class UbenchAgentLoop(ToolAgentLoop):
    """verl instantiates one loop per sample (AgentLoopBase's contract), so per-trajectory state lives on self."""

    def __init__(self, trainer_config: Any, server_manager: Any, tokenizer: Any, processor: Any, **kwargs: Any):
        super().__init__(trainer_config, server_manager, tokenizer, processor, **kwargs)
        tool = self.tools.get(TOOL_NAME)
        if not isinstance(tool, UbenchTool):
            raise ValueError(
                f"the ubench_agent loop needs {TOOL_NAME} registered as integrations.verl.ubench_tool.UbenchTool in "
                "actor_rollout_ref.rollout.multi_turn.tool_config_path (ubc export verl writes it as tool_config.yaml)"
            )
        self.ubench_tool = tool
        self.episode: UbenchEpisode | None = None

    @rollout_trace_op
    async def run(self, sampling_params: dict[str, Any], **kwargs: Any) -> AgentLoopOutput:
        create_kwargs = _create_kwargs(kwargs.get("tools_kwargs"))
        self.tool_schemas = [self._schema_for_row(schema, create_kwargs.get("gym")) for schema in self.tool_schemas]
        self.episode = self.ubench_tool.new_episode(create_kwargs)
        try:
            await self.episode.open()
            output = await _undecorated(ToolAgentLoop.run)(self, sampling_params, **kwargs)
        finally:
            summary = await self.episode.close()
        output.extra_fields[SUMMARY_KEY] = summary
        output.extra_fields["reward_scores"] = {SUMMARY_KEY: summary}
        return output

    def _schema_for_row(self, schema: dict, gym: Any) -> dict:
        if schema.get("function", {}).get("name") != TOOL_NAME:
            return schema
        return narrow_schema(schema, self.ubench_tool.choices_for(gym))

    async def _handle_pending_state(self, agent_data: Any, sampling_params: dict[str, Any]) -> AgentState:
        agent_data.extra_fields[EPISODE_KEY] = self.episode
        return await super()._handle_pending_state(agent_data, sampling_params)

    async def _handle_processing_tools_state(self, agent_data: Any) -> AgentState:
        state = await super()._handle_processing_tools_state(agent_data)
        return AgentState.TERMINATED if self.episode is not None and self.episode.done else state
