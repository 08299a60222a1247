"""Reading a model's stance from a completion: unhedged, hedged or abstain, plus any stated confidence.

Three modes:

- ``protocol`` (default): the prompt told the model the exact forms (see ``rlvr.protocol``)::

      Final answer: 42                 unhedged
      Final answer (likely): 42        hedged
      Final answer: I don't know       abstain
      Confidence: 70%                  optional stated probability of being right

- ``free``: for models trained elsewhere. The answer is a protocol line if there is one, else every
  ``\\boxed{...}``, else the last "the answer is X" / "Answer: X"; a hedge phrase ("probably", "I think")
  in the answer's own line hedges it; an abstain phrase counts only when no answer was found.
- ``plain``: the whole completion is the answer (suites with ``answer_protocol = False``): unhedged.

Rules that cannot be gamed (each has rows in ``tests/data/stance_corpus.jsonl``):

- an answer plus an abstain phrase is an answer: "Final answer: 42" beside "Final answer: I don't know"
  is read as 42, so adding "I don't know" never buys the abstain reward for a wrong answer;
- several *different* answers are one wrong confident answer: ``answer_text`` then holds an empty
  ``Final answer:`` that every verifier fails, and ``kind`` is ``unhedged``, so listing candidates or
  spamming hedged guesses earns the worst value of the table;
- the same answer stated both hedged and unhedged is read as unhedged (the stronger claim);
- only the configured abstain phrases abstain: "cannot be determined" is an *answer* (some logic
  questions have it as their gold), and when the gold itself is one of the abstain phrases the phrase
  is read as that answer (pass ``gold``);
- no answer at all is not an abstention: it is an unhedged answer the verifier will fail.

>>> s = read_stance("7 * 6 = 42\\nFinal answer (likely): 42\\nConfidence: 70%")
>>> s.kind, s.confidence, s.answer_text
('hedged', 0.7, '7 * 6 = 42\\nFinal answer: 42')
>>> read_stance("Final answer: 41\\nFinal answer: 42").reason
"2 different answers ('41', '42'): read as one confident wrong answer"
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from rlvr.errors import ConfigError
from rlvr.protocol import ABSTAIN_TEXT, FINAL

__all__ = [
    "Stance",
    "StanceKind",
    "STANCES",
    "MODES",
    "Phrases",
    "PROTOCOL_PHRASES",
    "FREE_PHRASES",
    "read_stance",
    "parse_confidence",
    "coerce_phrases",
]

StanceKind = Literal["unhedged", "hedged", "abstain"]
STANCES: tuple[str, ...] = ("unhedged", "hedged", "abstain")
MODES: tuple[str, ...] = ("protocol", "free", "plain")


@dataclass(frozen=True)
class Phrases:
    """The words that mark a stance. Matching ignores case, curly quotes and surrounding punctuation.

    ``abstain``: in protocol mode the whole answer must equal one of them ("Final answer: I don't know");
    in free mode any of them abstains when no answer is found. ``hedge``: in protocol mode the words
    allowed in the marker's parentheses ("Final answer (likely):"); in free mode phrases that hedge
    the answer when they appear in the answer's line.
    """

    abstain: tuple[str, ...]
    hedge: tuple[str, ...]

    def __post_init__(self) -> None:
        for name in ("abstain", "hedge"):
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(p, str) and p.strip() for p in value):
                raise ConfigError(f"phrases.{name} must be a list of non-empty strings, got {value!r}")
            object.__setattr__(self, name, tuple(value))


_IDK = (ABSTAIN_TEXT, "I do not know", "I dont know")
PROTOCOL_PHRASES = Phrases(abstain=_IDK, hedge=("likely",))
# "cannot be determined" / "not enough information" are deliberately absent: they are gold answers of
# some logic questions, and reading them as abstentions would pay 0 for a wrong "undetermined".
FREE_PHRASES = Phrases(
    abstain=(*_IDK, "I cannot answer", "I can't answer", "I am unable to answer", "I'm unable to answer", "no idea"),
    hedge=("likely", "probably", "I think", "I believe", "my best guess", "I guess", "I'm not sure", "I am not sure",
           "not certain", "perhaps", "maybe", "possibly"),
)


@dataclass(frozen=True)
class Stance:
    """What a completion commits to. ``answer_text`` is what a verifier should read.

    ``answers`` holds the distinct answers found (more than one means ``conflicting``), ``confidence``
    the stated probability of being right in [0, 1] (None when absent, malformed or contradictory).
    """

    kind: StanceKind
    confidence: float | None
    answer_text: str
    reason: str
    answers: tuple[str, ...] = field(default=())
    conflicting: bool = False


# A final-answer line: optional markdown (#, *, >, -) before it, any case, an optional parenthesised
# marker, a colon, optional closing bold; group "rest" is the answer on the same line.
_FINAL_RE = re.compile(
    r"^[ \t>#*_-]*final[ \t]+answer[ \t]*(?:\((?P<marker>[^)\n]{0,40})\))?[ \t]*[*_]*[ \t]*:[ \t]*[*_]*[ \t]*(?P<rest>.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_CONF_RE = re.compile(
    r"^[ \t>#*_-]*confidence[ \t]*[*_]*[ \t]*[:=][ \t]*[*_]*[ \t]*(?P<value>[^\n]*?)[ \t]*[*_]*[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FENCE_RE = re.compile(r"[ \t]*\n?[ \t]*(```[^\n]*\n.*?(?:\n[ \t]*```|\Z))", re.DOTALL)
_BOXED = "\\boxed{"
_ANSWER_IS_RE = re.compile(r"(?:final answer|the answer|answer)\s*(?:is|:|=)\s*(?P<ans>[^\n]+?)\s*\.?\s*$",
                           re.IGNORECASE | re.MULTILINE)


def _norm_phrase(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[\s*_]+", " ", text).strip().strip(".!;:,\"'()[]$ ").lower()
    return text


def _norm_answer(text: str) -> str:
    """Compare answers as a person would: case, spacing, a trailing period and $...$ do not matter."""
    t = _norm_phrase(text)
    t = re.sub(r"\s+", " ", t)
    try:  # 42, 42.0 and 84/2 are one answer
        return str(Fraction(t.replace(" ", "")))
    except (ValueError, ZeroDivisionError):
        return t


def parse_confidence(text: str) -> float | None:
    """``"70%"`` -> 0.7, ``"0.7"`` -> 0.7, ``"7/10"`` -> 0.7, ``"70"`` -> 0.7; anything else (or outside [0, 1]) -> None.

    >>> parse_confidence("85 %"), parse_confidence("0.25"), parse_confidence("high")
    (0.85, 0.25, None)
    """
    t = text.strip().rstrip(".").strip()
    percent = t.endswith("%") or t.lower().endswith("percent")
    t = re.sub(r"\s*(%|percent)$", "", t, flags=re.IGNORECASE)
    if not re.fullmatch(r"\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)?", t):
        return None
    try:
        value = Fraction(t)
    except (ValueError, ZeroDivisionError):
        return None
    if percent or (1 < value <= 100 and "/" not in t):
        value /= 100
    return float(value) if 0 <= value <= 1 else None


def coerce_phrases(phrases: Phrases | Mapping[str, Sequence[str]] | None, mode: str) -> Phrases:
    """``phrases`` as a ``Phrases`` (a mapping's missing keys take the mode's defaults; None: the defaults)."""
    default = FREE_PHRASES if mode == "free" else PROTOCOL_PHRASES
    if phrases is None:
        return default
    if isinstance(phrases, Phrases):
        return phrases
    if isinstance(phrases, Mapping):
        unknown = sorted(set(phrases) - {"abstain", "hedge"})
        if unknown:
            raise ConfigError(f"phrases has unknown key(s) {unknown}; use 'abstain' and 'hedge'")
        return Phrases(abstain=tuple(phrases.get("abstain", default.abstain)), hedge=tuple(phrases.get("hedge", default.hedge)))
    raise ConfigError(f"phrases must be a Phrases or a mapping with 'abstain'/'hedge' lists, got {type(phrases).__name__}")


def _confidence(text: str) -> tuple[float | None, str]:
    values = [parse_confidence(m.group("value")) for m in _CONF_RE.finditer(text)]
    if not values:
        return None, ""
    if any(v is None for v in values):
        return None, "; a Confidence line is malformed (want e.g. 'Confidence: 70%'): ignored"
    if len(set(values)) > 1:
        return None, "; contradictory Confidence lines: ignored"
    return values[0], ""


@dataclass
class _Claim:
    start: int  # span of the claim in the completion, marker through answer
    end: int
    answer: str  # the answer text, for the verifier
    hedged: bool
    abstain: bool
    protocol: bool = True  # False: a free-text answer (boxed, "the answer is"), restated at the end


def _protocol_claims(text: str, phrases: Phrases, gold_norm: str | None) -> list[_Claim]:
    hedges = {_norm_phrase(h) for h in phrases.hedge}
    abstains = {_norm_phrase(a) for a in phrases.abstain}
    claims = []
    for m in _FINAL_RE.finditer(text):
        marker = m.group("marker")
        hedged = marker is not None and _norm_phrase(marker) in hedges
        answer, end = m.group("rest").strip(), m.end()
        if not answer or answer.startswith("```"):  # code answers: the fenced block after the marker
            fence = _FENCE_RE.match(text, m.start("rest"))
            if fence:
                answer, end = fence.group(1).strip(), fence.end()
        answer = re.sub(r"[*_]+$", "", answer).strip() if not answer.startswith("```") else answer
        norm = _norm_phrase(answer)
        claims.append(_Claim(m.start(), end, answer, hedged, norm in abstains and norm != gold_norm))
    return claims


def _boxed(text: str) -> list[tuple[int, int, str]]:
    """Every ``\\boxed{...}`` with balanced braces (a regex cannot match nested braces)."""
    found, pos = [], 0
    while (i := text.find(_BOXED, pos)) >= 0:
        depth, j = 1, i + len(_BOXED)
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        if depth:
            break
        found.append((i, j, text[i + len(_BOXED):j - 1].strip()))
        pos = j
    return found


def _line_at(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1: (text.find("\n", pos) + 1 or len(text) + 1) - 1]


def _free_claims(text: str, phrases: Phrases, gold_norm: str | None) -> list[_Claim]:
    claims = _protocol_claims(text, phrases, gold_norm)
    if not claims:
        # every \boxed{} is a claim (boxing two answers is listing candidates); of the "the answer is X"
        # sentences only the last counts, as earlier ones are often scratch work the model corrected
        spans = _boxed(text) or [(m.start(), m.end(), m.group("ans")) for m in _ANSWER_IS_RE.finditer(text)][-1:]
        claims = [_Claim(s, e, a.strip(), False, False, protocol=False) for s, e, a in spans]
    abstain_norms = {_norm_phrase(a) for a in phrases.abstain}
    for c in claims:
        if not c.protocol:  # "the answer is probably 4": the hedge word hedges, it is not part of the answer
            for h in sorted(phrases.hedge, key=len, reverse=True):
                c.answer = re.sub(rf"^{re.escape(h)}\s+", "", c.answer, flags=re.IGNORECASE)
        line = " " + _norm_phrase(_line_at(text, c.start)) + " "
        c.hedged = c.hedged or any(re.search(rf"(?<![a-z']){re.escape(_norm_phrase(h))}(?![a-z'])", line) for h in phrases.hedge)
        c.abstain = c.abstain or (_norm_phrase(c.answer) in abstain_norms and _norm_phrase(c.answer) != gold_norm)
    return claims


def _mentions_abstain(text: str, phrases: Phrases, gold_norm: str | None) -> bool:
    flat = " " + _norm_phrase(text) + " "
    return any(
        _norm_phrase(a) != gold_norm and re.search(rf"(?<![a-z']){re.escape(_norm_phrase(a))}(?![a-z'])", flat)
        for a in phrases.abstain
    )


def _rewrite(text: str, answers: list[_Claim], others: list[_Claim]) -> str:
    """The completion with every claim written as plain ``Final answer: x`` and Confidence lines removed."""
    if not all(c.protocol for c in answers):  # free text: keep it whole, state the answer on a last line
        return _CONF_RE.sub("", text).strip("\n") + f"\n{FINAL} {answers[-1].answer}"
    pieces, pos = [], 0
    for c in sorted(answers + others, key=lambda c: c.start):
        pieces.append(text[pos:c.start])
        if c in answers:
            sep = "\n" if c.answer.startswith("```") else " "
            pieces.append(f"{FINAL}{sep}{c.answer}")
        pos = c.end
    pieces.append(text[pos:])
    out = _CONF_RE.sub("", "".join(pieces))
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n")


def read_stance(
    completion: str,
    *,
    mode: str = "protocol",
    phrases: Phrases | Mapping[str, Sequence[str]] | None = None,
    gold: Any = None,
) -> Stance:
    """Read the stance of ``completion`` (see the module docstring for the modes and rules).

    ``gold`` (the task's answer, optional) only matters when the gold is itself an abstain phrase:
    then that phrase is read as an answer, never as an abstention.

    >>> read_stance("Final answer: 42\\nFinal answer: I don't know").kind
    'unhedged'
    >>> read_stance("Final answer: cannot be determined").kind
    'unhedged'
    """
    if mode not in MODES:
        raise ConfigError(f"stance mode must be one of {MODES}, got {mode!r}")
    if not isinstance(completion, str):
        return Stance("unhedged", None, "", f"completion is {type(completion).__name__}, not text: no answer")
    if mode == "plain":
        return Stance("unhedged", None, completion, "the suite answers without the protocol: read as unhedged")
    ph = coerce_phrases(phrases, mode)
    gold_norm = _norm_phrase(str(gold)) if isinstance(gold, (str, int, float)) and not isinstance(gold, bool) else None
    claims = _protocol_claims(completion, ph, gold_norm) if mode == "protocol" else _free_claims(completion, ph, gold_norm)
    confidence, conf_note = _confidence(completion)
    answers = [c for c in claims if not c.abstain]
    abstains = [c for c in claims if c.abstain]

    if not answers:
        if abstains or (mode == "free" and _mentions_abstain(completion, ph, gold_norm)):
            return Stance("abstain", None, completion, "abstained")
        text = _CONF_RE.sub("", completion).strip("\n")
        return Stance("unhedged", confidence, text, "no final answer found: read as an unhedged answer" + conf_note)

    distinct: dict[str, str] = {}
    for c in answers:
        distinct.setdefault(_norm_answer(c.answer), c.answer)
    shown = tuple(distinct.values())
    if len(distinct) > 1:
        listing = ", ".join(repr(a if len(a) <= 40 else a[:37] + "...") for a in shown[:4])
        return Stance("unhedged", confidence, f"{FINAL}", f"{len(distinct)} different answers ({listing}): read as one confident wrong answer",
                      answers=shown, conflicting=True)
    kind: StanceKind = "hedged" if all(c.hedged for c in answers) else "unhedged"
    why = "hedged answer" if kind == "hedged" else "unhedged answer"
    if kind == "unhedged" and any(c.hedged for c in answers):
        why = "the same answer stated hedged and unhedged: read as unhedged"
    if abstains:
        why += "; an abstain phrase beside an answer does not abstain"
    return Stance(kind, confidence, _rewrite(completion, answers, abstains), why + conf_note, answers=shown)
