"""The math suite: golds recomputed independently, the difficulty knob, determinism, disjoint splits."""

import re
from fractions import Fraction

import pytest
import sympy

from rlvr.protocol import FINAL
from rlvr.tasks.base import split_of
from rlvr.tasks.math import MathSuite

SUITE = MathSuite()


@pytest.fixture(scope="module")
def by_family():
    return {(f, d): SUITE.generate(8, seed=2, difficulty=d, families=[f]) for f in SUITE.families for d in (1, 3, 5)}


def test_every_family_at_every_difficulty_has_a_worked_solution_ending_in_the_gold(by_family):
    for tasks in by_family.values():
        for t in tasks:
            last = t.meta["solution"].strip().splitlines()[-1]
            assert last == f"{FINAL} {t.answer}", (t.id, last)


def test_arithmetic_gold_equals_evaluating_the_prompt(by_family):
    for d in (1, 3, 5):
        for t in by_family[("arithmetic", d)]:
            expr = re.fullmatch(r"What is (.+)\?", t.prompt).group(1)
            assert t.answer == eval(expr, {"__builtins__": {}})  # the prompt is digits, + - * and parentheses only


def test_order_of_operations_gold_follows_precedence(by_family):
    for d in (1, 3, 5):
        for t in by_family[("order_of_operations", d)]:
            expr = re.fullmatch(r"Evaluate (.+)\.", t.prompt).group(1).replace("^", "**")
            assert Fraction(eval(expr, {"__builtins__": {}})) == t.answer


def test_fraction_gold_is_the_exact_reduced_value(by_family):
    for d in (1, 3, 5):
        for t in by_family[("fractions", d)]:
            expr = re.fullmatch(r"Compute (.+)\. Give the answer as a reduced fraction\.", t.prompt).group(1)
            assert Fraction(t.answer) == sympy.nsimplify(sympy.sympify(expr, rational=True))
            assert str(Fraction(t.answer)) == t.answer  # reduced, canonical text


def test_linear_and_quadratic_golds_solve_their_equations(by_family):
    x, y = sympy.symbols("x y")
    for d in (1, 3):
        for t in by_family[("linear", d)]:
            lhs, rhs = re.fullmatch(r"Solve for x: (.+)=(.+)\.", t.prompt).groups()
            lhs, rhs = (re.sub(r"(\d)x", r"\1*x", side) for side in (lhs, rhs))
            assert sympy.solve(sympy.sympify(lhs) - sympy.sympify(rhs), x) == [sympy.Rational(t.answer)]
    for t in by_family[("linear", 5)]:
        e1, e2 = re.fullmatch(r"Solve the system (.+) and (.+)\. Give \(x, y\)\.", t.prompt).groups()
        eqs = [sympy.Eq(*(sympy.sympify(re.sub(r"(\d)([xy])", r"\1*\2", s)) for s in e.split("="))) for e in (e1, e2)]
        sol = sympy.solve(eqs, [x, y])
        assert t.answer == f"({Fraction(str(sol[x]))}, {Fraction(str(sol[y]))})"
    for d in (1, 3, 5):
        for t in by_family[("quadratic", d)]:
            poly = re.fullmatch(r"Find all real solutions of (.+)=0\.", t.prompt).group(1)
            poly = re.sub(r"(\d)x", r"\1*x", poly).replace("^", "**")
            roots = set(sympy.solve(sympy.sympify(poly), x))
            gold = {sympy.sympify(r.replace("sqrt", "sqrt")) for r in t.answer.split(", ")}
            assert {sympy.nsimplify(r) for r in roots} == {sympy.nsimplify(g) for g in gold}


def test_modular_and_number_theory_golds(by_family):
    for t in by_family[("modular", 1)]:
        a, m = map(int, re.fullmatch(r"What is (\d+) mod (\d+)\?", t.prompt).groups())
        assert t.answer == a % m
    for t in by_family[("modular", 5)]:
        a, m = map(int, re.search(r"inverse of (\d+) modulo (\d+)", t.prompt).groups())
        assert a * t.answer % m == 1
    for t in by_family[("number_theory", 1)]:
        a, b = map(int, re.findall(r"\d+", t.prompt))
        assert t.answer == sympy.gcd(a, b)
    for t in by_family[("number_theory", 5)]:
        n = int(re.search(r"does (\d+) have", t.prompt).group(1))
        assert t.answer == sympy.divisor_count(n)


def test_counting_probabilities_are_exact_fractions(by_family):
    for t in by_family[("counting", 5)]:
        m, n, s = map(int, re.search(r"fair (\d+)-sided die and a fair (\d+)-sided die .* sum is (\d+)", t.prompt).groups())
        assert Fraction(t.answer) == Fraction(sum(a + b == s for a in range(1, m + 1) for b in range(1, n + 1)), m * n)


def test_calculus_golds_match_sympy(by_family):
    x = sympy.symbols("x")
    for t in by_family[("calculus", 1)]:
        f = sympy.sympify(re.search(r"f\(x\)=(.+) with", t.prompt).group(1).replace("^", "**").replace("x", "*x"))
        assert sympy.simplify(sympy.sympify(t.answer.replace("^", "**").replace("x", "*x")) - sympy.diff(f, x)) == 0


def test_difficulty_one_arithmetic_is_short_ascii_for_a_character_model(by_family):
    for t in by_family[("arithmetic", 1)]:
        # the column working ("3+8=11 8+4+1=13") makes solutions longer but the model learns far faster
        assert t.prompt.isascii() and len(t.prompt) <= 16 and len(t.meta["solution"]) <= 64
        assert 0 <= abs(t.answer) < 200


def test_difficulty_grows_the_problems(by_family):
    def size(tasks):
        return sum(len(t.prompt) + len(t.meta["solution"]) for t in tasks)

    for fam in SUITE.families:
        assert size(by_family[(fam, 5)]) > size(by_family[(fam, 1)]), fam


def test_quickstart_needs_thousands_of_distinct_easy_arithmetic_tasks():
    tasks = SUITE.generate(2000, seed=0, difficulty=1, families=["arithmetic"])
    assert len({t.meta["problem_hash"] for t in tasks}) == 2000


def test_same_seed_same_tasks_other_seed_other_tasks():
    assert SUITE.generate(20, seed=7, difficulty=3) == SUITE.generate(20, seed=7, difficulty=3)
    assert SUITE.generate(20, seed=7, difficulty=3) != SUITE.generate(20, seed=8, difficulty=3)


def test_heldout_is_disjoint_from_train_by_construction():
    train = SUITE.generate(300, seed=1, difficulty=2)
    heldout = SUITE.generate(100, seed=99, difficulty=2, split="heldout")
    assert {t.meta["problem_hash"] for t in train}.isdisjoint({t.meta["problem_hash"] for t in heldout})
    assert all(split_of("math", t.prompt) in ("train", "heldout") for t in heldout)  # split follows text alone
    assert {t.meta["generator"] for t in heldout} == set(SUITE.families)


def test_every_family_at_every_difficulty_passes_its_own_verifier_and_a_wrong_answer_fails():
    from rlvr.verifiers.math import MathVerifier

    tasks = [t for f in SUITE.families for d in range(1, SUITE.max_difficulty + 1) for t in SUITE.generate(2, seed=4, difficulty=d, families=[f])]
    verifier = MathVerifier()
    good = verifier.verify_batch(tasks, [t.meta["solution"] for t in tasks])
    assert [(t.id, v.reason) for t, v in zip(tasks, good) if v.status != "pass"] == []
    bad = verifier.verify_batch(tasks, ["Final answer: 987654321" for _ in tasks])
    assert all(v.status == "fail" for v in bad)


def test_arithmetic_column_working_rebuilds_the_gold(by_family):
    """Every +/- step's columns (units first, last column in full) spell the step's result."""
    from rlvr.tasks.math_arith import column_steps

    rng = __import__("random").Random(7)
    for _ in range(3000):
        a, b, op = rng.randint(0, 99999), rng.randint(0, 99999), rng.choice("+-")
        lines = column_steps(a, op, b)
        sign = -1 if lines[0].endswith(")") else 1  # "29-92=-(92-29)" then the columns of 92-29
        results = [c.split("=")[1] for c in lines[-1].split()]
        assert sign * int(results[-1] + "".join(r[-1] for r in reversed(results[:-1]))) == (a + b if op == "+" else a - b)
    assert column_steps(3, "*", 4) == [] and column_steps(-3, "+", 4) == []  # products and negatives: one plain line
    for t in by_family[("arithmetic", 1)]:
        assert t.meta["solution"].count("\n") >= 2  # columns, the result line, the final answer
