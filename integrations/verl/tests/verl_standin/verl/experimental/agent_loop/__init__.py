"""Stands for verl/experimental/agent_loop/__init__.py."""
