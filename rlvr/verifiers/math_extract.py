r"""Find the answer text in a math completion: ``Final answer: x``, ``\boxed{x}``, ``#### x``, "the answer is x".

Extraction and judging are separate (like Math-Verify's parse/verify). ``extract_answers`` tries the
kinds in the configured order; the first kind that occurs wins and ALL its occurrences are returned
in text order, so the verifier can apply its first/last policy and notice a completion that boxes
every option. Everything here is linear-time string scanning (no backtracking regex on model text).

>>> extract_answers(r"so x=2, hence \boxed{\frac{1}{2}}.")
('boxed', ['\\frac{1}{2}'])
>>> extract_answers("Work...\nFinal answer: 68")
('final', ['68'])
>>> extract_answers("no answer here")
(None, [])
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["KINDS", "DEFAULT_ORDER", "extract_answers", "boxed_contents"]

KINDS = ("final", "boxed", "hash", "answer_is")
DEFAULT_ORDER = ("final", "boxed", "hash", "answer_is")  # the protocol line first: rlvr's prompts ask for it

# "Final answer:" and its hedged form; the rest of the line (or a $...$ run) is the answer
_FINAL = re.compile(r"final\s+answer\s*(?:\(likely\)\s*)?(?:is\s*)?[:：]\s*(.*)", re.IGNORECASE)
_HASH = re.compile(r"^\s*####\s*(.*)$", re.MULTILINE)
_ANSWER_IS = re.compile(r"\b(?:the\s+)?(?:final\s+)?answer\s+is\s*[:：]?\s*(.*)", re.IGNORECASE)
_BOX = re.compile(r"\\(?:boxed|fbox)\s*")


def boxed_contents(text: str) -> list[str]:
    r"""Contents of every ``\boxed{...}`` / ``\fbox{...}`` (nested braces), plus ``\boxed 5`` short form.

    >>> boxed_contents(r"\boxed{\frac{a}{b}} and \boxed 7")
    ['\\frac{a}{b}', '7']
    """
    out: list[str] = []
    pos = 0
    while True:
        m = _BOX.search(text, pos)
        if m is None:
            return out
        i = m.end()
        if i < len(text) and text[i] == "{":
            depth, j = 0, i
            while j < len(text):
                c = text[j]
                if c == "\\" and j + 1 < len(text):
                    j += 2
                    continue
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if depth != 0:  # unbalanced: no answer here
                return out
            inner = text[i + 1 : j].strip()
            nested = boxed_contents(inner) if inner.startswith(("\\boxed", "\\fbox")) else []
            out.append(nested[0] if len(nested) == 1 and inner.endswith("}") else inner)  # \boxed{\boxed{x}}
            pos = j + 1
        else:
            short = re.match(r"[^\s$]+", text[i:])
            if short:
                out.append(short.group(0))
            pos = i + (short.end() if short else 0) + 1


def _clean_line(s: str) -> str:
    s = s.strip()
    if s.startswith("$") and s.count("$") >= 2:  # "$\frac12$, as shown" -> the math run
        s = s[: s.index("$", 1) + 1]
    inner = boxed_contents(s)
    if inner:
        return inner[-1]
    return s.strip().strip("*").strip()


def _sentence(s: str) -> str:
    # "the answer is 5. Next we ..." -> "5"; a period followed by a space or the end ends the answer,
    # a decimal point does not.
    m = re.search(r"\.(?:\s|$)", s)
    return s[: m.start()] if m else s


def extract_answers(text: str, order: Sequence[str] = DEFAULT_ORDER) -> tuple[str | None, list[str]]:
    """The first kind of ``order`` found in ``text`` and every answer string of that kind, in text order."""
    for kind in order:
        if kind == "final":
            found = [_clean_line(m.group(1)) for m in _FINAL.finditer(text)]
        elif kind == "boxed":
            found = boxed_contents(text)
        elif kind == "hash":
            found = [_clean_line(m.group(1)) for m in _HASH.finditer(text)]
        elif kind == "answer_is":
            found = [_clean_line(_sentence(m.group(1))) for m in _ANSWER_IS.finditer(text)]
        else:
            raise ValueError(f"unknown extraction kind {kind!r}; choose from {KINDS}")
        found = [f for f in found if f]
        if found:
            return kind, found
    return None, []
