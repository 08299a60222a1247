"""The ``code`` suite: write a function, a class or a stdin/stdout program; tests come from running a reference.

Families: ``lists``, ``strings``, ``numbers``, ``dicts``, ``recursion``, ``algorithms`` (functions, from
``code_templates``), ``classes`` and ``stdio`` (from ``code_programs``). A problem is a template plus its
parameters (``canonical``), so train and held-out never share a spec, whatever the test inputs.
Difficulty (1..5) widens input ranges and lengths, brings in large numbers and non-ASCII text, adds
tests (3 + 2 * difficulty random cases beside the template's fixed edge cases) and unlocks harder
templates. A function task's prompt is its signature as a ``def`` stub with a docstring: the spec and
two doctest examples. Each task carries its reference (``answer``) and a worked solution ending in the protocol's
``Final answer:`` with the code in a fenced block (``meta.solution``), for SFT warm-start.

>>> task = CodeSuite().generate(1, seed=3, families=["lists"])[0]
>>> task.meta["generator"], task.meta["entry_point"] in task.answer, len(task.meta["tests"]) >= 5
('lists', True, True)
"""

from __future__ import annotations

import copy
import json
import random
import textwrap
from typing import Any, ClassVar

from rlvr.protocol import FINAL
from rlvr.tasks.base import Problem, Suite
from rlvr.tasks.code_programs import CLASSES, STDIO, stdio_program
from rlvr.tasks.code_templates import FAMILIES, TEMPLATES, Template

__all__ = ["CodeSuite", "ANSWER_INSTRUCTION"]

ANSWER_INSTRUCTION = f"Give the complete code in a ```python fenced block right after '{FINAL}'."
MAX_CASE_ATTEMPTS = 50  # random inputs tried per wanted test before settling for fewer distinct ones


def _load(source: str, name: str) -> Any:
    """Our own reference source (never model output), executed to compute expected values."""
    namespace: dict[str, Any] = {"__name__": "reference"}
    exec(compile(source, f"<reference {name}>", "exec"), namespace)
    return namespace[name]


def _solution(intro: str, code: str) -> str:
    return f"{intro}\n\n{FINAL}\n```python\n{code.rstrip()}\n```"


class CodeSuite(Suite):
    """Function, class and stdin/stdout programming tasks verified by running tests in a sandbox."""

    name: ClassVar[str] = "code"
    version: ClassVar[str] = "2"  # 2: function prompts are a stub with a docstring
    verifier: ClassVar[str] = "code"
    families: ClassVar[tuple[str, ...]] = (*FAMILIES, "classes", "stdio")
    max_difficulty: ClassVar[int] = 5

    def make(self, family: str, rng: random.Random, difficulty: int) -> Problem:
        if family == "stdio":
            return self._stdio(rng, difficulty)
        if family == "classes":
            return self._class(rng, difficulty)
        pool = [t for t in TEMPLATES.values() if t.family == family and t.min_difficulty <= difficulty]
        return self._function(rng.choice(pool), rng, difficulty)

    # -- functions ---------------------------------------------------------------------------------
    def _function(self, t: Template, rng: random.Random, d: int) -> Problem:
        params = t.params(rng, d)
        source, spec = t.render(params)
        fn = _load(source, t.name)
        cases = _distinct([tuple(e) for e in t.edges], lambda: t.gen(rng, d, params), 3 + 2 * d, repr)
        tests = []
        for args in cases:
            expected = fn(*copy.deepcopy(args))  # a reference may mutate its arguments: show the originals
            call = f"{t.name}({', '.join(repr(a) for a in args)})"
            if t.approx:
                tests.append(f"assert abs({call} - {expected!r}) <= 1e-6 * max(1.0, abs({expected!r}))")
            else:
                tests.append(f"assert {call} == {expected!r}")
        prompt = f"Write the Python function `{t.name}`: complete this stub.\n\n```python\n{_stub(t.signature, spec, tests, t.approx)}```\n\n{ANSWER_INSTRUCTION}"
        return Problem(
            canonical=f"{t.name}|{json.dumps(params, sort_keys=True)}",
            prompt=prompt,
            answer=source,
            solution=_solution(f"The function `{t.name}` follows the specification directly.", source),
            meta={"tests": tests, "entry_point": t.name, "template": t.name, "params": params},
        )

    # -- classes -----------------------------------------------------------------------------------
    def _class(self, rng: random.Random, d: int) -> Problem:
        t = rng.choice([c for c in CLASSES.values() if c.min_difficulty <= d])
        params = t.params(rng, d)
        source, spec = t.render(params)
        init = t.init(rng, d, params)
        obj = _load(source, t.cls)(*copy.deepcopy(init))
        lines = [f"obj = {t.cls}({', '.join(repr(a) for a in init)})"]
        for method, args in t.ops(rng, d, params):
            call = f"obj.{method}({', '.join(repr(a) for a in args)})"
            try:
                result = getattr(obj, method)(*copy.deepcopy(args))
            except Exception as e:  # the reference raising is part of the spec: the test expects the same
                name = type(e).__name__
                lines.append(f"try:\n    {call}\nexcept {name}:\n    pass\nelse:\n    raise AssertionError('expected {name}')")
                continue
            lines.append(f"assert {call} == {result!r}" if result is not None else call)
        return Problem(
            canonical=f"class:{t.name}|{json.dumps(params, sort_keys=True)}",
            prompt=f"{spec}\n\n{ANSWER_INSTRUCTION}",
            answer=source,
            solution=_solution(f"A class `{t.cls}` keeping its state in attributes.", source),
            meta={"tests": "\n".join(lines) + "\n", "entry_point": t.cls, "template": t.name, "params": params},
        )

    # -- stdin/stdout programs ---------------------------------------------------------------------
    def _stdio(self, rng: random.Random, d: int) -> Problem:
        t = rng.choice([s for s in STDIO.values() if s.min_difficulty <= d])
        params = t.params(rng, d)
        solve_source, spec = t.render(params)
        solve = _load(solve_source, "solve")
        inputs = _distinct(list(t.edges), lambda: t.gen(rng, d, params), 3 + 2 * d, str)
        io = [{"stdin": text, "stdout": solve(text)} for text in inputs]
        program = stdio_program(solve_source)
        ex = io[-1]
        prompt = (f"Write a Python program that reads standard input and writes standard output.\n\n{spec}\n\n"
                  f"Example input:\n{ex['stdin']}\nExample output:\n{ex['stdout']}\n{ANSWER_INSTRUCTION}")
        return Problem(
            canonical=f"stdio:{t.name}|{json.dumps(params, sort_keys=True)}",
            prompt=prompt,
            answer=program,
            solution=_solution("Read all of standard input, compute the answer, print it.", program),
            meta={"io": io, "template": t.name, "params": params},
        )


def _stub(signature: str, spec: str, tests: list[str], approx: bool) -> str:
    """The function's ``def`` line and a docstring: the spec, then the first two tests as doctest examples."""
    lines = textwrap.wrap(spec, 96) or [""]
    if not approx:
        lines.append("")
        for c in tests[:2]:
            call, expected = c[len("assert "):].split(" == ", 1)
            lines += [f">>> {call}", expected]
    body = "\n".join(f"    {line}".rstrip() for line in lines)
    return f'def {signature}:\n    """\n{body}\n    """\n'


def _distinct(fixed: list, make: Any, wanted: int, key: Any) -> list:
    """The fixed edge cases plus ``wanted`` distinct random ones (fewer if the input space is small)."""
    out, seen = [], set()
    for case in fixed:
        if key(case) not in seen:
            seen.add(key(case))
            out.append(case)
    extra, attempts = 0, 0
    while extra < wanted and attempts < wanted * MAX_CASE_ATTEMPTS:
        attempts += 1
        case = make()
        if key(case) not in seen:
            seen.add(key(case))
            out.append(case)
            extra += 1
    return out
