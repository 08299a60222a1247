"""A checker for Fitch-style natural-deduction proofs in propositional logic, line by line.

The line format (full description with examples in ``docs/proofs.md``)::

    N. [| ...] FORMULA   RULE [CITATIONS]

``N`` counts 1, 2, 3 ...; each ``|`` before the formula is one level of subproof; ``RULE`` is a rule
name; citations are line numbers and ranges ``i-j`` (a closed subproof from its assumption i to its
last line j), separated by commas. Rules (forallx's names; aliases in ``RULE_ALIASES``)::

    premise  assume  R i  &I i,j  &E i  |I i  |E i,j-k,l-m  ->I i-j  ->E i,j  ~I i-j  ~E i,j
    #E i  DNE i  IP i-j  <->I i-j,k-l  <->E i,j  MT i,j  DS i,j  LEM i-j,k-l

A line may cite only lines above it that are still in scope (not inside a subproof that has closed)
and subproofs that have closed and sit directly in its own scope. The proof proves the goal when every
line checks and the goal stands on a line outside all subproofs. The checker stops at the FIRST bad
line and says why:

>>> r = check_proof("1. P -> Q  premise\\n2. P  premise\\n3. Q  ->E 1,2", ["P -> Q", "P"], "Q")
>>> r.ok, r.reason
(True, 'every line checks and line 3 is the goal')
>>> r = check_proof("1. P -> Q  premise\\n2. Q  premise\\n3. P  ->E 1,2", ["P -> Q", "Q"], "P")
>>> r.ok, r.line, r.reason
(False, 3, 'line 3: ->E needs A -> B on one cited line and A on the other, then gives B')

Everything is linear in the proof's size, which is capped (``MAX_LINES``, ``MAX_LINE_CHARS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rlvr.verifiers.logic_formula import FALSUM, FormulaError, parse, show

__all__ = ["ProofResult", "check_proof", "RULES", "RULE_ALIASES", "MAX_LINES", "MAX_LINE_CHARS"]

MAX_LINES = 300  # the gold proofs have at most ~60 lines
MAX_LINE_CHARS = 400

# rule -> what it cites, in order: "l" a line, "s" a closed subproof i-j
RULES: dict[str, str] = {
    "premise": "", "assume": "", "R": "l", "&I": "ll", "&E": "l", "|I": "l", "|E": "lss", "->I": "s", "->E": "ll",
    "~I": "s", "~E": "ll", "#E": "l", "DNE": "l", "IP": "s", "<->I": "ss", "<->E": "ll", "MT": "ll", "DS": "ll",
    "LEM": "ss",
}


def _aliases() -> dict[str, str]:
    table = {"premise": "premise", "pr": "premise", "prem": "premise", "given": "premise", "p": "premise",
             "assume": "assume", "assumption": "assume", "as": "assume", "ass": "assume", "hyp": "assume",
             "hypothesis": "assume", "a": "assume", "r": "R", "reit": "R", "re": "R", "reiteration": "R",
             "mp": "->E", "cp": "->I", "mt": "MT", "ds": "DS", "dne": "DNE", "~~e": "DNE", "dn": "DNE",
             "ip": "IP", "pbc": "IP", "efq": "#E", "x": "#E", "lem": "LEM", "raa": "IP"}
    ops = {"&": ["&", "∧", "^", "and", "conj"], "|": ["|", "∨", "v", "or", "disj"], "->": ["->", "→", "⊃", "=>", "imp", "cond"],
           "~": ["~", "¬", "not", "neg"], "#": ["#", "⊥", "bot", "_|_", "contra"], "<->": ["<->", "↔", "<=>", "iff", "bicond", "bi"]}
    kinds = {"I": ["i", "intro"], "E": ["e", "elim"]}
    for op, spellings in ops.items():
        for kind, suffixes in kinds.items():
            if f"{op}{kind}" not in RULES:
                continue
            for s in spellings:
                for suffix in suffixes:
                    for sep in ("", "-", "_", " "):
                        table[f"{s}{sep}{suffix}"] = f"{op}{kind}"
    return table


RULE_ALIASES: dict[str, str] = _aliases()

_NUM_RE = re.compile(r"^\s*(?:\*\*)?(\d{1,4})\s*[.):]?\s*(.*)$")
_BARS_RE = re.compile(r"^((?:\|\s*)*)(.*)$")
_JUST_RE = re.compile(r"^(?P<formula>.*?)\s+(?P<rule>[^\s,]+)(?:\s+(?P<cites>\d[\d\s,\-–]*))?\s*$")
_CITE_RE = re.compile(r"^(\d+)(?:\s*[-–]\s*(\d+))?$")


@dataclass(frozen=True)
class ProofResult:
    """``ok`` when the proof is valid and reaches the goal; else ``line`` is the first bad line (or None)."""

    ok: bool
    reason: str
    line: int | None = None
    lines: int = 0


@dataclass
class _Line:
    number: int
    formula: Any
    scope: tuple[int, ...]  # the open subproofs (by their assumption line) this line sits in
    rule: str


class _Bad(Exception):
    pass


def _split(text: str) -> list[str]:
    rows = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("```"):
            continue
        rows.append(line)
    return rows


def _cites(text: str | None) -> list[tuple[int, int | None]]:
    if not text:
        return []
    out = []
    for part in text.split(","):
        m = _CITE_RE.match(part.strip())
        if not m:
            raise _Bad(f"cannot read the citation {part.strip()!r}; write line numbers like 1,2 and ranges like 3-5")
        out.append((int(m.group(1)), int(m.group(2)) if m.group(2) else None))
    return out


def check_proof(text: str, premises: list[str], goal: str) -> ProofResult:
    """Check a proof of ``goal`` from ``premises`` (formulas in the text syntax); never raises on ``text``."""
    prem = [parse(p) for p in premises]  # the task's own formulas: an error here is the task's fault
    target = parse(goal)
    rows = _split(text if isinstance(text, str) else "")
    if not rows:
        return ProofResult(False, "the proof has no lines")
    if len(rows) > MAX_LINES:
        return ProofResult(False, f"the proof has {len(rows)} lines, over the {MAX_LINES} limit")
    done: dict[int, _Line] = {}
    last_of: dict[int, int] = {}  # subproof (its assumption line) -> its last line at its own level
    scope: list[int] = []
    for k, row in enumerate(rows, 1):
        try:
            line = _check_line(k, row, prem, done, last_of, scope)
        except _Bad as e:
            return ProofResult(False, f"line {k}: {e}", line=k, lines=len(rows))
        done[k] = line
        if line.scope:
            last_of[line.scope[-1]] = k
    hits = [n for n, ln in done.items() if not ln.scope and ln.formula == target]
    if hits:
        return ProofResult(True, f"every line checks and line {hits[0]} is the goal", lines=len(rows))
    if scope:
        return ProofResult(False, f"every line checks, but the subproof opened at line {scope[-1]} is never closed and the goal"
                                  f" {show(target)} is not reached outside all subproofs", lines=len(rows))
    return ProofResult(False, f"every line checks, but no line outside the subproofs is the goal {show(target)}", lines=len(rows))


def _check_line(k: int, row: str, prem: list[Any], done: dict[int, _Line], last_of: dict[int, int], scope: list[int]) -> _Line:
    if len(row) > MAX_LINE_CHARS:
        raise _Bad(f"the line is {len(row)} characters, over the {MAX_LINE_CHARS} limit")
    m = _NUM_RE.match(row)
    if not m:
        raise _Bad(f"does not start with its line number; write '{k}. FORMULA RULE CITATIONS'")
    if int(m.group(1)) != k:
        raise _Bad(f"is numbered {m.group(1)}; lines are numbered 1, 2, 3 ... in order")
    bars, body = _BARS_RE.match(m.group(2).replace("**", "")).groups()  # type: ignore[union-attr]
    depth = bars.count("|")
    j = _JUST_RE.match(body.strip())
    if not j:
        raise _Bad("needs a formula followed by a rule name (and the lines it cites)")
    rule = RULE_ALIASES.get(j.group("rule").lower().strip("[]()"), RULE_ALIASES.get(j.group("rule").strip("[]()").lower()))
    if rule is None:
        raise _Bad(f"unknown rule {j.group('rule')!r}; the rules are {', '.join(RULES)}")
    try:
        formula = parse(j.group("formula"))
    except FormulaError as e:
        raise _Bad(f"cannot read the formula {j.group('formula').strip()[:60]!r}: {e}") from None
    cites = _cites(j.group("cites"))
    # Scope: an assumption opens a subproof one level deeper (closing any sibling at that level);
    # any other line continues an open level or returns to an outer one, closing inner subproofs.
    if rule == "assume":
        if depth < 1 or depth > len(scope) + 1:
            raise _Bad(f"an assumption opens a subproof, so it needs {len(scope) + 1} bar(s) (or fewer to close"
                       f" subproofs first), not {depth}")
        del scope[depth - 1:]
        scope.append(k)
    else:
        if depth > len(scope):
            raise _Bad(f"has {depth} bar(s) but only {len(scope)} subproof(s) are open; only an assumption opens one")
        del scope[depth:]
    here = tuple(scope)
    kinds = RULES[rule]
    if len(cites) != len(kinds) or any((c[1] is None) != (kd == "l") for c, kd in zip(cites, kinds)):
        want = ", ".join("a line" if kd == "l" else "a subproof i-j" for kd in kinds) or "nothing"
        raise _Bad(f"{rule} cites {want}")
    got = [_line(k, c[0], here, done) if kd == "l" else _sub(k, c, here, done, last_of) for c, kd in zip(cites, kinds)]
    _apply(rule, formula, got, prem, depth)
    return _Line(k, formula, here, rule)


def _line(k: int, n: int, here: tuple[int, ...], done: dict[int, _Line]) -> Any:
    if n >= k or n not in done:
        raise _Bad(f"cites line {n}, which does not come before it")
    if done[n].scope != here[: len(done[n].scope)]:
        raise _Bad(f"cites line {n}, which is inside a subproof that has already closed")
    return done[n].formula


def _sub(k: int, c: tuple[int, int | None], here: tuple[int, ...], done: dict[int, _Line], last_of: dict[int, int]) -> tuple[Any, Any]:
    i, j = c[0], c[1]
    assert j is not None  # _check_line only calls this for ranges
    if j >= k or i > j:
        raise _Bad(f"cites {i}-{j}, which is not a subproof above it")
    opened = done.get(i)
    if opened is None or opened.rule != "assume":
        raise _Bad(f"cites {i}-{j}, but line {i} is not an assumption that opens a subproof")
    if last_of.get(i) != j:
        raise _Bad(f"cites {i}-{j}, but the subproof opened at line {i} ends at line {last_of.get(i)}")
    if i in here:
        raise _Bad(f"cites {i}-{j}, but that subproof is still open; close it (one bar fewer) first")
    if opened.scope[:-1] != here:
        raise _Bad(f"cites {i}-{j}, which does not sit directly in this line's subproof")
    return opened.formula, done[j].formula


def _apply(rule: str, f: Any, got: list[Any], prem: list[Any], depth: int) -> None:
    """Raise _Bad unless ``rule`` applied to the cited formulas ``got`` gives ``f``."""
    def need(ok: bool, msg: str) -> None:
        if not ok:
            raise _Bad(msg)

    def op(g: Any, name: str) -> bool:
        return isinstance(g, list) and g[0] == name

    if rule == "premise":
        need(depth == 0, "a premise stands outside all subproofs (no bars)")
        need(f in prem, f"{show(f)} is not one of the premises")
    elif rule == "assume":
        pass
    elif rule == "R":
        need(f == got[0], "R repeats the cited formula exactly")
    elif rule == "&I":
        need(f == ["and", got[0], got[1]], "&I gives A & B from A and B, in the cited order")
    elif rule == "&E":
        need(op(got[0], "and") and f in got[0][1:], "&E gives one side of the cited A & B")
    elif rule == "|I":
        need(op(f, "or") and got[0] in f[1:], "|I gives A | B (or B | A) from A")
    elif rule == "|E":
        (a, c1), (b, c2) = got[1], got[2]
        need(op(got[0], "or") and sorted(map(repr, (a, b))) == sorted(map(repr, got[0][1:])) and c1 == c2 == f,
             "|E needs A | B, a subproof from A to C and a subproof from B to C, then gives C")
    elif rule == "->I":
        need(f == ["imp", got[0][0], got[0][1]], "->I gives A -> B from a subproof that assumes A and ends with B")
    elif rule in ("->E", "MT", "DS", "<->E", "~E"):
        x, y = got
        table = {
            "->E": lambda imp, a: op(imp, "imp") and imp[1] == a and f == imp[2],
            "MT": lambda imp, nb: op(imp, "imp") and nb == ["not", imp[2]] and f == ["not", imp[1]],
            "DS": lambda d, na: op(d, "or") and ((na == ["not", d[1]] and f == d[2]) or (na == ["not", d[2]] and f == d[1])),
            "<->E": lambda e, a: op(e, "iff") and ((a == e[1] and f == e[2]) or (a == e[2] and f == e[1])),
            "~E": lambda a, na: na == ["not", a] and f == FALSUM,
        }
        msgs = {"->E": "->E needs A -> B on one cited line and A on the other, then gives B",
                "MT": "MT needs A -> B and ~B, then gives ~A",
                "DS": "DS needs A | B and the negation of one side, then gives the other side",
                "<->E": "<->E needs A <-> B and one side, then gives the other side",
                "~E": "~E needs A and ~A, then gives #"}
        need(table[rule](x, y) or table[rule](y, x), msgs[rule])
    elif rule == "~I":
        need(got[0][1] == FALSUM and f == ["not", got[0][0]], "~I gives ~A from a subproof that assumes A and ends with #")
    elif rule == "IP":
        need(got[0][1] == FALSUM and got[0][0] == ["not", f], "IP gives A from a subproof that assumes ~A and ends with #")
    elif rule == "#E":
        need(got[0] == FALSUM, "#E needs a line that is # (a contradiction)")
    elif rule == "DNE":
        need(got[0] == ["not", ["not", f]], "DNE gives A from ~~A")
    elif rule == "<->I":
        (a1, b1), (a2, b2) = got
        need(op(f, "iff") and a1 == b2 and a2 == b1 and [a1, b1] in ([f[1], f[2]], [f[2], f[1]]),
             "<->I gives A <-> B from a subproof from A to B and one from B to A")
    elif rule == "LEM":
        (a1, c1), (a2, c2) = got
        need(c1 == c2 == f and (a2 == ["not", a1] or a1 == ["not", a2]),
             "LEM gives C from a subproof from A to C and one from ~A to C")
