"""Propositional formulas for the logic suite: one JSON-able tree, one text syntax, bounded parsing.

A formula is a JSON value, so tasks can store it in ``meta`` unchanged:

    "P"                        an atom (letters, digits, underscore; starts with a letter)
    true / false               constants; ``"#"`` is falsum (the contradiction of a proof)
    ["not", f]
    ["and", f, g], ["or", f, g], ["imp", f, g], ["iff", f, g], ["xor", f, g]
    ["exactly", k, f1, ..., fn]  exactly k of the fi are true (knights-and-knaves counting claims)

The text syntax (what prompts show and proofs are written in), loosest binding last:
``~`` (also ``¬ ! not``), ``&`` (``∧ /\\ and``), ``|`` (``∨ \\/ or v``), ``->`` (``→ => implies``,
right-associative), ``<->`` (``↔ <=> iff``), ``#`` (``⊥ _|_``) for falsum; ``&`` and ``|`` group to the left.

>>> parse("~P & Q -> R | S")
['imp', ['and', ['not', 'P'], 'Q'], ['or', 'R', 'S']]
>>> show(['imp', ['and', ['not', 'P'], 'Q'], ['or', 'R', 'S']])
'(~P & Q) -> (R | S)'
>>> evaluate(parse("P -> Q"), {"P": True, "Q": False})
False

Parsing is linear and refuses input longer than ``MAX_FORMULA_CHARS`` or nested deeper than
``MAX_DEPTH``, so hostile text cannot make it slow or blow the stack; it raises ``FormulaError``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["FormulaError", "parse", "show", "evaluate", "atoms", "MAX_FORMULA_CHARS", "MAX_DEPTH", "FALSUM"]

MAX_FORMULA_CHARS = 600  # a proof line's formula; the logic tasks' largest formulas are far shorter
MAX_DEPTH = 40  # nesting of brackets and negations
FALSUM = "#"
BINARY = ("and", "or", "imp", "iff", "xor")
_SYMBOL = {"and": "&", "or": "|", "imp": "->", "iff": "<->", "xor": "^"}

# Longest spellings first so "<->" is not read as "<" then "->".
_TOKEN_RE = re.compile(
    r"\s*(?:(?P<iff><->|<=>|↔|⇔|\biff\b)|(?P<imp>->|=>|→|⇒|⊃|\bimplies\b)|(?P<and>&&?|∧|/\\|\band\b)"
    r"|(?P<or>\|\|?|∨|\\/|\bor\b|\bv\b)|(?P<xor>\^|⊕|\bxor\b)|(?P<not>~|¬|!|-(?!>)|\bnot\b)|(?P<bot>#|⊥|_\|_)"
    r"|(?P<lp>[(\[])|(?P<rp>[)\]])|(?P<atom>[A-Za-z][A-Za-z0-9_]*))",
)
_PRECEDENCE = {"iff": 1, "imp": 2, "or": 3, "xor": 3, "and": 4}


class FormulaError(ValueError):
    """Text that is not a formula in the documented syntax (the message says where)."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise FormulaError(f"unexpected {text[pos:].strip()[:12]!r} at character {pos + 1}")
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "atom" and value.lower() in ("true", "false"):
            kind = value.lower()
        out.append((kind, value))
        pos = m.end()
    return out


def parse(text: str) -> Any:
    """Parse the text syntax into a formula tree; raise FormulaError on anything else."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("empty formula")
    if len(text) > MAX_FORMULA_CHARS:
        raise FormulaError(f"formula is {len(text)} characters, over the {MAX_FORMULA_CHARS} limit")
    toks = _tokens(text)
    pos = 0

    def peek() -> str:
        return toks[pos][0] if pos < len(toks) else "end"

    def unary(depth: int) -> Any:
        nonlocal pos
        if depth > MAX_DEPTH:
            raise FormulaError(f"formula nests deeper than {MAX_DEPTH} levels")
        kind = peek()
        if kind == "not":
            pos += 1
            return ["not", unary(depth + 1)]
        if kind == "lp":
            pos += 1
            inner = binary(0, depth + 1)
            if peek() != "rp":
                raise FormulaError("missing closing bracket")
            pos += 1
            return inner
        if kind in ("atom", "true", "false", "bot"):
            pos += 1
            return {"atom": toks[pos - 1][1], "true": True, "false": False, "bot": FALSUM}[kind]
        raise FormulaError(f"expected a formula, found {toks[pos][1]!r}" if pos < len(toks) else "formula ends too early")

    def binary(min_prec: int, depth: int) -> Any:
        nonlocal pos
        left = unary(depth)
        while peek() in _PRECEDENCE and _PRECEDENCE[peek()] > min_prec:
            op = peek()
            pos += 1
            # "->" groups to the right (A -> B -> C is A -> (B -> C)); the others to the left
            right = binary(_PRECEDENCE[op] - (1 if op == "imp" else 0), depth + 1)
            left = [op, left, right]
        return left

    tree = binary(0, 0)
    if pos != len(toks):
        raise FormulaError(f"unexpected {toks[pos][1]!r} after a complete formula")
    return tree


def show(f: Any) -> str:
    """The canonical text of a formula: binary parts in brackets, so it reads one way only."""
    return _show(f, top=True)


def _show(f: Any, top: bool = False) -> str:
    if f is True or f is False:
        return "true" if f else "false"
    if isinstance(f, str):
        return f
    op = f[0]
    if op == "not":
        return "~" + _show(f[1])
    if op == "exactly":
        return f"exactly {f[1]} of ({', '.join(_show(g, top=True) for g in f[2:])})"
    text = f" {_SYMBOL[op]} ".join(_show(g) for g in f[1:])
    return text if top else f"({text})"


def evaluate(f: Any, values: Mapping[str, bool]) -> bool:
    """Truth value of ``f`` under ``values`` (atom -> bool); an atom missing from values raises KeyError."""
    if f is True or f is False:
        return f
    if isinstance(f, str):
        return False if f == FALSUM else bool(values[f])
    op = f[0]
    if op == "not":
        return not evaluate(f[1], values)
    if op == "exactly":
        return sum(evaluate(g, values) for g in f[2:]) == f[1]
    a, b = evaluate(f[1], values), evaluate(f[2], values)
    return {"and": a and b, "or": a or b, "imp": (not a) or b, "iff": a == b, "xor": a != b}[op]


def atoms(f: Any) -> set[str]:
    """The atom names in ``f``."""
    if isinstance(f, bool) or f == FALSUM:
        return set()
    if isinstance(f, str):
        return {f}
    start = 2 if f[0] == "exactly" else 1
    return set().union(*(atoms(g) for g in f[start:]))
