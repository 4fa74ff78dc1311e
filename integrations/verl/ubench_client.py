"""A blocking client of `ubc serve`'s plain HTTP session API (docs/serve.md), standard library only.

    POST   /sessions              {"scenario_id", "seed"}           -> {"session_id", "observation": {"feedback", ...}}
    POST   /sessions/{id}/step    {"action": {"choice", "content"}} -> {"observation", "reward", "done", "info"}
    GET    /sessions/{id}/reward                                    -> {"return", "score", "done", "error"}
    DELETE /sessions/{id}                                           -> {"released": true}
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Optional


class UbenchError(RuntimeError):
    """An HTTP or protocol error from `ubc serve`, with the server's message (never the token)."""


class UbenchClient:
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
            raise UbenchError(f"{method} {path}: HTTP {err.code}: {detail[:500]}") from None
        except urllib.error.URLError as err:
            raise UbenchError(f"{method} {path}: cannot reach {self.server_url}: {err.reason}") from None
        except (TimeoutError, OSError) as err:
            raise UbenchError(f"{method} {path}: no reply from {self.server_url} within {self.timeout} s: {err}") from None
        try:
            return json.loads(text) if text else {}
        except json.JSONDecodeError:
            raise UbenchError(f"{method} {path}: not JSON: {text[:200]}") from None

    def create(self, scenario_id: str, seed: int) -> dict:
        return self.request("POST", "/sessions", {"scenario_id": scenario_id, "seed": int(seed)})

    def step(self, session_id: str, choice: str, content: str) -> dict:
        return self.request("POST", f"/sessions/{_quote(session_id)}/step", {"action": {"choice": choice, "content": content}})

    def reward(self, session_id: str) -> dict:
        return self.request("GET", f"/sessions/{_quote(session_id)}/reward")

    def release(self, session_id: str) -> dict:
        return self.request("DELETE", f"/sessions/{_quote(session_id)}")


def _quote(session_id: str) -> str:
    return urllib.parse.quote(str(session_id), safe="")
