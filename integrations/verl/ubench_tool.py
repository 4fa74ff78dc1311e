"""verl tool that forwards to `ubc serve`'s plain HTTP sessions API.

Standard library only (urllib), so it runs anywhere verl runs and can be tested without verl.
Register it in a verl tool config (written by `ubc export verl`):

    tools:
      - class_name: integrations.verl.ubench_tool.UbenchTool
        config: {type: native, server_url: "http://127.0.0.1:8765", token_env: UBENCH_SERVE_TOKEN, timeout: 30}
        tool_schema: {...the interact_with_env schema...}

HTTP contract (ubc serve):
    POST   /sessions              {"scenario_id", "seed"}         -> {"session_id", "observation": {"feedback", ...}}
    POST   /sessions/{id}/step    {"action": {"choice", "content"}} -> {"observation", "reward", "done", "info"}
    GET    /sessions/{id}/reward                                  -> {"return", "score", "done", "error"}
    DELETE /sessions/{id}                                         -> {"released": true}
"""

from __future__ import annotations

import asyncio
import json
import os
import urllib.error
import urllib.request
import uuid
from typing import Any, Optional

try:  # verl is optional: subclass its BaseTool when it is importable.
    from verl.tools.base_tool import BaseTool as _Base  # type: ignore
except Exception:  # pragma: no cover - exercised when verl is absent
    class _Base:  # type: ignore[no-redef]
        def __init__(self, config: dict, tool_schema: Any = None):
            self.config = config
            self.tool_schema = tool_schema

try:  # newer verl returns ToolResponse objects; older versions return plain text
    from verl.tools.schemas import ToolResponse as _ToolResponse  # type: ignore
except Exception:  # pragma: no cover
    _ToolResponse = None


class UbenchError(RuntimeError):
    """An HTTP or protocol error from `ubc serve`, with the server's message."""


class UbenchClient:
    """Blocking client of the sessions API."""

    def __init__(self, server_url: str, token: Optional[str] = None, timeout: float = 30.0):
        self.server_url = server_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method: str, path: str, body: Optional[dict] = None) -> dict:
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(self.server_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                text = resp.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")
            raise UbenchError(f"{method} {path}: HTTP {err.code}: {detail}") from None
        except urllib.error.URLError as err:
            raise UbenchError(f"{method} {path}: cannot reach {self.server_url}: {err.reason}") from None
        try:
            return json.loads(text) if text else {}
        except json.JSONDecodeError:
            raise UbenchError(f"{method} {path}: not JSON: {text[:200]}") from None

    def create(self, scenario_id: str, seed: int) -> dict:
        return self.request("POST", "/sessions", {"scenario_id": scenario_id, "seed": int(seed)})

    def step(self, session_id: str, choice: str, content: str) -> dict:
        return self.request("POST", f"/sessions/{session_id}/step", {"action": {"choice": choice, "content": content}})

    def reward(self, session_id: str) -> dict:
        return self.request("GET", f"/sessions/{session_id}/reward")

    def release(self, session_id: str) -> dict:
        return self.request("DELETE", f"/sessions/{session_id}")


def _wrap(text: str) -> Any:
    return _ToolResponse(text=text) if _ToolResponse is not None else text


class UbenchTool(_Base):
    """The `interact_with_env` tool: one ubench episode per verl instance_id."""

    def __init__(self, config: dict, tool_schema: Any = None):
        super().__init__(config, tool_schema)
        config = config or {}
        token = config.get("token") or os.environ.get(config.get("token_env", "UBENCH_SERVE_TOKEN")) or None
        url = config.get("server_url") or os.environ.get("UBENCH_SERVE_URL", "http://127.0.0.1:8765")
        self.client = UbenchClient(url, token, float(config.get("timeout", 30)))
        self._sessions: dict[str, dict] = {}

    def get_openai_tool_schema(self) -> Any:
        return self.tool_schema

    async def create(self, instance_id: Optional[str] = None, **kwargs: Any) -> Any:
        """Opens a session; kwargs are the row's create_kwargs (scenario_id, seed, gym)."""
        if instance_id is None:
            instance_id = str(uuid.uuid4())
        create_kwargs = kwargs.get("create_kwargs", kwargs)
        scenario_id = create_kwargs.get("scenario_id")
        if not scenario_id:
            raise UbenchError("create needs create_kwargs.scenario_id")
        reply = await asyncio.to_thread(self.client.create, scenario_id, int(create_kwargs.get("seed", 0)))
        self._sessions[instance_id] = {
            "session_id": reply["session_id"],
            "opening": (reply.get("observation") or {}).get("feedback", ""),
            "rewards": [],
            "done": False,
        }
        if _ToolResponse is not None:
            return instance_id, _ToolResponse()
        return instance_id

    async def execute(self, instance_id: str, parameters: Any, **kwargs: Any) -> tuple[Any, float, dict]:
        """One env step; returns (feedback text, step reward, metrics)."""
        state = self._sessions.get(instance_id)
        if state is None:
            return _wrap(f"Error: unknown instance {instance_id}; call create first."), 0.0, {"error": "unknown_instance"}
        if isinstance(parameters, str):
            try:
                parameters = json.loads(parameters)
            except json.JSONDecodeError:
                return _wrap("Error: the tool arguments are not JSON."), 0.0, {"error": "bad_arguments"}
        if not isinstance(parameters, dict):
            return _wrap("Error: the tool arguments must be an object with choice and content."), 0.0, {"error": "bad_arguments"}
        if state["done"]:
            return _wrap("The episode is over."), 0.0, {"done": True}
        choice = str(parameters.get("choice", ""))
        content = parameters.get("content", "")
        content = content if isinstance(content, str) else json.dumps(content)
        try:
            reply = await asyncio.to_thread(self.client.step, state["session_id"], choice, content)
        except UbenchError as err:
            return _wrap(f"Error: {err}"), 0.0, {"error": "step_failed"}
        reward = float(reply.get("reward") or 0.0)
        state["rewards"].append(reward)
        state["done"] = bool(reply.get("done"))
        feedback = (reply.get("observation") or {}).get("feedback", "")
        return _wrap(feedback), reward, {"done": state["done"], "info": reply.get("info", {})}

    async def calc_reward(self, instance_id: str, **kwargs: Any) -> float:
        """The episode's return so far (sum of step rewards, from the server)."""
        state = self._sessions.get(instance_id)
        if state is None:
            return 0.0
        reply = await asyncio.to_thread(self.client.reward, state["session_id"])
        state["score"] = reply.get("score")
        return float(reply.get("return") or 0.0)

    async def release(self, instance_id: str, **kwargs: Any) -> None:
        state = self._sessions.pop(instance_id, None)
        if state is None:
            return
        try:
            await asyncio.to_thread(self.client.release, state["session_id"])
        except UbenchError:
            pass  # the server's idle TTL reclaims it
