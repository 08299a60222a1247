"""``make_rewards``: the run config's rewards section becomes TRL ``reward_funcs`` and ``reward_weights``.

>>> funcs, weights = make_rewards(RewardConfig(), suites=[])
>>> [f.__name__ for f in funcs], weights
(['correctness', 'format'], [1.0, 0.25])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rlvr.errors import ConfigError
from rlvr.rewards.config import RewardConfig
from rlvr.rewards.correctness import make_correctness_reward
from rlvr.rewards.format_reward import make_format_reward
from rlvr.rewards.length import make_overlong_reward

__all__ = ["make_rewards"]


def _check_suites(suites: Sequence[Any] | None) -> list[str]:
    """Suite names (or Suite objects) must be registered, so a typo fails before training, not at step 1."""
    from rlvr import registry

    names = [s if isinstance(s, str) else getattr(s, "name", None) for s in (suites or [])]
    if any(not isinstance(n, str) for n in names):
        raise ConfigError(f"make_rewards: suites must be names or Suite objects, got {list(suites or [])!r}")
    for n in names:
        registry.get_suite(n)  # raises UnknownNameError listing the known suites
    return names


def make_rewards(cfg: RewardConfig | None = None, suites: Sequence[Any] | None = None) -> tuple[list[Any], list[float]]:
    """TRL reward callables and their weights, in the order correctness, format, overlong; a reward whose
    weight is 0 is left out. Each callable is picklable and has a ``__name__``, which TRL logs as
    ``rewards/<name>/mean``. ``suites`` are the suites the run trains on (checked to exist)."""
    cfg = cfg or RewardConfig()
    if not isinstance(cfg, RewardConfig):
        raise ConfigError(f"make_rewards expects a RewardConfig, got {type(cfg).__name__}")
    _check_suites(suites)
    phrases = cfg.phrases.to_mapping()
    funcs: list[Any] = []
    weights: list[float] = []
    if cfg.weights.correctness:
        funcs.append(make_correctness_reward(cfg.scorer(), mode=cfg.mode, phrases=phrases, verifier_options=cfg.verifier_options))
        weights.append(cfg.weights.correctness)
    if cfg.weights.format:
        funcs.append(make_format_reward({"hedge": cfg.phrases.hedge} if cfg.phrases.hedge else None))
        weights.append(cfg.weights.format)
    if cfg.weights.overlong:
        o = cfg.overlong
        funcs.append(make_overlong_reward(o.max_tokens, o.buffer_tokens, unit=o.unit))
        weights.append(cfg.weights.overlong)
    return funcs, weights
