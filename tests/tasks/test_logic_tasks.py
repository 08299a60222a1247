"""The logic suite's generators: deterministic, split-disjoint, and every claim they make re-proved here by brute force."""

import itertools
import random

import pytest

from rlvr.tasks.logic import LogicSuite
from rlvr.tasks.logic_easy import _regions, make_syllogism, syllogism_valid
from rlvr.tasks.logic_sat import make_sat
from rlvr.tasks.logic_sudoku import make_sudoku, units
from rlvr.tasks.logic_zebra import clue_holds, make_zebra
from rlvr.verifiers.logic import LogicVerifier
from rlvr.verifiers.logic_formula import atoms, evaluate, parse

SUITE = LogicSuite()
FAMILIES = list(SUITE.families)


def test_same_seed_same_tasks_other_seed_other_tasks():
    a = SUITE.generate(14, seed=3, difficulty=2)
    assert SUITE.generate(14, seed=3, difficulty=2) == a
    b = SUITE.generate(14, seed=4, difficulty=2)
    assert [t.id for t in a] != [t.id for t in b]
    assert {t.meta["generator"] for t in a} == set(FAMILIES)


@pytest.mark.parametrize("family", FAMILIES)
def test_train_and_heldout_share_no_problem(family):
    train = SUITE.generate(30, seed=1, difficulty=2, families=[family])
    held = SUITE.generate(8, seed=1, difficulty=2, split="heldout", families=[family])
    assert {t.meta["problem_hash"] for t in train}.isdisjoint({t.meta["problem_hash"] for t in held})
    assert {t.prompt for t in train}.isdisjoint({t.prompt for t in held})
    assert len({t.id for t in train}) == 30


@pytest.mark.parametrize("family", FAMILIES)
def test_gold_solution_passes_at_every_difficulty_and_states_its_format(family):
    tasks = [t for d in range(1, 6) for t in SUITE.generate(2, seed=9, difficulty=d, families=[family])]
    verdicts = LogicVerifier().verify_batch(tasks, [t.meta["solution"] for t in tasks])
    assert [v.status for v in verdicts] == ["pass"] * len(tasks), [v.reason for v in verdicts if not v.passed]
    for t in tasks:
        assert "Answer format:" in t.prompt and "Final answer" in t.prompt
        assert t.meta["solution"].splitlines()[-1].startswith("Final answer:") or t.meta["solution"].endswith("```")


def test_difficulty_knob_grows_every_family():
    def size(family, d):
        t = SUITE.generate(1, seed=2, difficulty=d, families=[family])[0]
        m = t.meta
        return {"knights": lambda: len(m["people"]), "sat": lambda: m["num_vars"],
                "sudoku": lambda: sum(r.count("0") for r in m["givens"]), "zebra": lambda: m["houses"] * len(m["categories"]),
                "proof": lambda: len(t.answer.splitlines()), "syllogism": lambda: len(m["terms"]),
                "circuit": lambda: len(m["gates"])}[family]()
    for family in FAMILIES:
        if family == "proof":  # proof length varies with the patterns drawn; compare averages
            avg = [sum(len(t.answer.splitlines()) for t in SUITE.generate(12, seed=2, difficulty=d, families=["proof"])) for d in (1, 5)]
            assert avg[1] > 2 * avg[0]
            continue
        assert size(family, 5) > size(family, 1), family


def test_knights_solution_is_the_only_consistent_assignment():
    for t in SUITE.generate(10, seed=5, difficulty=4, families=["knights"]):
        people, worlds = t.meta["people"], []
        for bits in itertools.product([True, False], repeat=len(people)):
            w = dict(zip(people, bits))
            if all(evaluate(s["formula"], w) == w[s["speaker"]] for s in t.meta["statements"]):
                worlds.append(w)
        assert worlds == [{p: t.answer[p] == "knight" for p in people}]


def test_sat_gold_satisfies_and_unsat_has_no_assignment_at_all():
    kinds = set()
    for i in range(30):
        p = make_sat(random.Random(i), 3)
        n, clauses = p.meta["num_vars"], p.meta["clauses"]
        sat = [bits for bits in itertools.product([False, True], repeat=n)
               if all(any(bits[abs(lit) - 1] == (lit > 0) for lit in c) for c in clauses)]
        kinds.add(p.meta["satisfiable"])
        if p.meta["satisfiable"]:
            assert tuple(p.answer[f"x{v}"] for v in range(1, n + 1)) in sat
        else:
            assert p.answer == "UNSAT" and sat == []
    assert kinds == {True, False}  # both kinds are generated


def _sudoku_solutions(givens, br, bc, limit=2):
    n = br * bc
    grid = [[int(c) for c in row] for row in givens]
    us = units(br, bc)
    found = []

    def go():
        if len(found) >= limit:
            return
        blank = next(((r, c) for r in range(n) for c in range(n) if grid[r][c] == 0), None)
        if blank is None:
            found.append(["".join(map(str, row)) for row in grid])
            return
        r, c = blank
        used = {grid[a][b] for u in us if (r, c) in u for a, b in u}
        for v in range(1, n + 1):
            if v not in used:
                grid[r][c] = v
                go()
                grid[r][c] = 0

    go()
    return found


@pytest.mark.parametrize("difficulty", [1, 3, 5])
def test_sudoku_has_exactly_one_solution_the_gold(difficulty):
    for i in range(4):
        p = make_sudoku(random.Random(i), difficulty)
        assert _sudoku_solutions(p.meta["givens"], *p.meta["box"]) == [p.answer]


def _zebra_solutions(meta):
    cats = meta["categories"]
    names = list(cats)
    sols = []
    for perms in itertools.product(*(itertools.permutations(cats[c]) for c in names)):
        where = {(c, v): h + 1 for c, perm in zip(names, perms) for h, v in enumerate(perm)}
        if all(clue_holds(cl, where) for cl in meta["clues"]):
            sols.append(where)
    return sols


def test_zebra_is_unique_and_every_clue_is_needed():
    for i in range(3):
        p = make_zebra(random.Random(i), 2)
        sols = _zebra_solutions(p.meta)
        assert len(sols) == 1
        assert {(c, v): h for h, house in enumerate(p.answer, 1) for c, v in house.items()} == sols[0]
        for k in range(len(p.meta["clues"])):
            fewer = dict(p.meta, clues=p.meta["clues"][:k] + p.meta["clues"][k + 1:])
            assert len(_zebra_solutions(fewer)) > 1, f"clue {k + 1} is redundant"


def test_syllogism_validity_matches_enumerating_every_venn_model():
    def brute(premises, conclusion, terms):
        regions = 1 << len(terms)
        for mask in range(1 << regions):
            def holds(st, mask=mask):
                hit = any((mask >> r) & 1 for r in _regions(st, terms))
                return not hit if st[0] in "AE" else hit
            if all(holds(p) for p in premises) and not holds(conclusion):
                return False
        return True

    terms = ["greeks", "men", "mortals"]
    valid = 0
    for f1, f2, f3 in itertools.product("AEIO", repeat=3):
        for (a, b), (c, d), (e, f) in itertools.product(*[itertools.permutations(pair) for pair in
                                                          (("men", "mortals"), ("greeks", "men"), ("greeks", "mortals"))]):
            prem, concl = [[f1, a, b], [f2, c, d]], [f3, e, f]
            assert syllogism_valid(prem, concl, terms) == brute(prem, concl, terms)
            valid += brute(prem, concl, terms)
    assert valid == 30  # 15 valid moods in Boolean logic, each with its converse-equivalent E/I conclusion
    labels = [make_syllogism(random.Random(i), 3).answer for i in range(40)]
    assert 10 < labels.count("valid") < 30  # the generator balances valid and invalid


def test_proof_goal_follows_from_premises_by_truth_table():
    for t in SUITE.generate(12, seed=8, difficulty=4, families=["proof"]):
        prem = [parse(p) for p in t.meta["premises"]]
        goal = parse(t.meta["goal"])
        names = sorted(set().union(atoms(goal), *map(atoms, prem)))
        for bits in itertools.product([False, True], repeat=len(names)):
            w = dict(zip(names, bits))
            assert not all(evaluate(p, w) for p in prem) or evaluate(goal, w)
        assert t.meta["goal"] not in t.meta["premises"]


def test_proofs_that_differ_only_in_atom_names_are_one_problem():
    from rlvr.tasks.logic_proofs import _shape

    assert _shape([["imp", "P", "Q"], "P"], "Q") == _shape([["imp", "R", "S"], "R"], "S")
    assert _shape([["imp", "P", "Q"], "P"], "Q") != _shape([["imp", "P", "Q"], "Q"], "P")


def test_zebra_worked_solution_deduces_the_answer_step_by_step():
    from rlvr.tasks.logic_zebra_steps import deduce

    for d in (1, 3, 5):
        for i in range(3):
            p = make_zebra(random.Random(i), d)
            steps, solved = deduce(p.meta["houses"], p.meta["categories"], p.meta["clues"])
            assert solved and steps and all(s.strip() for s in steps)
            assert p.solution.startswith("Track the houses") and "Clue" in p.solution
