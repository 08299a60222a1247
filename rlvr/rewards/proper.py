"""Continuous proper scores for a stated confidence: log and Brier, clipped, on the reward tables' scale.

The event scored is "my answer is right"; ``q`` is the stated probability of it ("Confidence: 70%").
Both rules are affine rescalings of the textbook scores, chosen so that they sit on the same scale as
the ``schulman`` table: a sure right answer earns +1, saying 50/50 earns 0 (which is what abstaining
earns), and a sure wrong answer earns the most negative value.

- ``log``:   right ``1 + log2(q)``,          wrong ``1 + log2(1 - q)``;  with ``clip = 1/32``: in [-4, 0.954]
- ``brier``: right ``1 - 4 (1 - q)^2``,      wrong ``1 - 4 q^2``;         with ``clip = 1/32``: in [-2.76, 0.996]

Each is *proper*: a model right with probability ``p`` maximises its expected score by stating
``q = p`` exactly, so calibration is the winning strategy. ``q`` is clipped to ``[clip, 1 - clip]``
so the log score stays finite (a stated 100% that is wrong would otherwise cost infinity).

When no confidence is stated, the stance implies one: unhedged ``1`` (then clipped), hedged
``hedged_confidence``; abstain always earns ``abstain`` (default 0 = the score of q = 1/2).

>>> s = ProperScore("log")
>>> round(s.stance_reward("unhedged", 0.5, 1.0), 6), round(s.stance_reward("unhedged", None, 0.0), 6)
(0.0, -4.0)
>>> round(ProperScore("brier").stance_reward("hedged", 0.8, 1.0), 6)
0.84
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from rlvr.errors import ConfigError

__all__ = ["ProperScore", "PROPER_RULES"]

PROPER_RULES: tuple[str, ...] = ("log", "brier")


@dataclass(frozen=True)
class ProperScore:
    """A clipped log or Brier score of the stated confidence (see the module docstring)."""

    rule: Literal["log", "brier"]
    clip: float = 1 / 32  # q in [clip, 1 - clip]; 1/32 makes the log score's floor -4, the schulman table's
    hedged_confidence: float = 0.75  # q for a hedged answer that states no confidence
    abstain: float = 0.0  # what "I don't know" earns; 0 is the score of q = 1/2 under both rules

    def __post_init__(self) -> None:
        if self.rule not in PROPER_RULES:
            raise ConfigError(f"proper score rule must be one of {PROPER_RULES}, got {self.rule!r}")
        if not (isinstance(self.clip, (int, float)) and 0 < self.clip < 0.5):
            raise ConfigError(f"proper score clip must be in (0, 0.5), got {self.clip!r}; 1/32 is a good default")
        if not (isinstance(self.hedged_confidence, (int, float)) and 0 < self.hedged_confidence < 1):
            raise ConfigError(f"hedged_confidence must be in (0, 1), got {self.hedged_confidence!r}")

    @property
    def name(self) -> str:
        return self.rule

    def score(self, q: float, correct: bool) -> float:
        """The score of stating probability ``q`` of being right, when the answer was right or wrong."""
        q = min(max(float(q), self.clip), 1 - self.clip)
        p_event = q if correct else 1 - q  # probability the model gave to what happened
        if self.rule == "log":
            return 1 + math.log2(p_event)
        return 1 - 4 * (1 - p_event) ** 2

    def stance_reward(self, kind: str, confidence: float | None, score: float) -> float:
        """Reward for a stance; ``score`` is the verifier's score in [0, 1] (partial credit is a mixture)."""
        if kind == "abstain":
            return float(self.abstain)
        if kind not in ("unhedged", "hedged"):
            raise ValueError(f"unknown stance {kind!r}")
        q = confidence if confidence is not None else (1.0 if kind == "unhedged" else self.hedged_confidence)
        return score * self.score(q, True) + (1 - score) * self.score(q, False)

    def expected(self, q: float, p: float) -> float:
        """Expected score of stating ``q`` when right with probability ``p`` (maximised at q = p)."""
        return p * self.score(q, True) + (1 - p) * self.score(q, False)
