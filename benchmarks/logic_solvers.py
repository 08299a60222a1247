"""Which solver should the logic generators use: hand-written search, python-sat (CaDiCaL) or z3?

Measures, in one run, the two questions the generators ask many times:
1. "is this CNF satisfiable?" on random 3-SAT near the hard ratio, at the suite's largest size
   (18 variables) and beyond it (40, 60) to show how each approach scales;
2. "does this zebra puzzle have exactly one solution?" (count up to 2), on 5-house x 5-category puzzles,
   both with the final clue set and half-way through generation (many solutions, the common case).
Prints the mean time per question for each solver and the ratio to python-sat.
z3 is optional (``pip install z3-solver``); without it its column is reported as not installed.

    .venv/bin/python benchmarks/logic_solvers.py
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from rlvr.tasks.logic_sat import dpll, solver_says_sat
from rlvr.tasks.logic_zebra import _encode, clue_holds, count_solutions, make_zebra

try:
    import z3
except ImportError:  # optional: only this benchmark uses it
    z3 = None


def z3_sat(clauses: list[list[int]]) -> bool:
    n = max(abs(lit) for c in clauses for lit in c)
    xs = [z3.Bool(f"x{i}") for i in range(n + 1)]
    s = z3.Solver()
    for c in clauses:
        s.add(z3.Or([xs[lit] if lit > 0 else z3.Not(xs[-lit]) for lit in c]))
    return s.check() == z3.sat


def z3_count(n: int, cats: dict[str, list[str]], clues: list[dict[str, Any]], limit: int = 2) -> int:
    cnf, index = _encode(n, cats, clues)
    xs = [z3.Bool(f"v{i}") for i in range(len(index) + 1)]
    s = z3.Solver()
    for c in cnf:
        s.add(z3.Or([xs[lit] if lit > 0 else z3.Not(xs[-lit]) for lit in c]))
    found = 0
    while found < limit and s.check() == z3.sat:
        found += 1
        m = s.model()
        s.add(z3.Not(z3.And([xs[i] for i in range(1, len(index) + 1) if z3.is_true(m.eval(xs[i]))])))
    return found


def hand_count(n: int, cats: dict[str, list[str]], clues: list[dict[str, Any]], limit: int = 2) -> int:
    """Backtracking over one category's permutation at a time, checking each clue once its categories are placed."""
    names = list(cats)
    ready = [[c for c in clues if {c["a"][0], c.get("b", c["a"])[0]} <= set(names[: k + 1])
              and (k == 0 or not {c["a"][0], c.get("b", c["a"])[0]} <= set(names[:k]))] for k in range(len(names))]
    found = 0

    def go(k: int, where: dict[tuple[str, str], int]) -> None:
        nonlocal found
        if found >= limit:
            return
        if k == len(names):
            found += 1
            return
        for perm in itertools.permutations(cats[names[k]]):
            w = dict(where)
            w.update({(names[k], v): h + 1 for h, v in enumerate(perm)})
            if all(clue_holds(c, w) for c in ready[k]):
                go(k + 1, w)

    go(0, {})
    return found


def timed(fn: Callable[..., Any], cases: list[tuple[Any, ...]]) -> tuple[float, list[Any]]:
    out, times = [], []
    for args in cases:
        t = time.perf_counter()
        out.append(fn(*args))
        times.append(time.perf_counter() - t)
    return statistics.mean(times), out


def random_3sat(rng: random.Random, n: int, ratio: float = 4.26) -> list[list[int]]:
    return [[v if rng.random() < 0.5 else -v for v in rng.sample(range(1, n + 1), 3)] for _ in range(round(n * ratio))]


def row(label: str, results: dict[str, float]) -> None:
    base = results["python-sat"]
    cells = "  ".join(f"{k} {v * 1000:8.2f} ms ({v / base:6.1f}x)" if v == v else f"{k} not installed" for k, v in results.items())
    print(f"{label:<34} {cells}")


def main() -> None:
    rng = random.Random(0)
    print("mean time per question; (Nx) = time relative to python-sat\n")
    for n, count in ((18, 40), (40, 10), (60, 4)):
        cases = [(random_3sat(rng, n),) for _ in range(count)]
        results: dict[str, float] = {}
        results["hand DPLL"], a = timed(lambda c: dpll(c, trace_limit=0)[0] is not None, cases)
        results["python-sat"], b = timed(solver_says_sat, cases)
        results["z3"], c = timed(z3_sat, cases) if z3 else (float("nan"), b)
        assert a == b == c, "solvers disagree"
        row(f"3-SAT, {n} vars, {len(cases)} formulas", results)
    puzzles = [make_zebra(random.Random(i), 5).meta for i in range(6)]
    for label, cut in (("zebra 5x5, final clues (1 sol)", 1.0), ("zebra 5x5, half the clues (>1 sol)", 0.5)):
        cases = [(m["houses"], m["categories"], m["clues"][: round(len(m["clues"]) * cut)]) for m in puzzles]
        results = {}
        results["hand search"], a = timed(hand_count, cases)
        results["python-sat"], b = timed(count_solutions, cases)
        results["z3"], c = timed(z3_count, cases) if z3 else (float("nan"), b)
        assert a == b == c, "solvers disagree"
        row(label, results)


if __name__ == "__main__":
    main()
