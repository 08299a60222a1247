"""What a logic task's ``meta`` must hold, per family; ``check_logic_task`` raises TaskError naming the gap.

Task files may be written by hand or by other tools, so the verifier checks the structure it will
rely on before judging anything: a malformed task is the caller's mistake, never a model's fail.

>>> from rlvr.types import Task
>>> check_logic_task(Task(id="t", suite="logic", prompt="?", meta={"generator": "sat", "num_vars": 1}))
Traceback (most recent call last):
...
rlvr.errors.TaskError: logic task 't' (sat): meta.satisfiable is missing; regenerate the task with `rlvr tasks generate --suite logic`
"""

from __future__ import annotations

from typing import Any

from rlvr.errors import TaskError
from rlvr.types import Task
from rlvr.verifiers.logic_formula import FormulaError, atoms, parse

__all__ = ["check_logic_task", "FAMILIES"]

FAMILIES = ("knights", "sat", "sudoku", "zebra", "proof", "syllogism", "circuit")
ZEBRA_CLUES = ("same", "not_same", "position", "not_position", "left_of", "next_to", "before")
GATE_OPS = ("AND", "OR", "XOR", "NAND", "NOR", "NOT")


class _Gap(Exception):
    pass


def _need(meta: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in meta:
        raise _Gap(f"meta.{key} is missing")
    value = meta[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise _Gap(f"meta.{key} has the wrong type ({type(value).__name__})")
    return value


def _ok(cond: bool, msg: str) -> None:
    if not cond:
        raise _Gap(msg)


def _formula(f: Any, depth: int = 0) -> bool:
    """A well-formed formula tree (see logic_formula), at most 40 deep."""
    if depth > 40:
        return False
    if isinstance(f, (bool, str)):
        return True
    if not isinstance(f, list) or not f:
        return False
    if f[0] == "not":
        return len(f) == 2 and _formula(f[1], depth + 1)
    if f[0] in ("and", "or", "imp", "iff", "xor"):
        return len(f) == 3 and all(_formula(g, depth + 1) for g in f[1:])
    if f[0] == "exactly":
        return len(f) >= 3 and isinstance(f[1], int) and all(_formula(g, depth + 1) for g in f[2:])
    return False


def _knights(m: dict[str, Any]) -> None:
    people = _need(m, "people", list)
    _ok(bool(people) and all(isinstance(p, str) for p in people), "meta.people must be a non-empty list of names")
    for s in _need(m, "statements", list):
        _ok(isinstance(s, dict) and s.get("speaker") in people and isinstance(s.get("text"), str), "a statement needs speaker and text")
        _ok(_formula(s.get("formula")), f"statement formula {s.get('formula')!r} is not a formula tree")
        _ok(atoms(s["formula"]) <= set(people), "a statement formula names someone who is not in meta.people")


def _sat(m: dict[str, Any]) -> None:
    n = _need(m, "num_vars", int)
    _need(m, "satisfiable", bool)
    clauses = _need(m, "clauses", list)
    _ok(1 <= n <= 500 and len(clauses) <= 5000, "the formula is larger than the logic verifier takes (500 variables, 5000 clauses)")
    _ok(all(isinstance(c, list) and c and all(isinstance(x, int) and 0 < abs(x) <= n for x in c) for c in clauses),
        "meta.clauses must be non-empty lists of literals within 1..num_vars")


def _sudoku(m: dict[str, Any]) -> None:
    box = _need(m, "box", list)
    _ok(len(box) == 2 and all(isinstance(b, int) and 1 <= b <= 3 for b in box), "meta.box must be [rows, cols], each 1..3")
    n = box[0] * box[1]
    givens = _need(m, "givens", list)
    _ok(len(givens) == n and all(isinstance(r, str) and len(r) == n and all(c in "0123456789"[: n + 1] for c in r) for r in givens),
        f"meta.givens must be {n} strings of {n} digits 0-{n}")


def _zebra(m: dict[str, Any]) -> None:
    n = _need(m, "houses", int)
    cats = _need(m, "categories", dict)
    _ok(all(isinstance(v, list) and len(v) == n and all(isinstance(x, str) for x in v) for v in cats.values()),
        f"every category needs {n} values")
    for c in _need(m, "clues", list):
        _ok(isinstance(c, dict) and c.get("type") in ZEBRA_CLUES, f"a clue has an unknown type; known: {ZEBRA_CLUES}")
        positional = c["type"] in ("position", "not_position")
        for key in ("a",) if positional else ("a", "b"):
            item = c.get(key)
            _ok(isinstance(item, list) and len(item) == 2 and item[1] in cats.get(item[0], []), f"clue item {item!r} is not a category value")
        _ok(not positional or c.get("pos") in range(1, n + 1), f"a {c['type']} clue needs pos, a house number 1..{n}")


def _proof(m: dict[str, Any]) -> None:
    premises = _need(m, "premises", list)
    goal = _need(m, "goal", str)
    try:
        for f in [*premises, goal]:
            parse(f)
    except (FormulaError, TypeError) as e:
        raise _Gap(f"a premise or the goal is not a formula: {e}") from None


def _syllogism(m: dict[str, Any]) -> None:
    terms = _need(m, "terms", list)
    _ok(2 <= len(terms) <= 6, "meta.terms must hold 2..6 terms")
    for st in [*_need(m, "premises", list), _need(m, "conclusion", list)]:
        _ok(isinstance(st, list) and len(st) == 3 and st[0] in ("A", "E", "I", "O") and st[1] in terms and st[2] in terms,
            "a statement must be [form A/E/I/O, term, term]")


def _circuit(m: dict[str, Any]) -> None:
    inputs = _need(m, "inputs", dict)
    _ok(all(v in (0, 1) for v in inputs.values()), "meta.inputs values must be 0 or 1")
    known = set(inputs)
    for g in _need(m, "gates", list):
        _ok(isinstance(g, list) and len(g) == 3 and g[1] in GATE_OPS and isinstance(g[2], list) and g[2]
            and all(a in known for a in g[2]), f"gate {g!r} must be [name, op, [earlier signals]]")
        known.add(g[0])
    outs = _need(m, "outputs", list)
    _ok(bool(outs) and all(o in known for o in outs), "meta.outputs must name signals of the circuit")


_CHECKS = {"knights": _knights, "sat": _sat, "sudoku": _sudoku, "zebra": _zebra, "proof": _proof,
           "syllogism": _syllogism, "circuit": _circuit}


def check_logic_task(task: Task) -> None:
    """Raise TaskError unless ``task.meta`` holds what its family's parser and judge read."""
    family = task.meta.get("generator")
    if family not in _CHECKS:
        raise TaskError(f"logic task {task.id!r}: meta.generator is {family!r}; it must be one of {', '.join(FAMILIES)}")
    try:
        _CHECKS[family](task.meta)
    except _Gap as e:
        raise TaskError(f"logic task {task.id!r} ({family}): {e}; regenerate the task with `rlvr tasks generate --suite logic`") from None
    except (TypeError, KeyError, IndexError, AttributeError) as e:
        raise TaskError(f"logic task {task.id!r} ({family}): malformed meta ({type(e).__name__}: {e})") from None
