"""verl reward function for ubench rows (`custom_reward_function.path` = this file, `.name` = compute_score).

verl's contract at commit b178a3cd56f58b2d502255daba591e92833930a7
(verl/trainer/ppo/reward.py get_custom_reward_fn; verl/utils/reward_score/__init__.py
default_compute_score): `compute_score(data_source, solution_str, ground_truth, extra_info, **kwargs)`
returns a float, or a dict whose "score" is the reward and whose other keys are logged. The
reward managers call it once per trajectory, keyword arguments only, with
`custom_reward_function.reward_kwargs` merged in.

The score does not come from the response text: the `ubench_agent` loop played the episode on
`ubc serve` and left its summary in `extra_info["ubench"]` (reward loop) or
`extra_info["rollout_reward_scores"]["ubench"]` (verl's other reward managers).
"""

from __future__ import annotations

from typing import Any, Optional

SUMMARY_KEY = "ubench"
TRAJECTORY_SCORES = ("sum", "mean", "score")


def episode_summary(extra_info: Any) -> Optional[dict]:
    """The ubench_agent loop's episode summary for this trajectory, wherever verl put it."""
    if not isinstance(extra_info, dict):
        return None
    summary = extra_info.get(SUMMARY_KEY)
    if not isinstance(summary, dict):
        rollout = extra_info.get("rollout_reward_scores")
        summary = rollout.get(SUMMARY_KEY) if isinstance(rollout, dict) else None
    return summary if isinstance(summary, dict) else None


def trajectory_value(summary: dict, trajectory_score: str) -> float:
    """sum: the episode's return (Σ step rewards, at most the scenario's maxReturn);
    mean: round(mean step reward, 4), what UserRL's code calls the "Sum" score;
    score: the gym's episode score in [0, 1]. A failed episode is worth 0, as in UserRL's training tool."""
    if summary.get("error") is not None:
        return 0.0
    if trajectory_score == "sum":
        return float(summary.get("return") or 0.0)
    if trajectory_score == "mean":
        rewards = [float(r) for r in summary.get("rewards") or []]
        return round(sum(rewards) / len(rewards), 4) if rewards else 0.0
    return float(summary.get("score") or 0.0)


def compute_score(
    data_source: str,
    solution_str: str,
    ground_truth: str,
    extra_info: Optional[dict] = None,
    trajectory_score: str = "sum",
    **kwargs: Any,
) -> dict:
    if not isinstance(data_source, str) or not data_source.startswith("interact_"):
        raise ValueError(f"ubench's compute_score scores interact_<gym> rows only, not data_source {data_source!r}")
    if trajectory_score not in TRAJECTORY_SCORES:
        raise ValueError(f"trajectory_score must be one of {', '.join(TRAJECTORY_SCORES)}, not {trajectory_score!r}")
    summary = episode_summary(extra_info)
    if summary is None:
        raise ValueError(
            f"no ubench episode for this {data_source} row: it was not rolled out by the ubench_agent loop "
            "(give the Parquet an agent_name column = ubench_agent, as `ubc export verl` writes it, and set "
            "actor_rollout_ref.rollout.agent.agent_loop_config_path; see integrations/verl/README.md)"
        )
    if summary.get("scenario_id") != ground_truth:
        raise ValueError(f"the episode played scenario {summary.get('scenario_id')!r} but the row's ground_truth is {ground_truth!r}")
    # Same keys for every trajectory: verl stacks them into per-key arrays for its metrics.
    return {
        "score": trajectory_value(summary, trajectory_score),
        "ubench_return": float(summary.get("return") or 0.0),
        "ubench_episode_score": float(summary.get("score") or 0.0),
        "ubench_turns": int(summary.get("turns") or 0),
        "ubench_failed": 0.0 if summary.get("error") is None else 1.0,
    }
