"""results.json: the metrics of one eval run, computed from its samples alone (so a rescore recomputes them).

The schema is versioned (``schema_version``); docs/eval.md documents every field. Any change that
renames, removes or re-means a field bumps the version; adding a field does not.

Per-task first, then means: each task gets its pass@1 (share of its verified samples that pass),
pass@k, maj@k, best-of-k and confident-error share, and a metric is the mean over tasks with a
percentile bootstrap interval over tasks. Samples with an ``error`` verdict (the verifier's fault,
not the model's) are left out of every correctness metric and counted under ``verifier``; a task
whose samples all errored is left out and counted in ``n_tasks_unverified``.

>>> from rlvr.types import Task
>>> t = Task(id="t1", suite="demo", prompt="?", answer=1, meta={"difficulty": 2, "generator": "g"})
>>> rows = [sample_row(t, 0, "p", "Final answer: 1", kind="unhedged", status="pass"),
...         sample_row(t, 1, "p", "Final answer: 2", kind="unhedged", status="fail")]
>>> r = summarise(rows, {"k": 2}, n_boot=200)
>>> r["accuracy"], r["pass_at_k"]["2"]["value"], r["confident_error_rate"]
(0.5, 1.0, 0.5)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from rlvr.eval.calibration import (
    Scored,
    accuracy_when,
    brier,
    confident_error_rate,
    ece,
    expected_reward,
    reliability_bins,
    risk_coverage,
    stance_rates,
)
from rlvr.eval.metrics import best_index, bootstrap_ci, majority_vote, normalise_answer, pass_at_k

__all__ = ["SCHEMA", "SCHEMA_VERSION", "summarise", "sample_row", "ks_for", "clean", "by_task", "task_values"]

SCHEMA = "rlvr.eval.results"
SCHEMA_VERSION = 1
GROUP_METRICS = ("accuracy", "maj_at_k", "best_of_k_verifier", "best_of_k_likelihood", "confident_error_rate")


def ks_for(k: int) -> list[int]:
    """The k values reported: powers of two below k, and k. ``ks_for(8) == [1, 2, 4, 8]``; ``ks_for(5) == [1, 2, 4, 5]``."""
    ks, p = [], 1
    while p < k:
        ks.append(p)
        p *= 2
    return ks + [k]


def sample_row(task: Any, index: int, prompt: str, completion: str, *, kind: str, status: str, confidence: float | None = None,
               loglik_mean: float = 0.0, score: float | None = None, extracted: Any = None) -> dict[str, Any]:
    """A samples.jsonl row built by hand (tests and docs); ``rlvr.eval.run`` builds the real ones the same shape."""
    verdict = {"status": status, "score": float(score if score is not None else status == "pass"), "reason": status,
               "verifier": "demo", "version": "1", "extracted": extracted, "details": {}, "seconds": 0.0}
    return {"task": task.to_json(), "sample": index, "prompt": prompt, "completion": completion, "n_tokens": len(completion),
            "truncated": False, "loglik_sum": loglik_mean * max(len(completion), 1), "loglik_mean": loglik_mean,
            "stance": {"kind": kind, "confidence": confidence, "reason": ""}, "answer_text": completion, "verdict": verdict}


def clean(x: Any) -> Any:
    """JSON-safe copy: NaN/inf become None (JSON has neither), floats rounded to 6 places, tuples to lists."""
    if isinstance(x, float):
        return None if not math.isfinite(x) else round(x, 6)
    if isinstance(x, dict):
        return {str(k): clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    return x


def by_task(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    tasks: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        tasks.setdefault(r["task"]["id"], []).append(r)
    return tasks


def _scored(r: dict[str, Any]) -> Scored:
    s = r["stance"]
    return Scored(s["kind"], r["verdict"]["status"] == "pass", s.get("confidence"), r.get("loglik_mean"))


def _vote_key(r: dict[str, Any]) -> str | None:
    if r["stance"]["kind"] == "abstain":
        return None
    extracted = r["verdict"].get("extracted")
    return normalise_answer(extracted) if extracted is not None else None


def task_values(samples: list[dict[str, Any]], ks: Sequence[int]) -> dict[str, Any] | None:
    valid = [r for r in samples if r["verdict"]["status"] != "error"]
    if not valid:
        return None
    n = len(valid)
    passed = [r["verdict"]["status"] == "pass" for r in valid]
    c = sum(passed)
    _, vote_i = majority_vote([_vote_key(r) for r in valid])
    by_score = best_index([float(r["verdict"]["score"]) for r in valid])
    # the model's own pick: it would not submit an answer it abstained on
    by_ll = best_index([r.get("loglik_mean") if r["stance"]["kind"] != "abstain" else None for r in valid])
    return {
        "accuracy": c / n,
        # a task left with fewer than k verified samples uses all it has (pass@n)
        "pass_at_k": {kk: pass_at_k(n, c, min(kk, n)) for kk in ks},
        "maj_at_k": float(vote_i is not None and passed[vote_i]),
        "best_of_k_verifier": float(by_score is not None and passed[by_score]),
        "best_of_k_likelihood": float(by_ll is not None and passed[by_ll]),
        "confident_error_rate": sum(r["stance"]["kind"] == "unhedged" and not p for r, p in zip(valid, passed)) / n,
    }


def _metric(values: list[float], n_boot: int, seed: int) -> dict[str, Any]:
    if not values:
        return {"value": None, "ci": [None, None]}
    lo, hi = bootstrap_ci(values, n_boot=n_boot, seed=seed)
    return {"value": sum(values) / len(values), "ci": [lo, hi]}


def _group(task_samples: list[list[dict[str, Any]]], ks: Sequence[int], n_boot: int, seed: int) -> dict[str, Any]:
    """Headline metrics of a set of tasks (the whole run, one suite, one generator or one difficulty)."""
    per_task = [v for v in (task_values(s, ks) for s in task_samples) if v is not None]
    flat = [r for s in task_samples for r in s]
    valid = [_scored(r) for r in flat if r["verdict"]["status"] != "error"]
    errors = sum(r["verdict"]["status"] == "error" for r in flat)
    out: dict[str, Any] = {"n_tasks": len(per_task), "n_samples": len(flat)}
    for name in GROUP_METRICS:
        out[name] = _metric([v[name] for v in per_task], n_boot, seed)
    out["pass_at_k"] = {str(kk): _metric([v["pass_at_k"][kk] for v in per_task], n_boot, seed) for kk in ks}
    out["stance_rates"] = stance_rates(valid)
    out["verifier_error_rate"] = errors / len(flat) if flat else None
    return out


def summarise(rows: Sequence[dict[str, Any]], settings: dict[str, Any], *, tables: Sequence[str] = (), n_boot: int = 2000,
              seed: int = 0, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The results.json document for ``rows`` (samples.jsonl rows). ``settings["k"]`` sets the pass@k ladder."""
    k = int(settings.get("k", 1))
    ks = ks_for(k)
    tasks = by_task(rows)
    overall = _group(list(tasks.values()), ks, n_boot, seed)
    valid_rows = [r for r in rows if r["verdict"]["status"] != "error"]
    scored = [_scored(r) for r in valid_rows]

    def difficulty(t: dict[str, Any]) -> str:
        d = t.get("meta", {}).get("difficulty")
        return str(d) if d is not None else "unknown"

    by_verifier: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_verifier[f"{r['verdict']['verifier']}@{r['verdict']['version']}"].append(r)
    from rlvr.rewards.tables import get_table

    result: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        **(extra or {}),
        "settings": {**settings, "n_boot": n_boot, "bootstrap_seed": seed},
        "tasks_fingerprint": _fingerprint(tasks),
        "n_tasks": overall["n_tasks"],
        "n_tasks_unverified": len(tasks) - overall["n_tasks"],
        "n_samples": len(rows),
        "accuracy": overall["accuracy"]["value"],
        "accuracy_ci": overall["accuracy"]["ci"],
        "confident_error_rate": overall["confident_error_rate"]["value"],
        "confident_error_rate_ci": overall["confident_error_rate"]["ci"],
        "pass_at_k": overall["pass_at_k"],
        "maj_at_k": overall["maj_at_k"],
        "best_of_k": {"verifier": overall["best_of_k_verifier"], "likelihood": overall["best_of_k_likelihood"]},
        "stance": {
            "rates": stance_rates(scored),
            "accuracy_when_unhedged": accuracy_when("unhedged", scored),
            "accuracy_when_hedged": accuracy_when("hedged", scored),
            "sample_confident_error_rate": confident_error_rate(scored),
        },
        "expected_reward": {name: expected_reward(scored, get_table(name)) for name in tables},
        "calibration": {
            "n_stated": sum(s.confidence is not None and s.kind != "abstain" for s in scored),
            "ece": ece(scored),
            "brier": brier(scored),
            "reliability": reliability_bins(scored),
        },
        "risk_coverage": risk_coverage(scored),
        "verifier": {
            "error_rate": (len(rows) - len(valid_rows)) / len(rows) if rows else None,
            "errors": len(rows) - len(valid_rows),
            "mean_latency_s": sum(float(r["verdict"].get("seconds", 0.0)) for r in rows) / len(rows) if rows else None,
            "by_verifier": {
                name: {"samples": len(rs), "error_rate": sum(r["verdict"]["status"] == "error" for r in rs) / len(rs),
                       "mean_latency_s": sum(float(r["verdict"].get("seconds", 0.0)) for r in rs) / len(rs)}
                for name, rs in sorted(by_verifier.items())
            },
        },
        "generation": {
            "mean_tokens": sum(r["n_tokens"] for r in rows) / len(rows) if rows else None,
            "truncated_rate": sum(bool(r["truncated"]) for r in rows) / len(rows) if rows else None,
        },
        "by_suite": _groups_of(tasks.values(), lambda t: t["suite"], ks, n_boot, seed),
        "by_generator": _groups_of(tasks.values(), lambda t: f"{t['suite']}/{t.get('meta', {}).get('generator', 'external')}", ks, n_boot, seed),
        "by_difficulty": _groups_of(tasks.values(), difficulty, ks, n_boot, seed),
        "by_suite_difficulty": {
            suite: _groups_of(samples_list, difficulty, ks, n_boot, seed)
            for suite, samples_list in _split_by(tasks.values(), lambda t: t["suite"]).items()
        },
    }
    return clean(result)


def _groups_of(task_samples: Iterable[list[dict[str, Any]]], key, ks: Sequence[int], n_boot: int, seed: int) -> dict[str, Any]:
    buckets = _split_by(task_samples, key)
    return {name: _group(b, ks, n_boot, seed) for name, b in buckets.items()}


def _split_by(task_samples: Iterable[list[dict[str, Any]]], key) -> dict[str, list[list[dict[str, Any]]]]:
    buckets: dict[str, list[list[dict[str, Any]]]] = defaultdict(list)
    for samples in task_samples:
        buckets[key(samples[0]["task"])].append(samples)
    return dict(sorted(buckets.items(), key=lambda kv: _natural(kv[0])))


def _fingerprint(tasks: dict[str, list[dict[str, Any]]]) -> str:
    """sha256 (16 hex digits) of the sorted task ids: two runs on the same tasks have the same fingerprint."""
    import hashlib

    return hashlib.sha256("\n".join(sorted(tasks)).encode("utf-8")).hexdigest()[:16]


def _natural(name: str) -> tuple[Any, ...]:
    """Sort "2" before "10" (difficulty levels) and names alphabetically."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in name.replace("/", " / ").split())
