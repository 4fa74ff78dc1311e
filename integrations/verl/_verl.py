"""The few verl names the ubench integration uses, with stand-ins when verl is not installed.

Matched against verl commit b178a3cd56f58b2d502255daba591e92833930a7 (main, 2026-01-29):
`verl/tools/base_tool.py` (BaseTool), `verl/tools/schemas.py` (ToolResponse) and
`verl/utils/rollout_trace.py` (rollout_trace_op). Without verl, the tool still runs (its tests
and direct callers need no GPU stack): BaseTool keeps config and schema, ToolResponse is a plain
text holder and rollout_trace_op leaves the method as it is.
"""

from __future__ import annotations

import functools
from typing import Any, Optional

try:
    from verl.tools.base_tool import BaseTool  # type: ignore
    from verl.tools.schemas import ToolResponse  # type: ignore
    from verl.utils.rollout_trace import rollout_trace_op  # type: ignore

    HAVE_VERL = True
except ImportError:  # verl is optional
    HAVE_VERL = False

    class BaseTool:  # type: ignore[no-redef]
        """verl's BaseTool(config, tool_schema), reduced to what it stores."""

        def __init__(self, config: dict, tool_schema: Any = None):
            self.config = config
            self.tool_schema = tool_schema
            self.name = "interact_with_env"

        def get_openai_tool_schema(self) -> Any:
            return self.tool_schema

    class ToolResponse:  # type: ignore[no-redef]
        """verl's ToolResponse(text, image, video), text only."""

        def __init__(self, text: Optional[str] = None, image: Any = None, video: Any = None):
            self.text = text
            self.image = image
            self.video = video

    def rollout_trace_op(func):  # type: ignore[no-redef]
        """No tracing without verl; the method is unchanged."""

        @functools.wraps(func)
        async def wrapper(self, *args, **kwargs):
            return await func(self, *args, **kwargs)

        return wrapper
