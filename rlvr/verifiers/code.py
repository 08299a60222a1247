"""The ``code`` verifier: run the completion's program against the task's tests in a sandbox.

A task carries either ``meta.tests`` (Python test code that calls the program's functions and classes
by name; a string cut into statements, or a list with one test per item) or ``meta.io`` (a list of
``{"stdin": ..., "stdout": ...}`` cases). ``meta.entry_point`` (a name or a list of names) is optional:
without it every top-level function and class the program defines is reachable from the tests.
``meta.prelude`` (optional) is source run before the program (HumanEval's ``from typing import List``).

What is sent to the sandbox is the judge, ``code_harness.py`` (as bytecode the sandbox's own python3
compiled, see ``code_judge.py``), never the tests themselves: the tests, expected values and a per-run
nonce reach it on stdin, and it runs the program in a fresh interpreter of its own (``code_child.py``),
talking plain data over a pipe. So the program cannot read the tests, fake the verdict line, exit
early, lie through ``__eq__`` or arithmetic, or patch the asserts (that file's docstring has each defence).

stdout rules (``compare``): ``lines`` (default) compares line by line after dropping trailing
whitespace on each line and trailing blank lines, with runs of spaces inside a line equal; ``tokens``
compares whitespace-separated tokens and ignores line structure; ``exact`` compares bytes after
turning CRLF into LF. In ``lines`` and ``tokens``, an expected token written as a decimal (with a point
or an exponent) matches any number within ``float_tol`` (relative, absolute below 1); integer tokens
and words must match exactly. A non-zero exit code fails the case whatever was printed.

Scoring (``score``): ``all`` (default) passes only when every test passes and stops at the first
failure; ``fraction`` runs every test and scores the share that passed. A sandbox fault, or a harness
that never started, is ``error`` (ours), never ``fail``. A program that provably does nothing (only
literals, such as ``Final answer: 12``) gets the judge's verdict without a sandbox run (``code_inert.py``),
and a batch that holds the same program for the same task twice runs it once (both get that verdict).

>>> v = CodeVerifier()  # the strongest sandbox that works here
>>> task = Task(id="t", suite="code", prompt="add", meta={"tests": "assert add(2, 3) == 5"})
>>> v.verify(task, "Final answer:\\n```python\\ndef add(a, b):\\n    return a + b\\n```").status
'pass'
>>> v.verify(task, "```python\\nimport sys\\nsys.exit(0)\\n```").status
'fail'
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rlvr.errors import ConfigError, SandboxError, TaskError
from rlvr.types import ExecResult, Limits, Task, Verdict
from rlvr.verifiers.base import MAX_COMPLETION_CHARS, NOTHING, Verifier, _with_seconds
from rlvr.verifiers.code_extract import BLOCK_CHOICES, extract_program, parse_error, split_tests
from rlvr.verifiers.code_inert import inert_result, is_inert
from rlvr.verifiers.code_judge import CHILD_SOURCE, HARNESS_SOURCE, judge_program

__all__ = ["CodeVerifier", "HARNESS_SOURCE", "COMPARE_CHOICES", "SCORE_CHOICES"]

COMPARE_CHOICES = ("lines", "tokens", "exact")
SCORE_CHOICES = ("all", "fraction")
HARNESS_MARGIN_S = 5.0  # the sandbox's own wall limit sits above the harness's budget: the harness reports first


@lru_cache(maxsize=4096)
def _units(tests_json: str) -> list[list]:
    return split_tests(json.loads(tests_json))


class CodeVerifier(Verifier):
    """Unit-test and stdin/stdout verifier for programs, judged from outside the program (see module doc).

    Options (``rlvr verify -O code.KEY=VALUE``): ``score`` all|fraction, ``block`` auto|last|first|final,
    ``sandbox`` a backend name, ``cpu_s`` / ``wall_s`` per test, ``budget_s`` per task, ``memory_mib`` for
    the program, ``compare`` lines|tokens|exact and ``float_tol`` for stdout (a task's ``meta.compare`` /
    ``meta.float_tol`` win), ``workers`` for the sandbox pool.
    """

    name = "code"
    version = "1"

    def __init__(self, score: str = "all", block: str = "auto", sandbox: str = "auto", cpu_s: float = 2.0,
                 wall_s: float = 6.0, budget_s: float = 30.0, memory_mib: int = 256, compare: str = "lines",
                 float_tol: float = 1e-6, workers: int | None = None):
        for key, value, choices in (("score", score, SCORE_CHOICES), ("block", block, BLOCK_CHOICES),
                                    ("compare", compare, COMPARE_CHOICES)):
            if value not in choices:
                raise ConfigError(f"code verifier option {key}={value!r} is not one of {list(choices)}")
        for key, value in (("cpu_s", cpu_s), ("wall_s", wall_s), ("budget_s", budget_s), ("memory_mib", memory_mib)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ConfigError(f"code verifier option {key}={value!r} must be a positive number")
        if isinstance(float_tol, bool) or not isinstance(float_tol, (int, float)) or float_tol < 0:
            raise ConfigError(f"code verifier option float_tol={float_tol!r} must be a number >= 0")
        if not isinstance(sandbox, str):
            raise ConfigError(f"code verifier option sandbox={sandbox!r} must be a backend name")
        self.score, self.block, self.sandbox_name = score, block, sandbox
        self.cpu_s, self.wall_s, self.budget_s, self.memory_mib = float(cpu_s), float(wall_s), float(budget_s), int(memory_mib)
        self.compare, self.float_tol, self.workers = compare, float(float_tol), workers
        self._sandbox: Any = None
        self._program: str | None = None  # the judge as this sandbox runs it (code_judge.judge_program)

    # -- pickling: the sandbox (worker pools) is process-local and rebuilt where the verifier lands ----
    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_sandbox", "_program")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _sandbox=None, _program=None)

    def sandbox(self) -> Any:
        """The sandbox this verifier runs programs in (made on first use)."""
        if self._sandbox is None:
            from rlvr.sandboxes import get_sandbox

            opts = {"workers": self.workers} if self.workers else {}
            self._sandbox = get_sandbox(self.sandbox_name, **opts)
        return self._sandbox

    def use_sandbox(self, sandbox: Any) -> CodeVerifier:
        """Run programs in ``sandbox`` (an already made one, e.g. a FakeSandbox in tests); returns self."""
        self._sandbox, self._program = sandbox, None
        return self

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None
        self._program = None

    # -- the task ------------------------------------------------------------------------------------
    def check_task(self, task: Task) -> None:
        meta = task.meta
        tests, io = meta.get("tests"), meta.get("io")
        if (tests is None) == (io is None):
            raise TaskError(f"code task {task.id!r} needs exactly one of meta.tests (Python test code) or meta.io ([{{stdin, stdout}}])")
        if tests is not None:
            if not (isinstance(tests, str) or (isinstance(tests, list) and tests)):
                raise TaskError(f"code task {task.id!r}: meta.tests must be a string or a non-empty list of strings")
            _units(json.dumps(tests))
        else:
            if not isinstance(io, list) or not io or not all(
                    isinstance(c, dict) and isinstance(c.get("stdin", ""), str) and isinstance(c.get("stdout"), str) for c in io):
                raise TaskError(f"code task {task.id!r}: meta.io must be a non-empty list of {{\"stdin\": str, \"stdout\": str}}")
        entry = meta.get("entry_point")
        if entry is not None and not (isinstance(entry, str) and entry.isidentifier()) and not (
                isinstance(entry, list) and entry and all(isinstance(e, str) and e.isidentifier() for e in entry)):
            raise TaskError(f"code task {task.id!r}: meta.entry_point must be a name or a list of names, got {entry!r}")
        if meta.get("prelude") is not None and not isinstance(meta["prelude"], str):
            raise TaskError(f"code task {task.id!r}: meta.prelude must be Python source run before the program")
        if meta.get("compare", self.compare) not in COMPARE_CHOICES:
            raise TaskError(f"code task {task.id!r}: meta.compare must be one of {list(COMPARE_CHOICES)}")

    # -- read and judge ------------------------------------------------------------------------------
    def extract(self, task: Task, completion: str) -> Any:
        program = extract_program(completion, self.block)
        return NOTHING if program is None or not program.strip() else program

    def check(self, task: Task, extracted: Any) -> Verdict:
        why = parse_error(extracted) if isinstance(extracted, str) else "not text"
        if why is not None:
            return self.failed(f"the program does not parse: {why}", extracted=str(extracted)[:2000])
        return self._judge_many([(task, extracted)])[0]

    def _verify(self, task: Task, completion: Any) -> Verdict:
        early = self._pre_check(task, completion)
        if isinstance(early, Verdict):
            return early
        return self._judge_many([(task, early)])[0]

    def verify_batch(self, tasks: Sequence[Task], completions: Sequence[Any]) -> list[Verdict]:
        """Extract everything, run every program in one ``run_many`` (spread over the sandbox's workers)."""
        if len(tasks) != len(completions):
            raise ValueError(f"verify_batch got {len(tasks)} tasks and {len(completions)} completions")
        import time

        start = time.perf_counter()
        verdicts: list[Verdict | None] = [None] * len(tasks)
        pending: list[tuple[int, Task, str]] = []
        for i, (task, completion) in enumerate(zip(tasks, completions)):
            self.check_task(task)
            early = self._pre_check(task, completion)
            if isinstance(early, Verdict):
                verdicts[i] = early
            else:
                pending.append((i, task, early))
        for (i, _, _), v in zip(pending, self._judge_many([(t, p) for _, t, p in pending])):
            verdicts[i] = v
        each = (time.perf_counter() - start) / max(1, len(tasks))
        return [_with_seconds(v, each) for v in verdicts if v is not None]

    def _pre_check(self, task: Task, completion: Any) -> Verdict | str:
        """The program to run, or the verdict that makes running it pointless (no code, bad syntax)."""
        if not isinstance(completion, str):
            return self.failed(f"completion is {type(completion).__name__}, not text")
        if len(completion) > MAX_COMPLETION_CHARS:
            return self.failed(f"completion is {len(completion)} characters, over the {MAX_COMPLETION_CHARS} limit")
        try:
            program = self.extract(task, completion)
        except Exception as e:  # our bug, never the model's fault
            return self.errored(f"code extraction raised {type(e).__name__}: {e}")
        if program is NOTHING:
            return self.failed("no program found in the completion")
        why = parse_error(program)
        if why is not None:
            return self.failed(f"the program does not parse: {why}", extracted=program[:2000])
        return program

    def _judge_many(self, pairs: Sequence[tuple[Task, str]]) -> list[Verdict]:
        out: list[Verdict | None] = [None] * len(pairs)
        first: dict[str, int] = {}  # what the judge is given -> the first pair that gives it
        copies: list[tuple[int, int]] = []
        for i, (task, program) in enumerate(pairs):  # a program that does nothing needs no sandbox to judge
            res = inert_result(task.meta, compare=self.compare, float_tol=self.float_tol,
                               stop_on_fail=self.score == "all") if is_inert(program) else None
            if res is not None:
                out[i] = self._from_result(program, res, sandbox_seconds=0.0)
                continue
            key = json.dumps(self._payload(task, program, ""))  # a GRPO group often repeats a completion: run it once
            if key in first:
                copies.append((i, first[key]))
            else:
                first[key] = i
        run = list(first.values())
        for i, v in zip(run, self._run_judge([pairs[i] for i in run])):
            out[i] = v
        for i, j in copies:
            out[i] = out[j]
        return out  # type: ignore[return-value]

    def _run_judge(self, pairs: Sequence[tuple[Task, str]]) -> list[Verdict]:
        if not pairs:
            return []
        from rlvr.sandboxes import Job

        nonces = [secrets.token_hex(16) for _ in pairs]
        try:
            if self._program is None:
                self._program = judge_program(self.sandbox())
            extra = {"child": CHILD_SOURCE} if self._program == HARNESS_SOURCE else {}  # the compiled stub carries its own
            stdins = [json.dumps({**self._payload(task, program, nonce), **extra}) for (task, program), nonce in zip(pairs, nonces)]
            jobs = [Job(self._program, stdin=stdin, limits=self._limits(task)) for (task, _), stdin in zip(pairs, stdins)]
            results = self.sandbox().run_many(jobs)
            return [self._verdict(task, program, r, nonce) for (task, program), r, nonce in zip(pairs, results, nonces)]
        except TaskError:
            raise
        except Exception as e:  # a sandbox fault or our bug: never the program's fault
            what = "sandbox failed" if isinstance(e, SandboxError) else f"verifier code raised {type(e).__name__}"
            return [self.errored(f"{what}: {e}", extracted=p[:2000]) for _, p in pairs]

    def _payload(self, task: Task, program: str, nonce: str) -> dict[str, Any]:
        meta = task.meta
        entry = meta.get("entry_point")
        payload: dict[str, Any] = {
            "nonce": nonce, "program": f"{meta['prelude']}\n{program}" if meta.get("prelude") else program, "cpu_s": self.cpu_s, "wall_s": self.wall_s, "budget_s": self.budget_s,
            "memory_mib": self.memory_mib, "stop_on_fail": self.score == "all",
            "entry_points": [entry] if isinstance(entry, str) else entry,
            "compare": meta.get("compare", self.compare), "float_tol": float(meta.get("float_tol", self.float_tol)),
        }
        if meta.get("tests") is not None:
            payload.update(mode="function", tests=_units(json.dumps(meta["tests"])))
        else:
            payload.update(mode="io", io=[{"stdin": c.get("stdin", ""), "stdout": c["stdout"]} for c in meta["io"]])
        return payload

    def _limits(self, task: Task) -> Limits:
        return Limits(wall_time_s=self.budget_s + HARNESS_MARGIN_S, cpu_time_s=self.budget_s + HARNESS_MARGIN_S,
                      memory_mib=max(512, self.memory_mib + 256), stdout_max_bytes=256 * 1024)

    def _verdict(self, task: Task, program: str, r: ExecResult, nonce: str) -> Verdict:
        shown = program[:2000]
        result_prefix, started = f"RLVR-RESULT {nonce} ", f"RLVR-HARNESS {nonce} started"
        lines = r.stdout.splitlines()
        found = [line[len(result_prefix):] for line in lines if line.startswith(result_prefix)]
        if not found:
            if started in lines:  # it ran, then something stopped it before it could report: the program
                return self.failed(f"the run was stopped before the tests finished ({r.status}); the program killed or starved the judge",
                                   extracted=shown, sandbox_status=r.status)
            tail = r.stderr.strip().splitlines()[-1:] or [""]
            return self.errored(f"the judge did not start in the sandbox ({r.status}): {tail[0][:200]}", extracted=shown)
        try:
            res = json.loads(found[-1])
        except ValueError:
            return self.errored("the judge's result line is unreadable", extracted=shown)
        if "harness_error" in res:
            return self.errored(f"the judge failed: {res['harness_error']}", extracted=shown)
        return self._from_result(program, res, sandbox_seconds=r.wall_s)

    def _from_result(self, program: str, res: dict[str, Any], sandbox_seconds: float) -> Verdict:
        shown = program[:2000]
        passed, total = int(res["passed"]), int(res["total"])
        results = res.get("results") or []
        details = {"passed": passed, "total": total, "tests": results[:10], "seconds_in_sandbox": sandbox_seconds}
        if total > 0 and passed == total:
            return self.passed(f"passed all {total} tests", extracted=shown, **details)
        bad = next((t for t in results if not t.get("ok")), None)
        first = f"; first failure: {bad['test'][:80]} -> {bad['reason'][:160]}" if bad else ""
        score = passed / total if self.score == "fraction" and total else 0.0
        return self.failed(f"passed {passed}/{total} tests{first}", extracted=shown, score=score, **details)
