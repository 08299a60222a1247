"""Reading a program out of a completion, and cutting a task's test code into test units.

Extraction is line-based, not one big regex: a completion is hostile input, and a backtracking regex
over 200,000 characters of unmatched fences can take quadratic time.

>>> extract_program("Here:\\n```python\\ndef f():\\n    return 1\\n```\\nFinal answer:\\n```python\\ndef f():\\n    return 2\\n```")
'def f():\\n    return 2'
>>> split_tests("import math\\nassert f(1) == 2\\nassert f(2) == 3")
[['import math', False], ['assert f(1) == 2', True], ['assert f(2) == 3', True]]
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from rlvr.errors import TaskError
from rlvr.protocol import ABSTAIN_TEXT, FINAL, FINAL_HEDGED

__all__ = ["Block", "fenced_blocks", "extract_program", "split_tests", "BLOCK_CHOICES", "parse_error"]

BLOCK_CHOICES = ("auto", "last", "first", "final")
PYTHON_TAGS = ("", "python", "py", "python3", "py3", "pycon")
SETUP_NODES = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign,
               ast.AnnAssign, ast.AugAssign, ast.Pass, ast.Global, ast.Nonlocal)


@dataclass(frozen=True)
class Block:
    """One fenced block: its language tag, its body, and the character offset where its fence opened."""

    tag: str
    body: str
    start: int


def fenced_blocks(text: str) -> list[Block]:
    """Every ``` or ~~~ fenced block, in order; an unclosed last block runs to the end (a truncated reply)."""
    blocks: list[Block] = []
    fence, tag, body, start, offset = "", "", [], 0, 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not fence:
            if stripped.startswith(("```", "~~~")):
                char = stripped[0]
                n = len(stripped) - len(stripped.lstrip(char))
                fence, tag, body, start = char * n, stripped[n:].strip().lower(), [], offset
        elif stripped.startswith(fence) and not stripped.lstrip(fence[0]).strip():
            blocks.append(Block(tag, "".join(body).rstrip("\n"), start))
            fence = ""
        else:
            body.append(line)
        offset += len(line)
    if fence:
        blocks.append(Block(tag, "".join(body).rstrip("\n"), start))
    return blocks


def _pythonish(blocks: list[Block]) -> list[Block]:
    tagged = [b for b in blocks if (b.tag.split() or [""])[0] in PYTHON_TAGS]
    return tagged or blocks


def _marker_end(text: str) -> int:
    """Offset just after the last ``Final answer:`` marker (either form), or -1."""
    best = -1
    for marker in (FINAL, FINAL_HEDGED):
        i = text.rfind(marker)
        if i >= 0:
            best = max(best, i + len(marker))
    return best


def extract_program(completion: str, block: str = "auto") -> str | None:
    """The program in ``completion``, or None.

    ``auto``: the first fenced block after the last ``Final answer:`` marker; else code written right
    after the marker; else the last fenced block; else the whole completion as bare code.
    ``last`` / ``first``: that fenced block (bare code if there is none). ``final``: only code after the
    marker. Blocks tagged with another language (``bash``, ``text``) are skipped when Python ones exist.
    """
    blocks = _pythonish(fenced_blocks(completion))
    if block in ("last", "first"):
        if blocks:
            return blocks[-1 if block == "last" else 0].body
        return completion.strip() or None
    end = _marker_end(completion)
    if end >= 0:
        after = [b for b in blocks if b.start >= end]
        if after:
            return after[0].body
        rest = completion[end:].strip()
        if rest == ABSTAIN_TEXT or rest.rstrip(".") == ABSTAIN_TEXT:
            return None
        if rest and parse_error(rest) is None:
            return rest
        if block == "final":
            return None
    elif block == "final":
        return None
    if blocks:
        return blocks[-1].body
    return completion.strip() or None


def parse_error(program: str) -> str | None:
    """None if ``program`` parses as Python, else a one-line reason. Never raises, whatever the input."""
    try:
        ast.parse(program)
    except SyntaxError as e:
        return f"SyntaxError at line {e.lineno}: {e.msg}"
    except (ValueError, RecursionError, MemoryError, OverflowError) as e:
        return f"{type(e).__name__}: {str(e)[:120]}"
    return None


def split_tests(tests: str | list[str]) -> list[list]:
    """Test code as ``[code, counted]`` units, run in order in one namespace.

    A list holds one test per item (MBPP's ``test_list``). A string is cut at its top-level statements:
    imports, definitions and assignments are setup (run, not counted); every other statement (an
    ``assert``, a call like ``check(candidate)``, a loop of asserts) is one counted test.
    Raises TaskError when the test code does not parse, or holds no test at all.
    """
    if isinstance(tests, list):
        units = [[t, True] for t in tests]
        for i, t in enumerate(tests):
            if not isinstance(t, str) or parse_error(t):
                raise TaskError(f"meta.tests[{i}] is not valid Python test code ({parse_error(t) if isinstance(t, str) else type(t).__name__})")
    else:
        try:
            tree = ast.parse(tests)
        except (SyntaxError, ValueError, RecursionError) as e:
            raise TaskError(f"meta.tests is not valid Python: {e}") from None
        lines = tests.splitlines(keepends=True)
        units = []
        last_end = 0
        for stmt in tree.body:
            first = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])])
            counted = not isinstance(stmt, SETUP_NODES)
            if first <= last_end and units:  # two statements on one line (a; b): one unit
                units[-1][0] += "".join(lines[last_end:stmt.end_lineno])
                units[-1][1] = units[-1][1] or counted
            else:
                units.append(["".join(lines[first - 1:stmt.end_lineno]).rstrip("\n"), counted])
            last_end = max(last_end, stmt.end_lineno or first)
    if not any(counted for _, counted in units):
        raise TaskError("meta.tests holds no test (only imports, definitions or assignments); add assert statements")
    return units
