"""Reading and judging one final answer per logic family: ``PARSERS[family](text, meta)`` and ``JUDGES``.

A parser turns the answer text into a plain value or raises ``AnswerError`` with the reason; it reads
leniently (several spellings, extra words) but never guesses: an answer that says two things at once
("Alice: knight or knave", a grid twice with different digits) is refused. A judge checks the value
against the puzzle itself (statements, clauses, constraints), never against one stored solution.
All regexes here are linear (no nested quantifiers), and answer texts are capped by the verifier.

>>> meta = {"num_vars": 2, "clauses": [[1, 2], [-1]], "satisfiable": True}
>>> v = PARSERS["sat"]("x1=F, x2=T", meta)
>>> v, JUDGES["sat"](v, meta)
({'x1': False, 'x2': True}, (True, 'every clause has a true literal'))
"""

from __future__ import annotations

import re
from typing import Any

from rlvr.errors import TaskError
from rlvr.tasks.logic_easy import eval_circuit, syllogism_valid
from rlvr.tasks.logic_sat import clause_text, solver_says_sat
from rlvr.tasks.logic_zebra import clue_holds, clue_text
from rlvr.verifiers.bounded import run_bounded
from rlvr.verifiers.logic_formula import evaluate

__all__ = ["AnswerError", "PARSERS", "JUDGES"]


INLINE_SAT_VARS = 40  # the suite's largest formulas have 18 variables and solve in well under a millisecond
SAT_TIMEOUT_S = 10.0


class AnswerError(ValueError):
    """The answer text cannot be read as one answer; the message says why (it becomes the fail reason)."""


# -- knights and knaves ---------------------------------------------------------------------------------
_LABEL = {"knight": True, "knights": True, "knave": False, "knaves": False, "liar": False, "liars": False}
_WORD_RE = re.compile(r"[A-Za-z]+")


def parse_knights(text: str, meta: dict[str, Any]) -> dict[str, bool]:
    people = {p.lower(): p for p in meta["people"]}
    if re.search(r"\bor\b", text, re.IGNORECASE):
        raise AnswerError("the answer lists alternatives ('or'); give one kind per person")
    # "not a knave" is a knight and "not a knight" a knave
    text = re.sub(r"\b(?:is\s+)?not\s+(?:an?\s+)?(knight|knave)\b",
                  lambda m: "is a " + ("knave" if m.group(1).lower() == "knight" else "knight"), text, flags=re.IGNORECASE)
    said: dict[str, set[bool]] = {}
    pending: list[str] = []
    header: bool | None = None
    labels_seen: set[bool] = set()
    for seg in re.split(r"[,;\n]|\band\b|\.\s", text):
        words = [w.lower() for w in _WORD_RE.findall(seg)]
        names = [people[w] for w in words if w in people]
        labels = {_LABEL[w] for w in words if w in _LABEL}
        if len(labels) > 1:
            raise AnswerError(f"'{seg.strip()[:40]}' calls someone both a knight and a knave")
        labels_seen |= labels
        if labels and re.match(r"\W*(?:the\s+)?(?:knights?|knaves?|liars?)\b[^\w:=]*(?:[:=]|are\b|is\b)", seg, re.IGNORECASE):
            header = labels.pop()
            targets = names
        elif labels:
            header, label = None, labels.pop()
            targets, pending = pending + names, []
        elif header is not None:
            targets, label = names, header
        else:  # names waiting for a later label, as in "Alice, Bob and Carol are knights": nothing else may be said
            extra = set(words) - {n.lower() for n in names} - {"and", "both", "also", "the"}
            if names and extra:
                raise AnswerError(f"cannot tell what '{seg.strip()[:40]}' says about {names[0]}")
            pending += names
            continue
        for name in targets:
            said.setdefault(name, set()).add(header if header is not None else label)
    if pending and labels_seen:
        raise AnswerError(f"the answer does not say whether {pending[0]} is a knight or a knave")
    if not labels_seen:  # a bare list of names: the knights ("none" when there are none)
        if not pending and not re.fullmatch(r"\W*(?:none|nobody|no one|(?:there are )?no knights)\W*", text, re.IGNORECASE):
            raise AnswerError("no names and no 'knight'/'knave' found in the answer")
        said = {name: {True} for name in pending}
        labels_seen = {True}
    both = [n for n, s in said.items() if len(s) > 1]
    if both:
        raise AnswerError(f"the answer calls {both[0]} both a knight and a knave")
    missing = [p for p in meta["people"] if p not in said]
    if missing and len(labels_seen) > 1:
        raise AnswerError(f"the answer does not say whether {missing[0]} is a knight or a knave")
    default = not next(iter(labels_seen))  # "Knights: Alice" means everyone else is a knave, and vice versa
    return {p: next(iter(said[p])) if p in said else default for p in meta["people"]}


def judge_knights(world: dict[str, bool], meta: dict[str, Any]) -> tuple[bool, str]:
    for s in meta["statements"]:
        truth = evaluate(s["formula"], world)
        if truth != world[s["speaker"]]:
            kind = "knight" if world[s["speaker"]] else "knave"
            return False, f"{s['speaker']} would be a {kind} saying something {'true' if truth else 'false'}: \"{s['text']}\""
    return True, "every statement agrees with its speaker's kind"


# -- satisfiability --------------------------------------------------------------------------------------
_UNSAT_RE = re.compile(r"\bunsat(?:isfiable)?\b|\bnot satisfiable\b|\bno (?:satisfying )?assignment\b", re.IGNORECASE)
# bounded gaps ({0,3}) keep every match attempt constant-time, whatever runs of spaces surround it
_LIT_RE = re.compile(r"(~|¬|!|-|\bnot\s)?\s{0,3}\bx(\d{1,6})\b(?:\s{0,3}(?:=|:|is|->|→)\s{0,3}(true|false|t|f|1|0)\b)?",
                     re.IGNORECASE)


def parse_sat(text: str, meta: dict[str, Any]) -> Any:
    lits = list(_LIT_RE.finditer(text))
    if _UNSAT_RE.search(text):
        if lits:
            raise AnswerError("the answer both says UNSAT and gives an assignment")
        return "UNSAT"
    if not lits:
        raise AnswerError("no assignment (x1=T, ...) and no UNSAT found in the answer")
    out: dict[str, bool] = {}
    for m in lits:
        var = int(m.group(2))
        if not 1 <= var <= meta["num_vars"]:
            raise AnswerError(f"x{var} is not a variable of this formula (x1..x{meta['num_vars']})")
        value = (m.group(3) or "t").lower() in ("true", "t", "1")
        value = value != bool(m.group(1))
        if out.get(f"x{var}", value) != value:
            raise AnswerError(f"the answer sets x{var} both true and false")
        out[f"x{var}"] = value
    return out


def judge_sat(value: Any, meta: dict[str, Any]) -> tuple[bool, str]:
    if value == "UNSAT":  # re-proved here, not taken on trust: CaDiCaL, in-process up to the suite's sizes
        if meta["num_vars"] <= INLINE_SAT_VARS:
            sat = solver_says_sat(meta["clauses"])
        else:  # a hand-made task may hold a hard formula: bound it (an overrun is an error verdict, ours)
            outcome = run_bounded(solver_says_sat, meta["clauses"], timeout_s=SAT_TIMEOUT_S)
            if not outcome.ok:
                raise RuntimeError(f"re-proving UNSAT: {outcome.status}: {outcome.error}")
            sat = outcome.value
        if sat != meta["satisfiable"]:
            raise TaskError(f"meta.satisfiable is {meta['satisfiable']} but the solver says the opposite; fix the task")
        return (not meta["satisfiable"], "the formula is indeed unsatisfiable" if not meta["satisfiable"]
                else "the formula is satisfiable, so UNSAT is wrong")
    for i, clause in enumerate(meta["clauses"], 1):
        if not any(value.get(f"x{abs(lit)}") == (lit > 0) for lit in clause):
            return False, f"clause {i} {clause_text(clause)} has no true literal under the assignment"
    return True, "every clause has a true literal"


# -- mini sudoku ----------------------------------------------------------------------------------------
def parse_sudoku(text: str, meta: dict[str, Any]) -> list[str]:
    n = len(meta["givens"])
    digits = re.findall(r"\d", re.sub(r"\b(?:row|line|r)\s*\d+\s*[:.)]?", " ", text, flags=re.IGNORECASE))
    if len(digits) != n * n:
        several = len(digits) > n * n and len(digits) % (n * n) == 0
        raise AnswerError(f"found {len(digits)} digits; the grid needs {n * n}" + (" (several grids?)" if several else ""))
    return ["".join(digits[r * n:(r + 1) * n]) for r in range(n)]


def judge_sudoku(rows: list[str], meta: dict[str, Any]) -> tuple[bool, str]:
    from rlvr.tasks.logic_sudoku import units

    br, bc = meta["box"]
    n = br * bc
    for r, (row, given) in enumerate(zip(rows, meta["givens"]), 1):
        for c, (v, g) in enumerate(zip(row, given), 1):
            if g != "0" and v != g:
                return False, f"row {r}, column {c} is given as {g} but the answer has {v}"
    want = {str(d) for d in range(1, n + 1)}
    for i, unit in enumerate(units(br, bc)):
        if {rows[r][c] for r, c in unit} != want:
            kind, k = ("row", "column", "box")[i // n], i % n + 1
            return False, f"{kind} {k} does not hold each digit 1-{n} once"
    return True, "every row, column and box holds each digit once and the givens are kept"


# -- zebra houses ---------------------------------------------------------------------------------------
_HOUSE_RE = re.compile(r"\bhouse\s{0,3}(?:#\s{0,3})?(\d{1,3})\b", re.IGNORECASE)


def parse_zebra(text: str, meta: dict[str, Any]) -> list[dict[str, str]]:
    n, cats = meta["houses"], meta["categories"]
    marks = list(_HOUSE_RE.finditer(text))
    if not marks:
        raise AnswerError("no 'House N:' found in the answer")
    houses: dict[int, dict[str, str]] = {}
    for m, nxt in zip(marks, marks[1:] + [None]):
        h = int(m.group(1))
        if not 1 <= h <= n:
            raise AnswerError(f"there is no house {h} (houses are 1..{n})")
        seg = text[m.end(): nxt.start() if nxt else len(text)]
        words = {w.lower() for w in _WORD_RE.findall(seg)}
        got: dict[str, str] = {}
        for cat, vals in cats.items():
            found = [v for v in vals if v in words]
            if len(found) > 1:
                raise AnswerError(f"house {h} is given two {cat} values: {found[0]} and {found[1]}")
            if found:
                got[cat] = found[0]
        if h in houses and houses[h] != got:
            raise AnswerError(f"house {h} is described twice, differently")
        houses[h] = got
    out = []
    for h in range(1, n + 1):
        for cat in cats:
            if cat not in houses.get(h, {}):
                raise AnswerError(f"the answer gives no {cat} for house {h}")
        out.append(houses[h])
    for cat in cats:
        vals = [house[cat] for house in out]
        dup = next((v for v in vals if vals.count(v) > 1), None)
        if dup:
            raise AnswerError(f"{dup} is placed in more than one house")
    return out


def judge_zebra(houses: list[dict[str, str]], meta: dict[str, Any]) -> tuple[bool, str]:
    where = {(cat, v): h for h, house in enumerate(houses, 1) for cat, v in house.items()}
    for i, clue in enumerate(meta["clues"], 1):
        if not clue_holds(clue, where):
            return False, f"clue {i} does not hold: {clue_text(clue)}"
    return True, "every clue holds"


# -- syllogisms and circuits ----------------------------------------------------------------------------
def parse_syllogism(text: str, meta: dict[str, Any]) -> str:
    low = re.sub(r"\bnot\s+valid\b", "invalid", text.lower())
    found = set(re.findall(r"\b(valid|invalid)\b", low))
    if len(found) != 1:
        raise AnswerError("say either 'valid' or 'invalid'" if not found else "the answer says both valid and invalid")
    return found.pop()


def judge_syllogism(value: str, meta: dict[str, Any]) -> tuple[bool, str]:
    truth = "valid" if syllogism_valid(meta["premises"], meta["conclusion"], meta["terms"]) else "invalid"
    return value == truth, f"the argument is {truth}"


_OUT_RE = re.compile(r"\b([A-Za-z]\w{0,8})\s*(?:=|:|is)\s*(0|1|true|false)\b", re.IGNORECASE)


def parse_circuit(text: str, meta: dict[str, Any]) -> dict[str, int]:
    outputs = meta["outputs"]
    signals = set(meta["inputs"]) | {g[0] for g in meta["gates"]}
    # other signals of the circuit ("since x1=0") are context, not answers; unknown names are refused
    named = [(m.group(1), m.group(2).lower()) for m in _OUT_RE.finditer(text) if m.group(1) not in signals - set(outputs)]
    out: dict[str, int] = {}
    if named:
        for name, v in named:
            if name not in outputs:
                raise AnswerError(f"{name} is not one of the asked outputs {', '.join(outputs)}")
            bit = 1 if v in ("1", "true") else 0
            if out.get(name, bit) != bit:
                raise AnswerError(f"the answer gives {name} two values")
            out[name] = bit
    else:
        bits = re.fullmatch(r"\s*([01](?:[\s,;]+[01])*)[\s.]*", text)  # one separator class: no ambiguous splits
        if not bits:
            raise AnswerError(f"expected {', '.join(f'{o}=0/1' for o in outputs)}")
        values = re.findall(r"[01]", bits.group(1))
        if len(values) != len(outputs):
            raise AnswerError(f"{len(values)} bare values for {len(outputs)} outputs")
        out = {o: int(v) for o, v in zip(outputs, values)}
    missing = [o for o in outputs if o not in out]
    if missing:
        raise AnswerError(f"the answer gives no value for {missing[0]}")
    return out


def judge_circuit(value: dict[str, int], meta: dict[str, Any]) -> tuple[bool, str]:
    values = eval_circuit(meta["inputs"], meta["gates"])
    wrong = [o for o in meta["outputs"] if values[o] != value[o]]
    if wrong:
        return False, f"{wrong[0]} is {values[wrong[0]]}, not {value[wrong[0]]}"
    return True, "every output is right"


def parse_proof(text: str, meta: dict[str, Any]) -> str:
    lines = text.strip().splitlines()
    if lines and lines[0].startswith("```"):
        lines = lines[1:]
    if lines and lines[-1].strip() == "```":
        lines = lines[:-1]
    body = "\n".join(lines)
    if not re.search(r"^[ \t]*\d", body, re.MULTILINE):
        raise AnswerError("no numbered proof lines found")
    return body


PARSERS = {"knights": parse_knights, "sat": parse_sat, "sudoku": parse_sudoku, "zebra": parse_zebra,
           "syllogism": parse_syllogism, "circuit": parse_circuit, "proof": parse_proof}
JUDGES = {"knights": judge_knights, "sat": judge_sat, "sudoku": judge_sudoku, "zebra": judge_zebra,
          "syllogism": judge_syllogism, "circuit": judge_circuit}  # proofs are judged by rlvr.verifiers.proof
