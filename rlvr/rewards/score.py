"""Score saved completions offline: stance, verdict and the reward under one or several tables.

Input is the JSONL ``rlvr verify`` reads (and ``rlvr eval`` writes as samples.jsonl): one
``{"task": <Task JSON>, "completion": "..."}`` per line. Each completion is judged once (stance read,
verifier run as in training) and priced under every table asked for, so tables can be compared on
the same samples.

>>> import json, pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "in.jsonl"
>>> _ = p.write_text(json.dumps({"task": {"id": "t", "suite": "s", "prompt": "?"}, "completion": "Final answer: I don't know"}) + "\\n")
>>> score_file(p, ["schulman", "binary"])["mean_reward"]
{'schulman': 0.0, 'binary': 0.0}
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rlvr.errors import DataError, UsageError
from rlvr.jsonl import read_jsonl_numbered, write_jsonl
from rlvr.rewards.correctness import make_correctness_reward
from rlvr.rewards.tables import get_scorer
from rlvr.types import Task

__all__ = ["score_file"]


def _read(path: Path) -> tuple[list[Task], list[Any]]:
    tasks, completions = [], []
    for lineno, row in read_jsonl_numbered(path):
        if "task" not in row or "completion" not in row:
            raise DataError(f"{path}:{lineno}: each line needs \"task\" and \"completion\"; found keys {sorted(row)}")
        try:
            tasks.append(Task.from_json(row["task"]))
        except DataError as e:
            raise DataError(f"{path}:{lineno}: bad task: {e}") from None
        completions.append(row["completion"])
    if not tasks:
        raise DataError(f"{path} holds no rows; nothing to score")
    return tasks, completions


def score_file(path: str | Path, tables: Sequence[str], *, mode: str = "protocol", out: str | Path | None = None) -> dict[str, Any]:
    """Judge every row of ``path`` once and price it under each of ``tables``; write rows to ``out`` if given.

    Returns ``{"rows", "mean_reward": {table: mean over rows with a reward}, "stance_rates", "errors", "accuracy"}``.
    """
    if not tables:
        raise UsageError("give at least one table to score with, e.g. --table schulman")
    scorers = {str(t): get_scorer(t) for t in tables}  # unknown names fail before any verification
    tasks, completions = _read(Path(path))
    judge = make_correctness_reward(next(iter(scorers.values())), mode=mode)
    stances, verdicts, _ = judge.judge(completions, tasks)
    rows, sums, counts = [], dict.fromkeys(scorers, 0.0), dict.fromkeys(scorers, 0)
    for t, s, v in zip(tasks, stances, verdicts):
        rewards = {}
        for name, scorer in scorers.items():
            judge.scorer = scorer
            r = judge.reward_of(s, v)
            rewards[name] = r
            if r is not None:
                sums[name] += r
                counts[name] += 1
        rows.append({"id": t.id, "stance": "conflicting" if s.conflicting else s.kind, "confidence": s.confidence,
                     "status": v.status if v is not None else None, "reason": v.reason if v is not None else s.reason,
                     "reward": rewards})
    if out is not None:
        write_jsonl(out, rows)
    n = len(rows)
    return {
        "rows": n,
        "mean_reward": {k: (sums[k] / counts[k] if counts[k] else None) for k in scorers},
        "stance_rates": {k: sum(r["stance"] == k for r in rows) / n for k in ("unhedged", "hedged", "abstain", "conflicting")},
        "accuracy": sum(r["status"] == "pass" for r in rows) / n,
        "errors": sum(r["status"] == "error" for r in rows),
    }
