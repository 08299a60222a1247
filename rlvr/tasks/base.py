"""What a suite owes: a name, its verifier's name, generator families, and ``make`` for one problem.

The base class does the rest the same way for every suite, so the contract holds by construction:
- per-task randomness comes from a stable hash of (suite, family, seed, index), never ``seed + index``
  (with seed + index, seed 42 item 1 would equal seed 43 item 0);
- the split follows a stable hash of the problem's canonical text, so train and held-out are disjoint
  whatever seeds or counts are asked for;
- ids are ``suite/family/<hash of canonical>``, so the same problem has the same id on any machine.
"""

from __future__ import annotations

import hashlib
import random
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from rlvr.errors import DataError, UsageError
from rlvr.types import JSON, Task

__all__ = ["Problem", "Suite", "Split", "SPLITS", "stable_rng", "stable_hash", "split_of"]

Split = Literal["train", "heldout"]
SPLITS: tuple[str, ...] = ("train", "heldout")


def stable_hash(*parts: object) -> str:
    """Hex sha256 of the parts joined by NUL; the same on every machine and Python version."""
    return hashlib.sha256("\0".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def stable_rng(*parts: object) -> random.Random:
    """A ``random.Random`` seeded by a stable hash of the parts (Python's ``hash()`` is salted)."""
    return random.Random(int(stable_hash(*parts)[:16], 16))


def split_of(suite: str, canonical: str, heldout_fraction: float = 0.2) -> Split:
    """Which split a problem belongs to, decided by its canonical text alone."""
    bucket = int(stable_hash("split", suite, canonical)[:8], 16) % 10_000
    return "heldout" if bucket < heldout_fraction * 10_000 else "train"


@dataclass(frozen=True)
class Problem:
    """One generated problem before it becomes a Task.

    ``canonical`` is the problem's identity (two problems with equal canonical text are the same
    problem): it decides the split, the id and de-duplication, so it must not contain the phrasing
    or anything random that does not change the question.
    ``solution`` is a worked solution for SFT warm-start whose last line gives the final answer.
    """

    canonical: str
    prompt: str
    answer: JSON
    solution: str
    meta: dict[str, JSON] = field(default_factory=dict)
    # What decides the split when it is coarser than the problem's identity, e.g. the combination of
    # constraints, so held-out tasks are combinations never seen in training. Empty: the canonical text.
    split_key: str = ""


class Suite(ABC):
    """A family of seeded generators paired with one verifier. Subclasses set the ClassVars and ``make``."""

    name: ClassVar[str]
    version: ClassVar[str] = "1"
    verifier: ClassVar[str]  # registry name of the verifier that scores this suite's tasks
    families: ClassVar[tuple[str, ...]]  # generator names inside the suite, e.g. ("arithmetic", "gcd")
    max_difficulty: ClassVar[int] = 5  # difficulty runs 1..max_difficulty
    heldout_fraction: ClassVar[float] = 0.2
    max_attempts_per_task: ClassVar[int] = 200  # give up when the problem space is exhausted
    # True when completions end in the answer protocol ("Final answer: x", "Final answer (likely): x",
    # "Final answer: I don't know") so stance can be read; False where the whole response is the answer
    # (formatting tasks), which rewards then treat as unhedged.
    answer_protocol: ClassVar[bool] = True

    @abstractmethod
    def make(self, family: str, rng: random.Random, difficulty: int) -> Problem:
        """Make one problem of ``family`` at ``difficulty`` using only ``rng`` for randomness."""

    def generate(
        self,
        count: int,
        *,
        seed: int = 0,
        difficulty: int = 1,
        split: Split = "train",
        families: Sequence[str] | None = None,
    ) -> list[Task]:
        return list(self.iter_generate(count, seed=seed, difficulty=difficulty, split=split, families=families))

    def iter_generate(
        self,
        count: int,
        *,
        seed: int = 0,
        difficulty: int = 1,
        split: Split = "train",
        families: Sequence[str] | None = None,
    ) -> Iterator[Task]:
        """Yield ``count`` distinct tasks of ``split``, cycling through ``families`` in order."""
        fams = self._check_args(count, seed, difficulty, split, families)
        seen: set[str] = set()
        made, index, misses = 0, 0, 0
        while made < count:
            family = fams[index % len(fams)]
            problem = self.make(family, stable_rng(self.name, family, seed, index, difficulty), difficulty)
            index += 1
            if problem.canonical in seen or split_of(self.name, problem.split_key or problem.canonical, self.heldout_fraction) != split:
                misses += 1
                if misses > self.max_attempts_per_task * max(count, 10):
                    raise DataError(
                        f"suite {self.name!r} found only {made} distinct {split} tasks at difficulty {difficulty}"
                        f" (families {list(fams)}); ask for fewer or raise --difficulty"
                    )
                continue
            seen.add(problem.canonical)
            made += 1
            yield self.to_task(problem, family=family, seed=seed, index=index - 1, difficulty=difficulty, split=split)

    def to_task(self, problem: Problem, *, family: str, seed: int, index: int, difficulty: int, split: Split) -> Task:
        digest = stable_hash(self.name, problem.canonical)[:16]
        meta: dict[str, JSON] = {
            "generator": family,
            "difficulty": difficulty,
            "seed": seed,
            "index": index,
            "split": split,
            "problem_hash": digest,
            "suite_version": self.version,
            "solution": problem.solution,
        }
        meta.update(problem.meta)
        return Task(id=f"{self.name}/{family}/{digest}", suite=self.name, prompt=problem.prompt, answer=problem.answer, meta=meta)

    def _check_args(self, count: int, seed: int, difficulty: int, split: str, families: Sequence[str] | None) -> list[str]:
        if not isinstance(count, int) or count < 0:
            raise UsageError(f"count must be a non-negative integer, got {count!r}")
        if not isinstance(seed, int):
            raise UsageError(f"seed must be an integer, got {seed!r}")
        if not isinstance(difficulty, int) or not 1 <= difficulty <= self.max_difficulty:
            raise UsageError(f"difficulty for suite {self.name!r} must be 1..{self.max_difficulty}, got {difficulty!r}")
        if split not in SPLITS:
            raise UsageError(f"split must be one of {SPLITS}, got {split!r}")
        fams = list(families) if families else list(self.families)
        unknown = [f for f in fams if f not in self.families]
        if unknown:
            raise UsageError(f"suite {self.name!r} has no generator(s) {unknown}; its generators: {list(self.families)}")
        return fams
