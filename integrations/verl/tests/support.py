"""Shared test support: a real `ubc serve`, the `ubc export verl` output, oracle plans, and the
network-edge fakes of a verl rollout (a scripted LLM server and a character tokenizer)."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import unittest
from types import SimpleNamespace
from typing import Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
STANDIN = os.path.join(HERE, "verl_standin")


def node(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["node", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def require_build() -> None:
    if not os.path.exists(os.path.join(ROOT, "dist", "cli", "main.js")):
        raise unittest.SkipTest("dist/ is not built (run npm run build)")


def oracle_plans(*paths: str) -> dict:
    result = node(os.path.join(HERE, "oracle_plans.mjs"), ROOT, *paths)
    if result.returncode != 0:
        raise RuntimeError(f"cannot compute the oracle plans: {result.stderr}")
    return json.loads(result.stdout)


def export_verl(scenarios: list[str], *flags: str) -> dict:
    """Runs `ubc export verl` into a temporary folder; returns its rows, tool config and agent loops
    and the path of the tool config as JSON (verl's stand-in reads JSON, a subset of YAML)."""
    out = tempfile.mkdtemp(prefix="ubench-verl-py-")
    try:
        run = node("bin/ubc.js", "export", "verl", *scenarios, "-o", out, "--test-fraction", "0", *flags)
        if run.returncode != 0:
            raise RuntimeError(f"ubc export verl failed: {run.stderr}")
        read = node(os.path.join(HERE, "export_rows.mjs"), ROOT, out)
        if read.returncode != 0:
            raise RuntimeError(f"cannot read the export: {read.stderr}")
        data = json.loads(read.stdout)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    fd, path = tempfile.mkstemp(prefix="ubench-tool-config-", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(data["tool_config"], f)
    data["tool_config_path"] = path
    return data


class Server:
    """`ubc serve` on a free port for the life of a test class."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen(["node", "bin/ubc.js", "serve", *args, "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines: queue.Queue[str] = queue.Queue()
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=lambda s=stream: [lines.put(line) for line in s], daemon=True).start()
        seen = []
        while True:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                self.stop()
                raise RuntimeError("`ubc serve` printed no URL within 60 s: " + "".join(seen))
            seen.append(line)
            match = re.search(r"https?://[^\s\"']+", line)
            if match:
                self.url = match.group(0).rstrip("/.,")
                return

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


class CharTokenizer:
    """One token per character; the chat template renders the tools and each message as text."""

    def encode(self, text: str, add_special_tokens: bool = False) -> list[int]:
        return [ord(c) for c in text]

    def decode(self, ids: list[int], skip_special_tokens: bool = False) -> str:
        return "".join(chr(i) for i in ids)

    def apply_chat_template(self, messages, tools=None, add_generation_prompt=True, tokenize=True, **kwargs):
        text = f"<tools>{json.dumps(tools)}</tools>\n" if tools else ""
        text += "".join(f"<|{m['role']}|>\n{m['content']}\n" for m in messages)
        text += "<|assistant|>\n" if add_generation_prompt else ""
        return self.encode(text) if tokenize else text


def tool_call_text(action: dict) -> str:
    return "<tool_call>" + json.dumps({"name": "interact_with_env", "arguments": action}) + "</tool_call>"


class ScriptedLLM:
    """The LLM server (verl's AsyncLLMServerManager.generate): each generation is the next scripted
    reply, a tool call for an action dict or plain text for a string; then plain text. Records the
    prompts it was given."""

    def __init__(self, tokenizer: CharTokenizer, replies: list):
        self.tokenizer = tokenizer
        self.replies = list(replies)
        self.prompts: list[str] = []
        self.generations = 0

    async def generate(self, request_id, *, prompt_ids, sampling_params, image_data=None, video_data=None):
        self.prompts.append(self.tokenizer.decode(prompt_ids))
        self.generations += 1
        reply = self.replies.pop(0) if self.replies else "I have nothing more to do."
        text = tool_call_text(reply) if isinstance(reply, dict) else reply
        return SimpleNamespace(token_ids=self.tokenizer.encode(text), log_probs=None, num_preempted=None, routed_experts=None)


def trainer_config(tool_config_path: str, max_assistant_turns: Optional[int] = None, max_parallel_calls: int = 1) -> dict:
    """The part of verl's trainer config the tool agent loop reads."""
    return {
        "actor_rollout_ref": {
            "rollout": {
                "prompt_length": 1152,
                "response_length": 10_000_000,
                "multi_turn": {
                    "max_assistant_turns": max_assistant_turns,
                    "max_user_turns": None,
                    "max_parallel_calls": max_parallel_calls,
                    "max_tool_response_length": 100_000,
                    "tool_config_path": tool_config_path,
                    "format": "hermes",
                },
            }
        }
    }


def dataset_kwargs(row: dict) -> dict:
    """What verl's RLHFDataset.__getitem__ hands the agent loop for a Parquet row."""
    return {
        **row,
        "raw_prompt": row["prompt"],
        "index": row["extra_info"]["index"],
        "tools_kwargs": row["extra_info"]["tools_kwargs"],
        "interaction_kwargs": {},
    }
