"""Programs that provably do nothing, judged without a sandbox: the judge's own verdict, computed here.

Early in RL a policy answers code tasks with things like ``Final answer: 12``: that parses as Python,
so it used to cost a sandbox run (~20-40 ms) to learn it defines nothing. A program whose every
top-level statement is a literal (``12``, ``-3.5``, ``'text'``, ``...``) or ``pass`` has no effect
at all: it defines no name, prints nothing, reads nothing and exits 0. So what the judge would
report is known in advance, and ``inert_result`` returns exactly that (same counts, same reasons):

- function tests with ``meta.entry_point``: the program does not define it, every test fails;
- stdin/stdout tests: each case's output is empty, compared by the task's rules (an empty expected
  output passes, as it would in the sandbox).

Function tests without an entry point, or with a ``meta.prelude`` (task code that runs first and may
define names), still go to the sandbox: their result depends on running the tests.

>>> is_inert("12"), is_inert("'''doc'''\\npass\\n-1"), is_inert("x = 1"), is_inert("print(1)")
(True, True, False, False)
"""

from __future__ import annotations

import ast
from typing import Any

from rlvr.verifiers.code_extract import split_tests
from rlvr.verifiers.code_harness import MAX_RESULTS, _short, outputs_match

__all__ = ["is_inert", "inert_result"]


def _literal(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant)


def is_inert(program: str) -> bool:
    """True when every top-level statement of ``program`` is a literal or ``pass`` (it then does nothing)."""
    try:
        body = ast.parse(program).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and _literal(s.value)) for s in body)


def inert_result(meta: dict[str, Any], *, compare: str, float_tol: float, stop_on_fail: bool) -> dict[str, Any] | None:
    """The judge's result dict for an inert program on a task with ``meta``, or None if it must really run."""
    if meta.get("prelude"):
        return None
    if meta.get("io") is not None:
        results, passed = [], 0
        for case in meta["io"]:
            ok = outputs_match("", case["stdout"], meta.get("compare", compare), float(meta.get("float_tol", float_tol)))
            passed += ok
            if len(results) < MAX_RESULTS:
                results.append({"ok": ok, "test": repr(case.get("stdin", "")[:60]), "reason": "" if ok else "wrong output: ''"})
            if not ok and stop_on_fail:
                break
        return {"passed": passed, "total": len(meta["io"]), "results": results}
    entry = meta.get("entry_point")
    if not entry:
        return None
    names = [entry] if isinstance(entry, str) else list(entry)
    reason = f"the program does not define {', '.join(names)}"
    counted = [code for code, is_test in split_tests(meta["tests"]) if is_test]
    return {"passed": 0, "total": len(counted),
            "results": [{"ok": False, "test": _short(code), "reason": reason} for code in counted[:MAX_RESULTS]]}
