"""What a verifier owes, and the one ``verify`` that every verifier shares.

A verifier reads and judges in two steps, like Math-Verify's parse/verify:
``extract(task, completion)`` finds the answer (or returns None), ``check(task, extracted)`` judges it.
``verify`` composes them and holds the contract of DESIGN.md:
- model output never raises: a non-string, empty or garbage completion is ``fail`` with a reason;
- a malformed task raises TaskError (``check_task``), because that is the caller's mistake;
- an unexpected exception inside extract/check is *our* fault and becomes ``error``, never a zero;
- every verdict records the verifier's name and version and how long it took.
Verifiers whose checks can hang on hostile input (sympy, regexes) run them under ``rlvr.verifiers.bounded``.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

from rlvr.errors import TaskError
from rlvr.types import JSON, Task, Verdict

__all__ = ["Verifier", "NOTHING"]

MAX_COMPLETION_CHARS = 200_000  # longer completions are refused unread: no honest answer needs more


class _Nothing:
    """Sentinel: extract found no answer (distinct from an extracted ``None`` / JSON null)."""

    def __repr__(self) -> str:
        return "NOTHING"


NOTHING: Any = _Nothing()


class Verifier(ABC):
    """Base class. Subclasses set ``name``/``version`` and implement ``extract`` and ``check``.

    Instances must be picklable (they are shipped to worker processes), so keep pools and other
    process-local resources out of instance state or rebuild them lazily.
    """

    name: ClassVar[str]
    version: ClassVar[str] = "1"

    def check_task(self, task: Task) -> None:
        """Raise TaskError if the task lacks what this verifier needs. Default: nothing required."""

    @abstractmethod
    def extract(self, task: Task, completion: str) -> Any:
        """Return the answer read from the completion, or ``NOTHING`` (then ``verify`` fails it)."""

    @abstractmethod
    def check(self, task: Task, extracted: Any) -> Verdict:
        """Judge an extracted answer. Build the result with ``self.passed/failed/errored``."""

    # -- the shared contract -------------------------------------------------------------------
    def verify(self, task: Task, completion: Any) -> Verdict:
        start = time.perf_counter()
        self.check_task(task)
        verdict = self._verify(task, completion)
        return _with_seconds(verdict, time.perf_counter() - start)

    def verify_batch(self, tasks: Sequence[Task], completions: Sequence[Any]) -> list[Verdict]:
        """Verify many; subclasses override to spread work over cores. Output order = input order."""
        if len(tasks) != len(completions):
            raise ValueError(f"verify_batch got {len(tasks)} tasks and {len(completions)} completions")
        return [self.verify(t, c) for t, c in zip(tasks, completions)]

    def _verify(self, task: Task, completion: Any) -> Verdict:
        if not isinstance(completion, str):
            return self.failed(f"completion is {type(completion).__name__}, not text")
        if len(completion) > MAX_COMPLETION_CHARS:
            return self.failed(f"completion is {len(completion)} characters, over the {MAX_COMPLETION_CHARS} limit")
        try:
            extracted = self.extract(task, completion)
            if extracted is NOTHING:
                return self.failed("no answer found in the completion")
            return self.check(task, extracted)
        except TaskError:
            raise
        except Exception as e:  # our bug or our infrastructure, never the model's fault
            return self.errored(f"verifier {self.name} raised {type(e).__name__}: {e}")

    # -- verdict builders ----------------------------------------------------------------------
    def passed(self, reason: str = "correct", *, extracted: JSON = None, score: float = 1.0, **details: JSON) -> Verdict:
        return Verdict("pass", score, reason, self.name, self.version, extracted, dict(details))

    def failed(self, reason: str, *, extracted: JSON = None, score: float = 0.0, **details: JSON) -> Verdict:
        return Verdict("fail", score, reason, self.name, self.version, extracted, dict(details))

    def errored(self, reason: str, *, extracted: JSON = None, **details: JSON) -> Verdict:
        return Verdict("error", 0.0, reason, self.name, self.version, extracted, dict(details))


def _with_seconds(v: Verdict, seconds: float) -> Verdict:
    return Verdict(v.status, v.score, v.reason, v.verifier, v.version, v.extracted, v.details, round(seconds, 6))
