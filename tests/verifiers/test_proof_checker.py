"""The Fitch proof checker: every rule accepted when applied right, each kind of bad step caught at its line."""

import pytest

from rlvr.verifiers.proof import MAX_LINES, check_proof

# (name, premises, goal, proof): valid proofs, between them using every rule and the lenient spellings
VALID = [
    ("modus ponens", ["P -> Q", "P"], "Q", """
1. P -> Q   premise
2. P        premise
3. Q        ->E 1,2"""),
    ("and commutes", ["P & Q"], "Q & P", """
1. P & Q    premise
2. Q        &E 1
3. P        &E 1
4. Q & P    &I 2,3"""),
    ("or commutes, sibling subproofs", ["P | Q"], "Q | P", """
1. P | Q    premise
2. | P      assume
3. | Q | P  |I 2
4. | Q      assume
5. | Q | P  |I 4
6. Q | P    |E 1,2-3,4-5"""),
    ("weakening with reiteration, no premises", [], "P -> (Q -> P)", """
1. | P             assume
2. | | Q           assume
3. | | P           R 1
4. | Q -> P        ->I 2-3
5. P -> (Q -> P)   ->I 1-4"""),
    ("modus tollens by reductio", ["P -> Q", "~Q"], "~P", """
1. P -> Q   premise
2. ~Q       premise
3. | P      assume
4. | Q      ->E 1,3
5. | #      ~E 4,2
6. ~P       ~I 3-5"""),
    ("double negation by IP", [], "~~P -> P", """
1. | ~~P         assume
2. | | ~P        assume
3. | | #         ~E 2,1
4. | P           IP 2-3
5. ~~P -> P      ->I 1-4"""),
    ("DNE, MT, DS", ["~~P", "~P | R", "S -> ~P"], "~S & R", """
1. ~~P      premise
2. ~P | R   premise
3. S -> ~P  premise
4. P        DNE 1
5. R        DS 2,1
6. ~S       MT 3,1
7. ~S & R   &I 6,5"""),
    ("explosion", ["P", "~P"], "Q", """
1. P   premise
2. ~P  premise
3. #   ~E 1,2
4. Q   #E 3"""),
    ("biconditional in and out", ["P -> Q", "Q -> P"], "Q <-> P", """
1. P -> Q    premise
2. Q -> P    premise
3. | Q       assume
4. | P       ->E 2,3
5. | P       assume
6. | Q       ->E 1,5
7. Q <-> P   <->I 3-4,5-6
8. | Q       assume
9. | P       <->E 7,8
10. Q -> P   ->I 8-9"""),
    ("excluded middle via LEM", [], "P | ~P", """
1. | P        assume
2. | P | ~P   |I 1
3. | ~P       assume
4. | P | ~P   |I 3
5. P | ~P     LEM 1-2,3-4"""),
    ("aliases, unicode, markdown and a fence", ["P → Q", "P"], "Q ∧ P", """```
1) P → Q      Premise
2) P          pr
3) Q          MP 1, 2
4) Q ∧ P      ∧I 3, 2
```"""),
]


@pytest.mark.parametrize("name,premises,goal,proof", VALID, ids=[v[0] for v in VALID])
def test_valid_proof_is_accepted(name, premises, goal, proof):
    r = check_proof(proof, premises, goal)
    assert r.ok, r.reason
    assert r.line is None and "goal" in r.reason


MT = """
1. P -> Q   premise
2. ~Q       premise
3. | P      assume
4. | Q      ->E 1,3
5. | #      ~E 4,2
6. ~P       ~I 3-5"""

# (name, proof edited from MT, expected first bad line, words the reason must contain)
INVALID = [
    ("unknown rule", MT.replace("->E 1,3", "magic 1,3"), 4, "unknown rule 'magic'"),
    ("rule misapplied: wrong conclusion", MT.replace("| Q      ->E 1,3", "| ~Q     ->E 1,3"), 4, "->E needs"),
    ("rule misapplied: &E on a conditional", MT.replace("->E 1,3", "&E 1"), 4, "&E gives one side"),
    ("cites a later line", MT.replace("->E 1,3", "->E 1,5"), 4, "does not come before"),
    ("cites itself", MT.replace("->E 1,3", "->E 1,4"), 4, "does not come before"),
    ("cites a line inside a closed subproof", MT + "\n7. Q  R 4", 7, "already closed"),
    ("range that does not start at an assumption", MT.replace("~I 3-5", "~I 2-5"), 6, "not an assumption"),
    ("range that stops before the subproof ends", MT.replace("~I 3-5", "~I 3-4"), 6, "ends at line 5"),
    ("range of a subproof still open", MT.replace("6. ~P       ~I 3-5", "6. | ~P     ~I 3-5"), 6, "still open"),
    ("premise that is not given", MT.replace("2. ~Q       premise", "2. Q        premise"), 2, "not one of the premises"),
    ("premise inside a subproof", MT.replace("5. | #      ~E 4,2", "5. | ~Q     premise"), 5, "outside all subproofs"),
    ("bars without an assumption", MT.replace("4. | Q ", "4. | | Q "), 4, "only an assumption opens one"),
    ("assumption two levels deep at once", MT.replace("3. | P      assume", "3. | | P    assume"), 3, "needs 1 bar"),
    ("line numbers out of order", MT.replace("4. | Q", "5. | Q"), 4, "numbered 5"),
    ("line without a number", MT.replace("4. | Q      ->E 1,3", "| Q      ->E 1,3"), 4, "line number"),
    ("formula that cannot be read", MT.replace("4. | Q      ->E 1,3", "4. | Q &&& ->E 1,3"), 4, "cannot read the formula"),
    ("no rule at all", MT.replace("4. | Q      ->E 1,3", "4. | Q"), 4, "formula followed by a rule"),
    ("too few citations", MT.replace("->E 1,3", "->E 1"), 4, "->E cites a line, a line"),
    ("a line where a subproof is due", MT.replace("~I 3-5", "~I 5"), 6, "~I cites a subproof"),
    ("~I from a subproof that does not end in #", MT.replace("5. | #      ~E 4,2", "5. | Q      R 4"), 6, "ends with #"),
    ("first of two bad lines is reported", MT.replace("->E 1,3", "->E 3,3").replace("~I 3-5", "~I 9-9"), 4, "->E needs"),
]


@pytest.mark.parametrize("name,proof,line,words", INVALID, ids=[v[0] for v in INVALID])
def test_invalid_step_is_rejected_at_its_line(name, proof, line, words):
    r = check_proof(proof, ["P -> Q", "~Q"], "~P")
    assert not r.ok
    assert r.line == line, r.reason
    assert r.reason.startswith(f"line {line}: ") and words in r.reason, r.reason


def test_other_rules_misapplied_are_caught():
    bad = {
        "|E with cases ending differently": ("P | Q", "R", "1. P | Q  premise\n2. | P  assume\n3. | P | R  |I 2\n4. | Q  assume\n"
                                            "5. | Q | R  |I 4\n6. R  |E 1,2-3,4-5", 6),
        "IP on a subproof that assumed the wrong thing": ("P", "P", "1. P  premise\n2. | P  assume\n3. | P  R 2\n4. P  IP 2-3", 4),
        "DS with the wrong negation": ("P | Q", "Q", "1. P | Q  premise\n2. Q  DS 1,1", 2),
        "<->I whose subproofs do not swap": ("P", "P <-> P", "1. | P  assume\n2. | P  R 1\n3. | Q  assume\n4. | P  #E 3\n"
                                               "5. P <-> P  <->I 1-2,3-4", 4),
    }
    for name, (premise, goal, proof, line) in bad.items():
        r = check_proof(proof, [premise], goal)
        assert not r.ok and r.line == line, (name, r)


def test_goal_only_inside_a_subproof_is_not_proved():
    r = check_proof("1. | Q  assume\n2. | Q  R 1", [], "Q")
    assert not r.ok and r.line is None and "never closed" in r.reason


def test_goal_never_reached_is_not_proved():
    r = check_proof("1. P -> Q  premise\n2. P  premise", ["P -> Q", "P"], "Q")
    assert not r.ok and r.line is None and "no line outside the subproofs is the goal Q" in r.reason


@pytest.mark.parametrize("text", ["", "   \n\n", "```\n```", None, 42])
def test_empty_or_non_text_proof_fails_without_raising(text):
    r = check_proof(text, ["P"], "P")
    assert not r.ok and r.reason == "the proof has no lines"


def test_huge_proof_is_refused_by_its_size_cap():
    proof = "1. P  premise\n" + "".join(f"{i}. P  R 1\n" for i in range(2, MAX_LINES + 10))
    r = check_proof(proof, ["P"], "P")
    assert not r.ok and "limit" in r.reason


def test_deeply_nested_formula_is_refused_not_a_crash():
    r = check_proof("1. " + "~" * 300 + "P  premise", ["P"], "P")
    assert not r.ok and r.line == 1 and "nests deeper" in r.reason
    r = check_proof("1. " + "~" * 5000 + "P  premise", ["P"], "P")
    assert not r.ok and r.line == 1 and "over the 400 limit" in r.reason


def test_the_examples_in_docs_proofs_md_are_accepted():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "proofs.md").read_text()
    blocks = [b for b in re.findall(r"```\n(.*?)```", text, re.DOTALL) if b.startswith("1. ")]
    assert len(blocks) == 2
    assert check_proof(blocks[0], ["P -> Q", "~Q"], "~P").ok
    assert check_proof(blocks[1], ["P | Q"], "Q | P").ok


def _entails(premises, goal):
    import itertools

    from rlvr.verifiers.logic_formula import atoms, evaluate, parse

    prem, g = [parse(p) for p in premises], parse(goal)
    names = sorted(set().union(atoms(g), *map(atoms, prem)))
    for bits in itertools.product([False, True], repeat=len(names)):
        w = dict(zip(names, bits))
        if all(evaluate(p, w) for p in prem) and not evaluate(g, w):
            return False
    return True


def test_checker_is_sound_under_random_mutations():
    """Whatever a proof is mutated into and whatever goal it is checked against, an accepted proof means
    the premises really entail the goal (checked by truth table): the checker never certifies a non-theorem."""
    import random

    from rlvr.tasks.logic import LogicSuite
    from rlvr.verifiers.logic_formula import parse, show

    rng = random.Random(0)
    accepted = rejected = 0
    for task in LogicSuite().generate(30, seed=4, difficulty=3, families=["proof"]):
        lines = task.answer.splitlines()
        formulas = [show(parse(ln.split(". ", 1)[1].lstrip("| ").rsplit("  ", 1)[0])) for ln in lines]
        for _ in range(12):
            mutated = list(lines)
            k = rng.randrange(len(mutated))
            kind = rng.choice(["cite", "rule", "formula", "drop", "bars", "none"])
            if kind == "cite":
                mutated[k] = mutated[k][:-1] + str(rng.randint(1, len(lines)))
            elif kind == "rule":
                head, _, tail = mutated[k].rpartition("  ")
                cites = tail.split(" ", 1)[1] if " " in tail else ""
                mutated[k] = f"{head}  {rng.choice(['R', '&E', '->E', 'DNE', '#E', 'MT', 'DS', '|I', 'assume'])} {cites}".rstrip()
            elif kind == "formula":
                num, _, rest = mutated[k].partition(". ")
                bars = rest[: len(rest) - len(rest.lstrip("| "))]
                mutated[k] = f"{num}. {bars}{rng.choice(formulas)}  {rest.rsplit('  ', 1)[1]}"
            elif kind == "drop":
                del mutated[k]
                mutated = [f"{i}. {ln.split('. ', 1)[1]}" for i, ln in enumerate(mutated, 1)]
            elif kind == "bars":
                num, _, rest = mutated[k].partition(". ")
                mutated[k] = f"{num}. | {rest}" if rng.random() < 0.5 else f"{num}. {rest.removeprefix('| ')}"
            premises = list(task.meta["premises"])
            if rng.random() < 0.5:  # sometimes a premise the proof needs is no longer given
                premises = rng.sample(premises, rng.randint(0, len(premises)))
            goal = rng.choice(formulas + [task.meta["goal"]])
            r = check_proof("\n".join(mutated), premises, goal)
            if r.ok:
                accepted += 1
                assert _entails(premises, goal), ("\n".join(mutated), premises, goal)
            else:
                rejected += 1
    assert accepted > 20 and rejected > 100  # both outcomes were exercised
