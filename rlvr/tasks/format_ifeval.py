"""Read IFEval's own data files (google/IFEval ``input_data.jsonl``) as ``format`` tasks, unchanged.

An IFEval row is ``{"key", "prompt", "instruction_id_list", "kwargs"}`` with one kwargs object per
instruction, nulls included; it becomes a Task whose ``meta.constraints`` pairs each id with its kwargs.
Responses scored by lm-eval (``{"prompt", "response"}`` rows) pair with these tasks by prompt.

>>> import json, pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "input_data.jsonl"
>>> _ = p.write_text(json.dumps({"key": 1001, "prompt": "Write a haiku. Do not use commas.",
...     "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{"num_words": None}]}) + "\\n")
>>> t = load_ifeval(p)[0]
>>> t.id, t.meta["constraints"]
('ifeval/1001', [{'id': 'punctuation:no_comma', 'kwargs': {}}])
"""

from __future__ import annotations

import os
from typing import Any

from rlvr.errors import TaskError
from rlvr.jsonl import read_jsonl_numbered
from rlvr.types import Task
from rlvr.verifiers.instructions import normalize_constraints

__all__ = ["load_ifeval", "ifeval_row_to_task", "FORMAT_FORMATS"]


def ifeval_row_to_task(row: dict[str, Any], where: str = "row") -> Task:
    """One IFEval row as a ``format`` task; raises TaskError naming the bad field."""
    missing = [k for k in ("prompt", "instruction_id_list", "kwargs") if k not in row]
    if missing:
        raise TaskError(f"{where}: an IFEval row needs prompt, instruction_id_list and kwargs; missing {missing}")
    ids, kwargs = row["instruction_id_list"], row["kwargs"]
    if not isinstance(ids, list) or not isinstance(kwargs, list) or len(ids) != len(kwargs):
        raise TaskError(f"{where}: instruction_id_list and kwargs must be lists of the same length")
    raw = [{"id": i, "kwargs": {k: v for k, v in (kw or {}).items() if v is not None}} for i, kw in zip(ids, kwargs)]
    constraints = [c.to_json() for c in normalize_constraints(raw, where=f"{where} instruction_id_list/kwargs")]
    key = row.get("key", where)
    return Task(id=f"ifeval/{key}", suite="format", prompt=row["prompt"], answer=None,
                meta={"constraints": constraints, "source": "ifeval", "split": "heldout"})


def load_ifeval(path: str | os.PathLike[str]) -> list[Task]:
    """All rows of an IFEval JSONL file as ``format`` tasks; a bad row stops the load with its line number."""
    tasks = []
    for lineno, row in read_jsonl_numbered(path):
        tasks.append(ifeval_row_to_task(row, where=f"{path}:{lineno}"))
    return tasks


FORMAT_FORMATS = {"ifeval": load_ifeval}  # for ``rlvr.tasks.loaders.load_tasks(path, format="ifeval")``
