r"""Decide whether a candidate answer equals the gold (runs in a bounded worker; see ``math_parse`` for the kinds).

Exactness: 0.5 equals 1/2, but 0.33 does not equal 1/3 unless a tolerance or rounding is asked for.
Symbolic answers are equal when their difference is zero at three points drawn from a hash of the
difference (exact rational arithmetic where it can be), so nothing is ever expanded.

>>> judge("\\frac{1}{2}", "0.5", "", 0.0, None)
('pass', 'equal to the gold answer')
>>> judge("(1, 2]", "(1, 2)", "", 0.0, None)[0]
'fail'
"""

from __future__ import annotations

import hashlib
import random
import re
from functools import lru_cache

import sympy

from rlvr.verifiers.math_latex import UnsupportedLatex, normalize, to_sympy_source
from rlvr.verifiers.math_parse import TooLarge, parse_answer, text_key

__all__ = ["equal", "judge", "form_problem", "NUMERIC_HINTS"]


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
    if kc == "eq" and kg != "eq" and _constant(c[1]) and _constant(c[2]):  # "1/2 = 0.5": a value worked out
        return _expr_equal(c[1][1], c[2][1], tol) and equal(g, c[2], tol, round_to)
    if kg == "seq" and kc == "set" and _named_values(c[1]):  # "x = 5, y = 3" for (5, 3): ordered by name
        values = [item[2] for item in sorted(c[1], key=lambda item: str(item[1][1]))]
        return len(values) == len(g[2]) and all(equal(a, b, tol, round_to) for a, b in zip(g[2], values))
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


def _constant(x: tuple) -> bool:
    return x[0] == "expr" and not x[1].free_symbols


def _named_values(items: list) -> bool:
    names = [str(i[1][1]) for i in items if i[0] == "eq" and i[1][0] == "expr" and isinstance(i[1][1], sympy.Symbol)]
    return len(names) == len(items) > 1 and len(set(names)) == len(names)


def _plain(x: tuple) -> str:
    return text_key(str(x[1])) if x[0] in ("expr", "choice") else ""


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
    if _many(c) > 1 and _many(g) == 1 and not (g[0] == "seq" and _named_values(c[1])):
        return "fail", f"answer lists {_many(c)} candidates where one is asked for"
    problem = form_problem(candidate, hint, form, c)
    if problem:
        return "fail", problem
    try:
        ok = equal(g, c, tol, round_to)
    except (TypeError, ValueError, AttributeError, ZeroDivisionError, RecursionError) as e:
        return "fail", f"could not compare the answer with the gold ({type(e).__name__})"
    return ("pass", "equal to the gold answer") if ok else ("fail", "not equal to the gold answer")

