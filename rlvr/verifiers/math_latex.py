r"""Normalise an answer string: LaTeX noise, thousands separators, units; then LaTeX to sympy source.

``normalize`` is pure string work (cheap, runs in-process); ``to_sympy_source`` turns what is left into
text that ``sympy.parse_expr`` reads with a whitelist of names, so a model cannot smuggle Python in
(``parse_expr`` evaluates its input). Hand-written because LaTeX-to-sympy parsers either need antlr
at a pinned version (sympy's) or a grammar much slower than this (latex2sympy2); answers are short.

>>> normalize(r"\$1,000\text{ dollars}.")
'1000'
>>> normalize(r"\left( \dfrac{1}{2}, 3 \right]")
'(\\frac{1}{2},3]'
>>> to_sympy_source(r"2\sqrt{3}+\frac{\pi}{4}x^{2}")
'2sqrt(3)+((pi)/(4))x**(2)'
"""

from __future__ import annotations

import re

__all__ = ["normalize", "to_sympy_source", "matching_brace", "split_top", "FUNCTIONS", "UnsupportedLatex"]


class UnsupportedLatex(ValueError):
    """The text holds something the sympy route does not read; the caller compares it as text."""


UNITS = {
    "cm", "m", "km", "mm", "in", "inch", "inches", "ft", "feet", "foot", "yd", "yard", "yards", "mile", "miles",
    "meter", "meters", "metre", "metres", "centimeters", "kilometers", "millimeters", "unit", "units", "sq",
    "square", "cubic", "degree", "degrees", "dollar", "dollars", "cent", "cents", "hour", "hours", "hr", "hrs",
    "minute", "minutes", "min", "second", "seconds", "sec", "s", "day", "days", "week", "weeks", "month", "months",
    "year", "years", "kg", "g", "gram", "grams", "lb", "lbs", "pound", "pounds", "ounce", "ounces", "oz", "liter",
    "liters", "litre", "litres", "ml", "l", "gallon", "gallons", "mph", "people", "students", "apples", "points",
    "ways", "times", "percent", "items", "pages", "books", "marbles", "coins", "cookies", "boxes", "per", "each",
}
_TEXT_CMDS = ("text", "textbf", "textit", "mathrm", "mathbf", "mbox", "operatorname", "textnormal", "mathit")
_DROP = [r"\left", r"\right", r"\displaystyle", r"\!", r"\,", r"\;", r"\:", r"\quad", r"\qquad", r"\big", r"\Big",
         r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", "\\ "]


def matching_brace(s: str, i: int) -> int:
    """Index of the brace closing the one at ``s[i]`` (``{``, ``(`` or ``[``), or -1."""
    open_c = s[i]
    close_c = {"{": "}", "(": ")", "[": "]"}[open_c]
    depth = 0
    for j in range(i, len(s)):
        if s[j] == open_c:
            depth += 1
        elif s[j] == close_c:
            depth -= 1
            if depth == 0:
                return j
    return -1


def split_top(s: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside any brackets: ``split_top("(1,2),3")`` -> ``['(1,2)', '3']``."""
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(s):
        c = s[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth <= 0 and s.startswith(sep, i):
            parts.append(s[start:i])
            start = i + len(sep)
            i = start
            continue
        i += 1
    parts.append(s[start:])
    return parts


def _unwrap_text(s: str) -> str:
    # \text{ cm} -> " cm"; keeps the content, drops the command and its braces
    for cmd in _TEXT_CMDS:
        tag = "\\" + cmd
        while True:
            k = s.find(tag + "{")
            if k < 0:
                k2 = s.find(tag + " {")
                if k2 < 0:
                    break
                s = s[:k2] + tag + s[k2 + len(tag) + 1 :]
                continue
            j = matching_brace(s, k + len(tag))
            if j < 0:
                break
            s = s[:k] + " " + s[k + len(tag) + 1 : j] + " " + s[j + 1 :]
    return s


_PREFIX = re.compile(r"^\s*(?:so\s+|thus\s+|therefore\s+)?(?:the\s+)?(?:final\s+)?answer\s*(?:is\s*:?|:|=)\s*", re.IGNORECASE)
_REMARK = re.compile(r"\s*\(([A-Za-z][A-Za-z ,.'-]*)\)\s*$")
_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}


def _number_words(s: str) -> str:
    """``sixty-eight`` -> ``68``, ``minus two hundred and five`` -> ``-205``; other text unchanged."""
    words = s.lower().replace("-", " ").split()
    if not words or len(words) > 12:
        return s
    sign = -1 if words[0] in ("minus", "negative") else 1
    total = current = 0
    seen = False
    for w in words[1:] if sign < 0 else words:
        if w in _SMALL or w in _TENS:
            current += _SMALL.get(w, 0) + _TENS.get(w, 0)
        elif w == "hundred" and seen:
            current *= 100
        elif w in _SCALES and seen:
            total, current = total + current * _SCALES[w], 0
        elif w != "and":
            return s
        seen = True
    return str(sign * (total + current)) if seen else s


_MIXED = re.compile(r"(?<![\d.}^])(\d+)\s*\\frac\{(\d+)\}\{(\d+)\}")
_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+)(?![\d,])")
_UNIT_WORD = re.compile(r"([a-zA-Z]+)\.?(?:\^\{?\d\}?)?")
_GLUED_UNIT = re.compile(r"(\d)([a-zA-Z]{2,})$")


def _strip_units(s: str) -> str:
    """``12 apples`` -> ``12``, ``5cm^2`` -> ``5``: drop trailing unit words after a number.

    Token by token (no backtracking regex over the whole answer: this runs in-process on model text).
    """
    tokens = s.split()
    if tokens:
        m = _GLUED_UNIT.search(tokens[-1])
        if m and m.group(2).lower() in UNITS:
            tokens[-1] = tokens[-1][: m.start(2)]
    while len(tokens) > 1:
        if len(tokens) > 2 and re.fullmatch(r"\^\{?\d\}?", tokens[-1]) and tokens[-2].lower() in UNITS:
            tokens.pop()  # "cm ^2" after \text{ cm}^2 was unwrapped
        parts = [p for p in tokens[-1].split("/") if p]
        if parts and all((w := _UNIT_WORD.fullmatch(p)) and w.group(1).lower() in UNITS for p in parts):
            if tokens.pop().lower() == "percent":
                tokens[-1] += "%"
        else:
            break
    out = " ".join(tokens)
    return out if out and (out[-1].isdigit() or out.endswith("%") or _number_words(out) != out) else s


def normalize(text: str) -> str:
    """Strip LaTeX and prose noise so equal answers written differently become closer strings."""
    s = text.strip().replace("\\\\", "\x03")  # matrix row breaks must survive the "\ " drop below
    s = s.replace("\\$", " ").replace("$", " ").replace("\\(", " ").replace("\\)", " ").replace("\\[", " ").replace("\\]", " ")
    for tok in _DROP:
        s = s.replace(tok, " " if tok == "\\ " else "")
    s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\cfrac", "\\frac")
    s = s.replace("{,}", ",").replace("~", " ")
    s = re.sub(r"\^\s*\{?\s*\\circ\s*\}?", "", s).replace("°", "").replace("\\circ", "")
    s = s.replace("\\%", "%")
    s = re.sub(r"^\s*[a-zA-Z]\s*\\in\s*", "", s)  # "x \in [1, 2]" -> "[1, 2]"
    # a mixed number 2\frac{1}{3} means 2 + 1/3 (the competition convention), only for a proper fraction
    s = _MIXED.sub(lambda m: f"({m.group(1)}+\\frac{{{m.group(2)}}}{{{m.group(3)}}})" if int(m.group(2)) < int(m.group(3)) else m.group(0), s)
    s = _unwrap_text(s)
    s = _PREFIX.sub("", s)  # "Final answer: The answer is 42"
    s = s.replace("\\{", "\x01").replace("\\}", "\x02")  # set braces survive as markers
    s = s.strip().rstrip(".").strip()
    m = _REMARK.search(s)  # "42 (rounded to the nearest unit)" -> "42"
    if m and m.start() > 0 and any(len(w) > 2 and w.lower() not in FUNCTIONS for w in re.findall(r"[A-Za-z]+", m.group(1))):
        s = s[: m.start()].rstrip().rstrip(".")
    s = _number_words(s)
    s = _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), s)
    s = re.sub(r"(?<=\d)\s(?=\d{3}\b)", "", s) if re.fullmatch(r"\d{1,3}(\s\d{3})+", s) else s
    s = _number_words(_strip_units(s))  # again: "ten apples" is a number only once the unit is gone
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"\s*([,=+\-*/^()\[\]<>])\s*", r"\1", s)
    return s.replace("\x01", "\\{").replace("\x02", "\\}").replace("\x03", "\\\\")


FUNCTIONS = {
    "sqrt": "sqrt", "sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh",
    "ln": "log", "log": "log", "exp": "exp",
}
_CONSTS = {"pi": "pi", "infty": "oo", "infinity": "oo", "inf": "oo", "e": "E"}


def _group(s: str, i: int) -> tuple[str, int]:
    """The argument starting at s[i]: a {...} group or one character/command; returns (text, next index)."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        raise UnsupportedLatex("missing argument")
    if s[i] == "{":
        j = matching_brace(s, i)
        if j < 0:
            raise UnsupportedLatex("unbalanced braces")
        return s[i + 1 : j], j + 1
    if s[i] == "\\":
        m = re.match(r"\\[a-zA-Z]+", s[i:])
        if m:
            return m.group(0), i + m.end()
    return s[i], i + 1


def to_sympy_source(text: str, _depth: int = 0) -> str:
    """Convert normalised LaTeX/plain math to sympy source using only whitelisted names. Raises UnsupportedLatex."""
    if _depth > 50:
        raise UnsupportedLatex("nested too deeply")
    s, out, i = text, [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            m = re.match(r"\\([a-zA-Z]+)", s[i:])
            if not m:
                raise UnsupportedLatex(f"stray backslash in {text[:40]!r}")
            cmd, i = m.group(1), i + m.end()
            if cmd == "frac" or cmd == "binom":
                a, i = _group(s, i)
                b, i = _group(s, i)
                sa, sb = to_sympy_source(a, _depth + 1), to_sympy_source(b, _depth + 1)
                out.append(f"(({sa})/({sb}))" if cmd == "frac" else f"binomial({sa},{sb})")
            elif cmd == "sqrt":
                while i < len(s) and s[i] == " ":
                    i += 1
                if i < len(s) and s[i] == "[":
                    j = matching_brace(s, i)
                    if j < 0:
                        raise UnsupportedLatex("unbalanced [")
                    n, i = s[i + 1 : j], j + 1
                    a, i = _group(s, i)
                    out.append(f"root({to_sympy_source(a, _depth + 1)},{to_sympy_source(n, _depth + 1)})")
                else:
                    a, i = _group(s, i)
                    out.append(f"sqrt({to_sympy_source(a, _depth + 1)})")
            elif cmd in ("cdot", "times", "ast"):
                out.append("*")
            elif cmd == "div":
                out.append("/")
            elif cmd == "log" and s.startswith("_", i):  # \log_b x -> log(x, b)
                base, i = _group(s, i + 1)
                if s.startswith("(", i):
                    j = matching_brace(s, i)
                    if j < 0:
                        raise UnsupportedLatex("unbalanced (")
                    arg, i = s[i + 1 : j], j + 1
                else:
                    m2 = re.match(r"\s*(\d+|[a-zA-Z]|\{)", s[i:])
                    if not m2:
                        raise UnsupportedLatex("log without an argument")
                    if m2.group(1) == "{":
                        arg, i = _group(s, i + m2.start(1))
                    else:
                        arg, i = m2.group(1), i + m2.end()
                out.append(f"log({to_sympy_source(arg, _depth + 1)},{to_sympy_source(base, _depth + 1)})")
            elif cmd in FUNCTIONS:
                out.append(FUNCTIONS[cmd])
            elif cmd in _CONSTS:
                out.append(_CONSTS[cmd])
            else:
                raise UnsupportedLatex(f"unsupported command \\{cmd}")
        elif c == "^":
            a, i = _group(s, i + 1)
            out.append(f"**({to_sympy_source(a, _depth + 1)})")
        elif c == "{":
            out.append("(")
            i += 1
        elif c == "}":
            out.append(")")
            i += 1
        elif c == "_":
            raise UnsupportedLatex("subscripts are not values")
        elif c.isalpha():
            m = re.match(r"[a-zA-Z]+", s[i:])
            word = m.group(0)
            i += m.end()
            if word in FUNCTIONS:
                out.append(FUNCTIONS[word])
            elif word in ("pi", "oo", "infty", "infinity", "inf"):
                out.append(_CONSTS.get(word, word))
            elif len(word) > 3:
                raise UnsupportedLatex(f"word {word!r} is not math")
            else:  # "xy" is x*y; single letters are symbols (i and e become I and E later)
                out.append("*".join(word))
        elif c in "0123456789.+-*/()[]!, =<>|%":
            out.append(c)
            i += 1
        else:
            raise UnsupportedLatex(f"unsupported character {c!r}")
    return "".join(out)
