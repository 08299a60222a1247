"""Knights and knaves: knights always tell the truth, knaves always lie; who is which?

The generator proves the solution unique by trying all 2**n assignments (n <= 7 people, so at most
128): a solver would add nothing at this size. The task stores each statement as a formula over the
people (atom ``Alice`` = "Alice is a knight"), so the verifier evaluates the statements under the
model's answer instead of comparing strings.

>>> import random
>>> p = make_knights(random.Random(3), 1)
>>> p.answer
{'Alice': 'knave', 'Bob': 'knight', 'Carol': 'knave'}
"""

from __future__ import annotations

import itertools
import random
from typing import Any

from rlvr.tasks.base import Problem
from rlvr.verifiers.logic_formula import atoms, evaluate

__all__ = ["make_knights", "consistent_assignments", "NAMES"]

NAMES = ("Alice", "Bob", "Carol", "Dave", "Eve", "Frank", "Grace")
PEOPLE_BY_DIFFICULTY = {1: 3, 2: 3, 3: 4, 4: 5, 5: 6}  # difficulty 1 and 2 differ in the kinds of claim
TRACE_MAX_LINES = 60


def _is(name: str, speaker: str, kind: str) -> str:
    return f"I am a {kind}" if name == speaker else f"{name} is a {kind}"


def _statement(rng: random.Random, speaker: str, people: list[str], difficulty: int) -> tuple[Any, str]:
    """One random claim by ``speaker``: (formula, English)."""
    others = [p for p in people if p != speaker]
    x = rng.choice(others)
    y = rng.choice([p for p in people if p != x])
    kinds = ["is", "isnt", "both", "same"] if difficulty == 1 else ["is", "isnt", "both", "notboth", "same", "differ", "if_knave", "either"]
    if difficulty >= 3:
        kinds += ["exactly", "exactly"]
    kind = rng.choice(kinds)
    ref = "me" if y == speaker else y
    if kind == "is":
        return x, f"{_is(x, speaker, 'knight')}."
    if kind == "isnt":
        return ["not", x], f"{_is(x, speaker, 'knave')}."
    if kind == "both":
        return ["and", x, y], f"{x} and {'I' if y == speaker else y} are both knights."
    if kind == "notboth":
        return ["or", ["not", x], ["not", y]], f"At least one of {x} and {ref} is a knave."
    if kind == "same":
        return ["iff", x, y], f"{x} and {'I' if y == speaker else y} are the same kind."
    if kind == "differ":
        return ["xor", x, y], f"{x} and {'I' if y == speaker else y} are different kinds."
    if kind == "if_knave":
        return ["imp", ["not", x], y], f"If {x} is a knave, then {_is(y, speaker, 'knight')}."
    if kind == "either":
        return ["or", x, y], f"{x} or {'I' if y == speaker else y} is a knight (or both are)."
    k = rng.randint(0, len(people))
    count = {0: "None of us is a knight", 1: "Exactly one of us is a knight"}.get(k, f"Exactly {k} of us are knights")
    return ["exactly", k, *people], f"{count} (counting all {len(people)} of us)."


def consistent_assignments(people: list[str], statements: list[dict[str, Any]]) -> list[dict[str, bool]]:
    """Every knight/knave assignment under which each speaker is a knight exactly when their claim is true."""
    found = []
    for bits in itertools.product((True, False), repeat=len(people)):
        world = dict(zip(people, bits))
        if all(world[s["speaker"]] == evaluate(s["formula"], world) for s in statements):
            found.append(world)
    return found


def make_knights(rng: random.Random, difficulty: int) -> Problem:
    """A puzzle with exactly one consistent assignment; the search over all of them is the proof."""
    people = list(NAMES[: PEOPLE_BY_DIFFICULTY[difficulty]])
    for _ in range(2000):
        statements = []
        for speaker in people:
            formula, text = _statement(rng, speaker, people, difficulty)
            statements.append({"speaker": speaker, "formula": formula, "text": text})
        worlds = consistent_assignments(people, statements)
        if len(worlds) == 1:
            break
    else:  # pragma: no cover - 2000 draws without a unique puzzle would be a generator bug
        raise RuntimeError("knights: no puzzle with a unique solution in 2000 draws")
    world = worlds[0]
    answer = {p: "knight" if world[p] else "knave" for p in people}
    said = "\n".join(f'{s["speaker"]} says: "{s["text"]}"' for s in statements)
    prompt = (
        f"On an island every inhabitant is either a knight, who always tells the truth, or a knave, who always lies.\n"
        f"You meet {len(people)} inhabitants: {', '.join(people)}.\n{said}\n"
        f"Who is a knight and who is a knave? Exactly one assignment is consistent with what they say.\n"
        f"Answer format: after 'Final answer:' give every person as 'Name: knight' or 'Name: knave', separated by"
        f" commas, e.g. 'Final answer: {people[0]}: knight, {people[1]}: knave'."
    )
    checks = []
    for s in statements:
        truth = evaluate(s["formula"], world)
        kind = answer[s["speaker"]]
        checks.append(f'- {s["speaker"]} is a {kind}, so the claim "{s["text"]}" must be {"true" if world[s["speaker"]] else "false"};'
                      f' it is {"true" if truth else "false"}. Consistent.')
    trace = _search(people, statements)
    solution = (
        "Case by case, checking each claim once everyone it mentions is decided:\n" + "\n".join(trace)
        + "\nExactly one assignment survives. Checking it against every statement:\n" + "\n".join(checks)
        + f"\nFinal answer: {', '.join(f'{p}: {answer[p]}' for p in people)}"
    )
    canonical = repr([(s["speaker"], s["formula"]) for s in statements])
    return Problem(canonical=canonical, prompt=prompt, answer=answer, solution=solution,
                   meta={"people": people, "statements": statements})


def _search(people: list[str], statements: list[dict[str, Any]], limit: int = TRACE_MAX_LINES) -> list[str]:
    """A case-split trace over the whole search: each claim is checked as soon as everyone it names is decided.

    The search does not stop at the solution: exhausting it is what shows the solution is the only one.
    """
    lines: list[str] = []
    world: dict[str, bool] = {}
    names = [(s, atoms(s["formula"]) | {s["speaker"]}) for s in statements]

    def go(i: int) -> None:
        if i == len(people):
            lines.append("  " * i + "Every claim checks: this assignment works.")
            return
        for kind in (True, False):
            world[people[i]] = kind
            decided = set(people[: i + 1])
            lines.append("  " * i + f"Suppose {people[i]} is a {'knight' if kind else 'knave'}.")
            bad = next((s for s, ns in names if people[i] in ns and ns <= decided
                        and evaluate(s["formula"], world) != world[s["speaker"]]), None)
            if bad is not None:
                truth = evaluate(bad["formula"], world)
                who = "knight" if world[bad["speaker"]] else "knave"
                lines.append("  " * (i + 1) + f'Then {bad["speaker"]}\'s claim "{bad["text"]}" is {"true" if truth else "false"},'
                             f" impossible for a {who}.")
            else:
                go(i + 1)
        del world[people[i]]

    go(0)
    if len(lines) > limit:
        lines = lines[:limit] + ["(the remaining cases fail the same way)"]
    return lines


