"""The run folder's PNG plots, drawn from results.json alone (matplotlib, Agg backend: no display needed).

- ``accuracy_by_difficulty.png``: accuracy per difficulty level, one line per suite, bootstrap intervals as bars;
- ``reliability.png``: stated confidence against accuracy (the diagonal is perfect calibration), or,
  when no sample states a confidence, accuracy per stance;
- ``risk_coverage.png``: error rate among the answers kept against the share kept;
- ``hedge_rates.png``: unhedged / hedged / abstain shares per suite and per difficulty level.

Every file is written atomically (rendered to memory, then ``atomic_write``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rlvr.jsonl import atomic_write

__all__ = ["PLOTS", "write_plots"]

PLOTS = ("accuracy_by_difficulty.png", "reliability.png", "risk_coverage.png", "hedge_rates.png")
STANCE_COLOURS = {"unhedged": "#4c72b0", "hedged": "#dd8452", "abstain": "#8c8c8c"}


def _save(fig: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    with atomic_write(path, "wb") as fh:
        fh.write(buf.getvalue())


def _num(x: Any) -> float:
    return float("nan") if x is None else float(x)


def _accuracy_by_difficulty(results: dict[str, Any], ax: Any) -> None:
    drew = False
    for suite, levels in results.get("by_suite_difficulty", {}).items():
        names = list(levels)
        xs = [int(n) if n.isdigit() else i for i, n in enumerate(names)]
        ys = [_num(levels[n]["accuracy"]["value"]) for n in names]
        lo = [y - _num(levels[n]["accuracy"]["ci"][0]) for n, y in zip(names, ys)]
        hi = [_num(levels[n]["accuracy"]["ci"][1]) - y for n, y in zip(names, ys)]
        ax.errorbar(xs, ys, yerr=[lo, hi], marker="o", capsize=4, label=f"{suite}")
        drew = True
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(xlabel="difficulty", ylabel="accuracy (pass@1)", ylim=(-0.02, 1.02), title="Accuracy by difficulty (95% CI)")
    if drew:
        ax.legend()


def _reliability(results: dict[str, Any], ax: Any) -> None:
    bins = results.get("calibration", {}).get("reliability") or []
    if bins:
        ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
        ax.bar([b["lo"] for b in bins], [b["accuracy"] for b in bins], width=[b["hi"] - b["lo"] for b in bins], align="edge",
               alpha=0.6, edgecolor="black", label="accuracy in bin")
        ax.plot([b["mean_confidence"] for b in bins], [b["accuracy"] for b in bins], "o-", color="black", label="mean confidence")
        ece = results["calibration"].get("ece")
        ax.set(xlabel="stated confidence", ylabel="accuracy", xlim=(0, 1), ylim=(0, 1.02),
               title=f"Reliability (ECE {ece:.3f}, n={results['calibration']['n_stated']})" if ece is not None else "Reliability")
        ax.legend(loc="upper left")
        return
    stance = results.get("stance", {})
    kinds = ["unhedged", "hedged"]
    vals = [_num(stance.get(f"accuracy_when_{k}")) for k in kinds]
    ax.bar(kinds, [0 if v != v else v for v in vals], color=[STANCE_COLOURS[k] for k in kinds])
    for i, v in enumerate(vals):
        ax.text(i, (0 if v != v else v) + 0.02, "no samples" if v != v else f"{v:.2f}", ha="center")
    ax.set(ylabel="accuracy", ylim=(0, 1.1), title="No stated confidences: accuracy per stance")


def _risk_coverage(results: dict[str, Any], ax: Any) -> None:
    rc = results.get("risk_coverage", {})
    if rc.get("coverage"):
        ax.plot(rc["coverage"], rc["risk"], marker=".")
        ax.set(title=f"Risk-coverage (AURC {rc['aurc']:.3f})")
    else:
        ax.text(0.5, 0.5, "no answered samples", ha="center", va="center")
        ax.set(title="Risk-coverage")
    ax.set(xlabel="coverage (share of samples answered)", ylabel="risk (error rate among answered)", xlim=(0, 1.02), ylim=(-0.02, 1.02))


def _hedge_rates(results: dict[str, Any], ax: Any) -> None:
    labels, rates = [], []
    for suite, g in results.get("by_suite", {}).items():
        labels.append(suite)
        rates.append(g["stance_rates"])
    for suite, levels in results.get("by_suite_difficulty", {}).items():
        if len(levels) > 1:
            for level, g in levels.items():
                labels.append(f"{suite} d{level}")
                rates.append(g["stance_rates"])
    bottom = [0.0] * len(labels)
    for kind, colour in STANCE_COLOURS.items():
        vals = [_num(r.get(kind)) for r in rates]
        ax.bar(labels, vals, bottom=bottom, color=colour, label=kind)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set(ylabel="share of samples", ylim=(0, 1.05), title="Stance rates")
    ax.tick_params(axis="x", labelrotation=30)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside: the bars fill the axes


def write_plots(out_dir: str | Path, results: dict[str, Any]) -> list[str]:
    """Draw the four plots into ``out_dir``; return their file names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    for name, draw in zip(PLOTS, (_accuracy_by_difficulty, _reliability, _risk_coverage, _hedge_rates)):
        fig, ax = plt.subplots(figsize=(6, 4))
        draw(results, ax)
        _save(fig, out / name)
    return list(PLOTS)
