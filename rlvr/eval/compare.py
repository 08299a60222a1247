"""``rlvr eval compare RUN_A RUN_B``: each headline metric in both runs and the difference B - A with a 95% interval.

The difference is computed from the runs' samples, per task. When both runs hold the same tasks
the bootstrap is paired (the same task indices are resampled for both, which removes the
between-task variance); otherwise the two runs are resampled independently and the comparison
is marked ``paired: false``. An interval that excludes 0 is a difference the data supports.

Runs sampled with the same seed on the same tasks share their random numbers (``rlvr.eval.sampling``
seeds each batch), so where the two models agree they drew the same completion; ``identical_samples``
is that share of the (task, sample) pairs, and says how much sampling luck the pairing removed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rlvr.eval.metrics import paired_bootstrap_diff
from rlvr.eval.rescore import load_run
from rlvr.eval.results import by_task, task_values

__all__ = ["METRICS", "compare_runs", "per_task_metrics"]

# name -> how to read it from one task's per-task values (see results.task_values) and its samples
METRICS: dict[str, Callable[[dict[str, Any], list[dict[str, Any]]], float]] = {
    "accuracy": lambda v, s: v["accuracy"],
    "maj_at_k": lambda v, s: v["maj_at_k"],
    "best_of_k_verifier": lambda v, s: v["best_of_k_verifier"],
    "best_of_k_likelihood": lambda v, s: v["best_of_k_likelihood"],
    "confident_error_rate": lambda v, s: v["confident_error_rate"],
    "hedged_rate": lambda v, s: _share(s, "hedged"),
    "abstain_rate": lambda v, s: _share(s, "abstain"),
}


def _share(samples: list[dict[str, Any]], kind: str) -> float:
    valid = [r for r in samples if r["verdict"]["status"] != "error"]
    return sum(r["stance"]["kind"] == kind for r in valid) / len(valid)


def per_task_metrics(rows: list[dict[str, Any]], k: int) -> dict[str, dict[str, float]]:
    """``{task_id: {metric: value}}`` for every task with at least one verified sample."""
    from rlvr.eval.results import ks_for

    out = {}
    for tid, samples in by_task(rows).items():
        v = task_values(samples, ks_for(k))
        if v is None:
            continue
        out[tid] = {name: float(f(v, samples)) for name, f in METRICS.items()}
        out[tid][f"pass_at_{k}"] = v["pass_at_k"][k]
    return out


def _independent_diff(a: list[float], b: list[float], n_boot: int, seed: int) -> tuple[float, float, float]:
    import numpy as np

    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    boots = y[rng.integers(0, y.size, (n_boot, y.size))].mean(1) - x[rng.integers(0, x.size, (n_boot, x.size))].mean(1)
    lo, hi = np.quantile(boots, [0.025, 0.975])
    return float(y.mean() - x.mean()), float(lo), float(hi)


def compare_runs(run_a: str | Path, run_b: str | Path, *, n_boot: int = 2000, seed: int = 0) -> dict[str, Any]:
    """Compare two eval run folders; see the module docstring."""
    from rlvr.errors import DataError

    res_a, rows_a = load_run(run_a)
    res_b, rows_b = load_run(run_b)
    k = min(int(res_a["settings"]["k"]), int(res_b["settings"]["k"]))
    ta, tb = per_task_metrics(rows_a, k), per_task_metrics(rows_b, k)
    if not ta or not tb:
        raise DataError("a run has no verified samples; nothing to compare")
    paired = set(ta) == set(tb)
    ids = sorted(ta) if paired else None
    metrics = {}
    for name in [*METRICS, f"pass_at_{k}"]:
        if paired:
            a, b = [ta[i][name] for i in ids], [tb[i][name] for i in ids]  # type: ignore[union-attr]
            diff, lo, hi = paired_bootstrap_diff(a, b, n_boot=n_boot, seed=seed)
        else:
            a, b = [v[name] for v in ta.values()], [v[name] for v in tb.values()]
            diff, lo, hi = _independent_diff(a, b, n_boot, seed)
        metrics[name] = {"a": sum(a) / len(a), "b": sum(b) / len(b), "diff": diff, "ci": [lo, hi],
                         "significant": bool(lo > 0 or hi < 0)}
    from rlvr.eval.results import clean

    return clean({"a": str(run_a), "b": str(run_b), "paired": paired, "k": k, "n_tasks": [len(ta), len(tb)],
                  "shared_tasks": len(set(ta) & set(tb)), "same_seed": res_a["settings"].get("seed") == res_b["settings"].get("seed"),
                  "identical_samples": _identical_share(rows_a, rows_b), "metrics": metrics})


def _identical_share(rows_a: list[dict[str, Any]], rows_b: list[dict[str, Any]]) -> float | None:
    """Share of the (task, sample index) pairs both runs hold whose completions are the same text."""
    a = {(r["task"]["id"], r.get("sample", 0)): r["completion"] for r in rows_a}
    both = [(key, r["completion"]) for r in rows_b if (key := (r["task"]["id"], r.get("sample", 0))) in a]
    return sum(a[key] == text for key, text in both) / len(both) if both else None
