"""Stance and calibration metrics: what a model claims about its answers against what was right.

Inputs are per-sample ``Scored`` rows: the stance kind read from the completion (``unhedged``,
``hedged``, ``abstain``), whether the verifier passed it, the stated confidence (if any) and the
model's mean token log-likelihood. Samples whose verdict is ``error`` (our fault) are left out
before these functions are called, so a broken verifier never shows up as a wrong answer.

>>> rows = [Scored("unhedged", True), Scored("unhedged", False), Scored("hedged", True), Scored("abstain", False)]
>>> stance_rates(rows)
{'unhedged': 0.5, 'hedged': 0.25, 'abstain': 0.25}
>>> confident_error_rate(rows), accuracy_when("unhedged", rows)
(0.25, 0.5)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "STANCES",
    "Scored",
    "stance_rates",
    "confident_error_rate",
    "accuracy_when",
    "expected_reward",
    "reliability_bins",
    "ece",
    "brier",
    "risk_coverage",
]

STANCES: tuple[str, ...] = ("unhedged", "hedged", "abstain")


@dataclass(frozen=True)
class Scored:
    """One verified sample as the calibration metrics see it."""

    kind: str  # unhedged | hedged | abstain
    correct: bool
    confidence: float | None = None  # stated "Confidence: 70%" as 0.7, None when not stated
    loglik: float | None = None  # mean token log-probability of the completion under the model


def stance_rates(rows: Sequence[Scored]) -> dict[str, float]:
    """Share of samples in each stance (they sum to 1; all zero for no samples)."""
    n = len(rows)
    return {k: (sum(r.kind == k for r in rows) / n if n else 0.0) for k in STANCES}


def confident_error_rate(rows: Sequence[Scored]) -> float:
    """Share of ALL samples that are unhedged and wrong: the bluffing the hedged reward should cut."""
    return sum(r.kind == "unhedged" and not r.correct for r in rows) / len(rows) if rows else float("nan")


def accuracy_when(kind: str, rows: Sequence[Scored]) -> float:
    """Accuracy among samples of one stance (NaN when there are none)."""
    sel = [r for r in rows if r.kind == kind]
    return sum(r.correct for r in sel) / len(sel) if sel else float("nan")


def expected_reward(rows: Sequence[Scored], table: object) -> float:
    """Mean reward the samples would earn under a reward table (``table.reward(kind, correct)``)."""
    if not rows:
        return float("nan")
    return sum(float(table.reward(r.kind, r.correct)) for r in rows) / len(rows)  # type: ignore[attr-defined]


def _stated(rows: Sequence[Scored]) -> list[Scored]:
    # an abstention with a confidence states nothing about an answer it did not give
    return [r for r in rows if r.confidence is not None and r.kind != "abstain"]


def reliability_bins(rows: Sequence[Scored], n_bins: int = 10) -> list[dict[str, float]]:
    """Equal-width bins of stated confidence: ``{lo, hi, count, mean_confidence, accuracy}`` per non-empty bin."""
    bins: list[list[Scored]] = [[] for _ in range(n_bins)]
    for r in _stated(rows):
        c = min(max(float(r.confidence), 0.0), 1.0)  # type: ignore[arg-type]
        bins[min(int(c * n_bins), n_bins - 1)].append(r)
    out = []
    for i, b in enumerate(bins):
        if b:
            out.append({
                "lo": i / n_bins, "hi": (i + 1) / n_bins, "count": len(b),
                "mean_confidence": sum(float(r.confidence) for r in b) / len(b),  # type: ignore[arg-type]
                "accuracy": sum(r.correct for r in b) / len(b),
            })
    return out


def ece(rows: Sequence[Scored], n_bins: int = 10) -> float | None:
    """Expected calibration error over samples that state a confidence (None when none do).

    ECE = sum over bins of (bin share) * |accuracy - mean confidence|, 10 equal-width bins (Guo et al., 2017).
    """
    stated = _stated(rows)
    if not stated:
        return None
    return sum(b["count"] / len(stated) * abs(b["accuracy"] - b["mean_confidence"]) for b in reliability_bins(rows, n_bins))


def brier(rows: Sequence[Scored]) -> float | None:
    """Mean squared error of stated confidence against correctness (0 is perfect; None when none stated)."""
    stated = _stated(rows)
    if not stated:
        return None
    return sum((min(max(float(r.confidence), 0.0), 1.0) - float(r.correct)) ** 2 for r in stated) / len(stated)  # type: ignore[arg-type]


def _order_key(r: Scored) -> tuple[float, float, float]:
    # How sure the model says it is, most informative signal first: its stance, then any stated
    # confidence, then its own likelihood (a model that never hedges still gets a usable order).
    stance = 1.0 if r.kind == "unhedged" else 0.5
    conf = r.confidence if r.confidence is not None else (1.0 if r.kind == "unhedged" else 0.5)
    ll = r.loglik if r.loglik is not None and math.isfinite(r.loglik) else -math.inf
    return (stance, conf, ll)


def risk_coverage(rows: Sequence[Scored], max_points: int = 50) -> dict[str, object]:
    """Risk (error rate among answered) against coverage (share answered) when the least sure answers are dropped.

    Abstentions are never covered. Answers are ordered by stance (unhedged before hedged), then stated
    confidence, then mean token log-likelihood. Returns ``{"coverage": [...], "risk": [...], "aurc": x}``
    where AURC is the area under the curve (lower is better), and at most ``max_points`` points.
    """
    n = len(rows)
    answered = sorted((r for r in rows if r.kind != "abstain"), key=_order_key, reverse=True)
    if not n or not answered:
        return {"coverage": [], "risk": [], "aurc": None}
    cov, risk, errors = [], [], 0
    for i, r in enumerate(answered, start=1):
        errors += not r.correct
        cov.append(i / n)
        risk.append(errors / i)
    aurc = sum(risk) / n  # each answered sample adds a 1/n-wide strip of coverage
    step = max(1, math.ceil(len(cov) / max_points))
    keep = list(range(0, len(cov), step))
    if keep[-1] != len(cov) - 1:
        keep.append(len(cov) - 1)
    return {"coverage": [round(cov[i], 6) for i in keep], "risk": [round(risk[i], 6) for i in keep], "aurc": round(aurc, 6)}
