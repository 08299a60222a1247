"""Tasks to and from a ``datasets.Dataset``, losslessly.

Arrow wants one type per column, but ``answer`` and ``meta`` are arbitrary JSON that differs from task
to task, so both travel as JSON strings; every other column is a plain string.

>>> ds = tasks_to_dataset([Task(id="t1", suite="s", prompt="p", answer=[1, "a"], meta={"k": 1.5})])
>>> tasks_from_dataset(ds)[0].answer
[1, 'a']
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rlvr.errors import DataError
from rlvr.types import Task

__all__ = ["tasks_to_dataset", "tasks_from_dataset", "TASK_COLUMNS"]

TASK_COLUMNS = ("id", "suite", "prompt", "answer", "meta")


def tasks_to_dataset(tasks: Sequence[Task]) -> Any:
    import datasets

    return datasets.Dataset.from_dict(
        {
            "id": [t.id for t in tasks],
            "suite": [t.suite for t in tasks],
            "prompt": [t.prompt for t in tasks],
            "answer": [json.dumps(t.answer, ensure_ascii=False) for t in tasks],
            "meta": [json.dumps(t.meta, ensure_ascii=False) for t in tasks],
        }
    )


def tasks_from_dataset(ds: Any) -> list[Task]:
    missing = [c for c in TASK_COLUMNS if c not in ds.column_names]
    if missing:
        raise DataError(f"dataset lacks task column(s) {missing}; it has {ds.column_names}")
    tasks = []
    for i, row in enumerate(ds):
        try:
            tasks.append(Task(id=row["id"], suite=row["suite"], prompt=row["prompt"],
                              answer=json.loads(row["answer"]), meta=json.loads(row["meta"])))
        except (json.JSONDecodeError, TypeError) as e:
            raise DataError(f"dataset row {i}: answer/meta is not a JSON string ({e})") from None
    return tasks
