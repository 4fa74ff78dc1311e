"""Stands for verl/experimental/agent_loop/tool_agent_loop.py: AgentState, AgentData and
ToolAgentLoop, text-only (no images, no interactions), with the behaviour the ubench loop relies
on at verl commit b178a3cd56f58b2d502255daba591e92833930a7:

- tools come from `multi_turn.tool_config_path`; `self.tool_schemas` are their dumped schemas,
  passed to the chat template in the pending state;
- the generating state counts the assistant turn, then ends the trajectory on the response
  length, `max_assistant_turns` or `max_user_turns` BEFORE parsing tool calls (so the call of the
  last allowed generation never runs), and ends it when the reply has no tool call;
- the tools state runs the first `max_parallel_calls` calls concurrently, each through
  `_call_tool` = create(create_kwargs=...) -> execute(instance_id, args, agent_data=...) ->
  release(instance_id), appends the tool replies (masked 0) and the rewards to `tool_rewards`;
- the output's extra_fields are {"turn_scores", "tool_rewards"}.
"""

import asyncio
import json
from enum import Enum
from typing import Any
from uuid import uuid4

from verl.experimental.agent_loop.agent_loop import AgentLoopBase, AgentLoopMetrics, AgentLoopOutput, register
from verl.experimental.agent_loop.tool_parser import ToolParser
from verl.tools.schemas import ToolResponse
from verl.tools.utils.tool_registry import initialize_tools_from_config
from verl.utils.rollout_trace import rollout_trace_op


class AgentState(Enum):
    PENDING = "pending"
    GENERATING = "generating"
    PROCESSING_TOOLS = "processing_tools"
    TERMINATED = "terminated"
    INTERACTING = "interacting"


class AgentData:
    def __init__(self, messages, image_data, video_data, metrics, request_id, tools_kwargs, interaction=None, interaction_kwargs=None):
        self.messages = messages
        self.image_data = image_data
        self.video_data = video_data
        self.metrics = metrics
        self.request_id = request_id
        self.tools_kwargs = tools_kwargs
        self.interaction = interaction
        self.interaction_kwargs = interaction_kwargs or {}
        self.prompt_ids: list[int] = []
        self.response_ids: list[int] = []
        self.response_mask: list[int] = []
        self.response_logprobs: list[float] = []
        self.turn_scores: list[float] = []
        self.tool_rewards: list[float] = []
        self.user_turns = 0
        self.assistant_turns = 0
        self.tool_calls = []
        self.extra_fields: dict[str, Any] = {}


@register("tool_agent")
class ToolAgentLoop(AgentLoopBase):
    def __init__(self, trainer_config, server_manager, tokenizer, processor, **kwargs):
        super().__init__(trainer_config, server_manager, tokenizer, processor, **kwargs)
        multi_turn = trainer_config.config["actor_rollout_ref"]["rollout"]["multi_turn"]
        self.max_user_turns = multi_turn.get("max_user_turns")
        self.max_assistant_turns = multi_turn.get("max_assistant_turns")
        self.max_parallel_calls = multi_turn.get("max_parallel_calls", 1)
        self.max_tool_response_length = multi_turn.get("max_tool_response_length", 256)
        tool_config_path = multi_turn.get("tool_config_path")
        tool_list = initialize_tools_from_config(tool_config_path) if tool_config_path else []
        self.tools = {tool.name: tool for tool in tool_list}
        self.tool_schemas = [tool.tool_schema.model_dump(exclude_unset=True, exclude_none=True) for tool in tool_list]
        self.tool_parser = ToolParser.get_tool_parser(multi_turn.get("format", "hermes"), self.tokenizer)
        self.response_length = trainer_config.config["actor_rollout_ref"]["rollout"]["response_length"]

    @rollout_trace_op
    async def run(self, sampling_params: dict[str, Any], **kwargs) -> AgentLoopOutput:
        agent_data = AgentData(
            messages=list(kwargs["raw_prompt"]),
            image_data=None,
            video_data=None,
            metrics={},
            request_id=uuid4().hex,
            tools_kwargs=kwargs.get("tools_kwargs", {}),
        )
        state = AgentState.PENDING
        while state != AgentState.TERMINATED:
            if state == AgentState.PENDING:
                state = await self._handle_pending_state(agent_data, sampling_params)
            elif state == AgentState.GENERATING:
                state = await self._handle_generating_state(agent_data, sampling_params)
            elif state == AgentState.PROCESSING_TOOLS:
                state = await self._handle_processing_tools_state(agent_data)
            else:
                state = AgentState.TERMINATED
        response_ids = agent_data.prompt_ids[-len(agent_data.response_mask):] if agent_data.response_mask else []
        prompt_ids = agent_data.prompt_ids[: len(agent_data.prompt_ids) - len(agent_data.response_mask)]
        output = AgentLoopOutput(
            prompt_ids=prompt_ids,
            response_ids=response_ids[: self.response_length],
            response_mask=agent_data.response_mask[: self.response_length],
            num_turns=agent_data.user_turns + agent_data.assistant_turns + 1,
            metrics=AgentLoopMetrics(),
            extra_fields={},
        )
        output.extra_fields.update({"turn_scores": agent_data.turn_scores, "tool_rewards": agent_data.tool_rewards})
        return output

    async def _handle_pending_state(self, agent_data, sampling_params):
        agent_data.prompt_ids = await self.apply_chat_template(agent_data.messages, tools=self.tool_schemas)
        return AgentState.GENERATING

    async def _handle_generating_state(self, agent_data, sampling_params, ignore_termination=False):
        output = await self.server_manager.generate(request_id=agent_data.request_id, prompt_ids=agent_data.prompt_ids, sampling_params=sampling_params)
        agent_data.assistant_turns += 1
        agent_data.response_ids = output.token_ids
        agent_data.prompt_ids += agent_data.response_ids
        agent_data.response_mask += [1] * len(agent_data.response_ids)
        if not ignore_termination and len(agent_data.response_mask) >= self.response_length:
            return AgentState.TERMINATED
        if self.max_assistant_turns and agent_data.assistant_turns >= self.max_assistant_turns:
            return AgentState.TERMINATED
        if self.max_user_turns and agent_data.user_turns >= self.max_user_turns:
            return AgentState.TERMINATED
        _, agent_data.tool_calls = await self.tool_parser.extract_tool_calls(agent_data.response_ids)
        return AgentState.PROCESSING_TOOLS if agent_data.tool_calls else AgentState.TERMINATED

    async def _handle_processing_tools_state(self, agent_data):
        calls = agent_data.tool_calls[: self.max_parallel_calls]
        responses = await asyncio.gather(*[self._call_tool(call, agent_data.tools_kwargs, agent_data) for call in calls])
        add_messages = []
        for tool_response, tool_reward, _ in responses:
            add_messages.append({"role": "tool", "content": tool_response.text or ""})
            if tool_reward is not None:
                agent_data.tool_rewards.append(tool_reward)
        agent_data.messages.extend(add_messages)
        response_ids = await self.apply_chat_template(add_messages, remove_system_prompt=True)
        if len(agent_data.response_mask) + len(response_ids) >= self.response_length:
            return AgentState.TERMINATED
        agent_data.prompt_ids += response_ids
        agent_data.response_mask += [0] * len(response_ids)
        agent_data.user_turns += 1
        return AgentState.GENERATING

    async def _call_tool(self, tool_call, tools_kwargs, agent_data):
        tool, instance_id = None, None
        try:
            tool_args = json.loads(tool_call.arguments)
            tool = self.tools[tool_call.name]
            kwargs = tools_kwargs.get(tool_call.name, {})
            instance_id, _ = await tool.create(create_kwargs=kwargs.get("create_kwargs", {}))
            response, reward, res = await tool.execute(instance_id, tool_args, agent_data=agent_data)
        except Exception as e:
            return ToolResponse(text=f"Error when executing tool: {e}"), 0.0, {}
        finally:
            if tool and instance_id:
                await tool.release(instance_id)
        text = response.text
        if text and len(text) > self.max_tool_response_length:
            half = self.max_tool_response_length // 2
            text = text[:half] + "...(truncated)..." + text[-half:]
        return ToolResponse(text=text), reward, res
