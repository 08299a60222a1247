r"""Read an answer string into a typed value and decide if two values are equal (runs in a bounded worker).

Kinds: ``expr`` (a sympy value: integers, rationals, decimals read exactly, radicals, pi, complex numbers,
infinity, symbolic expressions; ``pct`` marks a percentage), ``eq`` (an equation), ``seq`` (an interval
or a tuple: brackets and order matter), ``set`` (braces, a bare comma list, or "a or b": order does
not matter), ``union`` (intervals joined by \cup), ``matrix``, ``choice`` (a multiple-choice letter),
and ``text`` (anything else, compared case- and space-insensitively).

Exactness: 0.5 equals 1/2, but 0.33 does not equal 1/3 unless a tolerance or rounding is asked for.
Hostility: a number that would have more than ``MAX_DIGITS`` digits (``10^{10^{10}}``, ``100000!``) is
refused before sympy builds it; the worker's time and memory limits catch whatever is left.

>>> judge("\\frac{1}{2}", "0.5", "", 0.0, None)
('pass', 'equal to the gold answer')
>>> judge("(1, 2]", "(1, 2)", "", 0.0, None)[0]
'fail'
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import warnings
from functools import lru_cache
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

__all__ = ["parse_answer", "equal", "judge", "MAX_DIGITS", "TooLarge"]

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


def _to_expr(text: str) -> sympy.Expr:
    src = to_sympy_source(text)
    if "!" in src and not re.fullmatch(r"(?:[^!]*?(?<![\d)])\d{1,3}!)*[^!]*", src):
        raise UnsupportedLatex("factorial of anything but a small integer")
    if re.search(r"\d{" + str(MAX_DIGITS) + ",}", src):
        raise TooLarge("a literal with too many digits")
    lazy = parse_expr(src, local_dict=dict(_NAMES), global_dict=dict(_GLOBALS), transformations=_TRANSFORMS, evaluate=False)
    if _log10_bound(lazy) > MAX_DIGITS:
        raise TooLarge("the value would have too many digits")
    return sympy.sympify(parse_expr(src, local_dict=dict(_NAMES), global_dict=dict(_GLOBALS), transformations=_TRANSFORMS))


def _text_key(s: str) -> str:
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
    if s[0] in "([" and s[-1] in ")]" and _closes_at_end(s):
        items = split_top(s[1:-1])
        if len(items) > 1:
            return ("seq", s[0] + s[-1], [parse_answer(p) for p in items])
    items = split_top(s)
    if len(items) > 1:
        return ("set", [parse_answer(p) for p in items if p.strip()])
    rel = re.split(r"(\\le|\\leq|\\ge|\\geq|<=|>=|<|>|≤|≥)(?![a-z])", s)
    if len(rel) in (3, 5):
        return _inequality(rel) or ("text", _text_key(s))
    sides = split_top(s, "=")
    if len(sides) >= 2:
        return ("eq", _expr_or_text(sides[0]), _expr_or_text(sides[-1]))
    pct = s.endswith("%")
    value = _expr_or_text(s[:-1] if pct else s)
    if pct and value[0] == "expr":
        return ("expr", value[1], True)
    return value


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
        return ("expr", _to_expr(s), False)
    except TooLarge:
        raise
    except (UnsupportedLatex, SyntaxError, TypeError, ValueError, AttributeError, NameError, sympy.SympifyError, TokenError):
        return ("text", _text_key(s))


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
            return ("seq", lb + {"(": ")", "[": "]"}[rb], [("expr", _to_expr(lo), False), ("expr", _to_expr(hi), False)])
        left, op, right = rel
        var_left = re.fullmatch(r"[a-zA-Z]", left.strip()) is not None
        bound = _to_expr(right if var_left else left)
        less = lt[op][0] == var_left  # x < b, or b > x
        br = lt[op][1]
        if less:
            return ("seq", "(" + {"(": ")", "[": "]"}[br], [("expr", -sympy.oo, False), ("expr", bound, False)])
        return ("seq", br + ")", [("expr", bound, False), ("expr", sympy.oo, False)])
    except (UnsupportedLatex, SyntaxError, TypeError, ValueError, KeyError, sympy.SympifyError, TokenError):
        return None


def _expr_equal(a: sympy.Expr, b: sympy.Expr, tol: float) -> bool:
    if a == b:
        return True
    if a.has(sympy.oo, -sympy.oo, sympy.zoo) or b.has(sympy.oo, -sympy.oo, sympy.zoo):
        return False
    d = a - b  # never expand: (x+y+z)^60 expanded is 1891 terms; the point test below needs no expansion
    if d == 0:
        return True
    if not d.free_symbols:
        val = complex(d.evalf(40))
        if tol:
            return abs(val) <= tol * max(1.0, abs(complex(b.evalf(20))))
        if abs(val) > 1e-25:
            return False
        return bool(sympy.simplify(d) == 0 or d.equals(0))
    # random-point identity test: two different rational functions (or polynomials in sin, exp ...)
    # agree at three generic points with negligible probability; exact arithmetic where it can be
    # The points come from a hash of the difference itself: the same verdict on every run, yet not a
    # fixed public set that an answer could be built to vanish on.
    syms = sorted(d.free_symbols, key=str)
    rng = random.Random(hashlib.sha256(sympy.srepr(d).encode()).digest())
    for _ in range(3):
        point = {s: sympy.Rational(rng.randint(1, 97), rng.randint(7, 89)) for s in syms}
        val = d.subs(point)
        if val == 0:
            continue
        try:
            if abs(complex(val.evalf(30))) > 1e-20:
                return False
        except (TypeError, ValueError):
            return False
    return True


def equal(g: tuple, c: tuple, tol: float = 0.0, round_to: int | None = None) -> bool:
    """Whether candidate ``c`` equals gold ``g`` (both from ``parse_answer``); gold goes first."""
    kg, kc = g[0], c[0]
    if kg == "expr" and kc == "expr":
        gv, cv = g[1], c[1]
        if round_to is not None and not cv.free_symbols and not gv.free_symbols:
            return bool(abs(cv - gv) <= sympy.Rational(1, 2 * 10**round_to))
        options = [(gv, cv)]
        if g[2] and not c[2]:
            options += [(gv / 100, cv)]
        if c[2] and not g[2]:
            options += [(gv, cv / 100)]
        if g[2] and c[2]:
            options = [(gv, cv)]
        return any(_expr_equal(b, a, tol) for a, b in options)
    if kc == "eq" and kg != "eq" and c[1][0] == "expr" and isinstance(c[1][1], sympy.Symbol):
        return equal(g, c[2], tol, round_to)  # "x = 3" for 3
    if kg == "eq" and kc != "eq" and g[1][0] == "expr" and isinstance(g[1][1], sympy.Symbol):
        return equal(g[2], c, tol, round_to)  # "3" for "x = 3"
    if kg == "eq" and kc == "eq":
        if equal(g[1], c[1], tol) and equal(g[2], c[2], tol):
            return True
        if all(x[0] == "expr" for x in (g[1], g[2], c[1], c[2])):
            dg, dc = g[1][1] - g[2][1], c[1][1] - c[2][1]
            if dc == 0:
                return False
            ratio = sympy.cancel(sympy.together(dg / dc))  # cancel, not simplify: polynomial ratios, fast
            return bool(ratio.is_number and ratio != 0)
        return False
    if kg == "seq" and kc == "seq":
        return g[1] == c[1] and len(g[2]) == len(c[2]) and all(equal(a, b, tol, round_to) for a, b in zip(g[2], c[2]))
    if kg in ("set", "union") and kc in ("set", "union") and (kg == kc or kg == "set"):
        return _unordered(g[1], c[1], tol, round_to)
    if kg == "matrix" and kc == "matrix":
        return len(g[1]) == len(c[1]) and all(
            len(r1) == len(r2) and all(equal(a, b, tol, round_to) for a, b in zip(r1, r2)) for r1, r2 in zip(g[1], c[1]))
    if kg == "choice":  # "b" reads as a symbol; a lone letter is still the choice
        return (kc == "choice" and g[1] == c[1]) or (kc in ("text", "expr") and _plain(c) == g[1].casefold())
    if kg == "text" or kc == "text":
        key = _plain(g) if kg != "text" else g[1]
        other = _plain(c) if kc != "text" else c[1]
        return bool(key) and key == other
    return False


def _plain(x: tuple) -> str:
    return _text_key(str(x[1])) if x[0] in ("expr", "choice") else ""


def _unordered(gs: list, cs: list, tol: float, round_to: int | None) -> bool:
    if len(gs) != len(cs):
        return False
    left = list(cs)
    for g in gs:
        hit = next((k for k, c in enumerate(left) if equal(g, c, tol, round_to)), None)
        if hit is None:
            return False
        left.pop(hit)
    return True


def _many(x: tuple) -> int:
    return len(x[1]) if x[0] in ("set", "union") else 1


@lru_cache(maxsize=4096)
def _gold(text: str, hint: str) -> tuple:
    """Gold answers are parsed once per worker process, however many completions share them."""
    return parse_answer(text, hint)


NUMERIC_HINTS = ("integer", "rational", "decimal")
_LITERAL = re.compile(r"-?\d+(?:\.\d+)?(?:/-?\d+(?:\.\d+)?)?%?")


def form_problem(candidate: str, hint: str, form: str, c: tuple | None = None) -> str:
    """Why the candidate's FORM is not what the task asks for ("" if it is).

    A numeric task wants a number, not the question echoed back (``23+45`` for "What is 23+45?" is
    equal in value and must still fail); "factor" wants a product, "expand" an expanded sum.
    """
    if hint in NUMERIC_HINTS:
        value = re.sub(r"^[a-zA-Z]\s*=", "", normalize(candidate))
        try:
            src = to_sympy_source(value)
        except UnsupportedLatex:
            return ""  # read as text later, and then it fails on its own
        if not _LITERAL.fullmatch(re.sub(r"[()\s]", "", src)):
            return "the answer must be a number, not an expression to evaluate"
    if c is not None and c[0] == "expr" and form in ("factored", "expanded"):
        e = c[1]
        if form == "factored" and isinstance(e, sympy.Add):
            return "the answer is not factored"
        if form == "expanded" and not _is_expanded(e):
            return "the answer is not expanded"
    return ""


def _is_expanded(e: sympy.Basic) -> bool:
    """No product or integer power of a sum anywhere (a structural walk; ``expand`` can be huge)."""
    for node in sympy.preorder_traversal(e):
        if isinstance(node, sympy.Mul) and any(isinstance(a, sympy.Add) for a in node.args):
            return False
        if isinstance(node, sympy.Pow) and isinstance(node.base, sympy.Add) and node.exp.is_Integer and node.exp > 1:
            return False
    return True


def judge(gold: str, candidate: str, hint: str, tol: float, round_to: int | None, form: str = "") -> tuple[str, str]:
    """``("pass"|"fail", reason)`` for one candidate; raises only on a gold it cannot read (our side)."""
    g = _gold(gold, hint)
    try:
        c = parse_answer(candidate, hint)
    except TooLarge as e:
        return "fail", f"answer refused: {e}"
    except RecursionError:
        return "fail", "answer refused: nested too deeply"
    except Exception as e:  # sympy raises many kinds on odd input; an unreadable answer is the model's
        return "fail", f"could not read the answer ({type(e).__name__})"
    if _many(c) > 1 and _many(g) == 1:
        return "fail", f"answer lists {_many(c)} candidates where one is asked for"
    problem = form_problem(candidate, hint, form, c)
    if problem:
        return "fail", problem
    try:
        ok = equal(g, c, tol, round_to)
    except (TypeError, ValueError, AttributeError, ZeroDivisionError, RecursionError) as e:
        return "fail", f"could not compare the answer with the gold ({type(e).__name__})"
    return ("pass", "equal to the gold answer") if ok else ("fail", "not equal to the gold answer")

