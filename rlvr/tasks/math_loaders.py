r"""Math tasks from files on disk: GSM8K, MATH (competition style), and generic question/answer tables.

- ``gsm8k``: JSONL with ``question`` and ``answer`` whose last line is ``#### 72``; the reasoning
  before it (calculator marks ``<<48/2=24>>`` removed) becomes the worked solution.
- ``math``: JSONL, or a folder of ``*.json`` files (the MATH release layout), with ``problem`` and
  ``solution``; the gold is the ``answer`` field when present (MATH-500), else the last ``\boxed{}``
  of the solution. ``level`` ("Level 3") and ``type``/``subject`` go to meta.
- ``qa``: any JSONL, Parquet file, or ``datasets`` folder (``save_to_disk``) with a question and an
  answer column; name them with ``question=...`` and ``answer=...`` (also ``id=``, ``solution=``).

Every loader raises DataError naming the file, the line (or row) and the missing field.

>>> import json, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "gsm8k.jsonl")
>>> row = {"question": "Ann has 3 pens and buys 2. How many?", "answer": "3+2=<<3+2=5>>5\n#### 5"}
>>> _ = open(path, "w").write(json.dumps(row) + "\n")
>>> t = load_gsm8k(path)[0]
>>> t.answer, t.meta["solution"]
('5', '3+2=5\nFinal answer: 5')
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rlvr.errors import DataError
from rlvr.jsonl import read_jsonl_numbered
from rlvr.protocol import final_line
from rlvr.tasks.base import stable_hash
from rlvr.types import Task
from rlvr.verifiers.math_extract import boxed_contents

__all__ = ["load_gsm8k", "load_math", "load_qa", "MATH_FORMATS"]

PathLike = str | os.PathLike[str]


def _rows(path: PathLike) -> Iterator[tuple[str, dict[str, Any]]]:
    p = Path(path)
    if p.is_dir():
        files = sorted(p.rglob("*.json"))
        if not files:
            raise DataError(f"{p} is a folder without *.json files; pass a JSONL file or a MATH-style folder")
        for f in files:
            try:
                row = json.loads(f.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                raise DataError(f"{f}: not valid JSON ({e}); fix or remove the file") from None
            if not isinstance(row, dict):
                raise DataError(f"{f}: expected a JSON object, got {type(row).__name__}")
            yield str(f), row
        return
    if not p.is_file():
        raise DataError(f"{p} does not exist; pass the path of a task file")
    for lineno, row in read_jsonl_numbered(p):
        yield f"{p}:{lineno}", row


def _need(where: str, row: dict[str, Any], field: str) -> str:
    v = row.get(field)
    if v is None or (isinstance(v, str) and not v.strip()):
        raise DataError(f"{where}: missing field {field!r} (found {sorted(row)[:12]}); name the right column with {field}=...")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    if not isinstance(v, str):
        raise DataError(f"{where}: field {field!r} must be text or a number, got {type(v).__name__}")
    return v


def _task(fmt: str, where: str, raw_id: Any, prompt: str, answer: str, solution: str | None, **meta: Any) -> Task:
    tid = f"math-{fmt}/{raw_id}" if raw_id not in (None, "") else f"math-{fmt}/{stable_hash(prompt)[:16]}"
    meta = {k: v for k, v in meta.items() if v is not None}
    meta.update(source=fmt, origin=where, problem_hash=stable_hash("math", prompt)[:16])
    if solution:
        meta["solution"] = solution
    try:
        return Task(id=tid, suite="math", prompt=prompt, answer=answer, meta=meta)
    except DataError as e:
        raise DataError(f"{where}: {e}") from None


def load_gsm8k(path: PathLike, *, question: str = "question", answer: str = "answer", id: str = "id") -> list[Task]:
    """GSM8K records: the gold follows ``####`` on the answer's last line (thousands commas dropped)."""
    out = []
    for where, row in _rows(path):
        q, a = _need(where, row, question), _need(where, row, answer)
        head, sep, gold = a.rpartition("####")
        if not sep or not gold.strip():
            raise DataError(f"{where}: field {answer!r} has no '#### <answer>' line; is this GSM8K? try --format qa")
        gold = gold.strip().replace(",", "")
        steps = re.sub(r"<<[^>]*>>", "", head).strip()
        solution = f"{steps}\n{final_line(gold)}" if steps else final_line(gold)
        out.append(_task("gsm8k", where, row.get(id), q, gold, solution, answer_type="decimal" if _numeric(gold) else None))
    return out


def _numeric(s: str) -> bool:
    return re.fullmatch(r"-?\d+(?:\.\d+)?", s) is not None


def load_math(path: PathLike, *, problem: str = "problem", solution: str = "solution", answer: str = "answer",
              id: str = "unique_id") -> list[Task]:
    r"""MATH-style records: the gold is ``answer`` when given, else the last ``\boxed{}`` of the solution."""
    out = []
    for where, row in _rows(path):
        q = _need(where, row, problem)
        sol = row.get(solution) if isinstance(row.get(solution), str) else None
        gold = row.get(answer)
        if gold is None or (isinstance(gold, str) and not gold.strip()):
            boxes = boxed_contents(sol or "")
            if not boxes:
                raise DataError(f"{where}: no {answer!r} field and no \\boxed{{}} in {solution!r}; the gold answer is missing")
            gold = boxes[-1]
        gold = str(gold).strip()
        worked = f"{sol.strip()}\n{final_line(gold)}" if sol else None
        level = re.search(r"\d+", str(row.get("level", ""))) if row.get("level") is not None else None
        out.append(_task("math", where, row.get(id), q, gold, worked, difficulty=int(level.group(0)) if level else None,
                         subject=row.get("type") or row.get("subject")))
    return out


def _table_rows(path: PathLike) -> Iterator[tuple[str, dict[str, Any]]]:
    p = Path(path)
    if p.is_dir() and ((p / "dataset_info.json").exists() or (p / "dataset_dict.json").exists() or (p / "state.json").exists()):
        import datasets

        ds = datasets.load_from_disk(str(p))
        if isinstance(ds, datasets.DatasetDict):
            split = "test" if "test" in ds else next(iter(ds))
            ds = ds[split]
        for i, row in enumerate(ds):
            yield f"{p} row {i}", dict(row)
        return
    if p.suffix == ".parquet":
        if not p.is_file():
            raise DataError(f"{p} does not exist; pass the path of a Parquet file")
        import pyarrow.parquet as pq

        for i, row in enumerate(pq.read_table(p).to_pylist()):
            yield f"{p} row {i}", row
        return
    yield from _rows(p)


def load_qa(path: PathLike, *, question: str = "question", answer: str = "answer", id: str = "id",
            solution: str = "solution", answer_type: str | None = None) -> list[Task]:
    """Any JSONL / Parquet / ``datasets`` folder with a question and an answer column (names configurable)."""
    out = []
    for where, row in _table_rows(path):
        q, a = _need(where, row, question), _need(where, row, answer).strip()
        sol = row.get(solution) if isinstance(row.get(solution), str) else None
        worked = f"{sol.strip()}\n{final_line(a)}" if sol else None
        out.append(_task("qa", where, row.get(id), q, a, worked, answer_type=answer_type))
    return out


# format name -> loader; ``rlvr.tasks.loaders`` dispatches to these by name
MATH_FORMATS = {"gsm8k": load_gsm8k, "math": load_math, "qa": load_qa}
