"""A tiny addition suite and verifier for training tests: fast, deterministic, and independent of the math suite.

Loaded with ``--plugin`` (or imported) so tests exercise the same registry path a user's plugin takes.
"""

from __future__ import annotations

import random

from rlvr.registry import register_suite, register_verifier
from rlvr.tasks.base import Problem, Suite
from rlvr.types import Task, Verdict
from rlvr.verifiers.base import NOTHING, Verifier


@register_suite
class ToyAdd(Suite):
    """``a+b`` with ``difficulty`` digits per operand; level 5 pairs are far beyond a few SFT steps."""

    name = "toyadd"
    verifier = "toyadd"
    families = ("add",)
    max_difficulty = 5

    def make(self, family: str, rng: random.Random, difficulty: int) -> Problem:
        lo, hi = 10 ** (difficulty - 1) if difficulty > 1 else 0, 10**difficulty - 1
        a, b = rng.randint(lo, hi), rng.randint(lo, hi)
        return Problem(canonical=f"{a}+{b}", prompt=f"{a}+{b}=?", answer=a + b, solution=f"{a}+{b}={a + b}\nFinal answer: {a + b}")


@register_verifier
class ToyAddVerifier(Verifier):
    """Reads the integer after the last ``Final answer:``."""

    name = "toyadd"

    def extract(self, task: Task, completion: str):
        _, sep, tail = completion.rpartition("Final answer:")
        tail = tail.strip().splitlines()[0].strip() if tail.strip() else ""
        return tail if sep and tail else NOTHING

    def check(self, task: Task, extracted) -> Verdict:
        try:
            ok = int(extracted) == task.answer
        except ValueError:
            return self.failed(f"{extracted!r} is not an integer", extracted=extracted)
        return self.passed("correct", extracted=extracted) if ok else self.failed("wrong sum", extracted=extracted)
