"""Number-theory, counting and word-problem generators of the ``math`` suite.

Golds come from Python's integers, ``math.comb``/``math.gcd`` and ``fractions`` (never typed).

>>> import random
>>> make_modular(random.Random(3), 1).answer
1
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

from rlvr.protocol import final_line
from rlvr.tasks.base import Problem
from rlvr.tasks.math_arith import fraction_text

__all__ = ["make_modular", "make_number_theory", "make_counting", "make_word_problem"]


def make_modular(rng: random.Random, difficulty: int) -> Problem:
    """Remainders and modular arithmetic.

    Difficulty: 1 ``a mod m`` with two-digit a; 2 three-digit a; 3 ``(a*b) mod m``; 4 ``a^k mod m``
    by repeated squaring; 5 a modular inverse.
    """
    m = rng.randint(3, 9 + 4 * difficulty)
    if difficulty <= 2:
        a = rng.randint(10 ** difficulty, 10 ** (difficulty + 1) - 1)
        gold, q = a % m, a // m
        q_text = f"{a} = {q}*{m} + {gold}"
        return _p(f"mod:{a}:{m}", f"What is {a} mod {m}?", gold, [q_text])
    if difficulty == 3:
        a, b = rng.randint(10, 99), rng.randint(10, 99)
        gold = a * b % m
        return _p(f"mulmod:{a}:{b}:{m}", f"What is ({a}*{b}) mod {m}?", gold, [f"{a}*{b} = {a * b}", f"{a * b} mod {m} = {gold}"])
    if difficulty == 4:
        a, k = rng.randint(2, 20), rng.randint(5, 40)
        gold = pow(a, k, m)
        return _p(f"powmod:{a}:{k}:{m}", f"What is {a}^{k} mod {m}?", gold, [f"{a} mod {m} = {a % m}", f"by repeated squaring {a}^{k} mod {m} = {gold}"])
    while True:
        m = rng.choice([7, 11, 13, 17, 19, 23, 29, 31])
        a = rng.randint(2, m - 1)
        if math.gcd(a, m) == 1:
            break
    gold = pow(a, -1, m)
    return _p(f"inv:{a}:{m}", f"Find the inverse of {a} modulo {m}, as a number from 0 to {m - 1}.", gold,
              [f"{a}*{gold} = {a * gold} = 1 mod {m}"])


def _p(canonical: str, prompt: str, gold: int | str, steps: list[str], answer_type: str = "integer", **meta: object) -> Problem:
    return Problem(canonical=canonical, prompt=prompt, answer=gold, solution="\n".join([*steps, final_line(str(gold))]),
                   meta={"answer_type": answer_type, **meta})  # type: ignore[dict-item]


def _is_prime(n: int) -> bool:
    return n >= 2 and all(n % p for p in range(2, math.isqrt(n) + 1))


def make_number_theory(rng: random.Random, difficulty: int) -> Problem:
    """gcd, lcm and primes.

    Difficulty: 1 gcd of two-digit numbers; 2 lcm; 3 the smallest prime factor / count of primes
    below N; 4 gcd of three numbers; 5 the number of divisors.
    """
    kind = ["gcd", "lcm", "primes", "gcd3", "divisors"][difficulty - 1]
    if kind in ("gcd", "lcm"):
        k = rng.randint(2, 12)
        a, b = k * rng.randint(2, 9 + difficulty * 3), k * rng.randint(2, 9 + difficulty * 3)
        g = math.gcd(a, b)
        gold = g if kind == "gcd" else a * b // g
        steps = [f"gcd({a},{b}) = {g}"] + ([f"lcm = {a}*{b}/{g} = {gold}"] if kind == "lcm" else [])
        return _p(f"{kind}:{min(a, b)}:{max(a, b)}", f"What is the {'greatest common divisor' if kind == 'gcd' else 'least common multiple'} of {a} and {b}?", gold, steps)
    if kind == "primes":
        n = rng.randint(20, 120)
        primes = [p for p in range(2, n) if _is_prime(p)]
        return _p(f"primes:{n}", f"How many prime numbers are less than {n}?", len(primes), [f"primes below {n}: {', '.join(map(str, primes))}", f"count = {len(primes)}"])
    if kind == "gcd3":
        k = rng.randint(2, 15)
        nums = sorted(k * rng.randint(2, 30) for _ in range(3))
        g = math.gcd(*nums)
        return _p(f"gcd3:{nums}", f"What is the greatest common divisor of {nums[0]}, {nums[1]} and {nums[2]}?", g, [f"gcd({nums[0]},{nums[1]}) = {math.gcd(nums[0], nums[1])}", f"gcd with {nums[2]} = {g}"])
    n = rng.randint(24, 999)
    divs = [d for d in range(1, n + 1) if n % d == 0]
    return _p(f"divisors:{n}", f"How many positive divisors does {n} have?", len(divs), [f"divisors: {', '.join(map(str, divs))}", f"count = {len(divs)}"])


def make_counting(rng: random.Random, difficulty: int) -> Problem:
    """Counting (permutations, combinations) and probability with an exact fraction gold.

    Difficulty: 1 arrangements of n objects or the product rule; 2 choose k of n; 3 probability of a colour from a bag;
    4 probability of two draws without replacement; 5 probability that two dice (4 to 10 sides) sum to s.
    """
    if difficulty == 1:
        if rng.random() < 0.5:
            n = rng.randint(3, 8)
            gold = math.factorial(n)
            return _p(f"perm:{n}", f"In how many ways can {n} different books be arranged on a shelf?", gold, [f"{n}! = {gold}"])
        a, b = rng.randint(2, 12), rng.randint(2, 12)
        return _p(f"menu:{a}:{b}", f"A menu has {a} starters and {b} mains. How many different meals of one starter and one main are there?",
                  a * b, [f"{a}*{b} = {a * b}"])
    if difficulty == 2:
        n = rng.randint(5, 15)
        k = rng.randint(2, min(5, n - 1))
        gold = math.comb(n, k)
        return _p(f"comb:{n}:{k}", f"In how many ways can a team of {k} be chosen from {n} people?", gold, [f"C({n},{k}) = {gold}"])
    red, blue = rng.randint(2, 12), rng.randint(2, 12)
    if difficulty == 3:
        q = Fraction(red, red + blue)
        return _p(f"prob1:{red}:{blue}", f"A bag has {red} red and {blue} blue marbles. One is drawn at random. What is the probability it is red?",
                  fraction_text(q), [f"P = {red}/{red + blue} = {fraction_text(q)}"], "rational")
    if difficulty == 4:
        total = red + blue
        q = Fraction(red, total) * Fraction(red - 1, total - 1)
        return _p(f"prob2:{red}:{blue}", f"A bag has {red} red and {blue} blue marbles. Two are drawn without replacement. What is the probability both are red?",
                  fraction_text(q), [f"P = {red}/{total} * {red - 1}/{total - 1} = {fraction_text(q)}"], "rational")
    sides = rng.choice([(4, 6), (6, 6), (6, 8), (8, 8), (4, 8), (6, 10), (10, 10)])
    s = rng.randint(2, sides[0] + sides[1])
    ways = sum(1 for a in range(1, sides[0] + 1) for b in range(1, sides[1] + 1) if a + b == s)
    q = Fraction(ways, sides[0] * sides[1])
    return _p(f"dice:{sides}:{s}", f"A fair {sides[0]}-sided die and a fair {sides[1]}-sided die are rolled. What is the probability that the sum is {s}?",
              fraction_text(q), [f"{ways} of {sides[0] * sides[1]} outcomes sum to {s}", f"P = {ways}/{sides[0] * sides[1]} = {fraction_text(q)}"], "rational")


_NAMES = ["Ann", "Ben", "Cal", "Dee", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jo"]
_ITEMS = ["apples", "pens", "cards", "shells", "stamps", "coins", "books", "eggs"]


def make_word_problem(rng: random.Random, difficulty: int) -> Problem:
    """Templated multi-step word problems; each level adds a step (buy, give away, share, price, percent)."""
    name, item = rng.choice(_NAMES), rng.choice(_ITEMS)
    start = rng.randint(5, 20 * difficulty)
    steps_text, steps, value = [f"{name} has {start} {item}."], [], start
    canonical = [name, item, str(start)]
    for step in range(difficulty):
        kind = ["buy", "give", "times", "share", "buy"][step]
        if kind == "buy":
            n = rng.randint(2, 9 * difficulty)
            steps_text.append(f"{name} buys {n} more.")
            steps.append(f"{value}+{n}={value + n}")
            value += n
        elif kind == "give":
            n = rng.randint(1, max(1, value - 1))
            steps_text.append(f"{name} gives away {n}.")
            steps.append(f"{value}-{n}={value - n}")
            value -= n
        elif kind == "times":
            n = rng.randint(2, 4)
            steps_text.append(f"Then the number of {item} is multiplied by {n}.")
            steps.append(f"{value}*{n}={value * n}")
            value *= n
        else:
            n = rng.choice([d for d in range(2, 7) if value % d == 0] or [1])
            steps_text.append(f"{name} splits them into {n} equal groups and keeps one group." if n > 1 else f"{name} keeps them all.")
            steps.append(f"{value}/{n}={value // n}")
            value //= n
        canonical.append(steps_text[-1])
    prompt = " ".join(steps_text) + f" How many {item} does {name} have now?"
    return _p("word:" + "|".join(canonical), prompt, value, steps)
