"""Propositional satisfiability: find an assignment that makes every clause true, or say UNSAT.

Two independent solvers decide every instance and must agree, so an "UNSAT" gold is proved twice:
CaDiCaL through python-sat, and the small DPLL below, whose search also becomes the worked solution
(a trace a model can learn to imitate). ``benchmarks/logic_solvers.py`` measured both: at this suite's
sizes (up to 18 variables) the DPLL takes milliseconds, so it is kept for its readable trace; python-sat
is what makes the zebra and sudoku uniqueness proofs fast (see ``docs/benchmarks.md``, Logic).

>>> dpll([[1, 2], [-1, 2], [-2]])[0] is None
True
>>> dpll([[1, -2], [2]])[0] == {1: True, 2: True}
True
"""

from __future__ import annotations

import random

from pysat.solvers import Solver

from rlvr.tasks.base import Problem

__all__ = ["make_sat", "dpll", "clause_text", "solver_says_sat"]

# difficulty -> (variables, clause width range)
SIZES = {1: (3, (2, 3)), 2: (5, (2, 3)), 3: (8, (3, 3)), 4: (12, (3, 3)), 5: (18, (3, 3))}
TRACE_MAX_LINES = 40


def lit_text(lit: int) -> str:
    return f"x{lit}" if lit > 0 else f"~x{-lit}"


def clause_text(clause: list[int]) -> str:
    """``[1, -3]`` -> ``'(x1 | ~x3)'``."""
    return "(" + " | ".join(lit_text(lit) for lit in clause) + ")"


def solver_says_sat(clauses: list[list[int]]) -> bool:
    """CaDiCaL's verdict (python-sat): the independent second opinion on every instance."""
    with Solver(name="cadical153", bootstrap_with=clauses) as s:
        return bool(s.solve())


def dpll(clauses: list[list[int]], trace_limit: int = TRACE_MAX_LINES) -> tuple[dict[int, bool] | None, list[str]]:
    """Unit propagation plus case splits on the lowest unassigned variable (True first).

    Returns (a satisfying assignment or None, the search trace, cut at ``trace_limit`` lines + 1).
    """
    n = max((abs(lit) for c in clauses for lit in c), default=0)
    trace: list[str] = []

    def say(depth: int, text: str) -> None:
        if len(trace) <= trace_limit:
            trace.append("  " * depth + text)

    def value(lit: int, a: dict[int, bool]) -> bool | None:
        v = a.get(abs(lit))
        return None if v is None else (v if lit > 0 else not v)

    def search(a: dict[int, bool], depth: int) -> dict[int, bool] | None:
        a = dict(a)
        while True:  # unit propagation
            unit = None
            for i, c in enumerate(clauses, 1):
                vals = [value(lit, a) for lit in c]
                if True in vals:
                    continue
                free = [lit for lit, v in zip(c, vals) if v is None]
                if not free:
                    say(depth, f"clause {i} {clause_text(c)} is false: dead end.")
                    return None
                if len(free) == 1:
                    unit = (i, c, free[0])
                    break
            if unit is None:
                break
            i, c, lit = unit
            a[abs(lit)] = lit > 0
            say(depth, f"clause {i} {clause_text(c)} forces x{abs(lit)} = {'T' if lit > 0 else 'F'}.")
        free_vars = [v for v in range(1, n + 1) if v not in a]
        if not free_vars:
            return a
        var = free_vars[0]
        for choice in (True, False):
            say(depth, f"try x{var} = {'T' if choice else 'F'}:")
            found = search({**a, var: choice}, depth + 1)
            if found is not None:
                return found
        return None

    return search({}, 0), trace


def _random_clauses(rng: random.Random, n: int, widths: tuple[int, int], m: int) -> list[list[int]]:
    out: list[list[int]] = []
    while len(out) < m:
        vs = rng.sample(range(1, n + 1), rng.randint(*widths))
        clause = sorted((v if rng.random() < 0.5 else -v for v in vs), key=abs)
        if clause not in out:
            out.append(clause)
    return out


def make_sat(rng: random.Random, difficulty: int) -> Problem:
    """A CNF formula, satisfiable or not with equal odds; both solvers must agree on which."""
    n, widths = SIZES[difficulty]
    want_sat = rng.random() < 0.5
    ratio = (3.0 if want_sat else 6.0) if widths[0] == 3 else (2.0 if want_sat else 3.5)
    for _ in range(500):
        m = max(2, round(n * ratio * rng.uniform(0.9, 1.1)))
        clauses = _random_clauses(rng, n, widths, m)
        model, trace = dpll(clauses)
        if (model is not None) != solver_says_sat(clauses):  # pragma: no cover - a solver bug, never a model's fault
            raise RuntimeError(f"sat: DPLL and CaDiCaL disagree on {clauses}")
        if (model is not None) == want_sat:
            break
    else:  # pragma: no cover
        raise RuntimeError("sat: no instance of the wanted kind in 500 draws")
    listing = "\n".join(f"{i}. {clause_text(c)}" for i, c in enumerate(clauses, 1))
    names = ", ".join(f"x{v}" for v in range(1, n + 1))
    prompt = (
        f"Variables {names} are each true (T) or false (F). Here is a formula in conjunctive normal form: it is true when"
        f" every clause below is true, and a clause is true when at least one of its literals is (~ means not).\n"
        f"{listing}\n"
        f"Find an assignment that makes every clause true, or show that none exists.\n"
        f"Answer format: 'Final answer: x1=T, x2=F, ...' giving each variable T or F (variables that do not matter may"
        f" be left out), or 'Final answer: UNSAT' if no assignment makes every clause true."
    )
    steps = trace if len(trace) <= TRACE_MAX_LINES else trace[:TRACE_MAX_LINES] + ["... (the search continues the same way)"]
    if model is None:
        answer: str | dict[str, bool] = "UNSAT"
        final = "UNSAT"
        ending = "Every branch of the search ends in a false clause, so no assignment satisfies the formula."
    else:
        answer = {f"x{v}": model.get(v, True) for v in range(1, n + 1)}
        final = ", ".join(f"x{v}={'T' if answer[f'x{v}'] else 'F'}" for v in range(1, n + 1))
        ending = f"All {len(clauses)} clauses now have a true literal, so this assignment works."
    solution = ("Search with unit propagation and case splits (lowest variable first, T before F):\n"
                + "\n".join(steps) + f"\n{ending}\nFinal answer: {final}")
    return Problem(canonical=repr(clauses), prompt=prompt, answer=answer, solution=solution,
                   meta={"num_vars": n, "clauses": clauses, "satisfiable": model is not None})
