"""Stands for verl/tools/schemas.py: ToolResponse and OpenAIFunctionToolSchema (pydantic models
there; plain classes here with the methods verl calls: model_validate, model_dump, .function.name)."""

import copy
from types import SimpleNamespace


class ToolResponse:
    def __init__(self, text=None, image=None, video=None):
        if image is not None and not isinstance(image, list):
            raise ValueError("Image must be a list")
        if video is not None and not isinstance(video, list):
            raise ValueError("Video must be a list")
        self.text = text
        self.image = image
        self.video = video

    def is_empty(self):
        return not self.text and not self.image and not self.video


class OpenAIFunctionToolSchema:
    def __init__(self, data: dict):
        if data.get("type") != "function" or not isinstance(data.get("function"), dict) or not data["function"].get("name"):
            raise ValueError("not an OpenAI function tool schema")
        self._data = copy.deepcopy(data)
        self.type = data["type"]
        self.function = SimpleNamespace(name=data["function"]["name"], description=data["function"].get("description"))

    @classmethod
    def model_validate(cls, data: dict) -> "OpenAIFunctionToolSchema":
        return cls(data)

    def model_dump(self, exclude_unset: bool = False, exclude_none: bool = False) -> dict:
        return copy.deepcopy(self._data)
