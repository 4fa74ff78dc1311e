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
    """verl's nested pydantic models (tool -> function -> parameters -> properties): the required
    fields are checked, and keys the models do not declare are dropped, as pydantic's default
    (extra="ignore") does; model_dump(exclude_unset=True, exclude_none=True) gives what was set."""

    def __init__(self, data: dict):
        function = _require(data, "function", dict)
        parameters = function.get("parameters", {"type": "object", "properties": {}, "required": []})
        properties = _require(parameters, "properties", dict)
        self._data = {
            "type": _require(data, "type", str),
            "function": {
                "name": _require(function, "name", str),
                "description": _require(function, "description", str),
                "parameters": {
                    "type": _require(parameters, "type", str),
                    "properties": {name: _property(p) for name, p in properties.items()},
                    "required": list(_require(parameters, "required", list)),
                },
                **({"strict": function["strict"]} if "strict" in function else {}),
            },
        }
        self.type = self._data["type"]
        self.function = SimpleNamespace(name=self._data["function"]["name"], description=self._data["function"]["description"])

    @classmethod
    def model_validate(cls, data: dict) -> "OpenAIFunctionToolSchema":
        return cls(data)

    def model_dump(self, exclude_unset: bool = False, exclude_none: bool = False) -> dict:
        return copy.deepcopy(self._data)


def _require(data, key, kind):
    if not isinstance(data, dict) or not isinstance(data.get(key), kind):
        raise ValueError(f"tool schema: {key} must be a {kind.__name__}")
    return data[key]


def _property(data: dict) -> dict:
    out = {"type": _require(data, "type", str)}
    for key in ("description", "enum"):
        if data.get(key) is not None:
            out[key] = data[key]
    return out
