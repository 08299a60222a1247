"""What a reward table teaches: the best stance for each probability of being right, as text, JSON and a plot.

>>> report = explain("schulman")
>>> report["bands"], report["never_best"]
({'unhedged': ['4/5', '1'], 'hedged': None, 'abstain': ['0', '4/5']}, ['hedged'])
>>> report["warnings"][0]
"'hedged' is never strictly best: it ties for best only at p = 4/5, so a policy maximising this reward never needs to hedge"
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from rlvr.rewards.proper import ProperScore
from rlvr.rewards.stance import STANCES
from rlvr.rewards.tables import Bands, RewardTable, Scorer, bands, get_scorer

__all__ = ["explain", "implied_table", "plot_table"]

COLORS = {"unhedged": "#1f77b4", "hedged": "#ff7f0e", "abstain": "#2ca02c"}


def implied_table(score: ProperScore) -> RewardTable:
    """The table a proper score amounts to when no confidence is stated (unhedged q = 1 - clip,
    hedged q = hedged_confidence). Values are rounded to 12 decimals, as log scores are irrational."""
    def f(x: float) -> Fraction:
        return Fraction(f"{x:.12f}")

    return RewardTable(
        f"{score.rule} (no stated confidence)",
        f(score.stance_reward("unhedged", None, 1.0)), f(score.stance_reward("unhedged", None, 0.0)),
        f(score.stance_reward("hedged", None, 1.0)), f(score.stance_reward("hedged", None, 0.0)), f(score.abstain),
    )


def _warnings(b: Bands) -> list[str]:
    out = []
    for s in b.never_best:
        weak = b.weak[s]
        if weak is None:
            out.append(f"{s!r} is never best for any p: a policy maximising this reward never takes it")
        elif weak[0] == weak[1]:
            out.append(f"{s!r} is never strictly best: it ties for best only at p = {weak[0]}, "
                       f"so a policy maximising this reward never needs to {'hedge' if s == 'hedged' else s}")
        else:
            twins = [t for t in STANCES if t != s and b.weak[t] == weak]
            out.append(f"{s!r} is never strictly best: it ties with {', '.join(map(repr, twins)) or 'another stance'} "
                       f"for p in [{weak[0]}, {weak[1]}], so this reward cannot tell them apart")
    return out


def explain(table: str | Path | Scorer) -> dict[str, Any]:
    """The analysis of a table (name, file or object): the ``--json`` document of ``rlvr rewards explain``.

    Keys: ``table``, ``bands`` ({stance: [low, high] or None}, strict bands as fraction strings),
    ``never_best``, plus ``weak_bands``, ``values``, ``warnings`` and, for proper scores, ``proper``.
    """
    scorer = get_scorer(table) if isinstance(table, (str, Path)) else table
    proper = isinstance(scorer, ProperScore)
    t = implied_table(scorer) if proper else scorer
    b = bands(t)
    doc = b.to_json()
    doc["table"] = scorer.name
    doc["warnings"] = _warnings(b)
    if proper:
        doc["proper"] = {"rule": scorer.rule, "clip": scorer.clip, "hedged_confidence": scorer.hedged_confidence,
                         "note": "with a stated confidence q the expected score is maximised at q = p; the bands are "
                                 "for answers that state none (values rounded to 12 decimals)"}
    return doc


def plot_table(table: str | Path | Scorer, path: str | Path) -> Path:
    """Write a PNG of expected reward against p, one line per stance, with the best stance's bands shaded."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and CI
    import matplotlib.pyplot as plt

    from rlvr.jsonl import atomic_write

    scorer = get_scorer(table) if isinstance(table, (str, Path)) else table
    t = implied_table(scorer) if isinstance(scorer, ProperScore) else scorer
    b = bands(t)
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    ps = [i / 200 for i in range(201)]
    for s in STANCES:
        ax.plot(ps, [float(t.expected(s, Fraction(p))) for p in ps], label=s, color=COLORS[s], lw=2,
                ls="--" if s in b.never_best else "-")
        band = b.strict[s]
        if band:
            ax.axvspan(float(band[0]), float(band[1]), color=COLORS[s], alpha=0.12)
            ax.text(float(band[0] + band[1]) / 2, 0.02, f"{s}\n[{band[0]}, {band[1]}]", transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", fontsize=8, color=COLORS[s])
    ax.axhline(0, color="grey", lw=0.6)
    ax.set_xlabel("p = probability the answer is right")
    ax.set_ylabel("expected reward")
    never = f" (never strictly best: {', '.join(b.never_best)})" if b.never_best else ""
    ax.set_title(f"table {scorer.name}{never}", fontsize=10)
    ax.legend(loc="upper left")
    ax.set_xlim(0, 1)
    fig.tight_layout()
    path = Path(path)
    with atomic_write(path, "wb") as fh:
        fig.savefig(fh, format="png")
    plt.close(fig)
    return path
