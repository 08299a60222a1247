r"""Read an answer string into a typed value (runs inside a bounded worker: it calls sympy).

Kinds: ``expr`` (a sympy value: integers, rationals, decimals read exactly, radicals, pi, complex numbers,
infinity, symbolic expressions; ``pct`` marks a percentage), ``eq`` (an equation), ``seq`` (an interval
or a tuple: brackets and order matter), ``set`` (braces, a bare comma list, or "a or b": order does
not matter), ``union`` (intervals joined by \cup), ``matrix``, ``choice`` (a multiple-choice letter),
and ``text`` (anything else, compared case- and space-insensitively).

Hostility: a number that would have more than ``MAX_DIGITS`` digits (``10^{10^{10}}``, ``100000!``) is
refused before sympy builds it; the worker's time and memory limits catch whatever is left.

>>> parse_answer("(1, 2]")[:2]
('seq', '(]')
>>> parse_answer("x = 3 or x = 4")[0]
'set'
"""

from __future__ import annotations

import math
import re
import warnings
from typing import Any

import sympy
from sympy.parsing.sympy_parser import (
    TokenError,
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    rationalize,
    standard_transformations,
)
from sympy.utilities.exceptions import SymPyDeprecationWarning

from rlvr.verifiers.math_latex import UnsupportedLatex, normalize, split_top, to_sympy_source

__all__ = ["parse_answer", "to_expr", "text_key", "MAX_DIGITS", "TooLarge"]

warnings.filterwarnings("ignore", category=SymPyDeprecationWarning)  # chatter on odd model input, not ours to fix
MAX_DIGITS = 2000  # refuse numbers longer than this: no honest answer needs them, sympy would choke
_TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor, rationalize)
_NAMES: dict[str, Any] = {
    "sqrt": sympy.sqrt, "root": sympy.root, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "cot": sympy.cot,
    "sec": sympy.sec, "csc": sympy.csc, "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan, "sinh": sympy.sinh,
    "cosh": sympy.cosh, "tanh": sympy.tanh, "log": sympy.log, "exp": sympy.exp, "pi": sympy.pi, "oo": sympy.oo,
    "E": sympy.E, "e": sympy.E, "I": sympy.I, "i": sympy.I, "binomial": sympy.binomial, "Abs": sympy.Abs,
    "factorial": sympy.factorial,
}
_GLOBALS: dict[str, Any] = {"__builtins__": {}, "Integer": sympy.Integer, "Rational": sympy.Rational, "Float": sympy.Float,
                            "Symbol": sympy.Symbol, "Mul": sympy.Mul, "Add": sympy.Add, "Pow": sympy.Pow, **_NAMES}
_CHOICE = re.compile(r"^(?:\(?(?:option|choice|answer)\s*)?\(?([A-J])\)?[.:]?$", re.IGNORECASE)
_OR = re.compile(r"\s*(?:\bor\b|\band\b|\\lor|;)\s*")


class TooLarge(ValueError):
    """The answer names a number too large to build."""


def _log10_bound(e: sympy.Basic) -> float:
    """Upper bound on log10|value| of an unevaluated expression (symbols count as 10); inf if unbounded.

    Computed on the tree sympy built with ``evaluate=False``, so ``10^{10^{10}}`` is refused before
    anything tries to build its ten billion digits.
    """
    if isinstance(e, sympy.Integer):
        n = abs(int(e))
        return math.log10(n) if n > 1 else 0.0
    if isinstance(e, sympy.Rational):
        return math.log10(abs(e.p)) if abs(e.p) > 1 else 0.0
    if isinstance(e, sympy.Float):
        return math.log10(abs(float(e)) + 1.0)
    if isinstance(e, sympy.Pow):
        exp = _log10_bound(e.exp)
        if exp > 7 or (exp > 2 and e.base.free_symbols):  # x^{1000}: no honest answer, slow to compare
            return math.inf
        return (10.0**exp) * max(_log10_bound(e.base), 0.0)
    if not e.args:
        return 1.0
    parts = [_log10_bound(a) for a in e.args]
    if isinstance(e, sympy.Mul):
        return sum(max(p, 0.0) for p in parts)
    return max(parts) + math.log10(len(parts) + 1)


def to_expr(text: str) -> sympy.Expr:
    src = to_sympy_source(text)
    if "!" in src and not re.fullmatch(r"(?:[^!]*?(?<![\d)])\d{1,3}!)*[^!]*", src):
        raise UnsupportedLatex("factorial of anything but a small integer")
    if re.search(r"\d{" + str(MAX_DIGITS) + ",}", src):
        raise TooLarge("a literal with too many digits")
    lazy = parse_expr(src, local_dict=dict(_NAMES), global_dict=dict(_GLOBALS), transformations=_TRANSFORMS, evaluate=False)
    if _log10_bound(lazy) > MAX_DIGITS:
        raise TooLarge("the value would have too many digits")
    return sympy.sympify(parse_expr(src, local_dict=dict(_NAMES), global_dict=dict(_GLOBALS), transformations=_TRANSFORMS))


def text_key(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", s.casefold())


def parse_answer(text: str, hint: str = "") -> tuple:
    """Read one answer string into a typed tuple (see the module docstring for the kinds)."""
    s = normalize(text)
    if not s:
        return ("text", "")
    m = _CHOICE.match(s)
    if m and (hint == "choice" or (len(s) > 1 or s.isupper())) and hint not in ("text", "expr"):
        return ("choice", m.group(1).upper())
    parts = [p for p in _OR.split(s) if p]
    if len(parts) > 1 and hint != "text":
        return ("set", [parse_answer(p, hint) for p in parts])
    if "\\pm" in s:
        a, _, b = s.partition("\\pm")
        return ("set", [parse_answer(f"{a}+{b}" if a else b), parse_answer(f"{a}-({b})" if a else f"-({b})")])
    mat = re.fullmatch(r"\\begin\{[pbvB]?matrix\}(.*)\\end\{[pbvB]?matrix\}", s, re.DOTALL)
    if mat:
        rows = [r for r in mat.group(1).split("\\\\") if r.strip()]
        return ("matrix", [[parse_answer(c) for c in r.split("&")] for r in rows])
    if "\\cup" in s:
        return ("union", [parse_answer(p) for p in s.split("\\cup")])
    if s.startswith("\\{") and s.endswith("\\}"):
        return ("set", [parse_answer(p) for p in split_top(s[2:-2]) if p.strip()])
    if s[0] == "{" and s[-1] == "}" and _closes_at_end(s):
        # plain braces: a comma list inside is a set as a model writes it ("{1, 2}"), else TeX grouping
        items = split_top(s[1:-1])
        if len(items) > 1:
            return ("set", [parse_answer(p) for p in items if p.strip()])
        return parse_answer(s[1:-1], hint)
    if s[0] in "([" and s[-1] in ")]" and _closes_at_end(s):
        items = split_top(s[1:-1])
        if len(items) > 1:
            seq = ("seq", s[0] + s[-1], [parse_answer(p) for p in items])
            return _as_matrix(seq) or seq
    items = split_top(s)
    if len(items) > 1:
        return ("set", [parse_answer(p) for p in items if p.strip()])
    ne = re.fullmatch(r"([a-zA-Z])\s*(?:\\neq?|!=|≠)\s*(.+)", s)
    if ne:  # "x \neq 0": every real but one point, as the union of two open rays
        try:
            point = ("expr", to_expr(ne.group(2)), False)
        except (UnsupportedLatex, SyntaxError, TypeError, ValueError, NameError, sympy.SympifyError, TokenError):
            return ("text", text_key(s))
        return ("union", [("seq", "()", [("expr", -sympy.oo, False), point]), ("seq", "()", [point, ("expr", sympy.oo, False)])])
    rel = re.split(r"(\\le|\\leq|\\ge|\\geq|<=|>=|<|>|≤|≥)(?![a-z])", s)
    if len(rel) in (3, 5):
        return _inequality(rel) or ("text", text_key(s))
    sides = split_top(s, "=")
    if len(sides) >= 2:
        return ("eq", _expr_or_text(sides[0]), _expr_or_text(sides[-1]))
    pct = s.endswith("%")
    value = _expr_or_text(s[:-1] if pct else s)
    if pct and value[0] == "expr":
        return ("expr", value[1], True)
    return value


def _as_matrix(seq: tuple) -> tuple | None:
    """``[[1, 2], [3, 4]]`` (rows as bracketed lists of one length, as Python and numpy print them) is a matrix."""
    rows = seq[2]
    if seq[1] != "[]" or not all(r[0] == "seq" and r[1] == "[]" for r in rows) or len({len(r[2]) for r in rows}) != 1:
        return None
    return ("matrix", [list(r[2]) for r in rows])


def _closes_at_end(s: str) -> bool:
    depth = 0
    for k, c in enumerate(s):
        depth += c in "([{"
        depth -= c in ")]}"
        if depth == 0 and k < len(s) - 1:
            return False
    return True


def _expr_or_text(s: str) -> tuple:
    try:
        return ("expr", to_expr(s), False)
    except TooLarge:
        raise
    except (UnsupportedLatex, SyntaxError, TypeError, ValueError, AttributeError, NameError, sympy.SympifyError, TokenError):
        return ("text", text_key(s))


def _inequality(rel: list[str]) -> tuple | None:
    """``x > 3`` -> (3, oo); ``1 <= x < 2`` -> [1, 2)."""
    lt = {"<": (True, "("), "\\le": (True, "["), "\\leq": (True, "["), "<=": (True, "["), "≤": (True, "["),
          ">": (False, "("), "\\ge": (False, "["), "\\geq": (False, "["), ">=": (False, "["), "≥": (False, "[")}
    try:
        if len(rel) == 5:  # a < x < b
            (a, op1, _x, op2, b) = rel
            if lt[op1][0] != lt[op2][0]:
                return None
            lo, hi, lb, rb = (a, b, lt[op1][1], lt[op2][1]) if lt[op1][0] else (b, a, lt[op2][1], lt[op1][1])
            return ("seq", lb + {"(": ")", "[": "]"}[rb], [("expr", to_expr(lo), False), ("expr", to_expr(hi), False)])
        left, op, right = rel
        var_left = re.fullmatch(r"[a-zA-Z]", left.strip()) is not None
        bound = to_expr(right if var_left else left)
        less = lt[op][0] == var_left  # x < b, or b > x
        br = lt[op][1]
        if less:
            return ("seq", "(" + {"(": ")", "[": "]"}[br], [("expr", -sympy.oo, False), ("expr", bound, False)])
        return ("seq", br + ")", [("expr", bound, False), ("expr", sympy.oo, False)])
    except (UnsupportedLatex, SyntaxError, TypeError, ValueError, KeyError, sympy.SympifyError, TokenError):
        return None
