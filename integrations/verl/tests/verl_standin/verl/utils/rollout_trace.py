"""Stands for verl/utils/rollout_trace.py: `rollout_trace_op` wraps async methods with
functools.wraps (so `__wrapped__` reaches the plain method) and reports each call to the tracing
backend. The stand-in's backend is a list of the traced ops' qualified names, for tests."""

import functools
import inspect

TRACED: list[str] = []


def rollout_trace_op(func):
    @functools.wraps(func)
    async def async_wrapper(self, *args, **kwargs):
        TRACED.append(func.__qualname__)
        return await func(self, *args, **kwargs)

    @functools.wraps(func)
    def wrapper(self, *args, **kwargs):
        TRACED.append(func.__qualname__)
        return func(self, *args, **kwargs)

    return async_wrapper if inspect.iscoroutinefunction(func) else wrapper
