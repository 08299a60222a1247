"""Algebra and calculus generators of the ``math`` suite: linear equations and systems, quadratics,
polynomials (expand / factor / simplify), derivatives and integrals.

Golds are computed with sympy and written in plain ASCII (``x^2+2*x+1`` style via ``ascii_expr``), so
a character-level model can copy them; the verifier compares by symbol, so any equivalent form passes.

>>> import random
>>> make_linear(random.Random(1), 1).prompt
'Solve for x: 3x+5=14.'
"""

from __future__ import annotations

import random
from fractions import Fraction

import sympy

from rlvr.protocol import final_line
from rlvr.tasks.base import Problem
from rlvr.tasks.math_arith import fraction_text

__all__ = ["make_linear", "make_quadratic", "make_polynomial", "make_calculus", "ascii_expr"]

x, y = sympy.symbols("x y")


def ascii_expr(e: sympy.Expr) -> str:
    """sympy expression as short ASCII: ``x**2 + 2*x`` -> ``x^2+2x``."""
    s = sympy.sstr(sympy.expand(e) if e.is_polynomial(x) else e, order="lex").replace("**", "^").replace(" ", "")
    return _implicit(s)


def _implicit(s: str) -> str:
    import re

    return re.sub(r"(\d)\*([a-z(])", r"\1\2", s)


def _factored(e: sympy.Expr) -> str:
    return _implicit(sympy.sstr(sympy.factor(e)).replace("**", "^").replace(" ", ""))


def _nz(rng: random.Random, lo: int, hi: int) -> int:
    v = 0
    while v == 0:
        v = rng.randint(lo, hi)
    return v


def _lin(a: int, b: int) -> str:
    """``a*x + b`` as text: ``3x-4``, ``-x+2``."""
    head = "x" if a == 1 else "-x" if a == -1 else f"{a}x"
    return head if b == 0 else f"{head}{b:+d}"


def make_linear(rng: random.Random, difficulty: int) -> Problem:
    """Linear equations; difficulty 4-5 are 2x2 systems with an integer (4) or rational (5) solution.

    Difficulty: 1 ``ax+b=c`` with small positive integers; 2 negatives; 3 x on both sides with a
    fractional solution; 4 a 2x2 system; 5 a 2x2 system with a rational solution.
    """
    span = 5 * difficulty
    if difficulty <= 3:
        sol = Fraction(rng.randint(1, 9)) if difficulty == 1 else Fraction(rng.randint(-span, span))
        a = rng.randint(2, 9) if difficulty == 1 else _nz(rng, -span, span)
        b = rng.randint(1, 9) if difficulty == 1 else _nz(rng, -span, span)
        if difficulty == 3:
            c2 = _nz(rng, -span, span)
            while c2 == a:
                c2 = _nz(rng, -span, span)
            d = _nz(rng, -span, span)
            sol = Fraction(d - b, a - c2)
            eq = f"{_lin(a, b)}={_lin(c2, d)}"
            steps = [f"{a - c2}x={d - b}" if a - c2 != 1 else f"x={d - b}"]
        else:
            c = int(a * sol + b)
            eq = f"{_lin(a, b)}={c}"
            steps = [f"{a}x={c - b}"]
        gold = fraction_text(sol)
        steps.append(f"x={gold}")
        return Problem(canonical=f"linear:{eq}", prompt=f"Solve for x: {eq}.", answer=gold,
                       solution="\n".join([*steps, final_line(gold)]), meta={"answer_type": "rational"})
    while True:
        a, b, c, d = (_nz(rng, -span, span) for _ in range(4))
        if a * d - b * c != 0:
            break
    if difficulty == 4:
        sx, sy = rng.randint(-9, 9), rng.randint(-9, 9)
    else:
        sx, sy = Fraction(rng.randint(-20, 20), rng.randint(1, 5)), Fraction(rng.randint(-20, 20), rng.randint(1, 5))
    e, f = a * sx + b * sy, c * sx + d * sy
    eq1, eq2 = f"{a}x{b:+d}y={fraction_text(Fraction(e))}", f"{c}x{d:+d}y={fraction_text(Fraction(f))}"
    gold = f"({fraction_text(Fraction(sx))}, {fraction_text(Fraction(sy))})"
    det = a * d - b * c
    def par(v: object) -> str:  # -5 -> (-5), 61/4 -> (61/4): Cramer's rule written so it reads unambiguously
        t = fraction_text(Fraction(v)) if not isinstance(v, str) else v
        return f"({t})" if t.startswith("-") or "/" in t else t

    steps = [f"det = {par(a)}*{par(d)}-{par(b)}*{par(c)} = {det}",
             f"x = ({par(e)}*{par(d)}-{par(b)}*{par(f)})/{par(det)} = {fraction_text(Fraction(sx))}",
             f"y = ({par(a)}*{par(f)}-{par(c)}*{par(e)})/{par(det)} = {fraction_text(Fraction(sy))}"]
    return Problem(canonical=f"system:{eq1};{eq2}", prompt=f"Solve the system {eq1} and {eq2}. Give (x, y).", answer=gold,
                   solution="\n".join([*steps, final_line(gold)]), meta={"answer_type": "tuple"})


def make_quadratic(rng: random.Random, difficulty: int) -> Problem:
    """Roots of a quadratic, given as a set ``{r1, r2}``.

    Difficulty: 1 monic with small integer roots; 2 negative roots; 3 leading coefficient; 4 rational
    roots; 5 irrational roots (quadratic formula, radicals).
    """
    if difficulty <= 4:
        hi = 3 + 2 * difficulty
        r1, r2 = rng.randint(-hi, hi) if difficulty > 1 else rng.randint(1, hi), rng.randint(-hi, hi) if difficulty > 1 else rng.randint(1, hi)
        k = 1 if difficulty <= 2 else rng.randint(2, 4)
        if difficulty == 4:
            p, q = rng.randint(1, 5), rng.randint(2, 4)
            poly = sympy.expand(k * (q * x - p) * (x - r2))
            roots = sorted({sympy.Rational(p, q), sympy.Integer(r2)})
        else:
            poly = sympy.expand(k * (x - r1) * (x - r2))
            roots = sorted({sympy.Integer(r1), sympy.Integer(r2)})
    else:
        while True:
            b, c = rng.randint(-9, 9), rng.randint(-9, 9)
            disc = b * b - 4 * c
            if disc > 0 and sympy.sqrt(disc).is_irrational:
                break
        poly = x**2 + b * x + c
        roots = sorted(sympy.solve(poly, x), key=lambda r: float(r))
    text = ascii_expr(poly)
    gold = ", ".join(ascii_expr(r) if not r.is_Rational else fraction_text(Fraction(int(r.p), int(r.q))) for r in roots)
    steps = [f"{text} = {_factored(poly)}" if difficulty <= 4 else f"x = (-({b}) +- sqrt({disc}))/2"]
    return Problem(canonical=f"quadratic:{text}", prompt=f"Find all real solutions of {text}=0.", answer=gold,
                   solution="\n".join([*steps, final_line(gold)]), meta={"answer_type": "set"})


def make_polynomial(rng: random.Random, difficulty: int) -> Problem:
    """Expand, factor or simplify a polynomial expression; the gold is sympy's expanded or factored form.

    Difficulty: 1 expand ``(x+a)(x+b)``; 2 expand with coefficients; 3 factor a monic quadratic;
    4 simplify a sum of products; 5 factor a cubic with integer roots.
    """
    a, b, c = (_nz(rng, -3 - difficulty, 3 + difficulty) for _ in range(3))
    if difficulty in (1, 2):
        k = 1 if difficulty == 1 else rng.randint(2, 5)
        e = (k * x + a) * (x + b)
        shown, gold_e, verb = f"({_lin(k, a)})({_lin(1, b)})", sympy.expand(e), "Expand"
    elif difficulty == 3:
        e = sympy.expand((x + a) * (x + b))
        shown, gold_e, verb = ascii_expr(e), sympy.factor(e), "Factor"
    elif difficulty == 4:
        e = (x + a) ** 2 - (x + b) * (x + c)
        shown, gold_e, verb = f"({_lin(1, a)})^2-({_lin(1, b)})({_lin(1, c)})", sympy.expand(e), "Simplify"
    else:
        e = sympy.expand((x + a) * (x + b) * (x + c))
        shown, gold_e, verb = ascii_expr(e), sympy.factor(e), "Factor"
    gold = _factored(gold_e) if verb == "Factor" else ascii_expr(gold_e)
    solution = f"{shown} = {gold}"
    return Problem(canonical=f"poly:{verb}:{shown}", prompt=f"{verb} {shown}.", answer=gold,
                   solution="\n".join([solution, final_line(gold)]), meta={"answer_type": "expr", "form": "factored" if verb == "Factor" else "expanded"})


def make_calculus(rng: random.Random, difficulty: int) -> Problem:
    """Derivatives and definite integrals of polynomials (and, higher up, exp/sin products).

    Difficulty: 1 derivative of ``ax^n``; 2 derivative of a polynomial; 3 a definite integral of a
    polynomial; 4 derivative by the product rule; 5 a definite integral giving a rational.
    """
    if difficulty in (1, 2, 4):
        if difficulty == 1:
            f = rng.randint(2, 9) * x ** rng.randint(2, 5)
        elif difficulty == 2:
            f = sum(rng.randint(-6, 6) * x**k for k in range(4)) + x**4 * rng.randint(1, 3)
        else:
            f = (x ** rng.randint(1, 3)) * rng.choice([sympy.sin(x), sympy.exp(x), sympy.cos(x)])
        d = sympy.diff(f, x)
        shown = ascii_expr(f).replace("exp(x)", "e^x")
        gold = ascii_expr(d).replace("exp(x)", "e^x")
        return Problem(canonical=f"deriv:{shown}", prompt=f"Differentiate f(x)={shown} with respect to x.", answer=gold,
                       solution=f"f'(x) = {gold}\n{final_line(gold)}", meta={"answer_type": "expr"})
    lo, hi = rng.randint(0, 2), rng.randint(3, 4 + difficulty)
    f = sum(rng.randint(-5, 5) * x**k for k in range(3 if difficulty == 3 else 4)) + rng.randint(1, 3) * x ** (3 if difficulty == 3 else 4)
    F = sympy.integrate(f, x)
    val = F.subs(x, hi) - F.subs(x, lo)
    gold = fraction_text(Fraction(int(val.p), int(val.q)))
    shown = ascii_expr(f)
    return Problem(canonical=f"integral:{shown}:{lo}:{hi}", prompt=f"Compute the integral of {shown} dx from {lo} to {hi}.",
                   answer=gold, solution=f"F(x) = {ascii_expr(F)}\nF({hi})-F({lo}) = {gold}\n{final_line(gold)}",
                   meta={"answer_type": "rational"})
