"""Whole-program templates for the ``code`` suite: stdin/stdout problems and small classes.

stdin/stdout references are written as ``solve(text) -> str`` so the suite can compute the expected
output by calling it; the program shown as the worked solution wraps it in ``sys.stdin``/``sys.stdout``.
Class templates give a reference class and a random sequence of method calls; the suite records each
call's return value or builtin exception and writes one test per call.

>>> STDIO["line_max"].render({"k": 1})[0].splitlines()[0]
'def solve(text):'
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rlvr.tasks.code_inputs import int_list, small_int, text, word

__all__ = ["StdioTemplate", "ClassTemplate", "STDIO", "CLASSES", "stdio_program"]

Params = dict[str, Any]


@dataclass(frozen=True)
class StdioTemplate:
    """A competitive-programming style problem: ``gen(rng, d, params)`` returns one stdin text."""

    name: str
    doc: str  # the statement, with $params
    source: str  # ``def solve(text): ...`` returning the whole expected stdout
    gen: Callable[[random.Random, int, Params], str]
    params: Callable[[random.Random, int], Params] = lambda rng, d: {}
    edges: tuple[str, ...] = ()
    min_difficulty: int = 1

    def render(self, p: Params) -> tuple[str, str]:
        return string.Template(self.source).substitute(p).strip() + "\n", string.Template(self.doc).substitute(p)


def stdio_program(solve_source: str) -> str:
    """The full program for a ``solve`` reference: read all of stdin, write what ``solve`` returns."""
    return f"import sys\n\n\n{solve_source}\n\nsys.stdout.write(solve(sys.stdin.read()))\n"


def _lines(rng: random.Random, d: int, make: Callable[[], str], lo: int = 0) -> str:
    rows = [make() for _ in range(rng.randint(lo, 2 + 2 * d))]
    return f"{len(rows)}\n" + "".join(r + "\n" for r in rows)


STDIO: dict[str, StdioTemplate] = {t.name: t for t in [
    StdioTemplate("pair_sums", "The first line holds n; each of the next n lines holds two integers a and b. For each line print $k*a + b on its own line.",
                  "def solve(text):\n    data = text.split()\n    n = int(data[0])\n    return ''.join(f'{$k * int(data[1 + 2 * i]) + int(data[2 + 2 * i])}\\n' for i in range(n))",
                  lambda r, d, p: _lines(r, d, lambda: f"{small_int(r, d)} {small_int(r, d)}"),
                  params=lambda r, d: {"k": r.randint(1, 4 + d)}, edges=("0\n",)),
    StdioTemplate("line_max", "The first line holds n; each of the next n lines holds one or more integers. Print the maximum of each line, times $k.",
                  "def solve(text):\n    rows = text.split('\\n')\n    n = int(rows[0])\n    return ''.join(f'{$k * max(map(int, rows[1 + i].split()))}\\n' for i in range(n))",
                  lambda r, d, p: _lines(r, d, lambda: " ".join(map(str, int_list(r, d, min_len=1)))),
                  params=lambda r, d: {"k": r.randint(1, 3 + d)}, edges=("1\n-5\n",)),
    StdioTemplate("top_words", "Read a text (any number of lines). Print the $k most frequent lowercase words (split on whitespace, lowercased) as 'word count' lines, by count descending, then alphabetically.",
                  "def solve(text):\n    c = {}\n    for w in text.lower().split():\n        c[w] = c.get(w, 0) + 1\n    top = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:$k]\n    return ''.join(f'{w} {n}\\n' for w, n in top)",
                  lambda r, d, p: "\n".join(" ".join(r.choice(["a", "b", "C", "dé", word(r, 1)]) for _ in range(r.randint(0, 6))) for _ in range(r.randint(1, 2 + d))) + "\n",
                  params=lambda r, d: {"k": r.randint(1, 4)}, edges=("\n",)),
    StdioTemplate("mean_line", "The first line holds n (n >= 1); the second holds n integers. Print their mean times $k with exactly 3 digits after the decimal point.",
                  "def solve(text):\n    data = text.split()\n    n = int(data[0])\n    xs = list(map(int, data[1:1 + n]))\n    return f'{$k * sum(xs) / n:.3f}\\n'",
                  lambda r, d, p: (lambda xs: f"{len(xs)}\n{' '.join(map(str, xs))}\n")(int_list(r, d, min_len=1)),
                  params=lambda r, d: {"k": r.randint(1, 5)}, edges=("1\n0\n",)),
    StdioTemplate("range_sums", "The first line holds n and q; the second holds n integers; each of the next q lines holds l r (1-based, l <= r). Print the sum of elements l..r for each query, plus $k.",
                  "def solve(text):\n    data = list(map(int, text.split()))\n    n, q = data[0], data[1]\n    xs = data[2:2 + n]\n    pre = [0]\n    for x in xs:\n        pre.append(pre[-1] + x)\n    out = []\n    for i in range(q):\n        l, r = data[2 + n + 2 * i], data[3 + n + 2 * i]\n        out.append(f'{pre[r] - pre[l - 1] + $k}\\n')\n    return ''.join(out)",
                  lambda r, d, p: _range_input(r, d), params=lambda r, d: {"k": r.randint(0, 9)}, min_difficulty=2),
    StdioTemplate("brackets", "Each line of the input is a string of the brackets ()[]{}$extra. For each line print YES if it is balanced and NO otherwise.",
                  "def solve(text):\n    pairs = {')': '(', ']': '[', '}': '{'}\n    out = []\n    for line in text.split('\\n'):\n        if not line:\n            continue\n        st, ok = [], True\n        for c in line:\n            if c in '([{':\n                st.append(c)\n            elif c in pairs:\n                if not st or st.pop() != pairs[c]:\n                    ok = False\n                    break\n        out.append('YES\\n' if ok and not st else 'NO\\n')\n    return ''.join(out)",
                  lambda r, d, p: "".join(_brackets(r, d) + "\n" for _ in range(r.randint(1, 2 + d))),
                  params=lambda r, d: {"extra": r.choice(["", " (one string per line)", " only"])}),
    StdioTemplate("reverse_lines", "Read n on the first line, then n lines of text. Print those lines in reverse order, each reversed character by character$suffix.",
                  "def solve(text):\n    rows = text.split('\\n')\n    n = int(rows[0])\n    return ''.join(rows[i][::-1] + '$end' + '\\n' for i in range(n, 0, -1))",
                  lambda r, d, p: _lines(r, d, lambda: text(r, d)),
                  params=lambda r, d: (lambda e: {"end": e, "suffix": f" and followed by '{e}'" if e else ""})(r.choice(["", "!", "#", "."])), edges=("0\n",)),
]}


def _brackets(rng: random.Random, d: int) -> str:
    """Balanced by construction; half of them then get one bracket changed (usually unbalancing it)."""
    out: list[str] = []
    for _ in range(rng.randint(1, 2 + d)):
        pair = rng.choice(["()", "[]", "{}"])
        inner = _brackets(rng, d - 1) if d > 1 and rng.random() < 0.5 else ""
        out.append(pair[0] + inner + pair[1])
    s = "".join(out)
    if rng.random() < 0.5:
        i = rng.randrange(len(s))
        s = s[:i] + rng.choice("()[]{}") + s[i + 1:]
    return s


def _range_input(rng: random.Random, d: int) -> str:
    xs = int_list(rng, d, min_len=1)
    qs = [sorted((rng.randint(1, len(xs)), rng.randint(1, len(xs)))) for _ in range(rng.randint(1, 2 + d))]
    return f"{len(xs)} {len(qs)}\n{' '.join(map(str, xs))}\n" + "".join(f"{a} {b}\n" for a, b in qs)


@dataclass(frozen=True)
class ClassTemplate:
    """A class to write: ``ops(rng, d)`` gives (method, args) calls made on one instance built with ``init``."""

    name: str
    cls: str
    doc: str
    source: str
    init: Callable[[random.Random, int, Params], tuple]
    ops: Callable[[random.Random, int, Params], list[tuple[str, tuple]]]
    params: Callable[[random.Random, int], Params] = lambda rng, d: {}
    min_difficulty: int = 1

    def render(self, p: Params) -> tuple[str, str]:
        return string.Template(self.source).substitute(p).strip() + "\n", string.Template(self.doc).substitute(p)


def _stack_ops(rng: random.Random, d: int, p: Params) -> list[tuple[str, tuple]]:
    return [rng.choice([("push", (small_int(rng, d),)), ("pop", ()), ("peek", ()), ("size", ())]) for _ in range(4 + 3 * d)]


def _inventory_ops(rng: random.Random, d: int, p: Params) -> list[tuple[str, tuple]]:
    items = ["apple", "pear", "fig", "kiwi", "ñame"]
    out = []
    for _ in range(4 + 3 * d):
        kind = rng.choice(["add", "add", "remove", "count", "items"])
        if kind in ("add", "remove"):
            out.append((kind, (rng.choice(items), rng.randint(1, 5))))
        elif kind == "count":
            out.append((kind, (rng.choice(items),)))
        else:
            out.append((kind, ()))
    return out


CLASSES: dict[str, ClassTemplate] = {t.name: t for t in [
    ClassTemplate("bounded_stack", "BoundedStack",
                  "Write a class BoundedStack() holding at most $k items, with push(x) (raise OverflowError when it is full), pop() and peek() (raise IndexError when empty; pop removes and returns the top, peek only returns it) and size().",
                  "class BoundedStack:\n    def __init__(self):\n        self.capacity = $k\n        self.items = []\n\n    def push(self, x):\n        if len(self.items) >= self.capacity:\n            raise OverflowError('stack is full')\n        self.items.append(x)\n\n    def pop(self):\n        if not self.items:\n            raise IndexError('pop from empty stack')\n        return self.items.pop()\n\n    def peek(self):\n        if not self.items:\n            raise IndexError('peek at empty stack')\n        return self.items[-1]\n\n    def size(self):\n        return len(self.items)",
                  lambda r, d, p: (), _stack_ops, params=lambda r, d: {"k": r.randint(1, 4 + 2 * d)}),
    ClassTemplate("inventory", "Inventory",
                  "Write a class Inventory() with add(item, n), remove(item, n) (raise KeyError for an unknown item and ValueError when fewer than n are held; an item whose count reaches 0 is forgotten), count(item) (0 when unknown) and items() returning sorted (item, count) pairs as a list of tuples. No item is ever held more than $k times: add keeps the count at $k at most.",
                  "class Inventory:\n    def __init__(self):\n        self.c = {}\n\n    def add(self, item, n):\n        self.c[item] = min($k, self.c.get(item, 0) + n)\n\n    def remove(self, item, n):\n        if item not in self.c:\n            raise KeyError(item)\n        if self.c[item] < n:\n            raise ValueError('not enough ' + item)\n        self.c[item] -= n\n        if self.c[item] == 0:\n            del self.c[item]\n\n    def count(self, item):\n        return self.c.get(item, 0)\n\n    def items(self):\n        return sorted(self.c.items())",
                  lambda r, d, p: (), _inventory_ops, params=lambda r, d: {"k": r.randint(3, 8 + 4 * d)}),
]}
