"""Reward curves of a run, drawn from its ``metrics.jsonl`` into ``<run>/plots/*.png``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["plot_run", "CURVES"]

# (file stem, title, metric keys drawn on it, stage)
CURVES = (
    ("sft_loss", "SFT loss", ("loss",), "sft"),
    ("rl_reward", "RL reward (weighted sum) and per-reward means", ("reward", "rewards/correctness/mean", "rewards/format/mean"), "rl"),
    ("rl_signal", "RL groups with signal, and difficulty", ("rlvr/informative_frac", "frac_reward_zero_std"), "rl"),
    ("dpo_loss", "DPO loss and preference accuracy", ("loss", "rewards/accuracies"), "dpo"),
)


def plot_run(run: Any) -> list[Path]:
    """Write one PNG per curve that has data; return their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = run.metrics()
    written = []
    for stem, title, keys, stage in CURVES:
        series = {k: [(r["step"], r[k]) for r in rows if r.get("stage") == stage and k in r] for k in keys}
        series = {k: v for k, v in series.items() if v}
        if not series:
            continue
        fig, ax = plt.subplots(figsize=(6, 3.5))
        for k, pts in series.items():
            ax.plot([p[0] for p in pts], [p[1] for p in pts], label=k, linewidth=1)
        ax.set_title(title)
        ax.set_xlabel("step")
        ax.legend(fontsize=7)
        fig.tight_layout()
        out = run.path / "plots" / f"{stem}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, dpi=100)
        plt.close(fig)
        written.append(out)
    return written
