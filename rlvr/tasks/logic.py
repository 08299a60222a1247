"""The ``logic`` suite: puzzles whose answers the verifier checks against the puzzle's own rules.

Families, easy to hard at each difficulty 1..5 (each family's module says what the knob changes):

    knights    knights and knaves; unique solution proved by trying every assignment   (logic_knights)
    sat        CNF satisfiability, or UNSAT proved by two solvers                        (logic_sat)
    sudoku     4x4 and 6x6 sudoku solvable by singles                                    (logic_sudoku)
    zebra      houses and clues, unique arrangement proved with python-sat               (logic_zebra)
    proof      natural-deduction proofs in the line format of docs/proofs.md             (logic_proofs)
    syllogism  categorical arguments, valid or invalid                                   (logic_easy)
    circuit    boolean gate netlists to evaluate                                         (logic_easy)

Each task's ``meta`` holds the puzzle as data (statements, clauses, givens, clues, premises ...) so
``rlvr.verifiers.logic`` can judge any answer, plus a worked ``solution`` ending in ``Final answer:``.

>>> suite = LogicSuite()
>>> [t.meta["generator"] for t in suite.generate(3, seed=0)]
['knights', 'sat', 'sudoku']
"""

from __future__ import annotations

import random
from typing import ClassVar

from rlvr.tasks.base import Problem, Suite
from rlvr.tasks.logic_easy import make_circuit, make_syllogism
from rlvr.tasks.logic_knights import make_knights
from rlvr.tasks.logic_proofs import make_proof
from rlvr.tasks.logic_sat import make_sat
from rlvr.tasks.logic_sudoku import make_sudoku
from rlvr.tasks.logic_zebra import make_zebra

__all__ = ["LogicSuite"]

_MAKERS = {"knights": make_knights, "sat": make_sat, "sudoku": make_sudoku, "zebra": make_zebra, "proof": make_proof,
           "syllogism": make_syllogism, "circuit": make_circuit}


class LogicSuite(Suite):
    """Seeded logic puzzles (see the module docstring); verified by the ``logic`` verifier."""

    name: ClassVar[str] = "logic"
    version: ClassVar[str] = "1"
    verifier: ClassVar[str] = "logic"
    families: ClassVar[tuple[str, ...]] = tuple(_MAKERS)
    max_difficulty: ClassVar[int] = 5

    def make(self, family: str, rng: random.Random, difficulty: int) -> Problem:
        return _MAKERS[family](rng, difficulty)
