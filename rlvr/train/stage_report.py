"""Held-out results of a run's stages side by side: paired changes between stages, and the printed table.

Every stage of a run is evaluated on the same held-out tasks with the same seed, so its samples share
random numbers with the other stages' (``rlvr.eval.sampling``); the change from one stage to the next is
a per-task paired bootstrap over those samples. ``rlvr train pipeline`` and ``rlvr quickstart`` both
print this table and store the changes in ``summary.json`` (``changes``: ``{"rl_vs_sft": {...}, ...}``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rlvr import console

__all__ = ["paired_change", "stage_changes", "print_stages"]


def paired_change(run_dir: Path, before: str, after: str) -> dict[str, list[float]]:
    """``after - before`` on the same held-out tasks, as ``rlvr eval compare`` computes it (per-task paired bootstrap).

    Pairing removes between-task variance, so this interval is the honest test of "RL beat SFT". The per-task
    values are the evaluation's own (verifier errors left out, as in each stage's results.json).
    Returns ``{"accuracy": [diff, lo, hi], "confident_error_rate": [diff, lo, hi]}``.
    """
    from rlvr.eval.compare import compare_runs

    metrics = compare_runs(Path(run_dir) / "eval" / before, Path(run_dir) / "eval" / after)["metrics"]
    return {name: [round(metrics[name]["diff"], 4), *(round(x, 4) for x in metrics[name]["ci"])]
            for name in ("accuracy", "confident_error_rate")}


def stage_changes(run_dir: Path, stages: list[str]) -> dict[str, dict[str, list[float]]]:
    """The paired change from each evaluated stage to the next one: ``{"sft_vs_base": ..., "rl_vs_sft": ...}``."""
    return {f"{after}_vs_{before}": paired_change(run_dir, before, after) for before, after in zip(stages, stages[1:])}


def print_stages(summary: dict[str, Any], name: str = "rlvr train pipeline") -> None:
    """The stages' held-out table, one line per paired change, and where the models and summary are."""
    from rich.table import Table

    e = summary.get("eval") or {}
    title = f"{name}: held-out" + (f", {e['k']} samples per task at T {e['temperature']}" if e.get("k", 1) > 1 else ", greedy")
    table = Table("stage", "accuracy", "95% CI", "conf. errors", "hedged", "abstain", title=title)
    for stage, r in summary["stages"].items():
        rates = r.get("stance_rates") or {}
        lo, hi = r["accuracy_ci"]
        table.add_row(stage, f"{r['accuracy']:.3f}", f"[{lo:.3f}, {hi:.3f}]", f"{r['confident_error_rate']:.3f}",
                      f"{rates.get('hedged', 0):.3f}", f"{rates.get('abstain', 0):.3f}")
    console.out.print(table)
    for key, change in (summary.get("changes") or {}).items():
        after, before = key.split("_vs_")
        acc, cer = change["accuracy"], change["confident_error_rate"]
        console.out.print(f"{after.upper()} - {before.upper()} (paired bootstrap, 95%): accuracy {acc[0]:+.3f} [{acc[1]:+.3f}, "
                          f"{acc[2]:+.3f}], confident-error rate {cer[0]:+.3f} [{cer[1]:+.3f}, {cer[2]:+.3f}]", highlight=False)
    models = " and ".join(f"{summary['run_dir']}/{s}" for s in summary["stages"] if s != "base")
    console.out.print(f"wall time {summary['wall_seconds']:.0f} s; models in {models or summary['run_dir']}; "
                      f"summary {summary['run_dir']}/summary.json", highlight=False)
