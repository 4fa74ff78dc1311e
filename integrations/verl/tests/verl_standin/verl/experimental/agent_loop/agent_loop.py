"""Stands for verl/experimental/agent_loop/agent_loop.py: AgentLoopBase (its constructor and
apply_chat_template), AgentLoopOutput, AgentLoopMetrics, DictConfigWrap, register and the
registry, and the worker's `_run_agent_loop` step that picks a loop by `agent_name` and
instantiates it once per sample (hydra.utils.instantiate there, a plain import here)."""

import importlib
from typing import Any, Optional


class DictConfigWrap:
    def __init__(self, config):
        self.config = config


class AgentLoopMetrics:
    def __init__(self, generate_sequences: float = 0.0, tool_calls: float = 0.0, num_preempted: int = -1):
        self.generate_sequences = generate_sequences
        self.tool_calls = tool_calls
        self.num_preempted = num_preempted


class AgentLoopOutput:
    """A pydantic model in verl; the same fields here."""

    def __init__(
        self,
        prompt_ids: list[int],
        response_ids: list[int],
        response_mask: list[int],
        metrics: Any,
        response_logprobs: Optional[list[float]] = None,
        routed_experts: Any = None,
        multi_modal_data: Optional[dict] = None,
        reward_score: Optional[float] = None,
        num_turns: int = 0,
        extra_fields: Optional[dict] = None,
    ):
        self.prompt_ids = prompt_ids
        self.response_ids = response_ids
        self.response_mask = response_mask
        self.response_logprobs = response_logprobs
        self.routed_experts = routed_experts
        self.multi_modal_data = multi_modal_data
        self.reward_score = reward_score
        self.num_turns = num_turns
        self.metrics = metrics
        self.extra_fields = {} if extra_fields is None else extra_fields


class AgentLoopBase:
    def __init__(self, trainer_config: DictConfigWrap, server_manager, tokenizer, processor, dataset_cls, dataset_config: DictConfigWrap, **kwargs):
        self.config = trainer_config.config
        self.server_manager = server_manager
        self.tokenizer = tokenizer
        self.processor = processor
        self.dataset_cls = dataset_cls
        self.dataset_config = dataset_config.config
        self.system_prompt: list[int] = []

    async def process_vision_info(self, messages: list[dict]) -> dict:
        return {}

    async def apply_chat_template(self, messages, tools=None, images=None, videos=None, remove_system_prompt=False):
        prompt_ids = self.tokenizer.apply_chat_template(messages, tools=tools, add_generation_prompt=True, tokenize=True)
        if remove_system_prompt:
            prompt_ids = prompt_ids[len(self.system_prompt):]
        return prompt_ids

    async def run(self, sampling_params: dict[str, Any], **kwargs) -> AgentLoopOutput:
        raise NotImplementedError


_agent_loop_registry: dict[str, dict] = {}


def register(agent_name: str):
    def decorator(subclass):
        _agent_loop_registry[agent_name] = {"_target_": f"{subclass.__module__}.{subclass.__qualname__}"}
        return subclass

    return decorator


def load_agent_loop_configs(entries: list[dict]) -> None:
    """AgentLoopWorker.__init__: each entry of agent_loop_config_path's list registers `name`."""
    for entry in entries:
        _agent_loop_registry[entry["name"]] = entry


async def run_agent_loop(config, server_manager, tokenizer, sampling_params: dict, *, agent_name: str, **kwargs) -> AgentLoopOutput:
    """AgentLoopWorker._run_agent_loop: a fresh loop instance per sample, chosen by agent_name."""
    assert agent_name in _agent_loop_registry, f"Agent loop {agent_name} not registered, registered agent loops: {_agent_loop_registry.keys()}"
    entry = dict(_agent_loop_registry[agent_name])
    module_name, class_name = entry.pop("_target_").rsplit(".", 1)
    entry.pop("name", None)
    cls = getattr(importlib.import_module(module_name), class_name)
    loop = cls(
        trainer_config=DictConfigWrap(config),
        server_manager=server_manager,
        tokenizer=tokenizer,
        processor=None,
        dataset_cls=None,
        dataset_config=DictConfigWrap({}),
        **entry,
    )
    return await loop.run(sampling_params, **kwargs)
