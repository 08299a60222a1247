"""Reading what TRL hands a reward: completions as text or chat messages, and the ``task`` column.

>>> completion_text([{"role": "assistant", "content": "Final answer: 4"}])
'Final answer: 4'
>>> parse_tasks(['{"id": "t1", "suite": "math", "prompt": "2+2?", "answer": 4}'])[0].answer
4
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rlvr.errors import DataError, UsageError
from rlvr.types import Task

__all__ = ["completion_text", "parse_tasks", "require_column"]


def completion_text(completion: Any) -> Any:
    """The text of a completion: a string as is; a conversational list of ``{"role", "content"}`` messages
    becomes the assistant contents joined by newlines. Anything else is returned unchanged, so the
    stance reader and verifier fail it as "not text" rather than this function raising on model output."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        completion = [completion]
    if isinstance(completion, (list, tuple)) and all(isinstance(m, dict) for m in completion):
        parts = [m.get("content") for m in completion if m.get("role", "assistant") == "assistant"]
        if all(isinstance(p, str) for p in parts):
            return "\n".join(parts)
    return completion


def require_column(name: str, values: Any, n: int, reward: str) -> Sequence[Any]:
    if values is None:
        raise UsageError(f"reward {reward!r} needs the dataset column {name!r} (json.dumps(task.to_json()) per row); "
                         "build the dataset with rlvr.train.data.rl_dataset")
    if len(values) != n:
        raise UsageError(f"reward {reward!r}: column {name!r} has {len(values)} rows for {n} completions")
    return values


def parse_tasks(column: Sequence[Any]) -> list[Task]:
    """Tasks from the ``task`` column (JSON strings, dicts or Tasks); identical rows are parsed once,
    since GRPO repeats every prompt ``num_generations`` times."""
    cache: dict[str, Task] = {}
    out = []
    for i, value in enumerate(column):
        if isinstance(value, Task):
            out.append(value)
            continue
        key = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        task = cache.get(key)
        if task is None:
            try:
                obj = json.loads(value) if isinstance(value, str) else value
                task = cache[key] = Task.from_json(obj)
            except json.JSONDecodeError as e:
                raise DataError(f"task column row {i}: not valid JSON ({e.msg}); store json.dumps(task.to_json())") from None
            except DataError as e:
                raise DataError(f"task column row {i}: {e}") from None
        out.append(task)
    return out
