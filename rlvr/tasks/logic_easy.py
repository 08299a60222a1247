"""The easy end of the logic suite: categorical syllogisms (valid or not) and boolean circuit evaluation.

Syllogisms are read the modern (Boolean) way, which the prompt states: "All A are B" does not claim
any A exists. Validity is decided over Venn regions: universal statements empty regions, existential
ones need a non-empty region, and an argument is invalid exactly when the premises plus the negated
conclusion can all hold, i.e. every existential keeps a region no universal empties (making all such
regions non-empty at once is then a counter-model). That is linear in the regions, no search.

>>> terms = ["greeks", "men", "mortals"]
>>> syllogism_valid([["A", "men", "mortals"], ["A", "greeks", "men"]], ["A", "greeks", "mortals"], terms)
True
>>> syllogism_valid([["I", "men", "mortals"], ["I", "greeks", "men"]], ["I", "greeks", "mortals"], terms)
False
>>> eval_circuit({"x1": 1, "x2": 0}, [["g1", "AND", ["x1", "x2"]], ["g2", "NOT", ["g1"]]])
{'x1': 1, 'x2': 0, 'g1': 0, 'g2': 1}
"""

from __future__ import annotations

import random
from typing import Any

from rlvr.tasks.base import Problem

__all__ = ["make_syllogism", "make_circuit", "syllogism_valid", "eval_circuit", "GATES"]

NOUNS = ["artists", "bakers", "cyclists", "dancers", "engineers", "farmers", "gardeners", "hikers", "jugglers",
         "knitters", "lawyers", "musicians", "painters", "sailors", "tailors", "writers", "pilots", "chemists"]
SENTENCE = {"A": "All {} are {}.", "E": "No {} are {}.", "I": "Some {} are {}.", "O": "Some {} are not {}."}
NEGATE = {"A": "O", "O": "A", "E": "I", "I": "E"}
# difficulty -> (terms, forms the premises may use)
SYLLOGISM_SIZES = {1: (3, "AEI"), 2: (3, "AEIO"), 3: (4, "AEIO"), 4: (4, "AEIO"), 5: (5, "AEIO")}


def _regions(st: list[str], terms: list[str]) -> list[int]:
    """Regions (bitmask over terms) a statement's existence claim or emptiness rule is about."""
    form, x, y = st
    bx, by = 1 << terms.index(x), 1 << terms.index(y)
    want_y = {"A": False, "E": True, "I": True, "O": False}[form]
    return [r for r in range(1 << len(terms)) if r & bx and bool(r & by) == want_y]


def _why(premises: list[list[str]], conclusion: list[str], terms: list[str]) -> tuple[bool, str]:
    stmts = [("premise", p) for p in premises] + [("the negated conclusion", [NEGATE[conclusion[0]], *conclusion[1:]])]
    empty: dict[int, str] = {}
    for _who, st in stmts:
        if st[0] in "AE":
            for r in _regions(st, terms):
                empty.setdefault(r, SENTENCE[st[0]].format(st[1], st[2]))
    for who, st in stmts:
        if st[0] in "IO" and all(r in empty for r in _regions(st, terms)):
            said = SENTENCE[st[0]].format(st[1], st[2])
            rules = sorted({empty[r] for r in _regions(st, terms)})
            return True, (f"{who[0].upper() + who[1:]} says '{said}', which needs something that is {_kind(st, terms)}; "
                          f"but {' and '.join(repr(r) for r in rules)} rule(s) every such thing out. So the premises cannot"
                          f" all be true while the conclusion is false: the argument is valid.")
    example = []
    for _who, st in stmts:
        if st[0] in "IO":
            r = next(r for r in _regions(st, terms) if r not in empty)
            example.append(_describe(r, terms))
    world = "; ".join(f"something that is {e}" for e in example) or "nothing at all"
    return False, (f"Counter-example: a world containing only {world}. Every premise is true there and the conclusion"
                   " is false, so the argument is invalid.")


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _describe(region: int, terms: list[str]) -> str:
    """``0b011`` over (artists, bakers, cooks) -> 'an artist and a baker but not a cook'."""
    yes = [_a(t[:-1]) for i, t in enumerate(terms) if (region >> i) & 1]
    no = [_a(t[:-1]) for i, t in enumerate(terms) if not (region >> i) & 1]
    return " and ".join(yes) + (f" but not {', not '.join(no)}" if no else "")


def _kind(st: list[str], terms: list[str]) -> str:
    return f"{st[1][:-1]} and {'not ' if st[0] == 'O' else ''}{st[2][:-1]}"


def syllogism_valid(premises: list[list[str]], conclusion: list[str], terms: list[str]) -> bool:
    """True when the conclusion holds in every (Boolean-semantics) model of the premises."""
    return _why(premises, conclusion, terms)[0]


def make_syllogism(rng: random.Random, difficulty: int) -> Problem:
    """A chain of categorical premises and a conclusion linking its two ends; valid or invalid, evenly."""
    k, forms = SYLLOGISM_SIZES[difficulty]
    want_valid = rng.random() < 0.5
    for _ in range(5000):
        terms = rng.sample(NOUNS, k)
        premises = []
        for a, b in zip(terms, terms[1:]):
            pair = [a, b] if rng.random() < 0.5 else [b, a]
            premises.append([rng.choice(forms), *pair])
        rng.shuffle(premises)
        conclusion = [rng.choice("AEIO"), *([terms[0], terms[-1]] if rng.random() < 0.5 else [terms[-1], terms[0]])]
        valid, why = _why(premises, conclusion, terms)
        if valid == want_valid:
            break
    else:  # pragma: no cover
        raise RuntimeError("syllogism: no argument of the wanted kind in 5000 draws")
    lines = "\n".join(f"{i}. {SENTENCE[p[0]].format(p[1], p[2])}" for i, p in enumerate(premises, 1))
    concl = SENTENCE[conclusion[0]].format(conclusion[1], conclusion[2])
    verdict = "valid" if valid else "invalid"
    prompt = (
        f"Premises:\n{lines}\nConclusion: {concl}\n"
        "Is the argument valid, that is, must the conclusion be true whenever all the premises are true? Read the"
        " statements in modern logic: 'All X are Y' does not say that any X exist; 'Some X are Y' says at least one"
        " thing is both.\nAnswer format: 'Final answer: valid' or 'Final answer: invalid'."
    )
    solution = f"Suppose the premises are true and the conclusion false ({SENTENCE[NEGATE[conclusion[0]]].format(*conclusion[1:])}).\n{why}\nFinal answer: {verdict}"
    return Problem(canonical=repr((premises, conclusion)), prompt=prompt, answer=verdict, solution=solution,
                   meta={"terms": terms, "premises": premises, "conclusion": conclusion})


GATES = {"AND": lambda v: int(all(v)), "OR": lambda v: int(any(v)), "XOR": lambda v: sum(v) % 2,
         "NAND": lambda v: 1 - int(all(v)), "NOR": lambda v: 1 - int(any(v)), "NOT": lambda v: 1 - v[0]}
# difficulty -> (inputs, gates, outputs)
CIRCUIT_SIZES = {1: (2, 2, 1), 2: (3, 4, 1), 3: (4, 7, 2), 4: (5, 11, 2), 5: (6, 16, 3)}


def eval_circuit(inputs: dict[str, int], gates: list[list[Any]]) -> dict[str, int]:
    """Every signal's value; gates come in an order where each reads only earlier signals."""
    values = dict(inputs)
    for name, op, args in gates:
        values[name] = GATES[op]([values[a] for a in args])
    return values


def make_circuit(rng: random.Random, difficulty: int) -> Problem:
    """A random gate netlist over given inputs; the answer is the value of its output gates."""
    n_in, n_gates, n_out = CIRCUIT_SIZES[difficulty]
    inputs = {f"x{i}": rng.randint(0, 1) for i in range(1, n_in + 1)}
    signals, gates = list(inputs), []
    for g in range(1, n_gates + 1):
        op = rng.choice(["AND", "OR", "XOR", "NAND", "NOR", "NOT"] if g > 1 else ["AND", "OR", "XOR", "NAND", "NOR"])
        recent = signals[-4:]
        args = [rng.choice(recent)] if op == "NOT" else rng.sample(recent if len(recent) >= 2 else signals, 2)
        gates.append([f"g{g}", op, args])
        signals.append(f"g{g}")
    values = eval_circuit(inputs, gates)
    outputs = [g[0] for g in gates[-n_out:]]
    answer = {o: values[o] for o in outputs}
    netlist = "\n".join(f"{name} = {op}({', '.join(args)})" for name, op, args in gates)
    fmt = ", ".join(f"{o}=V" for o in outputs)
    prompt = (
        f"A boolean circuit has inputs {', '.join(f'{k}={v}' for k, v in inputs.items())} and these gates, each computed"
        f" from the signals named in brackets (NAND and NOR are negated AND and OR; XOR is true when an odd number of"
        f" inputs is true):\n{netlist}\nWhat are the values of {', '.join(outputs)}?\n"
        f"Answer format: 'Final answer: {fmt}' with each V being 0 or 1, outputs in this order."
    )
    steps = "\n".join(f"{name} = {op}({', '.join(f'{a}={values[a]}' for a in args)}) = {values[name]}" for name, op, args in gates)
    final = ", ".join(f"{o}={answer[o]}" for o in outputs)
    solution = f"Evaluate the gates in order:\n{steps}\nFinal answer: {final}"
    return Problem(canonical=repr((inputs, gates)), prompt=prompt, answer=answer, solution=solution,
                   meta={"inputs": inputs, "gates": gates, "outputs": outputs})
