"""Zebra-style houses: a row of houses, one value of each category per house, and clues that pin them.

Clues are added at random (each true of a hidden arrangement) until exactly one arrangement meets
them all, then every clue that is not needed is dropped. "Exactly one" is proved with python-sat
(CaDiCaL): find an arrangement, block it, and ask for another. ``benchmarks/logic_solvers.py``
measured this against a hand-written backtracking search: python-sat is far faster at 5 houses x 5
categories, where the generator asks dozens of uniqueness questions per puzzle.
The clues are stored as data, and the verifier checks them against any arrangement the model gives.

>>> import random
>>> p = make_zebra(random.Random(0), 1)
>>> sorted(p.meta["categories"])
['color', 'pet', 'sport']
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from pysat.solvers import Solver

from rlvr.tasks.base import Problem
from rlvr.tasks.logic_zebra_steps import deduce

__all__ = ["make_zebra", "count_solutions", "clue_holds", "CATEGORIES", "describe"]

CATEGORIES: dict[str, list[str]] = {
    "color": ["red", "green", "blue", "yellow", "white"],
    "pet": ["dog", "cat", "bird", "fish", "horse"],
    "drink": ["tea", "coffee", "milk", "juice", "water"],
    "job": ["baker", "doctor", "pilot", "teacher", "farmer"],
    "sport": ["tennis", "golf", "soccer", "rugby", "chess"],
}
_PHRASE = {"color": "the person in the {} house", "pet": "the {} owner", "drink": "the {} drinker", "job": "the {}",
           "sport": "the {} player"}
# difficulty -> (houses, categories)
SIZES = {1: (3, 3), 2: (3, 4), 3: (4, 4), 4: (5, 4), 5: (5, 5)}
CLUE_TYPES = ("same", "same", "not_same", "position", "not_position", "left_of", "next_to", "before")


def describe(item: list[str]) -> str:
    return _PHRASE[item[0]].format(item[1])


def clue_text(clue: dict[str, Any]) -> str:
    a = describe(clue["a"])
    a = a[0].upper() + a[1:]
    b = describe(clue["b"]) if "b" in clue else ""
    return {
        "same": f"{a} is {b}.", "not_same": f"{a} is not {b}.", "position": f"{a} lives in house {clue.get('pos')}.",
        "not_position": f"{a} does not live in house {clue.get('pos')}.",
        "left_of": f"{a} lives directly to the left of {b}.", "next_to": f"{a} lives next to {b}.",
        "before": f"{a} lives somewhere to the left of {b}.",
    }[clue["type"]]


def clue_holds(clue: dict[str, Any], where: dict[tuple[str, str], int]) -> bool:
    """Does the clue hold when ``where[(category, value)]`` is the value's house number (1-based)?"""
    ha = where[tuple(clue["a"])]
    hb = where[tuple(clue["b"])] if "b" in clue else 0
    return {
        "same": lambda: ha == hb, "not_same": lambda: ha != hb, "position": lambda: ha == clue["pos"],
        "not_position": lambda: ha != clue["pos"], "left_of": lambda: ha + 1 == hb, "next_to": lambda: abs(ha - hb) == 1,
        "before": lambda: ha < hb,
    }[clue["type"]]()


def _encode(n: int, cats: dict[str, list[str]], clues: list[dict[str, Any]]) -> tuple[list[list[int]], Any]:
    index: dict[tuple[str, str, int], int] = {}
    for cat, vals in cats.items():
        for v in vals:
            for h in range(1, n + 1):
                index[(cat, v, h)] = len(index) + 1

    def x(item: list[str], h: int) -> int:
        return index[(item[0], item[1], h)]

    cnf: list[list[int]] = []
    for cat, vals in cats.items():
        for v in vals:  # each value in exactly one house
            cnf.append([index[(cat, v, h)] for h in range(1, n + 1)])
            cnf += [[-index[(cat, v, h1)], -index[(cat, v, h2)]] for h1, h2 in itertools.combinations(range(1, n + 1), 2)]
        for h in range(1, n + 1):  # each house one value of the category
            cnf += [[-index[(cat, v1, h)], -index[(cat, v2, h)]] for v1, v2 in itertools.combinations(vals, 2)]
    houses = range(1, n + 1)
    for c in clues:
        a, b, t = c["a"], c.get("b"), c["type"]
        if t == "position":
            cnf.append([x(a, c["pos"])])
        elif t == "not_position":
            cnf.append([-x(a, c["pos"])])
        elif t == "same":
            cnf += [[-x(a, h), x(b, h)] for h in houses] + [[x(a, h), -x(b, h)] for h in houses]
        elif t == "not_same":
            cnf += [[-x(a, h), -x(b, h)] for h in houses]
        elif t == "left_of":
            cnf += [[-x(a, h)] + ([x(b, h + 1)] if h < n else []) for h in houses]
        elif t == "next_to":
            cnf += [[-x(a, h)] + [x(b, g) for g in (h - 1, h + 1) if 1 <= g <= n] for h in houses]
        elif t == "before":
            cnf += [[-x(a, h)] + [x(b, g) for g in range(h + 1, n + 1)] for h in houses]
    return cnf, index


def count_solutions(n: int, cats: dict[str, list[str]], clues: list[dict[str, Any]], limit: int = 2) -> int:
    """How many arrangements meet every clue, counting no further than ``limit``."""
    cnf, index = _encode(n, cats, clues)
    found = 0
    with Solver(name="cadical153", bootstrap_with=cnf) as s:
        while found < limit and s.solve():
            found += 1
            model = s.get_model()
            s.add_clause([-lit for lit in model if lit > 0 and abs(lit) <= len(index)])
    return found


def _random_clue(rng: random.Random, n: int, cats: dict[str, list[str]], where: dict[tuple[str, str], int]) -> dict[str, Any]:
    items = [[c, v] for c, vals in cats.items() for v in vals]
    while True:
        t = rng.choice(CLUE_TYPES)
        a = rng.choice(items)
        if t in ("position", "not_position"):
            pos = where[tuple(a)] if t == "position" else rng.choice([h for h in range(1, n + 1) if h != where[tuple(a)]])
            return {"type": t, "a": a, "pos": pos}
        b = rng.choice([i for i in items if i[0] != a[0]])
        clue = {"type": t, "a": a, "b": b}
        if clue_holds(clue, where):
            return clue


def make_zebra(rng: random.Random, difficulty: int) -> Problem:
    """A houses puzzle with exactly one arrangement meeting its clues, none of them redundant."""
    n, k = SIZES[difficulty]
    names = sorted(rng.sample(sorted(CATEGORIES), k), key=list(CATEGORIES).index)
    cats = {c: sorted(rng.sample(CATEGORIES[c], n), key=CATEGORIES[c].index) for c in names}
    grid = {c: rng.sample(vals, n) for c, vals in cats.items()}  # grid[c][h-1] is house h's value
    where = {(c, v): h + 1 for c, vals in grid.items() for h, v in enumerate(vals)}
    clues: list[dict[str, Any]] = []
    while count_solutions(n, cats, clues) > 1:
        clue = _random_clue(rng, n, cats, where)
        if clue not in clues:
            clues.append(clue)
    for clue in rng.sample(clues, len(clues)):  # drop what the others already imply
        rest = [c for c in clues if c is not clue]
        if count_solutions(n, cats, rest) == 1:
            clues = rest
    houses = [{c: grid[c][h] for c in names} for h in range(n)]
    order = ", ".join(names)
    prompt = (
        f"There are {n} houses in a row, numbered 1 to {n} from left to right. Each house has a different value in each"
        f" category:\n" + "\n".join(f"- {c}: {', '.join(vals)}" for c, vals in cats.items())
        + "\nClues:\n" + "\n".join(f"{i}. {clue_text(c)}" for i, c in enumerate(clues, 1))
        + f"\nWhich values belong to which house?\nAnswer format: 'Final answer:' then every house as 'House N: "
        f"{order}' (values in that category order), houses separated by ';', e.g. 'Final answer: House 1: "
        + ", ".join(cats[c][0] for c in names) + "; House 2: ...'."
    )
    final = "; ".join(f"House {h + 1}: " + ", ".join(houses[h][c] for c in names) for h in range(n))
    steps, solved = deduce(n, cats, clues)
    if not solved:  # pragma: no cover - the puzzle is unique, so the deduction's search always ends
        raise RuntimeError("zebra: the deduction did not reach the unique solution")
    solution = ("Track the houses each value can still be in, and narrow them clue by clue:\n" + "\n".join(steps)
                + "\nEvery value now has one house:\n"
                + "\n".join(f"House {h + 1}: " + ", ".join(houses[h][c] for c in names) for h in range(n))
                + f"\nFinal answer: {final}")
    return Problem(canonical=repr((n, sorted(cats.items()), sorted(map(repr, clues)))), prompt=prompt, answer=houses,
                   solution=solution, meta={"houses": n, "categories": cats, "clues": clues})
