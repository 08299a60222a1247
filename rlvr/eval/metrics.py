"""Sampling metrics over k completions per task: pass@k, maj@k, best-of-k, and bootstrap intervals.

Every function here is pure (lists in, numbers out) so it can be checked against exact enumeration.

>>> pass_at_k(n=4, c=1, k=2)   # 1 - C(3,2)/C(4,2) = 1 - 3/6
0.5
>>> majority_vote(["7", "8", "8", "7"])   # a tie: the answer seen first wins
('7', 0)
>>> bootstrap_ci([1.0] * 10)
(1.0, 1.0)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

__all__ = [
    "pass_at_k",
    "mean_pass_at_k",
    "normalise_answer",
    "majority_vote",
    "best_index",
    "bootstrap_ci",
    "paired_bootstrap_diff",
]


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k from ``n`` samples of which ``c`` passed (Chen et al., 2021, "Evaluating LLMs trained on code").

    pass@k = 1 - C(n-c, k) / C(n, k): the chance that at least one of k samples drawn without
    replacement from the n passes. Python's exact integers make it exact (no product trick needed).
    ``k > n`` is refused: the estimator is undefined there.

    >>> pass_at_k(10, 0, 5), pass_at_k(10, 10, 1), round(pass_at_k(10, 3, 1), 3)
    (0.0, 1.0, 0.3)
    """
    if not (isinstance(n, int) and isinstance(c, int) and isinstance(k, int)):
        raise ValueError(f"pass_at_k takes integers, got n={n!r}, c={c!r}, k={k!r}")
    if n < 1 or k < 1 or not 0 <= c <= n:
        raise ValueError(f"pass_at_k needs n >= 1, k >= 1 and 0 <= c <= n, got n={n}, c={c}, k={k}")
    if k > n:
        raise ValueError(f"pass@{k} needs at least {k} samples per task, got {n}; sample more or lower k")
    if n - c < k:
        return 1.0
    return float(1 - Fraction(math.comb(n - c, k), math.comb(n, k)))


def mean_pass_at_k(counts: Sequence[tuple[int, int]], k: int) -> float:
    """Mean pass@k over tasks given ``(n, c)`` per task."""
    if not counts:
        raise ValueError("mean_pass_at_k needs at least one task")
    return sum(pass_at_k(n, c, k) for n, c in counts) / len(counts)


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?\d+/\d+$")


def normalise_answer(value: Any) -> str | None:
    """The form answers are compared in for majority voting; None means "no answer" (it casts no vote).

    Strings are stripped, case-folded and whitespace-collapsed; a trailing full stop and enclosing
    ``$...$`` go; thousands separators in numbers go; numbers compare by value, so ``"0.50"``,
    ``"1/2"`` and ``0.5`` are one answer. Lists and dicts compare by their canonical JSON.

    >>> normalise_answer(" 1,000. "), normalise_answer("1/2") == normalise_answer("0.50"), normalise_answer("  ")
    ('1000', True, None)
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return _number_key(Fraction(value).limit_denominator(10**12)) if math.isfinite(value) else str(value)
    if isinstance(value, (list, dict)):
        import json

        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).casefold()
    text = " ".join(str(value).split()).casefold()
    text = text.strip().rstrip(".").strip()
    if len(text) >= 2 and text[0] == text[-1] == "$":
        text = text[1:-1].strip()
    if not text:
        return None
    compact = text.replace(",", "").replace(" ", "")
    if _NUMBER.match(compact):
        try:
            return _number_key(Fraction(compact).limit_denominator(10**12))
        except (ValueError, ZeroDivisionError):
            return text
    return text


def _number_key(q: Fraction) -> str:
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def majority_vote(answers: Sequence[str | None]) -> tuple[str | None, int | None]:
    """The most frequent non-None answer and the index of its first sample; ``(None, None)`` if nobody voted.

    Tie rule: among answers with the highest count, the one whose first sample comes earliest wins.
    Sample order is the generation order, so the rule is deterministic and does not favour any answer
    by its value (sorting by value would favour, say, small numbers).

    >>> majority_vote([None, "b", "a", "a", "b"])
    ('b', 1)
    >>> majority_vote([None, None])
    (None, None)
    """
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, a in enumerate(answers):
        if a is None:
            continue
        counts[a] = counts.get(a, 0) + 1
        first.setdefault(a, i)
    if not counts:
        return None, None
    winner = min(counts, key=lambda a: (-counts[a], first[a]))
    return winner, first[winner]


def best_index(scores: Sequence[float | None]) -> int | None:
    """Index of the highest score (first one on ties); None entries are skipped; None if all are None.

    Used for best-of-k: by the verifier's score (an oracle upper bound) and by the model's own
    sequence log-likelihood (what a deployed system without a verifier could do).

    >>> best_index([0.2, None, 0.9, 0.9])
    2
    """
    best: int | None = None
    for i, s in enumerate(scores):
        if s is None or (isinstance(s, float) and math.isnan(s)):
            continue
        if best is None or s > scores[best]:  # type: ignore[operator]
            best = i
    return best


def bootstrap_ci(
    values: Sequence[float],
    *,
    stat: Callable[[Any], float] | None = None,
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``stat`` (default: the mean) over ``values``, one value per task.

    Resampling is over tasks, not samples: the k samples of one task are correlated, so resampling
    them independently would give intervals that are too narrow. Empty input gives ``(nan, nan)``.
    """
    import numpy as np

    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, x.size, size=(n_boot, x.size))
    if stat is None:
        boots = x[idx].mean(axis=1)
    else:
        boots = np.array([stat(x[row]) for row in idx])
    alpha = (1 - level) / 2
    lo, hi = np.quantile(boots, [alpha, 1 - alpha])
    return (float(lo), float(hi))


def paired_bootstrap_diff(
    a: Sequence[float], b: Sequence[float], *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
) -> tuple[float, float, float]:
    """``mean(b) - mean(a)`` and its percentile interval, resampling the same task indices for both.

    ``a`` and ``b`` are per-task values on the same tasks in the same order (pairing removes the
    between-task variance, so a real difference shows up with fewer tasks).
    """
    import numpy as np

    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"paired bootstrap needs the same tasks on both sides, got {x.size} and {y.size}")
    if x.size == 0:
        return (float("nan"), float("nan"), float("nan"))
    d = y - x
    rng = np.random.default_rng(seed)
    boots = d[rng.integers(0, d.size, size=(n_boot, d.size))].mean(axis=1)
    alpha = (1 - level) / 2
    lo, hi = np.quantile(boots, [alpha, 1 - alpha])
    return (float(d.mean()), float(lo), float(hi))
