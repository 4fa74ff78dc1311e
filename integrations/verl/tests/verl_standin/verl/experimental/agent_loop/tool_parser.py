"""Stands for verl/experimental/agent_loop/tool_parser.py: FunctionCall and the hermes parser
(`<tool_call>{"name": ..., "arguments": {...}}</tool_call>`, arguments re-encoded as JSON)."""

import json
import re


class FunctionCall:
    def __init__(self, arguments: str, name: str):
        self.arguments = arguments
        self.name = name


class ToolParser:
    _registry: dict = {}

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    @classmethod
    def get_tool_parser(cls, name, tokenizer):
        if name not in cls._registry:
            raise ValueError(f"Unknown tool parser: {name}")
        return cls._registry[name](tokenizer)

    @classmethod
    def register(cls, name):
        def decorator(subclass):
            cls._registry[name] = subclass
            return subclass

        return decorator


@ToolParser.register("hermes")
class HermesToolParser(ToolParser):
    _pattern = re.compile(r"<tool_call>(.*?)</tool_call>", re.DOTALL)

    async def extract_tool_calls(self, responses_ids):
        text = self.tokenizer.decode(responses_ids)
        if "<tool_call>" not in text or "</tool_call>" not in text:
            return text, []
        calls = []
        for match in self._pattern.findall(text):
            try:
                call = json.loads(match)
                calls.append(FunctionCall(name=call["name"], arguments=json.dumps(call["arguments"], ensure_ascii=False)))
            except Exception:
                pass  # verl logs and skips a malformed call
        return self._pattern.sub("", text), calls
