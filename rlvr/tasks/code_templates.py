"""Function-synthesis templates for the ``code`` suite: a spec, a reference solution and an input generator each.

A template's reference is Python source with ``$name`` parameters (``string.Template``: Python code
rarely uses ``$``, while it uses braces everywhere). Tests are never written by hand: the suite runs the
reference on the template's edge cases and on random inputs and records what it returns.

>>> t = TEMPLATES["keep_multiples"]
>>> t.render({"k": 3})[0].splitlines()[0]
'def keep_multiples(nums):'
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rlvr.tasks.code_inputs import int_list, magnitude, small_int, text, word, words

__all__ = ["Template", "TEMPLATES", "FAMILIES"]

Params = dict[str, Any]
Gen = Callable[[random.Random, int, Params], tuple]


@dataclass(frozen=True)
class Template:
    """One problem shape. ``params(rng, d)`` picks the knobs that make it a distinct problem;
    ``gen(rng, d, params)`` returns one argument tuple; ``edges`` are argument tuples always tested."""

    name: str
    family: str
    signature: str  # shown in the prompt, e.g. "keep_multiples(nums: list[int]) -> list[int]"
    doc: str  # the spec, with $params
    source: str  # the reference, with $params
    gen: Gen
    params: Callable[[random.Random, int], Params] = lambda rng, d: {}
    edges: tuple[tuple, ...] = ()
    min_difficulty: int = 1
    approx: bool = False  # float result: tests compare within 1e-6

    def render(self, p: Params) -> tuple[str, str]:
        """(reference source, spec text) for parameters ``p``."""
        return string.Template(self.source).substitute(p).strip() + "\n", string.Template(self.doc).substitute(p)


def _T(name: str, family: str, signature: str, doc: str, source: str, gen: Gen, **kw: Any) -> Template:
    return Template(name, family, signature, doc, source, gen, **kw)


def _k(lo: int, hi: int, key: str = "k") -> Callable[[random.Random, int], Params]:
    return lambda rng, d: {key: rng.randint(lo, hi + 2 * d)}


_LISTS = [
    _T("keep_multiples", "lists", "keep_multiples(nums: list[int]) -> list[int]",
       "Return the numbers of `nums` that are divisible by $k, in their original order.",
       "def keep_multiples(nums):\n    return [x for x in nums if x % $k == 0]",
       lambda r, d, p: (int_list(r, d),), params=_k(2, 9), edges=(([],), ([0, -6, 7],))),
    _T("running_sum", "lists", "running_sum(nums: list[int]) -> list[int]",
       "Return the running sums of `nums` starting from $k: element i is $k plus the sum of nums[0..i].",
       "def running_sum(nums):\n    out, total = [], $k\n    for x in nums:\n        total += x\n        out.append(total)\n    return out",
       lambda r, d, p: (int_list(r, d),), params=lambda r, d: {"k": r.randint(-5, 5)}, edges=(([],), ([-7],))),
    _T("rotate_left", "lists", "rotate_left(items: list[int]) -> list[int]",
       "Return a new list with the items of `items` rotated left by $k positions (wrapping around; any length).",
       "def rotate_left(items):\n    if not items:\n        return []\n    s = $k % len(items)\n    return items[s:] + items[:s]",
       lambda r, d, p: (int_list(r, d),), params=_k(1, 12), edges=(([],), ([1],), ([1, 2],))),
    _T("chunk", "lists", "chunk(items: list[int]) -> list[list[int]]",
       "Split `items` into consecutive chunks of length $k; the last chunk may be shorter. An empty list gives [].",
       "def chunk(items):\n    return [items[i:i + $k] for i in range(0, len(items), $k)]",
       lambda r, d, p: (int_list(r, d),), params=_k(1, 6), edges=(([],),)),
    _T("second_largest", "lists", "second_largest(nums: list[int]) -> int | None",
       "Return the second largest DISTINCT value in `nums`, or None if there are fewer than two distinct values.",
       "def second_largest(nums):\n    vals = sorted(set(nums))\n    return vals[-2] if len(vals) >= 2 else None",
       lambda r, d, p: (int_list(r, d),), edges=(([],), ([5, 5, 5],), ([-1, -2],))),
    _T("dedupe", "lists", "dedupe(items: list[int]) -> list[int]",
       "Return `items` without repeated values, keeping the first occurrence of each, in order.",
       "def dedupe(items):\n    seen, out = set(), []\n    for x in items:\n        if x not in seen:\n            seen.add(x)\n            out.append(x)\n    return out",
       lambda r, d, p: ([r.randint(-3, 3 + d) for _ in range(r.randint(0, 4 + 2 * d))],), edges=(([],), ([2, 2, 1, 2],))),
    _T("window_max_sum", "lists", "window_max_sum(nums: list[int]) -> int | None",
       "Return the largest sum of $k consecutive elements of `nums`, or None if `nums` has fewer than $k elements.",
       "def window_max_sum(nums):\n    if len(nums) < $k:\n        return None\n    return max(sum(nums[i:i + $k]) for i in range(len(nums) - $k + 1))",
       lambda r, d, p: (int_list(r, d),), params=_k(1, 4), edges=(([],), ([-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14],))),
    _T("interleave", "lists", "interleave(a: list[int], b: list[int]) -> list[int]",
       "Interleave `a` and `b` (a[0], b[0], a[1], b[1], ...); when one runs out, append the rest of the other.",
       "def interleave(a, b):\n    out = []\n    for i in range(max(len(a), len(b))):\n        if i < len(a):\n            out.append(a[i])\n        if i < len(b):\n            out.append(b[i])\n    return out",
       lambda r, d, p: (int_list(r, d), int_list(r, d)), edges=(([], []), ([1], []), ([], [2, 3]))),
    _T("count_greater", "lists", "count_greater(nums: list[int], t: int) -> int",
       "Return how many elements of `nums` are greater than t + $k.",
       "def count_greater(nums, t):\n    return sum(1 for x in nums if x > t + $k)",
       lambda r, d, p: (int_list(r, d), small_int(r, 2)), params=lambda r, d: {"k": r.randint(-5, 5)}, edges=(([], 0),)),
    _T("mean_of", "lists", "mean_of(nums: list[int]) -> float",
       "Return the arithmetic mean of `nums` multiplied by $k, or 0.0 for an empty list.",
       "def mean_of(nums):\n    return $k * sum(nums) / len(nums) if nums else 0.0",
       lambda r, d, p: (int_list(r, d),), params=_k(1, 5), edges=(([],), ([1, 2],)), approx=True),
]

_STRINGS = [
    _T("caesar", "strings", "caesar(s: str) -> str",
       "Shift every ASCII letter of `s` forward by $k places in the alphabet, wrapping around and keeping case; leave every other character unchanged.",
       "def caesar(s):\n    out = []\n    for c in s:\n        if 'a' <= c <= 'z':\n            out.append(chr((ord(c) - 97 + $k) % 26 + 97))\n        elif 'A' <= c <= 'Z':\n            out.append(chr((ord(c) - 65 + $k) % 26 + 65))\n        else:\n            out.append(c)\n    return ''.join(out)",
       lambda r, d, p: (text(r, d),), params=_k(1, 20), edges=(("",), ("xyz XYZ!",))),
    _T("count_vowels", "strings", "count_vowels(s: str) -> int",
       "Return how many characters of `s` are among the vowels '$v' (lowercase or uppercase).",
       "def count_vowels(s):\n    return sum(1 for c in s.lower() if c in '$v')",
       lambda r, d, p: (text(r, d),), params=lambda r, d: {"v": "".join(sorted(r.sample("aeiouy", r.randint(2, 6))))},
       edges=(("",), ("AEIOUY aeiouy",))),
    _T("compress", "strings", "compress(s: str) -> str",
       "Run-length encode `s`: each run of a repeated character becomes the character followed by the run length (\"aaab\" -> \"a3b1\").",
       "def compress(s):\n    out, i = [], 0\n    while i < len(s):\n        j = i\n        while j < len(s) and s[j] == s[i]:\n            j += 1\n        out.append(s[i] + str(j - i))\n        i = j\n    return ''.join(out)",
       lambda r, d, p: ("".join(r.choice("ab" + ("é" if d >= 3 else "")) * r.randint(1, 4) for _ in range(r.randint(0, 2 + d))),), edges=(("",), ("a",))),
    _T("title_words", "strings", "title_words(s: str) -> str",
       "Capitalise the first letter of every space-separated word of `s` and lowercase the rest; keep the spaces as they are.",
       "def title_words(s):\n    return ' '.join(w[:1].upper() + w[1:].lower() for w in s.split(' '))",
       lambda r, d, p: (text(r, d),), edges=(("",), ("  two  spaces ",))),
    _T("is_palindrome", "strings", "is_palindrome(s: str) -> bool",
       "Return True if `s` reads the same backwards, ignoring case and every character that is not a letter or a digit.",
       "def is_palindrome(s):\n    t = [c.lower() for c in s if c.isalnum()]\n    return t == t[::-1]",
       lambda r, d, p: ((lambda w: w + r.choice(["", " ", "!"]) + w[::-1] if r.random() < 0.5 else w)(word(r, d)),),
       edges=(("",), ("A man, a plan, a canal: Panama",), ("ab",))),
    _T("longest_word", "strings", "longest_word(s: str) -> str",
       "Return the longest space-separated word of `s` (the first one on ties), or \"\" if there is none.",
       "def longest_word(s):\n    best = ''\n    for w in s.split():\n        if len(w) > len(best):\n            best = w\n    return best",
       lambda r, d, p: (text(r, d),), edges=(("",), ("   ",))),
    _T("char_every", "strings", "char_every(s: str) -> str",
       "Return every $k-th character of `s`, starting with the first (s[0], s[$k], ...).",
       "def char_every(s):\n    return s[::$k]",
       lambda r, d, p: (word(r, d, min_len=0),), params=_k(2, 6), edges=(("",),)),
    _T("reverse_words", "strings", "reverse_words(s: str) -> str",
       "Reverse the order of the whitespace-separated words of `s` and join them with single spaces.",
       "def reverse_words(s):\n    return ' '.join(reversed(s.split()))",
       lambda r, d, p: (text(r, d),), edges=(("",), ("  a  b ",))),
    _T("pad_center", "strings", "pad_center(s: str) -> str",
       "Center `s` in a field of width $k using '*' (extra padding goes on the right); a longer `s` is returned unchanged.",
       "def pad_center(s):\n    if len(s) >= $k:\n        return s\n    left = ($k - len(s)) // 2\n    return '*' * left + s + '*' * ($k - len(s) - left)",
       lambda r, d, p: (word(r, d, min_len=0),), params=_k(3, 12), edges=(("",),)),
]

_NUMBERS = [
    _T("digit_sum", "numbers", "digit_sum(n: int) -> int",
       "Return the sum of the decimal digits of n (ignore the sign), multiplied by $k.",
       "def digit_sum(n):\n    return $k * sum(int(c) for c in str(abs(n)))",
       lambda r, d, p: (small_int(r, d + 1),), params=_k(1, 3), edges=((0,), (-909,))),
    _T("is_prime", "numbers", "is_prime(n: int) -> bool",
       "Return True if n is a prime number (negative numbers, 0 and 1 are not).",
       "def is_prime(n):\n    if n < 2:\n        return False\n    i = 2\n    while i * i <= n:\n        if n % i == 0:\n            return False\n        i += 1\n    return True",
       lambda r, d, p: (r.randint(-5, magnitude(min(d + 1, 4))),), edges=((0,), (1,), (2,), (-7,), (97,))),
    _T("gcd_of", "numbers", "gcd_of(a: int, b: int) -> int",
       "Return the greatest common divisor of a and b as a non-negative number (gcd_of(0, 0) is 0).",
       "def gcd_of(a, b):\n    a, b = abs(a), abs(b)\n    while b:\n        a, b = b, a % b\n    return a",
       lambda r, d, p: (small_int(r, d + 1), small_int(r, d + 1)), edges=((0, 0), (0, -6), (-12, 18))),
    _T("to_base", "numbers", "to_base(n: int) -> str",
       "Return n written in base $k with digits 0-9 (a leading '-' for negatives; 0 is \"0\").",
       "def to_base(n):\n    if n == 0:\n        return '0'\n    sign, n, out = '-' if n < 0 else '', abs(n), ''\n    while n:\n        out = str(n % $k) + out\n        n //= $k\n    return sign + out",
       lambda r, d, p: (small_int(r, d + 1),), params=lambda r, d: {"k": r.randint(2, 9)}, edges=((0,), (-1,))),
    _T("collatz_steps", "numbers", "collatz_steps(n: int) -> int",
       "Return how many Collatz steps (n -> n/2 if even, else 3n+1) it takes n (>= 1) to reach 1.",
       "def collatz_steps(n):\n    steps = 0\n    while n != 1:\n        n = n // 2 if n % 2 == 0 else 3 * n + 1\n        steps += 1\n    return steps",
       lambda r, d, p: (r.randint(1, magnitude(min(d + 1, 4))),), edges=((1,), (27,))),
    _T("count_divisors", "numbers", "count_divisors(n: int) -> int",
       "Return how many positive divisors n (>= 1) has that are not multiples of $k.",
       "def count_divisors(n):\n    return sum(1 for i in range(1, n + 1) if n % i == 0 and i % $k != 0)",
       lambda r, d, p: (r.randint(1, magnitude(min(d, 3)) * 3),), params=_k(2, 5), edges=((1,),)),
    _T("fizz", "numbers", "fizz(n: int) -> list[str]",
       "Return the strings for 1..n: 'Fizz' for multiples of $a, 'Buzz' for multiples of $b, 'FizzBuzz' for both, else the number.",
       "def fizz(n):\n    out = []\n    for i in range(1, n + 1):\n        s = ('Fizz' if i % $a == 0 else '') + ('Buzz' if i % $b == 0 else '')\n        out.append(s or str(i))\n    return out",
       lambda r, d, p: (r.randint(0, 10 + 5 * d),), params=lambda r, d: dict(zip("ab", r.sample(range(2, 9), 2))), edges=((0,),)),
    _T("int_sqrt", "numbers", "int_sqrt(n: int) -> int",
       "Return the largest integer r with r*r <= n, for n >= 0 (exact for very large n: no floats).",
       "def int_sqrt(n):\n    import math\n    return math.isqrt(n)",
       lambda r, d, p: (r.randint(0, magnitude(d) ** 2),), edges=((0,), (1,), (10**30 - 1,)), min_difficulty=2),
]

_DICTS = [
    _T("word_counts", "dicts", "word_counts(s: str) -> dict[str, int]",
       "Return a dict from each lowercase word of `s` (split on whitespace) with at least $k characters to how many times it occurs.",
       "def word_counts(s):\n    out = {}\n    for w in s.lower().split():\n        if len(w) >= $k:\n            out[w] = out.get(w, 0) + 1\n    return out",
       lambda r, d, p: (" ".join(r.choice(["a", "B", "c", "dé", "A", "Bcd", "abcd"]) for _ in range(r.randint(0, 3 + 2 * d))),),
       params=lambda r, d: {"k": r.randint(1, 4)}, edges=(("",),)),
    _T("invert", "dicts", "invert(d: dict[str, int]) -> dict[int, list[str]]",
       "Invert `d`: map each value of at least $k to the sorted list of keys that have it (smaller values are left out).",
       "def invert(d):\n    out = {}\n    for k, v in d.items():\n        if v >= $k:\n            out.setdefault(v, []).append(k)\n    return {v: sorted(ks) for v, ks in out.items()}",
       lambda r, d, p: ({word(r, 1): r.randint(0, 3) for _ in range(r.randint(0, 3 + d))},), params=lambda r, d: {"k": r.randint(0, 2)}, edges=(({},),)),
    _T("group_by_len", "dicts", "group_by_len(ws: list[str]) -> dict[int, list[str]]",
       "Group the words of `ws` by length modulo $k: map each remainder to the words with that remainder, in their original order.",
       "def group_by_len(ws):\n    out = {}\n    for w in ws:\n        out.setdefault(len(w) % $k, []).append(w)\n    return out",
       lambda r, d, p: (words(r, d),), params=lambda r, d: {"k": r.randint(2, 5 + d)}, edges=(([],), (["", "a", ""],))),
    _T("merge_sum", "dicts", "merge_sum(a: dict[str, int], b: dict[str, int]) -> dict[str, int]",
       "Merge two dicts; keys in both get the sum of their values times $k; keys in one keep their value.",
       "def merge_sum(a, b):\n    out = dict(a)\n    for k, v in b.items():\n        out[k] = (out[k] + v) * $k if k in a else v\n    return out",
       lambda r, d, p: tuple({r.choice("abcdef"): small_int(r, d) for _ in range(r.randint(0, 4))} for _ in range(2)),
       params=_k(1, 3), edges=(({}, {}),)),
    _T("top_key", "dicts", "top_key(d: dict[str, int]) -> str | None",
       "Among the keys whose value is at most $k, return the one with the largest value (the alphabetically smallest key on ties), or None if there is none.",
       "def top_key(d):\n    keys = [k for k in d if d[k] <= $k]\n    if not keys:\n        return None\n    return min(keys, key=lambda k: (-d[k], k))",
       lambda r, d, p: ({word(r, 1): r.randint(0, 6) for _ in range(r.randint(0, 4 + d))},), params=lambda r, d: {"k": r.randint(1, 5)}, edges=(({},), ({"b": 1, "a": 1},))),
    _T("letter_histogram", "dicts", "letter_histogram(s: str) -> list[tuple[str, int]]",
       "Count the letters of `s` (str.isalpha, case-sensitive) and return (letter, count) pairs with count >= $k, sorted by letter.",
       "def letter_histogram(s):\n    c = {}\n    for ch in s:\n        if ch.isalpha():\n            c[ch] = c.get(ch, 0) + 1\n    return sorted((k, v) for k, v in c.items() if v >= $k)",
       lambda r, d, p: (text(r, d) * r.randint(1, 3),), params=lambda r, d: {"k": r.randint(1, 3)}, edges=(("",),)),
]

_RECURSION = [
    _T("flatten", "recursion", "flatten(x: list) -> list[int]",
       "Flatten an arbitrarily nested list of integers into one list, in left-to-right order, keeping only integers nested at depth $k or deeper (top-level items are at depth 1).",
       "def flatten(x, level=1):\n    out = []\n    for v in x:\n        if isinstance(v, list):\n            out.extend(flatten(v, level + 1))\n        elif level >= $k:\n            out.append(v)\n    return out",
       lambda r, d, p: (_nested(r, d, d + 1),), params=lambda r, d: {"k": r.randint(1, 3)}, edges=(([],), ([[[]]],), ([1, [2, [3, [4]]]],))),
    _T("depth", "recursion", "depth(x: list) -> int",
       "Return the nesting depth of a nested list times $k: [] and [1, 2] have depth 1, [[1]] has depth 2.",
       "def depth(x):\n    def inner(y):\n        return 1 + max((inner(v) for v in y if isinstance(v, list)), default=0)\n    return $k * inner(x)",
       lambda r, d, p: (_nested(r, d, d + 1),), params=lambda r, d: {"k": r.randint(1, 4)}, edges=(([],), ([[[]]],))),
    _T("subsets_sum", "recursion", "subsets_sum(nums: list[int], target: int) -> int",
       "Return how many subsets of `nums` (by position, including the empty one) with at most $k elements have a sum equal to `target`.",
       "def subsets_sum(nums, target, left=$k):\n    if not nums:\n        return 1 if target == 0 else 0\n    take = subsets_sum(nums[1:], target - nums[0], left - 1) if left > 0 else 0\n    return subsets_sum(nums[1:], target, left) + take",
       lambda r, d, p: ([r.randint(-3, 6) for _ in range(r.randint(0, 4 + d))], r.randint(-2, 8)), params=lambda r, d: {"k": r.randint(1, 3 + d)}, edges=(([], 0), ([], 1))),
    _T("permutations_of", "recursion", "permutations_of(s: str) -> list[str]",
       "Return all distinct permutations of the characters of `s`, sorted.",
       "def permutations_of(s):\n    if len(s) <= 1:\n        return [s]\n    out = set()\n    for i, c in enumerate(s):\n        for rest in permutations_of(s[:i] + s[i + 1:]):\n            out.add(c + rest)\n    return sorted(out)",
       lambda r, d, p: ("".join(r.choice("abc") for _ in range(r.randint(0, min(6, 2 + d)))),), edges=(("",), ("aa",))),
    _T("tribonacci", "recursion", "tribonacci(n: int) -> int",
       "Return T(n) where T(0) = 0, T(1) = 0, T(2) = $k and T(n) = T(n-1) + T(n-2) + T(n-3); n can be up to 500.",
       "def tribonacci(n):\n    a, b, c = 0, 0, $k\n    for _ in range(n):\n        a, b, c = b, c, a + b + c\n    return a",
       lambda r, d, p: (r.randint(0, 10 * d * d),), params=_k(1, 3), edges=((0,), (2,), (500,))),
    _T("binary_strings", "recursion", "binary_strings(n: int) -> list[str]",
       "Return every binary string of length n with no $k consecutive '1's, sorted.",
       "def binary_strings(n):\n    if n == 0:\n        return ['']\n    out = []\n    for s in binary_strings(n - 1):\n        for c in '01':\n            t = s + c\n            if '1' * $k not in t:\n                out.append(t)\n    return sorted(out)",
       lambda r, d, p: (r.randint(0, 3 + d),), params=lambda r, d: {"k": r.randint(2, 3)}, edges=((0,), (1,))),
]

_ALGORITHMS = [
    _T("binary_search", "algorithms", "binary_search(nums: list[int], x: int) -> int",
       "`nums` is sorted ascending. Return the index of the first element >= x + $k (len(nums) if there is none); do it in O(log n).",
       "def binary_search(nums, x):\n    lo, hi = 0, len(nums)\n    while lo < hi:\n        mid = (lo + hi) // 2\n        if nums[mid] < x + $k:\n            lo = mid + 1\n        else:\n            hi = mid\n    return lo",
       lambda r, d, p: (sorted(int_list(r, d)), small_int(r, min(d, 3))), params=lambda r, d: {"k": r.randint(-3, 3)},
       edges=(([], 5), ([1, 1, 1], 1))),
    _T("max_subarray", "algorithms", "max_subarray(nums: list[int]) -> int",
       "Return the largest sum of a non-empty contiguous slice of `nums` with at most $k elements (`nums` is non-empty).",
       "def max_subarray(nums):\n    return max(sum(nums[i:j]) for i in range(len(nums)) for j in range(i + 1, min(len(nums), i + $k) + 1))",
       lambda r, d, p: (int_list(r, d, min_len=1),), params=_k(1, 5), edges=(([-3],), ([-2, -1],), ([5, -1, 5, -1, 5, -1, 5],))),
    _T("merge_intervals", "algorithms", "merge_intervals(iv: list[tuple[int, int]]) -> list[tuple[int, int]]",
       "Merge closed intervals (start <= end) that overlap or are at most $k apart (next start - previous end <= $k) and return them sorted by start.",
       "def merge_intervals(iv):\n    out = []\n    for s, e in sorted(iv):\n        if out and s - out[-1][1] <= $k:\n            out[-1] = (out[-1][0], max(out[-1][1], e))\n        else:\n            out.append((s, e))\n    return out",
       lambda r, d, p: ([(lambda s: (s, s + r.randint(0, 5)))(r.randint(0, 10 * d)) for _ in range(r.randint(0, 3 + d))],),
       params=lambda r, d: {"k": r.randint(0, 2 + d)}, edges=(([],), ([(1, 2), (2, 3)],), ([(0, 0), (9, 9)],))),
    _T("lis_length", "algorithms", "lis_length(nums: list[int]) -> int",
       "Return the length of the longest strictly increasing subsequence of `nums`.",
       "def lis_length(nums):\n    import bisect\n    tails = []\n    for x in nums:\n        i = bisect.bisect_left(tails, x)\n        tails[i:i + 1] = [x]\n    return len(tails)",
       lambda r, d, p: (int_list(r, d),), edges=(([],), ([2, 2, 2],)), min_difficulty=2),
    _T("edit_distance", "algorithms", "edit_distance(a: str, b: str) -> int",
       "Return the Levenshtein distance between a and b (insertions, deletions, substitutions each cost 1).",
       "def edit_distance(a, b):\n    prev = list(range(len(b) + 1))\n    for i, ca in enumerate(a, 1):\n        cur = [i]\n        for j, cb in enumerate(b, 1):\n            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))\n        prev = cur\n    return prev[-1]",
       lambda r, d, p: (word(r, d, min_len=0), word(r, d, min_len=0)), edges=(("", ""), ("", "abc"), ("kitten", "sitting")), min_difficulty=2),
    _T("count_islands", "algorithms", "count_islands(grid: list[str]) -> int",
       "`grid` is rows of '#' (land) and '.' (water). Return the number of islands (land joined up, down, left or right) that have at least $k cells.",
       "def count_islands(grid):\n    seen, n = set(), 0\n    for i, row in enumerate(grid):\n        for j, c in enumerate(row):\n            if c == '#' and (i, j) not in seen:\n                size, stack = 0, [(i, j)]\n                seen.add((i, j))\n                while stack:\n                    y, x = stack.pop()\n                    size += 1\n                    for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):\n                        a, b = y + dy, x + dx\n                        if 0 <= a < len(grid) and 0 <= b < len(grid[a]) and grid[a][b] == '#' and (a, b) not in seen:\n                            seen.add((a, b))\n                            stack.append((a, b))\n                n += size >= $k\n    return n",
       lambda r, d, p: (_grid(r, d),), params=lambda r, d: {"k": r.randint(1, 2 + d)}, edges=(([],), (["#.#", ".#.", "#.#"],))),
    _T("coin_ways", "algorithms", "coin_ways(amount: int) -> int",
       "Return how many ways `amount` (>= 0) can be paid with coins of values $coins (order does not matter).",
       "def coin_ways(amount):\n    ways = [1] + [0] * amount\n    for c in $coins:\n        for v in range(c, amount + 1):\n            ways[v] += ways[v - c]\n    return ways[amount]",
       lambda r, d, p: (r.randint(0, 20 * d * d),), params=lambda r, d: {"coins": sorted(r.sample(range(1, 12), r.randint(2, 4)))},
       edges=((0,),), min_difficulty=2),
    _T("topo_order", "algorithms", "topo_order(n: int, edges: list[tuple[int, int]]) -> list[int] | None",
       "Nodes are 0..n-1; (a, b) means a must come before b. Return the topological order that is smallest in lexicographic order, or None if there is a cycle.",
       "def topo_order(n, edges):\n    import heapq\n    indeg = [0] * n\n    out_e = [[] for _ in range(n)]\n    for a, b in edges:\n        out_e[a].append(b)\n        indeg[b] += 1\n    heap = [i for i in range(n) if indeg[i] == 0]\n    heapq.heapify(heap)\n    order = []\n    while heap:\n        v = heapq.heappop(heap)\n        order.append(v)\n        for w in out_e[v]:\n            indeg[w] -= 1\n            if indeg[w] == 0:\n                heapq.heappush(heap, w)\n    return order if len(order) == n else None",
       lambda r, d, p: (lambda n: (n, [(r.randrange(n), r.randrange(n)) for _ in range(r.randint(0, n + d))] if n else []))(r.randint(0, 3 + d)),
       edges=((0, []), (2, [(0, 1), (1, 0)])), min_difficulty=3),
]


def _nested(rng: random.Random, d: int, depth_left: int) -> list:
    out: list = []
    for _ in range(rng.randint(0, 3)):
        if depth_left > 1 and rng.random() < 0.4:
            out.append(_nested(rng, d, depth_left - 1))
        else:
            out.append(small_int(rng, min(d, 2)))
    return out


def _grid(rng: random.Random, d: int) -> list[str]:
    h, w = rng.randint(1, 2 + d), rng.randint(1, 2 + d)
    return ["".join(rng.choice("#..") for _ in range(w)) for _ in range(h)]


TEMPLATES: dict[str, Template] = {t.name: t for t in _LISTS + _STRINGS + _NUMBERS + _DICTS + _RECURSION + _ALGORITHMS}
FAMILIES: tuple[str, ...] = ("lists", "strings", "numbers", "dicts", "recursion", "algorithms")
