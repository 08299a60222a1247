"""The ``math`` suite: seeded problems with computed gold answers and short worked solutions.

Families (each ``make_*`` documents what its difficulty knob 1..5 changes):

    arithmetic          multi-digit integer arithmetic                 (math_arith)
    fractions           fraction and decimal arithmetic, exact         (math_arith)
    order_of_operations precedence and parentheses                     (math_arith)
    linear              linear equations and 2x2 systems               (math_algebra)
    quadratic           real roots of quadratics, as a set             (math_algebra)
    polynomial          expand, factor, simplify (form is checked)     (math_algebra)
    calculus            derivatives and definite integrals             (math_algebra)
    modular             remainders, powers, inverses mod m             (math_numbers)
    number_theory       gcd, lcm, primes, divisors                     (math_numbers)
    counting            permutations, combinations, probability        (math_numbers)
    word_problem        templated multi-step word problems             (math_numbers)

Task.answer is the gold as a JSON value (an int, or a canonical string such as ``"7/3"``);
``meta.answer_type`` tells the ``math`` verifier what kind of answer it is.

>>> suite = MathSuite()
>>> t = suite.generate(1, seed=0, families=["arithmetic"])[0]
>>> t.prompt, t.answer, t.meta["solution"].splitlines()[-1]
('What is 54+5?', 59, 'Final answer: 59')
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import ClassVar

from rlvr.tasks.base import Problem, Suite
from rlvr.tasks.math_algebra import make_calculus, make_linear, make_polynomial, make_quadratic
from rlvr.tasks.math_arith import make_arithmetic, make_fractions, make_order_of_operations
from rlvr.tasks.math_numbers import make_counting, make_modular, make_number_theory, make_word_problem

__all__ = ["MathSuite", "MAKERS"]

MAKERS: dict[str, Callable[[random.Random, int], Problem]] = {
    "arithmetic": make_arithmetic,
    "fractions": make_fractions,
    "order_of_operations": make_order_of_operations,
    "linear": make_linear,
    "quadratic": make_quadratic,
    "polynomial": make_polynomial,
    "calculus": make_calculus,
    "modular": make_modular,
    "number_theory": make_number_theory,
    "counting": make_counting,
    "word_problem": make_word_problem,
}


class MathSuite(Suite):
    """Seeded math problems (see the module docstring); verified by the ``math`` verifier."""

    name: ClassVar[str] = "math"
    version: ClassVar[str] = "2"  # 2: arithmetic worked solutions show the column working
    verifier: ClassVar[str] = "math"
    families: ClassVar[tuple[str, ...]] = tuple(MAKERS)
    max_difficulty: ClassVar[int] = 5

    def make(self, family: str, rng: random.Random, difficulty: int) -> Problem:
        return MAKERS[family](rng, difficulty)
