"""Stands for verl/tools/utils/tool_registry.py: initialize_tools_from_config(path) builds each
native tool as `cls(config=..., tool_schema=OpenAIFunctionToolSchema.model_validate(...))`.
verl reads the file with OmegaConf (YAML); the stand-in reads JSON, which is YAML too."""

import importlib
import json

from verl.tools.schemas import OpenAIFunctionToolSchema


def get_tool_class(cls_name):
    module_name, class_name = cls_name.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), class_name)


def initialize_tools_from_config(tools_config_file):
    with open(tools_config_file, encoding="utf-8") as f:
        tools_config = json.load(f)
    tool_list = []
    for tool_config in tools_config["tools"]:
        if tool_config["config"]["type"] != "native":
            raise NotImplementedError(tool_config["config"]["type"])
        schema = tool_config.get("tool_schema")
        tool_cls = get_tool_class(tool_config["class_name"])
        tool_list.append(tool_cls(config=dict(tool_config["config"]), tool_schema=None if schema is None else OpenAIFunctionToolSchema.model_validate(schema)))
    return tool_list
