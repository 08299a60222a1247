"""Inert programs (only literals) are judged without a sandbox, and the verdict is the one the sandbox gives."""

from __future__ import annotations

import pytest

from rlvr.sandboxes import FakeSandbox, available_backends
from rlvr.types import Task
from rlvr.verifiers.code import CodeVerifier
from rlvr.verifiers.code_inert import inert_result, is_inert

ADD = Task(id="add", suite="code", prompt="add", meta={"entry_point": "add", "tests": ["assert add(1, 2) == 3", "assert add(0, 0) == 0"]})
PAIR = Task(id="pair", suite="code", prompt="p", meta={"entry_point": ["f", "g"], "tests": "x = 1\nassert f(x) == 2\nassert g() is None\n"})
EMPTY_OUT = Task(id="quiet", suite="code", prompt="q", meta={"io": [{"stdin": "1\n", "stdout": ""}, {"stdin": "", "stdout": "\n\n"}]})
MIXED_OUT = Task(id="mixed", suite="code", prompt="m", meta={"io": [{"stdin": "", "stdout": ""}, {"stdin": "2\n", "stdout": "4\n"},
                                                                    {"stdin": "", "stdout": " "}]})
PROGRAMS = ["12", "-3.5\n'''a docstring'''\npass", "...", "b'bytes'\n+7"]


@pytest.mark.parametrize("program,inert", [("12", True), ("pass", True), ("-1\n+2", True), ("x = 12", False), ("print()", False),
                                            ("import os", False), ("2 ** 10 ** 10", False), ("def add(a, b): return 3", False),
                                            ("(", False), ("", True), ("not 1", False)])
def test_only_literals_and_pass_are_inert(program, inert):
    assert is_inert(program) is inert


def test_tasks_whose_outcome_needs_the_tests_run_go_to_the_sandbox():
    no_entry = {"tests": "assert 1 + 1 == 2"}  # tests that never touch the program: only running them tells
    prelude = {**ADD.meta, "prelude": "def add(a, b):\n    return a + b"}  # task code defines the entry point
    assert inert_result(no_entry, compare="lines", float_tol=1e-6, stop_on_fail=True) is None
    assert inert_result(prelude, compare="lines", float_tol=1e-6, stop_on_fail=True) is None


def test_an_inert_program_costs_no_sandbox_run():
    sb = FakeSandbox()
    v = CodeVerifier().use_sandbox(sb)
    verdicts = v.verify_batch([ADD, EMPTY_OUT, MIXED_OUT], ["Final answer: 12"] * 3)
    assert sb.jobs == []
    assert [x.status for x in verdicts] == ["fail", "pass", "fail"]
    assert "does not define add" in verdicts[0].reason


@pytest.mark.parametrize("score", ["all", "fraction"])
def test_verdict_matches_the_sandbox_judge(score):
    backend = available_backends()[0]
    v = CodeVerifier(sandbox=backend, score=score)
    rows = [(t, p) for t in (ADD, PAIR, EMPTY_OUT, MIXED_OUT) for p in PROGRAMS]
    try:
        fast = v.verify_batch([t for t, _ in rows], [f"Final answer:\n```python\n{p}\n```" for _, p in rows])
        ran = v._run_judge(rows)  # the same programs through the judge in the sandbox
    finally:
        v.close()
    strip = lambda d: {k: x for k, x in d.items() if k != "seconds_in_sandbox"}  # noqa: E731
    for (task, program), a, b in zip(rows, fast, ran):
        assert (a.status, a.score, a.reason, strip(a.details)) == (b.status, b.score, b.reason, strip(b.details)), (task.id, program)


def test_a_repeated_program_for_the_same_task_runs_once():
    sb = FakeSandbox()
    v = CodeVerifier().use_sandbox(sb)
    done = "def add(a, b):\n    return a + b\n"
    v.verify_batch([ADD, ADD, ADD, PAIR], [done, done, done.replace("a + b", "b + a"), done])
    assert len(sb.jobs) == 3  # the two identical (task, program) pairs share one run; other text or task runs apart
