"""Code tasks from files on disk: HumanEval-style, MBPP-style, stdin/stdout sets, and generic JSONL.

Each loader reads JSONL (one record per line; a bad line is named with its number), returns ``code``
suite Tasks the ``code`` verifier can run, and raises DataError naming the file, the line and the
missing field. The formats (field names are the public datasets'; every one can be renamed):

- ``humaneval``: ``task_id``, ``prompt`` (signature + docstring), ``test`` (defines ``check(candidate)``),
  ``entry_point``, optional ``canonical_solution``. The test becomes ``<test>`` + ``check(<entry_point>)``;
  the prompt's import lines become ``meta.prelude`` (run before the program, as HumanEval does).
- ``mbpp``: ``task_id``, ``text``, ``test_list`` (assert strings), optional ``test_setup_code`` and
  ``code`` (the reference). The prompt shows the tests, as MBPP's own prompt does (``show_tests=False``
  hides them).
- ``stdio``: a statement (``question`` / ``description`` / ``prompt``) and cases as ``io``
  ([{stdin, stdout}]), APPS' ``input_output`` ({"inputs": [...], "outputs": [...]}, a JSON string or
  object), CodeContests' ``public_tests`` / ``private_tests`` / ``generated_tests`` ({"input": [...],
  "output": [...]}), or ``inputs`` + ``outputs`` lists; optional ``solutions`` (first one is the reference).
- ``code-jsonl``: any JSONL, fields named by keyword: ``prompt``, ``tests`` or ``io``, ``entry_point``,
  ``solution``, ``id``.

>>> import json, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "mbpp.jsonl")
>>> _ = open(path, "w").write(json.dumps({"task_id": 2, "text": "Add two numbers.", "test_list": ["assert add(1, 2) == 3"]}) + "\\n")
>>> load_mbpp(path)[0].meta["tests"]
'assert add(1, 2) == 3\\n'
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from rlvr.errors import DataError
from rlvr.jsonl import read_jsonl_numbered
from rlvr.protocol import FINAL
from rlvr.tasks.base import stable_hash
from rlvr.tasks.code import ANSWER_INSTRUCTION
from rlvr.types import Task

__all__ = ["load_humaneval", "load_mbpp", "load_stdio", "load_code_jsonl", "CODE_FORMATS"]

PathLike = str | os.PathLike[str]


def _rows(path: PathLike) -> Iterator[tuple[str, dict[str, Any]]]:
    if not os.path.isfile(path):
        raise DataError(f"{path} does not exist or is not a file; pass a JSONL file of code tasks")
    for lineno, row in read_jsonl_numbered(path):
        yield f"{path}:{lineno}", row


def _need(where: str, row: dict[str, Any], field: str, kind: type | tuple[type, ...] = str) -> Any:
    if field not in row or row[field] is None:
        raise DataError(f"{where}: missing field {field!r} (found {sorted(row)[:12]}); name the right column with {field}=...")
    if not isinstance(row[field], kind):
        raise DataError(f"{where}: field {field!r} must be {getattr(kind, '__name__', kind)}, got {type(row[field]).__name__}")
    return row[field]


def _solution(code: str | None) -> str | None:
    return f"Here is the program.\n\n{FINAL}\n```python\n{code.rstrip()}\n```" if code else None


def _task(fmt: str, where: str, raw_id: Any, prompt: str, meta: dict[str, Any], reference: str | None) -> Task:
    tid = f"code-{fmt}/{raw_id}" if raw_id not in (None, "") else f"code-{fmt}/{stable_hash(prompt)[:16]}"
    meta = {k: v for k, v in meta.items() if v is not None}
    meta.update(source=fmt, origin=where)
    if reference:
        meta["solution"] = _solution(reference)
    try:
        return Task(id=tid, suite="code", prompt=prompt, answer=reference, meta=meta)
    except DataError as e:
        raise DataError(f"{where}: {e}") from None


def load_humaneval(path: PathLike, *, id: str = "task_id", prompt: str = "prompt", test: str = "test",
                   entry_point: str = "entry_point", solution: str = "canonical_solution") -> list[Task]:
    """HumanEval-style records (see the module docstring)."""
    out = []
    for where, row in _rows(path):
        text, tests, entry = _need(where, row, prompt), _need(where, row, test), _need(where, row, entry_point)
        prelude = "\n".join(line for line in text.splitlines() if line.startswith(("import ", "from "))) or None
        body = row.get(solution)
        reference = text + body if isinstance(body, str) and body.strip() else None
        full = (f"Complete this Python function; give the whole function, not only its body.\n\n```python\n{text.rstrip()}\n```"
                f"\n\n{ANSWER_INSTRUCTION}")
        out.append(_task("humaneval", where, row.get(id), full,
                         {"tests": f"{tests.rstrip()}\n\ncheck({entry})\n", "entry_point": entry, "prelude": prelude}, reference))
    return out


def load_mbpp(path: PathLike, *, id: str = "task_id", text: str = "text", tests: str = "test_list",
              setup: str = "test_setup_code", solution: str = "code", show_tests: bool = True) -> list[Task]:
    """MBPP-style records (see the module docstring)."""
    out = []
    for where, row in _rows(path):
        spec, test_list = _need(where, row, text), _need(where, row, tests, list)
        if not test_list or not all(isinstance(t, str) for t in test_list):
            raise DataError(f"{where}: field {tests!r} must be a non-empty list of assert strings")
        pre = row.get(setup) if isinstance(row.get(setup), str) and row.get(setup).strip() else ""
        shown = "\n\nYour code should pass these tests:\n" + "\n".join(test_list) if show_tests else ""
        code = (pre + "\n" if pre else "") + "\n".join(test_list) + "\n"
        out.append(_task("mbpp", where, row.get(id), f"{spec}{shown}\n\n{ANSWER_INSTRUCTION}", {"tests": code},
                         row.get(solution) if isinstance(row.get(solution), str) else None))
    return out


def _as_list(x: Any) -> list[str] | None:
    if isinstance(x, list) and all(isinstance(i, str) for i in x):
        return x
    return None


def _io_cases(where: str, row: dict[str, Any]) -> list[dict[str, str]]:
    if isinstance(row.get("io"), list):
        cases = row["io"]
        if all(isinstance(c, dict) and isinstance(c.get("stdout"), str) for c in cases):
            return [{"stdin": str(c.get("stdin", "")), "stdout": c["stdout"]} for c in cases]
    if "input_output" in row:  # APPS / TACO
        spec = row["input_output"]
        try:
            spec = json.loads(spec) if isinstance(spec, str) else spec
        except ValueError:
            raise DataError(f"{where}: field 'input_output' is not valid JSON") from None
        if isinstance(spec, dict) and spec.get("fn_name"):
            raise DataError(f"{where}: this APPS row is call-based (fn_name={spec['fn_name']!r}), not stdin/stdout; "
                            "convert it to tests and load it with format code-jsonl")
        ins, outs = _as_list((spec or {}).get("inputs")), _as_list((spec or {}).get("outputs"))
        if ins is not None and outs is not None and len(ins) == len(outs):
            return [{"stdin": i, "stdout": o} for i, o in zip(ins, outs)]
    cases: list[dict[str, str]] = []
    for key in ("public_tests", "private_tests", "generated_tests"):  # CodeContests
        block = row.get(key)
        if isinstance(block, dict):
            ins, outs = _as_list(block.get("input")), _as_list(block.get("output"))
            if ins is not None and outs is not None:
                cases += [{"stdin": i, "stdout": o} for i, o in zip(ins, outs)]
    if cases:
        return cases
    ins, outs = _as_list(row.get("inputs")), _as_list(row.get("outputs"))
    if ins is not None and outs is not None and len(ins) == len(outs) and ins:
        return [{"stdin": i, "stdout": o} for i, o in zip(ins, outs)]
    raise DataError(f"{where}: no stdin/stdout cases found; expected 'io', 'input_output', 'public_tests'/'private_tests' or 'inputs'+'outputs'")


def load_stdio(path: PathLike, *, id: str = "id", prompt: str | None = None, compare: str | None = None) -> list[Task]:
    """stdin/stdout problem sets (see the module docstring); ``compare`` sets every task's stdout rule."""
    out = []
    for where, row in _rows(path):
        field = prompt or next((f for f in ("question", "description", "prompt", "problem", "statement") if isinstance(row.get(f), str)), None)
        if field is None:
            raise DataError(f"{where}: no problem statement; expected 'question', 'description' or 'prompt' (or set prompt=FIELD)")
        statement = _need(where, row, field)
        cases = _io_cases(where, row)
        if not cases:
            raise DataError(f"{where}: the problem has no stdin/stdout cases")
        sols = row.get("solutions")
        if isinstance(sols, str):
            try:
                sols = json.loads(sols)
            except ValueError:
                sols = None
        if isinstance(sols, dict):  # CodeContests: {"language": [...], "solution": [...]}
            sols = sols.get("solution")
        reference = sols[0] if isinstance(sols, list) and sols and isinstance(sols[0], str) else None
        raw_id = row.get(id, row.get("problem_id", row.get("name")))
        text = f"Write a Python program that reads standard input and writes standard output.\n\n{statement.strip()}\n\n{ANSWER_INSTRUCTION}"
        out.append(_task("stdio", where, raw_id, text, {"io": cases, "compare": compare}, reference))
    return out


def load_code_jsonl(path: PathLike, *, prompt: str = "prompt", tests: str | None = "tests", io: str | None = "io",
                    entry_point: str | None = "entry_point", solution: str | None = "solution", id: str = "id") -> list[Task]:
    """Any JSONL: name the fields holding the prompt, the tests (or the io cases), the entry point, the reference."""
    out = []
    for where, row in _rows(path):
        text = _need(where, row, prompt)
        meta: dict[str, Any] = {}
        if tests and row.get(tests) is not None:
            meta["tests"] = row[tests]
        elif io and row.get(io) is not None:
            meta["io"] = _io_cases(where, {"io": row[io]})
        else:
            raise DataError(f"{where}: neither {tests!r} nor {io!r} holds tests; name the field with tests=... or io=...")
        if entry_point and row.get(entry_point) is not None:
            meta["entry_point"] = row[entry_point]
        reference = row.get(solution) if solution and isinstance(row.get(solution), str) else None
        out.append(_task("jsonl", where, row.get(id), text, meta, reference))
    return out


# format name -> loader; ``rlvr.tasks.loaders`` dispatches to these by name
CODE_FORMATS = {"humaneval": load_humaneval, "mbpp": load_mbpp, "stdio": load_stdio, "code-jsonl": load_code_jsonl}
