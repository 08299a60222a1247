"""Verify a JSONL file of (task, completion) pairs: read and check everything, verify per verifier, write in order."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rlvr import console, registry
from rlvr.commands.options import parse_assignments
from rlvr.errors import DataError, UsageError
from rlvr.jsonl import read_jsonl_numbered, write_jsonl
from rlvr.types import Task, Verdict

__all__ = ["verify_file", "verdict_row"]

CHUNK = 512  # completions per verify_batch call


def _verifier_options(items: list[str]) -> dict[str, dict[str, Any]]:
    options: dict[str, dict[str, Any]] = defaultdict(dict)
    for key, value in parse_assignments(items, "--verifier-option").items():
        name, dot, opt = key.partition(".")
        if not dot or not opt:
            raise UsageError(f"--verifier-option expects VERIFIER.KEY=VALUE, got {key!r}")
        options[name][opt] = value
    return options


def _read_pairs(path: Path) -> tuple[list[tuple[Task, Any]], list[int]]:
    pairs, linenos = [], []
    for lineno, row in read_jsonl_numbered(path):
        if "task" not in row or "completion" not in row:
            raise DataError(f"{path}:{lineno}: each line needs \"task\" and \"completion\"; found keys {sorted(row)}")
        try:
            task = Task.from_json(row["task"])
        except DataError as e:
            raise DataError(f"{path}:{lineno}: bad task: {e}") from None
        pairs.append((task, row["completion"]))
        linenos.append(lineno)
    return pairs, linenos


def verdict_row(task: Task, v: Verdict) -> dict[str, Any]:
    return {"id": task.id, "status": v.status, "score": v.score, "extracted": v.extracted, "reason": v.reason,
            "verifier": f"{v.verifier}@{v.version}", "seconds": v.seconds}


def verify_file(infile: Path, out: Path, option_items: list[str]) -> dict[str, Any]:
    pairs, linenos = _read_pairs(infile)
    options = _verifier_options(option_items)
    # group by verifier so each verifier gets one batch it can spread over cores
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (task, _) in enumerate(pairs):
        name = task.meta.get("verifier") if isinstance(task.meta.get("verifier"), str) else registry._lookup("suite", task.suite).verifier
        groups[name].append(i)
    unknown = sorted(set(options) - set(groups))
    if unknown:
        raise UsageError(f"--verifier-option names verifier(s) {unknown} that no task in {infile} uses; used: {sorted(groups)}")
    verdicts: list[Verdict | None] = [None] * len(pairs)
    verifiers = {name: registry.get_verifier(name, **options.get(name, {})) for name in groups}
    for name, idxs in groups.items():
        for i in idxs:  # the verifier raises TaskError on a malformed task; name the line for the user
            try:
                verifiers[name].check_task(pairs[i][0])
            except DataError as e:
                raise DataError(f"{infile}:{linenos[i]}: task {pairs[i][0].id!r}: {e}") from None
    start = time.perf_counter()
    with console.progress() as bar:
        job = bar.add_task("verifying", total=len(pairs))
        for name, idxs in groups.items():
            console.debug(f"verifying {len(idxs)} completions with {name}")
            # chunks big enough to keep every core busy, small enough for the bar to move on slow verifiers
            for lo in range(0, len(idxs), CHUNK):
                chunk = idxs[lo:lo + CHUNK]
                results = verifiers[name].verify_batch([pairs[i][0] for i in chunk], [pairs[i][1] for i in chunk])
                for i, v in zip(chunk, results):
                    verdicts[i] = v
                bar.advance(job, len(chunk))
    write_jsonl(out, (verdict_row(t, v) for (t, _), v in zip(pairs, verdicts) if v is not None))
    counts = {s: sum(1 for v in verdicts if v is not None and v.status == s) for s in ("pass", "fail", "error")}
    scores = [v.score for v in verdicts if v is not None]
    return {"total": len(pairs), "counts": counts, "mean_score": sum(scores) / len(scores) if scores else 0.0,
            "seconds": round(time.perf_counter() - start, 4), "out": str(out)}
