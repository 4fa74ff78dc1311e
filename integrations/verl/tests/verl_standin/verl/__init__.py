"""A stand-in for the parts of verl that integrations/verl builds on, for tests without verl.

It mirrors the names, signatures and behaviour the integration relies on, as they are at verl
commit b178a3cd56f58b2d502255daba591e92833930a7 (main, 2026-01-29), written anew for text-only
tests: no torch, ray, pydantic or transformers. Each module names the verl file it stands for.
Put `integrations/verl/tests/verl_standin` on sys.path to use it; never on a training machine.
"""

STANDS_FOR_COMMIT = "b178a3cd56f58b2d502255daba591e92833930a7"
