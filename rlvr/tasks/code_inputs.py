"""Random inputs for the code templates: numbers, lists, words and texts, with the edge cases that break code.

Difficulty widens ranges and lengths and brings in the hard cases (negatives, very large numbers,
non-ASCII text). Every function takes the task's ``random.Random`` and the difficulty (1..5) only.

>>> import random
>>> int_list(random.Random(0), 1)
[3, -9, -2]
"""

from __future__ import annotations

import random

__all__ = ["magnitude", "small_int", "int_list", "pos_int_list", "word", "words", "text", "ALPHABET", "UNICODE"]

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
UNICODE = "éüßçñøåæ日本語漢字🙂🚀ΩΣд"  # letters beyond ASCII: str methods and len() must still be right


def magnitude(d: int) -> int:
    """Largest absolute value at difficulty ``d``: 10 at 1, up to 10**12 at 5 (large ints are an edge case)."""
    return (10, 100, 1000, 10**6, 10**12)[max(1, min(d, 5)) - 1]


def small_int(rng: random.Random, d: int, lo: int | None = None) -> int:
    m = magnitude(d)
    return rng.randint(-m if lo is None else lo, m)


def int_list(rng: random.Random, d: int, *, min_len: int = 0, lo: int | None = None) -> list[int]:
    n = rng.randint(min_len, max(min_len, 3 + 2 * d))
    m = magnitude(min(d, 3))
    return [rng.randint(-m if lo is None else lo, m) for _ in range(n)]


def pos_int_list(rng: random.Random, d: int, *, min_len: int = 0) -> list[int]:
    return int_list(rng, d, min_len=min_len, lo=0)


def word(rng: random.Random, d: int, *, min_len: int = 1) -> str:
    pool = ALPHABET + (UNICODE if d >= 3 else "") + (ALPHABET.upper() if d >= 2 else "")
    return "".join(rng.choice(pool) for _ in range(rng.randint(min_len, max(min_len, 2 + 2 * d))))


def words(rng: random.Random, d: int, *, min_len: int = 0) -> list[str]:
    return [word(rng, d) for _ in range(rng.randint(min_len, max(min_len, 2 + d)))]


def text(rng: random.Random, d: int) -> str:
    """A sentence of words separated by single spaces (possibly empty)."""
    return " ".join(words(rng, d))
