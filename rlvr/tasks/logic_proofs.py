"""Natural-deduction proof tasks: prove a goal from premises in the Fitch line format of ``docs/proofs.md``.

The generator chains inference patterns forward from a first premise (modus ponens, conjunction,
disjunctive syllogism, proof by cases, hypothetical syllogism, contraposition, modus tollens by
reductio, ...); each pattern may add premises, and what the last one derives is the goal. The
proof it wrote along the way is the worked solution, and the suite's tests run it through the checker.
Any correct proof passes: the verifier checks the model's proof line by line, never against this one.

>>> import random
>>> p = make_proof(random.Random(1), 1)
>>> from rlvr.verifiers.proof import check_proof
>>> check_proof(p.answer, p.meta["premises"], p.meta["goal"]).ok
True
"""

from __future__ import annotations

import random
import re
from typing import Any

from rlvr.tasks.base import Problem
from rlvr.verifiers.logic_formula import FALSUM, show

__all__ = ["make_proof", "RULES_HELP"]

ATOMS = "PQRSTUVWXYZABCDEFGHJKLMN"
STEPS = {1: (1, 2), 2: (2, 2), 3: (2, 3), 4: (3, 4), 5: (4, 6)}  # difficulty -> (min, max) chained patterns; fresh
# formulas are sometimes negations (more often from 2 up) and, from 3 up, conjunctions or disjunctions
RULES_HELP = """\
Each line is 'N. FORMULA RULE CITATIONS': N counts 1, 2, 3, ...; put one '| ' before the formula for each open subproof.
Connectives: ~ (not), & (and), | (or), -> (implies), <-> (iff), # (contradiction). Citations: lines '1,2', subproofs '3-5'.
Rules: premise | assume (opens a subproof one bar deeper) | R i (repeat) | &I i,j | &E i | |I i | |E i,j-k,l-m |
->I i-j | ->E i,j | ~I i-j (subproof from A to #, gives ~A) | ~E i,j (A and ~A give #) | #E i | DNE i (~~A gives A) |
IP i-j (subproof from ~A to #, gives A) | <->I i-j,k-l | <->E i,j | MT i,j | DS i,j | LEM i-j,k-l.
A line may cite only earlier lines not inside a closed subproof; the goal must appear on a line with no bars."""


class _Builder:
    def __init__(self) -> None:
        self.rows: list[tuple[int, Any, str]] = []
        self.depth = 0
        self.notes: list[str] = []  # one plain sentence per pattern: the plan shown before the proof

    def add(self, formula: Any, rule: str) -> int:
        self.rows.append((self.depth, formula, rule))
        return len(self.rows)

    def assume(self, formula: Any) -> int:
        self.depth += 1
        return self.add(formula, "assume")

    def close(self) -> None:
        self.depth -= 1

    def text(self) -> str:
        return "\n".join(f"{n}. {'| ' * d}{show(f)}  {r}".rstrip() for n, (d, f, r) in enumerate(self.rows, 1))


def _fresh(rng: random.Random, used: list[str], difficulty: int) -> Any:
    def atom() -> str:
        a = rng.choice([x for x in ATOMS[: len(used) + 6] if x not in used])
        used.append(a)
        return a

    roll = rng.random()
    if difficulty >= 3 and roll < 0.2:
        return [rng.choice(["and", "or"]), atom(), atom()]
    if roll < (0.2 if difficulty == 1 else 0.35):
        return ["not", atom()]
    return atom()


def _pattern(rng: random.Random, f: Any, used: list[str], difficulty: int) -> tuple[str, Any, list[Any]]:
    """Pick a pattern applicable to the formula ``f`` in hand: (name, extra data, premises it adds)."""
    options: list[tuple[str, Any, list[Any]]] = []
    g = _fresh(rng, used, difficulty)
    options += [("mp", g, [["imp", f, g]]), ("mt", g, [["imp", g, ["not", f]]]), ("nand", g, [["not", ["and", f, g]]])]
    options += [("andI", g, [g])] if difficulty <= 2 else []
    if isinstance(f, list) and f[0] == "and":
        options += [("andE", rng.choice([1, 2]), [])] * 2
    if isinstance(f, list) and f[0] == "or":
        z = _fresh(rng, used, difficulty)
        options += [("ds", rng.choice([1, 2]), []), ("cases", z, [["imp", f[1], z], ["imp", f[2], z]])] * 2
    if isinstance(f, list) and f[0] == "imp":
        options += [("hs", g, [["imp", f[2], g]]), ("contra", None, [])] * 2
    if isinstance(f, list) and f[0] == "not" and isinstance(f[1], list) and f[1][0] == "not":
        options += [("dne", None, [])] * 3
    name, data, prem = rng.choice(options)
    if name == "ds":
        prem = [["not", f[data]]]
    return name, data, prem


def _emit(b: _Builder, name: str, data: Any, f: Any, c: int, p: list[int]) -> tuple[Any, int]:
    """Write the pattern's lines; ``c`` is the line holding ``f``, ``p`` the lines of its new premises."""
    s = show
    if name == "mp":
        b.notes.append(f"From {s(f)} and {s(['imp', f, data])}, modus ponens gives {s(data)}.")
        return data, b.add(data, f"->E {p[0]},{c}")
    if name == "andI":
        b.notes.append(f"Join {s(f)} and {s(data)} into {s(['and', f, data])}.")
        return ["and", f, data], b.add(["and", f, data], f"&I {c},{p[0]}")
    if name == "andE":
        b.notes.append(f"Take {s(f[data])} out of {s(f)}.")
        return f[data], b.add(f[data], f"&E {c}")
    if name == "ds":
        other = f[3 - data]
        b.notes.append(f"{s(f)} with {s(['not', f[data]])} leaves {s(other)} (disjunctive syllogism).")
        return other, b.add(other, f"DS {c},{p[0]}")
    if name == "dne":
        b.notes.append(f"Drop the double negation of {s(f)}: {s(f[1][1])}.")
        return f[1][1], b.add(f[1][1], f"DNE {c}")
    if name == "mt":  # G -> ~F and F give ~G by reductio: assume G, get ~F, contradiction
        b.notes.append(f"Assume {s(data)}: then {s(['not', f])}, which contradicts {s(f)}; so {s(['not', data])}.")
        a = b.assume(data)
        nf = b.add(["not", f], f"->E {p[0]},{a}")
        e = b.add(FALSUM, f"~E {c},{nf}")
        b.close()
        return ["not", data], b.add(["not", data], f"~I {a}-{e}")
    if name == "nand":  # ~(F & G) and F give ~G
        b.notes.append(f"Assume {s(data)}: with {s(f)} that gives {s(['and', f, data])}, contradicting"
                       f" {s(['not', ['and', f, data]])}; so {s(['not', data])}.")
        a = b.assume(data)
        both = b.add(["and", f, data], f"&I {c},{a}")
        e = b.add(FALSUM, f"~E {both},{p[0]}")
        b.close()
        return ["not", data], b.add(["not", data], f"~I {a}-{e}")
    if name == "cases":  # X | Y, X -> Z, Y -> Z give Z
        b.notes.append(f"Split on {s(f)}: {s(f[1])} gives {s(data)}, and so does {s(f[2])}; so {s(data)}.")
        a1 = b.assume(f[1])
        z1 = b.add(data, f"->E {p[0]},{a1}")
        b.close()
        a2 = b.assume(f[2])
        z2 = b.add(data, f"->E {p[1]},{a2}")
        b.close()
        return data, b.add(data, f"|E {c},{a1}-{z1},{a2}-{z2}")
    if name == "hs":  # X -> Y and Y -> Z give X -> Z
        b.notes.append(f"Assume {s(f[1])}: then {s(f[2])}, then {s(data)}; so {s(['imp', f[1], data])}.")
        a = b.assume(f[1])
        y = b.add(f[2], f"->E {c},{a}")
        z = b.add(data, f"->E {p[0]},{y}")
        b.close()
        return ["imp", f[1], data], b.add(["imp", f[1], data], f"->I {a}-{z}")
    # contraposition: X -> Y gives ~Y -> ~X
    x, y = f[1], f[2]
    b.notes.append(f"Contrapose {s(f)}: assume {s(['not', y])}; if {s(x)} held, {s(y)} would follow, a contradiction;"
                   f" so {s(['not', x])}, and {s(['imp', ['not', y], ['not', x]])}.")
    a = b.assume(["not", y])
    a2 = b.assume(x)
    yy = b.add(y, f"->E {c},{a2}")
    e = b.add(FALSUM, f"~E {yy},{a}")
    b.close()
    nx = b.add(["not", x], f"~I {a2}-{e}")
    b.close()
    return ["imp", ["not", y], ["not", x]], b.add(["imp", ["not", y], ["not", x]], f"->I {a}-{nx}")


def make_proof(rng: random.Random, difficulty: int) -> Problem:
    """Premises and a goal that follows from them, with a checked Fitch proof as the worked solution."""
    lo, hi = STEPS[difficulty]
    while True:
        used: list[str] = []
        start = _fresh(rng, used, difficulty)
        if rng.random() < (0.4 if difficulty == 1 else 0.6):
            start = [rng.choice(["or", "imp", "and"]), start, _fresh(rng, used, difficulty)]
        premises, plan, f = [start], [], start
        for _ in range(rng.randint(lo, hi)):
            name, data, prem = _pattern(rng, f, used, difficulty)
            plan.append((name, data, f, len(premises), len(prem)))
            premises += prem
            f = _simulate(name, data, f)
        if f not in premises and len({repr(p) for p in premises}) == len(premises):
            break
    b = _Builder()
    lines = [b.add(p, "premise") for p in premises]
    c = 1
    for name, data, held, first, count in plan:
        _, c = _emit(b, name, data, held, c, lines[first:first + count])
    order = rng.sample(range(len(premises)), len(premises))  # shown shuffled; the proof may cite them in any order
    shown = [show(premises[i]) for i in order]
    goal = show(f)
    proof = b.text()
    prompt = (
        "Prove the goal from the premises with a natural-deduction (Fitch-style) proof.\n"
        f"Premises: {'; '.join(shown)}\nGoal: {goal}\n{RULES_HELP}\n"
        "Answer format: 'Final answer:' followed by the whole proof in a ``` fenced block, one line per step."
    )
    plan = "\n".join(f"- {note}" for note in b.notes)
    solution = f"Work forward from the premises:\n{plan}\nWritten as a Fitch proof:\n\nFinal answer:\n```\n{proof}\n```"
    return Problem(canonical=_shape(premises, f), prompt=prompt, answer=proof, solution=solution,
                   meta={"premises": [show(p) for p in premises], "goal": goal})


def _shape(premises: list[Any], goal: Any) -> str:
    """The problem up to renaming atoms: 'P -> Q, P |- Q' and 'R -> S, R |- S' are one problem, so a
    renamed copy of a held-out problem can never land in train (the split and dedupe read this)."""
    names: dict[str, str] = {}
    text = " ; ".join(show(p) for p in premises) + " |- " + show(goal)
    return re.sub(r"[A-Z]", lambda m: names.setdefault(m.group(), f"a{len(names)}"), text)


def _simulate(name: str, data: Any, f: Any) -> Any:
    return _emit(_Builder(), name, data, f, 1, [1, 1])[0]
