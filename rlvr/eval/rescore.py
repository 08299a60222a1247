"""``rlvr eval rescore RUN_DIR``: re-read stances and re-verify every saved sample, then rewrite the run's results.

After a verifier (or stance reader) fix, a run need not be regenerated: samples.jsonl holds every
task and completion, so rescoring is judging them again with the current code and recomputing the
metrics with the run's recorded settings. The previous results are kept as ``results.prev.json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rlvr.errors import DataError
from rlvr.jsonl import read_jsonl_numbered, write_json

__all__ = ["load_run", "rescore_run"]


def load_run(run_dir: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``(results, sample rows)`` of an eval run folder; a missing or malformed file is a DataError."""
    import json

    d = Path(run_dir)
    if not d.is_dir():
        raise DataError(f"{d} is not a folder; give the folder an `rlvr eval` run wrote (it holds results.json)")
    res_path, samples_path = d / "results.json", d / "samples.jsonl"
    for p in (res_path, samples_path):
        if not p.is_file():
            raise DataError(f"{d} has no {p.name}; give the folder an `rlvr eval` run wrote")
    try:
        results = json.loads(res_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise DataError(f"{res_path}: not valid JSON ({e.msg} at line {e.lineno})") from None
    from rlvr.eval.results import SCHEMA, SCHEMA_VERSION

    if not isinstance(results, dict) or results.get("schema") != SCHEMA:
        raise DataError(f"{res_path} is not an rlvr eval results file (schema {SCHEMA!r} expected)")
    if results.get("schema_version") != SCHEMA_VERSION:
        raise DataError(f"{res_path} has schema version {results.get('schema_version')}; this rlvr reads {SCHEMA_VERSION}: rerun the eval")
    rows = []
    for lineno, row in read_jsonl_numbered(samples_path):
        missing = [k for k in ("task", "completion", "sample") if k not in row]
        if missing:
            raise DataError(f"{samples_path}:{lineno}: sample row lacks {missing}; the file is not an rlvr eval samples file")
        rows.append(row)
    if not rows:
        raise DataError(f"{samples_path} holds no samples; nothing to rescore")
    return results, rows


def rescore_run(run_dir: str | Path) -> dict[str, Any]:
    """Judge every sample again and rewrite results.json, samples.jsonl, report.md and plots.

    Returns ``{"results": new results, "previous": old results, "changed": n verdicts whose status changed}``.
    """
    import time

    from rlvr.eval.results import summarise
    from rlvr.eval.run import judge, write_run

    d = Path(run_dir)
    old, rows = load_run(d)
    before = [(r.get("verdict") or {}).get("status") for r in rows]
    settings = dict(old.get("settings", {}))
    n_boot = int(settings.pop("n_boot", 2000))
    seed = int(settings.pop("bootstrap_seed", 0))
    mode = settings.get("stance_mode", "auto")
    start = time.perf_counter()
    judge(rows, stance_mode=None if mode == "auto" else mode, verifier_options=settings.get("verifier_options") or {})
    seconds = time.perf_counter() - start
    changed = sum(b != r["verdict"]["status"] for b, r in zip(before, rows))
    timing = {**old.get("timing", {}), "rescore_verification_s": round(seconds, 3)}
    extra = {"run": old.get("run", {}), "timing": timing, "rescored": {"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                                                       "verdicts_changed": changed}}
    new = summarise(rows, settings, tables=settings.get("tables", ()), n_boot=n_boot, seed=seed, extra=extra)
    write_json(d / "results.prev.json", old)
    write_run(d, new, rows)
    return {"results": new, "previous": old, "changed": changed}
