r"""The ``math`` verifier: extract the final answer, then judge it against the gold by value and by symbol.

Two steps, like Math-Verify's parse/verify:

- ``extract`` finds answer strings in the completion in the configured ``order`` of kinds
  (``final`` = ``Final answer: x``, ``boxed`` = ``\boxed{x}``, ``hash`` = ``#### x``, ``answer_is`` =
  "the answer is x"); the first kind present wins. ``pick`` says which occurrence counts (``last``
  by default, or ``first``); with ``conflicts="reject"`` (default) every distinct occurrence must be
  right, so boxing every option scores 0.
- ``check`` decides cheap cases in-process (same normalised text, plain integers/decimals/fractions,
  choice letters) and sends everything else to ``rlvr.verifiers.math_judge.judge`` in a warm worker
  process with a time and memory limit (``rlvr.verifiers.bounded``): sympy never runs unbounded.

A timeout or memory kill while judging a candidate whose gold reads fine is charged to the candidate
(``fail``: a hostile or runaway expression); a gold the verifier cannot read, or a crash in our code, is
``error``. Options are constructor keywords, so ``rlvr verify -O math.tolerance=1e-6`` works.

>>> from rlvr.types import Task
>>> v = MathVerifier()
>>> t = Task(id="t", suite="math", prompt="What is 23+45?", answer=68)
>>> v.verify(t, "23+45=68\nFinal answer: 68").status
'pass'
>>> v.verify(t, "Final answer: 1 or 68").reason
'answer lists 2 candidates where one is asked for'
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, ClassVar

from rlvr.errors import ConfigError, TaskError
from rlvr.types import Task, Verdict
from rlvr.verifiers.base import NOTHING, Verifier, _with_seconds
from rlvr.verifiers.bounded import DEFAULT_MEMORY_MIB, Outcome, map_bounded
from rlvr.verifiers.math_extract import DEFAULT_ORDER, KINDS, extract_answers
from rlvr.verifiers.math_judge import judge
from rlvr.verifiers.math_latex import normalize

__all__ = ["MathVerifier", "Answers"]

_PLAIN = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")
_LIST_HINT = re.compile(r"\bor\b|\band\b|,|\\pm|;")
_MAX_CANDIDATES = 8  # more distinct answers than this in one completion is spraying, not answering
MAX_ANSWER_CHARS = 1000  # longer final answers are refused unread (a 4x4 matrix of fractions is ~200)
MAX_NESTING = 40  # brackets deeper than this are refused unread: sympy recurses on them


def _hostile(answer: str) -> str:
    """Why an answer is refused before any parsing ("" if it is not); linear time, runs in-process."""
    if len(answer) > MAX_ANSWER_CHARS:
        return f"answer is {len(answer)} characters, over the {MAX_ANSWER_CHARS} limit"
    depth = deepest = 0
    for ch in answer:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return f"answer nests brackets {deepest} deep, over the {MAX_NESTING} limit" if deepest > MAX_NESTING else ""


def _plain_value(s: str) -> Fraction | None:
    if not _PLAIN.fullmatch(s) or len(s) > 60:
        return None
    try:
        return Fraction(s)
    except (ValueError, ZeroDivisionError):
        return None


class Answers(list):
    """Answer strings read from one completion, with the extraction ``kind`` that found them."""

    def __init__(self, items: Sequence[str], kind: str | None) -> None:
        super().__init__(items)
        self.kind = kind


class MathVerifier(Verifier):
    """Judge math answers by value and by symbol (see the module docstring for every option)."""

    name: ClassVar[str] = "math"
    version: ClassVar[str] = "1"

    def __init__(
        self,
        order: Sequence[str] | str = DEFAULT_ORDER,  # extraction kinds to try, first found wins
        pick: str = "last",  # which occurrence of the winning kind is the answer: "last" or "first"
        conflicts: str = "reject",  # "reject": every distinct occurrence must be right; "pick": only the picked one counts
        tolerance: float = 0.0,  # relative tolerance for numbers; 0 = exact (0.33 is not 1/3)
        timeout_s: float = 2.0,  # per-judgement limit in the worker; a candidate that hits it fails
        memory_mib: int = DEFAULT_MEMORY_MIB,  # per-worker address-space limit
        workers: int = 0,  # worker processes; 0 = one per core
    ) -> None:
        order = tuple(k.strip() for k in order.split(",")) if isinstance(order, str) else tuple(order)
        bad = [k for k in order if k not in KINDS]
        if bad or not order:
            raise ConfigError(f"math verifier: order {list(order)} has unknown kind(s) {bad}; choose from {list(KINDS)}")
        if pick not in ("last", "first"):
            raise ConfigError(f"math verifier: pick must be 'last' or 'first', got {pick!r}")
        if conflicts not in ("reject", "pick"):
            raise ConfigError(f"math verifier: conflicts must be 'reject' or 'pick', got {conflicts!r}")
        if not isinstance(tolerance, (int, float)) or tolerance < 0 or timeout_s <= 0 or memory_mib <= 0 or workers < 0:
            raise ConfigError("math verifier: tolerance must be >= 0, timeout_s and memory_mib > 0, workers >= 0")
        self.order, self.pick, self.conflicts = order, pick, conflicts
        self.tolerance, self.timeout_s, self.memory_mib, self.workers = float(tolerance), float(timeout_s), int(memory_mib), int(workers)

    # -- the task ------------------------------------------------------------------------------
    def check_task(self, task: Task) -> None:
        a = task.answer
        if a is None or isinstance(a, bool) or (isinstance(a, str) and not a.strip()):
            raise TaskError(f"math task {task.id!r} has no gold answer; set Task.answer to a number or a string like \"7/3\"")
        if isinstance(a, list):
            if not a or not all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in a):
                raise TaskError(f"math task {task.id!r}: a list answer must hold numbers or strings, got {a!r}")
        elif not isinstance(a, (str, int, float)):
            raise TaskError(f"math task {task.id!r}: answer must be a number, a string or a list, got {type(a).__name__}")
        for key in ("tolerance", "round_to"):
            v = task.meta.get(key)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0):
                raise TaskError(f"math task {task.id!r}: meta.{key} must be a non-negative number, got {v!r}")

    @staticmethod
    def gold_text(task: Task) -> str:
        a = task.answer
        return ", ".join(str(x) for x in a) if isinstance(a, list) else str(a)

    # -- extract and check ---------------------------------------------------------------------
    def extract(self, task: Task, completion: str) -> Any:
        """The picked answer first, then every other distinct answer of the same kind (``Answers.kind`` says which)."""
        kind, found = extract_answers(completion, self.order)
        if not found:
            return NOTHING
        picked = found[-1] if self.pick == "last" else found[0]
        if self.conflicts == "pick":
            return Answers([picked], kind)
        if len(found) > 4 * _MAX_CANDIDATES:
            return Answers(found, kind)  # refused as spraying in check, without normalising every one
        key = {f: f if _hostile(f) else normalize(f) for f in found}
        others = list(dict.fromkeys(key[f] for f in found if key[f] != key[picked]))
        return Answers([picked, *others], kind)

    def check(self, task: Task, extracted: Any) -> Verdict:
        return self._check_many([(task, extracted)])[0]

    def verify_batch(self, tasks: Sequence[Task], completions: Sequence[Any]) -> list[Verdict]:
        """Verify many: cheap cases in-process, the rest over all cores; each gold is parsed once per worker."""
        import time

        if len(tasks) != len(completions):
            raise ValueError(f"verify_batch got {len(tasks)} tasks and {len(completions)} completions")
        start = time.perf_counter()
        verdicts: list[Verdict | None] = [None] * len(tasks)
        todo: list[tuple[int, Task, list[str]]] = []
        for i, (task, completion) in enumerate(zip(tasks, completions)):
            self.check_task(task)
            if not isinstance(completion, str) or not completion.strip() or len(completion) > 200_000:
                verdicts[i] = self._verify(task, completion)  # the base class's failure reasons
                continue
            try:
                extracted = self.extract(task, completion)
            except Exception as e:  # our bug, never the model's fault
                verdicts[i] = self.errored(f"verifier math raised {type(e).__name__} while extracting: {e}")
                continue
            if extracted is NOTHING:
                verdicts[i] = self.failed("no answer found in the completion")
            else:
                todo.append((i, task, extracted))
        for (i, _, _), v in zip(todo, self._check_many([(t, e) for _, t, e in todo])):
            verdicts[i] = v
        per = (time.perf_counter() - start) / max(1, len(tasks))
        return [_with_seconds(v, per) for v in verdicts if v is not None]

    # -- internals -----------------------------------------------------------------------------
    def _options(self, task: Task) -> tuple[str, float, int | None, str]:
        hint = str(task.meta.get("answer_type") or "")
        tol = float(task.meta.get("tolerance") or self.tolerance)
        round_to = task.meta.get("round_to")
        return hint, tol, int(round_to) if round_to is not None else None, str(task.meta.get("form") or "")

    def _cheap(self, gold: str, cand: str, hint: str, tol: float, round_to: int | None, form: str) -> bool | None:
        """Decide without sympy when that is certain; None means a worker must judge."""
        g, c = normalize(gold), normalize(cand)
        if g == c and not _LIST_HINT.search(c):
            return True
        gv, cv = _plain_value(g), _plain_value(c)
        if gv is not None and cv is not None:
            if round_to is not None:
                return abs(cv - gv) <= Fraction(1, 2 * 10**round_to)
            if tol:
                return abs(cv - gv) <= Fraction(tol) * max(1, abs(gv))
            return cv == gv
        return None

    def _check_many(self, items: Sequence[tuple[Task, list[str]]]) -> list[Verdict]:
        results: list[Verdict | None] = [None] * len(items)
        jobs: list[tuple[int, int, str]] = []  # (item, candidate number, candidate)
        decided: list[list[tuple[bool, str] | None]] = []
        for n, (task, cands) in enumerate(items):
            if len(cands) > _MAX_CANDIDATES:
                results[n] = self.failed(f"{len(cands)} different answers given; one is asked for", extracted=cands[0],
                                         found_by=getattr(cands, "kind", None))
                decided.append([])
                continue
            gold = self.gold_text(task)
            opts = self._options(task)
            row: list[tuple[bool, str] | None] = []
            for k, c in enumerate(cands):
                why = _hostile(c)
                if why:
                    row.append((False, why))
                    continue
                cheap = self._cheap(gold, c, *opts)
                row.append(None if cheap is None else (cheap, "equal to the gold answer" if cheap else "not equal to the gold answer"))
                if cheap is None:
                    jobs.append((n, k, c))
            decided.append(row)
        if jobs:
            outcomes = map_bounded(judge, [(self.gold_text(items[n][0]), c, *self._options(items[n][0])) for n, _, c in jobs],
                                   timeout_s=self.timeout_s, memory_mib=self.memory_mib, workers=self.workers or os.cpu_count())
            for (n, k, _), out in zip(jobs, outcomes):
                decided[n][k] = self._from_outcome(out)
        for n, (_task, cands) in enumerate(items):
            if results[n] is not None:
                continue
            row = decided[n]
            errors = [r for r in row if r is not None and r[1].startswith("error:")]
            if errors:
                results[n] = self.errored(errors[0][1][len("error: "):], extracted=cands[0], found_by=getattr(cands, "kind", None))
            elif all(r is not None and r[0] for r in row):
                results[n] = self.passed(row[0][1], extracted=cands[0], found_by=getattr(cands, "kind", None))  # type: ignore[index]
            else:
                bad = next(r for r in row if r is None or not r[0])
                reason = bad[1] if bad else "not judged"
                if len(cands) > 1 and row[0] is not None and row[0][0]:
                    reason = f"gave {len(cands)} different answers and not all are right"
                results[n] = self.failed(reason, extracted=cands[0], candidates=len(cands), found_by=getattr(cands, "kind", None))
        return [r for r in results if r is not None]

    def _from_outcome(self, out: Outcome) -> tuple[bool, str]:
        if out.ok:
            status, reason = out.value
            return status == "pass", reason
        if out.status in ("timeout", "memory", "crashed"):
            return False, f"judging the answer hit the {out.status} limit ({self.timeout_s:g} s, {self.memory_mib} MiB); treated as wrong"
        return False, f"error: judging raised {out.error}"  # the gold could not be read, or our bug
