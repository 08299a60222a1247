"""Number generators of the ``math`` suite: arithmetic, fractions/decimals, order of operations.

Each ``make_*(rng, difficulty) -> Problem`` computes its gold with Python integers or ``fractions``
(never typed by hand) and writes a short worked solution ending in ``Final answer: <gold>``.
Difficulty 1 stays tiny and plain ASCII (``What is 23+45?``) because the built-in model reads one
character per token; each level adds digits, operands or steps.

>>> import random
>>> p = make_arithmetic(random.Random(0), 1)
>>> p.prompt, p.answer
('What is 59-15?', 44)
"""

from __future__ import annotations

import random
from fractions import Fraction

from rlvr.protocol import final_line
from rlvr.tasks.base import Problem

__all__ = ["make_arithmetic", "make_fractions", "make_order_of_operations", "fraction_text", "column_steps"]


def fraction_text(q: Fraction) -> str:
    """Canonical text of a rational: ``7/3``, ``-2``, ``5``."""
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _num(rng: random.Random, digits: int) -> int:
    return rng.randint(10 ** (digits - 1) if digits > 1 else 1, 10**digits - 1)


def _apply(a: int, op: str, b: int) -> int:
    return a + b if op == "+" else a - b if op == "-" else a * b


def make_arithmetic(rng: random.Random, difficulty: int) -> Problem:
    """Multi-digit integer arithmetic, evaluated left to right one step per line.

    Difficulty: 1 two-digit +/-; 2 three-digit +/- or two-digit times one-digit; 3 three operands of
    up to three digits, or two-digit products; 4 four-digit numbers, three operands with products;
    5 four operands of up to five digits.
    """
    if difficulty == 1:
        ops, n_ops, digits = "+-", 1, (2, 2)
    elif difficulty == 2:
        ops, n_ops, digits = rng.choice([("+-", 1, (3, 3)), ("*", 1, (2, 1))])
    elif difficulty == 3:
        ops, n_ops, digits = rng.choice([("+-", 2, (3, 3)), ("*", 1, (2, 2))])
    elif difficulty == 4:
        ops, n_ops, digits = rng.choice([("+-", 2, (4, 4)), ("+-*", 2, (3, 2)), ("*", 1, (3, 2))])
    else:
        ops, n_ops, digits = rng.choice([("+-", 3, (5, 5)), ("+-*", 3, (3, 2)), ("*", 1, (4, 3))])
    nums = [_num(rng, rng.randint(max(1, digits[1] - 1), digits[1]) if i else digits[0]) for i in range(n_ops + 1)]
    chosen = [rng.choice(ops) for _ in range(n_ops)]
    expr = str(nums[0])
    for op, n in zip(chosen, nums[1:]):
        # the solution evaluates left to right; parenthesise where precedence would say otherwise
        expr = f"({expr}){op}{n}" if op == "*" and ("+" in expr or "-" in expr) else f"{expr}{op}{n}"
    lines, acc = [], nums[0]
    for op, n in zip(chosen, nums[1:]):
        new = _apply(acc, op, n)
        lines += column_steps(acc, op, n)
        lines.append(f"{acc}{op}{n}={new}")
        acc = new
    return Problem(canonical=f"arithmetic:{expr}", prompt=f"What is {expr}?", answer=acc,
                   solution="\n".join([*lines, final_line(str(acc))]), meta={"answer_type": "integer"})


def column_steps(a: int, op: str, b: int) -> list[str]:
    """Column-by-column working of ``a op b`` for non-negative ``+``/``-`` (units first), else nothing.

    ``83+48`` gives ``["3+8=11 8+4+1=13"]`` (each column with the carry it received), ``96-49`` gives
    ``["16-9=7 9-1-4=4"]`` (a borrowed ten shown as ``1`` before the digit, repaid in the next column),
    and ``29-92`` works ``92-29`` under a ``-(...)`` line. Why: a character model that writes the columns
    learns two-digit sums and differences from far fewer examples than one that must emit the result in
    one go (measured on the built-in model: docs/training.md, "Choosing the quickstart settings").

    >>> column_steps(83, "+", 48), column_steps(96, "-", 49), column_steps(29, "-", 92)
    (['3+8=11 8+4+1=13'], ['16-9=7 9-1-4=4'], ['29-92=-(92-29)', '12-9=3 9-1-2=6'])
    """
    if op not in "+-" or a < 0 or b < 0:
        return []
    if op == "-" and a < b:
        return [f"{a}-{b}=-({b}-{a})", *column_steps(b, "-", a)]
    da, db = str(a)[::-1], str(b)[::-1]
    cols, carry = [], 0
    for i in range(max(len(da), len(db))):
        x, y = int(da[i]) if i < len(da) else 0, int(db[i]) if i < len(db) else 0
        last = i == max(len(da), len(db)) - 1
        if op == "+":
            total = x + y + carry
            cols.append(f"{x}+{y}" + (f"+{carry}" if carry else "") + f"={total}")  # the full column sum: its last digit is the result digit, the rest the carry
            carry = total // 10
        else:
            top = x - carry
            borrow = top < y and not last
            shown = f"1{x}" if borrow else f"{x}"
            cols.append(f"{shown}" + (f"-{carry}" if carry else "") + f"-{y}={top + 10 * borrow - y}")
            carry = int(borrow)
    return [" ".join(cols)]


def make_fractions(rng: random.Random, difficulty: int) -> Problem:
    """Fraction and decimal arithmetic; the gold is the exact reduced fraction (or a terminating decimal).

    Difficulty: 1 add two fractions with one-digit parts; 2 +,-,* of fractions; 3 mixed decimal and
    fraction; 4 three fractions; 5 fraction division chains with two-digit parts.
    """
    hi = 9 if difficulty <= 3 else 19
    n_terms = 2 if difficulty <= 3 else 3
    ops = "+" if difficulty == 1 else "+-*" if difficulty < 5 else "+-*/"

    def frac() -> Fraction:
        return Fraction(rng.randint(1, hi), rng.randint(2, hi))

    terms = [frac() for _ in range(n_terms)]
    chosen = [rng.choice(ops) for _ in range(n_terms - 1)]
    decimal = difficulty == 3
    if decimal:  # one operand becomes a terminating decimal like 0.25
        terms[0] = Fraction(rng.choice([1, 3, 5, 7, 9, 11, 13]), rng.choice([2, 4, 5, 8, 10, 20, 25]))

    def show(q: Fraction, i: int) -> str:
        if decimal and i == 0:
            return _decimal_text(q)
        text = fraction_text(q)
        # a / b / c / d would read left to right; a fraction divided by a fraction needs its parentheses
        return f"({text})" if "/" in chosen and "/" in text else text

    text = show(terms[0], 0)
    acc = terms[0]
    lines = []
    for i, (op, t) in enumerate(zip(chosen, terms[1:]), start=1):
        new = acc + t if op == "+" else acc - t if op == "-" else acc * t if op == "*" else acc / t
        lines.append(f"{fraction_text(acc)} {op} {fraction_text(t)} = {fraction_text(new)}")
        text = f"({text}) {op} {show(t, i)}" if i > 1 else f"{text} {op} {show(t, i)}"
        acc = new
    if decimal:
        lines.insert(0, f"{_decimal_text(terms[0])} = {fraction_text(terms[0])}")
    gold = fraction_text(acc)
    prompt = f"Compute {text}. Give the answer as a reduced fraction."
    return Problem(canonical=f"fractions:{text}", prompt=prompt, answer=gold, solution="\n".join([*lines, final_line(gold)]),
                   meta={"answer_type": "rational"})


def _decimal_text(q: Fraction) -> str:
    d = q.denominator
    places = 0
    while d % 10 ** places and places < 6:
        places += 1
    while (q * 10**places).denominator != 1:
        places += 1
    whole = q * 10**places
    s = str(whole.numerator).rjust(places + 1, "0")
    return f"{s[:-places]}.{s[-places:]}" if places else s


def make_order_of_operations(rng: random.Random, difficulty: int) -> Problem:
    """An integer expression where precedence and parentheses matter, solved innermost first.

    Difficulty: 1 ``a+b*c``; 2 ``(a+b)*c-d``; 3 adds a square; 4 nested parentheses; 5 two squares
    and a division that comes out whole.
    """
    a, b, c, d = (rng.randint(2, 9 + 3 * difficulty) for _ in range(4))
    if difficulty == 1:
        expr, steps = f"{a}+{b}*{c}", [f"{b}*{c}={b * c}", f"{a}+{b * c}={a + b * c}"]
        gold = a + b * c
    elif difficulty == 2:
        s = a + b
        gold = s * c - d
        expr, steps = f"({a}+{b})*{c}-{d}", [f"{a}+{b}={s}", f"{s}*{c}={s * c}", f"{s * c}-{d}={gold}"]
    elif difficulty == 3:
        gold = a * a - b * c + d
        expr = f"{a}^2-{b}*{c}+{d}"
        steps = [f"{a}^2={a * a}", f"{b}*{c}={b * c}", f"{a * a}-{b * c}={a * a - b * c}", f"{a * a - b * c}+{d}={gold}"]
    elif difficulty == 4:
        inner = b - c
        mid = a * inner + d
        e = rng.randint(2, 6)
        gold = mid * e
        expr = f"({a}*({b}-{c})+{d})*{e}"
        steps = [f"{b}-{c}={inner}", f"{a}*{inner}={a * inner}", f"{a * inner}+{d}={mid}", f"{mid}*{e}={gold}"]
    else:
        q = rng.randint(2, 9)
        num = q * b
        gold = a * a + c * c - num // b
        expr = f"{a}^2+{c}^2-{num}/{b}"
        steps = [f"{a}^2={a * a}", f"{c}^2={c * c}", f"{num}/{b}={q}", f"{a * a}+{c * c}-{q}={gold}"]
    return Problem(canonical=f"order:{expr}", prompt=f"Evaluate {expr}.", answer=gold,
                   solution="\n".join([*steps, final_line(str(gold))]), meta={"answer_type": "integer"})
