"""Overlong penalty: DAPO's soft overlong punishment (Yu et al., 2025, arXiv:2503.14476, section 3.4).

With ``L`` the completion length, ``M = max_tokens`` and ``B = buffer_tokens``::

    0                    if L <= M - B
    (M - B - L) / B      if M - B < L <= M      (linear from 0 down to -1)
    -1                   if L > M

Length is counted in tokens from TRL's ``completion_ids`` (``unit="tokens"``) or in characters of the
text (``unit="chars"``), for callers that have no token ids.

>>> r = make_overlong_reward(max_tokens=10, buffer_tokens=4, unit="chars")
>>> r(completions=["x" * 6, "x" * 8, "x" * 10, "x" * 12])
[0.0, -0.5, -1.0, -1.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rlvr.errors import ConfigError, UsageError
from rlvr.rewards.columns import completion_text

__all__ = ["OverlongReward", "make_overlong_reward", "overlong_penalty"]


def overlong_penalty(length: int, max_tokens: int, buffer_tokens: int) -> float:
    start = max_tokens - buffer_tokens
    if length <= start:
        return 0.0
    if length > max_tokens:
        return -1.0
    return (start - length) / buffer_tokens


class OverlongReward:
    """TRL reward in [-1, 0]: the soft overlong penalty of each completion."""

    def __init__(self, max_tokens: int, buffer_tokens: int, unit: str, name: str):
        self.max_tokens, self.buffer_tokens, self.unit = max_tokens, buffer_tokens, unit
        self.__name__ = name

    def __call__(self, prompts: Any = None, completions: Sequence[Any] | None = None, completion_ids: Sequence[Sequence[int]] | None = None,
                 **columns: Any) -> list[float | None]:
        completions = list(completions or [])
        if self.unit == "tokens":
            if completion_ids is None:
                raise UsageError(f"reward {self.__name__!r} counts tokens but got no completion_ids; "
                                 "set rewards.overlong.unit: chars when calling it outside TRL")
            lengths = [len(ids) for ids in completion_ids]
        else:
            texts = [completion_text(c) for c in completions]
            lengths = [len(t) if isinstance(t, str) else 0 for t in texts]
        return [overlong_penalty(n, self.max_tokens, self.buffer_tokens) for n in lengths]


def make_overlong_reward(max_tokens: int, buffer_tokens: int, *, unit: str = "tokens", name: str = "overlong") -> OverlongReward:
    """Build the soft overlong penalty; ``0 < buffer_tokens <= max_tokens``."""
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens <= 0:
        raise ConfigError(f"overlong max_tokens must be a positive integer, got {max_tokens!r}")
    if isinstance(buffer_tokens, bool) or not isinstance(buffer_tokens, int) or not 0 < buffer_tokens <= max_tokens:
        raise ConfigError(f"overlong buffer_tokens must be an integer in 1..max_tokens ({max_tokens}), got {buffer_tokens!r}")
    if unit not in ("tokens", "chars"):
        raise ConfigError(f"overlong unit must be 'tokens' or 'chars', got {unit!r}")
    return OverlongReward(max_tokens, buffer_tokens, unit, name)
