"""``load_tasks(path, format="auto", **fields)``: tasks from any file format rlvr reads, by name.

One table maps a format name to its loader; ``auto`` picks one from the file's extension and its first
record. Keyword ``fields`` rename columns (``question="problem"``) and go to the loader, which names
the file, line and field when something is missing.

    rlvr        rlvr's own task JSONL (``rlvr tasks generate`` writes it)
    gsm8k       question + answer ending in ``#### x``                     (math_loaders)
    math        problem + solution with ``\\boxed{}`` (or an answer field)  (math_loaders)
    qa          any JSONL / Parquet / datasets folder, question + answer   (math_loaders)
    humaneval, mbpp, stdio, code-jsonl                                     (code_loaders)
    ifeval      IFEval's input_data.jsonl: prompt + instruction_id_list + kwargs  (format_ifeval)

>>> sorted(FORMATS)[:4]
['code-jsonl', 'gsm8k', 'humaneval', 'ifeval']
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rlvr.errors import DataError, UsageError
from rlvr.types import Task

__all__ = ["FORMATS", "load_tasks", "detect_format"]


def _load_rlvr(path: str | os.PathLike[str]) -> list[Task]:
    from rlvr.jsonl import read_tasks

    if not Path(path).is_file():
        raise DataError(f"{path} does not exist; pass the path of a task JSONL file")
    return list(read_tasks(path))


def _formats() -> dict[str, Callable[..., list[Task]]]:
    from rlvr.tasks.code_loaders import CODE_FORMATS
    from rlvr.tasks.format_ifeval import FORMAT_FORMATS
    from rlvr.tasks.math_loaders import MATH_FORMATS

    return {"rlvr": _load_rlvr, **MATH_FORMATS, **CODE_FORMATS, **FORMAT_FORMATS}


FORMATS: dict[str, Callable[..., list[Task]]] = _formats()


def _first_row(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise DataError(f"{path}:1: not valid JSON ({e.msg}); is this a JSONL file?") from None
                return row if isinstance(row, dict) else {}
    raise DataError(f"{path} is empty; nothing to load")


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format name ``auto`` would use for ``path``."""
    p = Path(path)
    if p.is_dir():
        marks = ("dataset_info.json", "dataset_dict.json", "state.json")
        return "qa" if any((p / m).exists() for m in marks) else "math"
    if not p.exists():
        raise DataError(f"{p} does not exist; pass the path of a task file")
    if p.suffix == ".parquet":
        return "qa"
    row = _first_row(p)
    keys = set(row)
    if {"id", "suite", "prompt"} <= keys:
        return "rlvr"
    if {"task_id", "prompt", "test", "entry_point"} <= keys:
        return "humaneval"
    if {"text", "test_list"} <= keys:
        return "mbpp"
    if {"prompt", "instruction_id_list", "kwargs"} <= keys:
        return "ifeval"
    if {"problem", "solution"} <= keys or {"problem", "answer"} <= keys:
        return "math"
    if {"question", "answer"} <= keys:
        return "gsm8k" if "####" in str(row.get("answer")) else "qa"
    if keys & {"input_output", "public_tests", "io", "inputs"}:
        return "stdio"
    raise DataError(f"{p}: cannot tell the format from its fields {sorted(keys)[:10]}; pass --format (one of {', '.join(sorted(FORMATS))})")


def load_tasks(path: str | os.PathLike[str], format: str = "auto", **fields: Any) -> list[Task]:
    """Load tasks from ``path`` in ``format`` (``auto`` detects it); ``fields`` rename columns for the loader."""
    fmt = detect_format(path) if format == "auto" else format
    loader = FORMATS.get(fmt)
    if loader is None:
        raise UsageError(f"unknown task file format {format!r}; choose one of: auto, {', '.join(sorted(FORMATS))}")
    params = inspect.signature(loader).parameters
    unknown = sorted(k for k in fields if k not in params or k == "path")
    if unknown:
        allowed = [k for k in params if k != "path"]
        raise UsageError(f"format {fmt!r} has no option(s) {unknown}; its options: {', '.join(allowed) or '(none)'}")
    return loader(path, **fields)
