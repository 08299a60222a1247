"""The IFEval instruction checkers, by IFEval's instruction id and with IFEval's keyword arguments.

A constraint is ``{"id": "<IFEval id>", "kwargs": {...}}`` exactly as IFEval data (google/IFEval,
lm-eval's ``ifeval`` task) spells it, so such data needs no translation. ``None`` kwargs are dropped
first, as lm-eval does, because the published dataset stores every instruction's kwargs with nulls.
``json_schema`` (kwargs ``schema``) is rlvr's addition: the JSON found in the response must validate.

Each checker returns None when the response meets the constraint, else a short reason. Meanings follow
lm-eval's ``instructions.py`` line by line; where rlvr differs it says so here:
- keywords are matched literally (IFEval passes them to ``re`` unescaped, so ``c++`` would raise there);
- ``change_case:english_capital``/``english_lowercase`` detect the language on the lowercased text
  (langdetect, measured, names all-capital English German in 2 of 12 of our topics);
- a response whose language cannot be detected fails ``language:response_language`` (IFEval passes it,
  which pays a policy for answering with digits or emoji);
- the checkers run in time linear in the text (see ``format_text``).

>>> c = normalize_constraints([{"id": "punctuation:no_comma", "kwargs": {}},
...                            {"id": "length_constraints:number_words", "kwargs": {"relation": "at least", "num_words": 3}}])
>>> [unmet(x, "Hello there, world") for x in c]
['found 1 comma(s)', None]
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rlvr.errors import TaskError
from rlvr.verifiers import format_text as ft
from rlvr.verifiers.format_json import check_schema, find_json, first_violation
from rlvr.verifiers.format_lang import detect_language, normalize_code

__all__ = ["Constraint", "INSTRUCTIONS", "IFEVAL_IDS", "RELATIONS", "normalize_constraints", "unmet"]

RELATIONS = ("less than", "at least")  # IFEval's two comparisons
CONSTRAINED_OPTIONS = ("My answer is yes.", "My answer is no.", "My answer is maybe.")


@dataclass(frozen=True)
class Constraint:
    """One checked instruction: an IFEval id and its validated kwargs."""

    id: str
    kwargs: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kwargs": dict(self.kwargs)}


def _compare(actual: int, relation: str, n: int, what: str) -> str | None:
    ok = actual < n if relation == "less than" else actual >= n
    return None if ok else f"{actual} {what}, need {relation} {n}"


def _keywords(t: str, k: dict) -> str | None:
    missing = [w for w in k["keywords"] if not re.search(re.escape(w), t, re.IGNORECASE)]
    return f"missing keyword(s) {missing}" if missing else None


def _forbidden(t: str, k: dict) -> str | None:
    found = [w for w in k["forbidden_words"] if re.search(r"\b" + re.escape(w) + r"\b", t, re.IGNORECASE)]
    return f"uses forbidden word(s) {found}" if found else None


def _language(t: str, k: dict) -> str | None:
    got, want = detect_language(t), normalize_code(k["language"])
    if got is None:
        return "could not detect the response's language"
    return None if got == want else f"language detected as {got!r}, need {want!r}"


def _nth_first_word(t: str, k: dict) -> str | None:
    paragraphs = t.split("\n\n")
    count = sum(1 for p in paragraphs if p.strip())
    nth = k["nth_paragraph"]
    if count != k["num_paragraphs"]:
        return f"{count} paragraphs (separated by a blank line), need exactly {k['num_paragraphs']}"
    if nth > count or not paragraphs[nth - 1].strip():
        return f"there is no paragraph {nth}"
    word = ft.first_word(paragraphs[nth - 1].strip())
    want = k["first_word"].lower()
    return None if word == want else f"paragraph {nth} starts with {word!r}, need {want!r}"


def _postscript(t: str, k: dict) -> str | None:
    marker = k["postscript_marker"].strip()
    if marker == "P.P.S":
        pattern = r"p\.\s?p\.\s?s"
    elif marker == "P.S.":
        pattern = r"p\.\s?s\."
    else:
        pattern = re.escape(marker.lower())
    return None if re.search(pattern, t.lower()) else f"no postscript starting with {marker!r}"


def _stars_paragraphs(t: str, k: dict) -> str | None:
    n = ft.split_stars_paragraphs(t)
    if n is None:
        return "an empty paragraph between two *** dividers"
    return None if n == k["num_paragraphs"] else f"{n} paragraphs divided by ***, need exactly {k['num_paragraphs']}"


def _json_format(t: str, k: dict) -> str | None:
    body = t.strip()
    for prefix in ("```json", "```Json", "```JSON", "```"):  # IFEval removes the first that matches
        if body.startswith(prefix):
            body = body[len(prefix) :]
            break
    body = body.removesuffix("```").strip()
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return "the response is not one JSON value (a ``` fence around it is allowed)"
    return None


def _two_responses(t: str, k: dict) -> str | None:
    parts = t.split("******")
    valid = []
    for i, part in enumerate(parts):
        if part.strip():
            valid.append(part.strip())
        elif i not in (0, len(parts) - 1):
            return "an empty response between two ****** separators"
    if len(valid) != 2:
        return f"{len(valid)} response(s) separated by ******, need exactly 2"
    return None if valid[0] != valid[1] else "the two responses are the same"


def _english_case(t: str, upper: bool) -> str | None:
    if not (t.isupper() if upper else t.islower()):
        return f"not all {'capital' if upper else 'lowercase'} letters"
    lang = detect_language(t.lower())  # langdetect calls capitalised English German; case is checked above
    return None if lang == "en" else f"language detected as {lang!r}, need English"


def _json_schema(t: str, k: dict) -> str | None:
    found = find_json(t)
    if found is None:
        return "no JSON value found (bare, in a ``` fence, or inside the text)"
    violation = first_violation(k["schema"], found[0])
    return None if violation is None else f"JSON ({found[1]}) violates the schema {violation}"


Check = Callable[[str, dict], "str | None"]
# id -> (kwargs name -> kind, checker). Kinds are validated by _valid below.
INSTRUCTIONS: dict[str, tuple[dict[str, str], Check]] = {
    "keywords:existence": ({"keywords": "words"}, _keywords),
    "keywords:frequency": (
        {"keyword": "word", "frequency": "count", "relation": "relation"},
        lambda t, k: _compare(len(re.findall(re.escape(k["keyword"].strip()), t, re.IGNORECASE)), k["relation"],
                              k["frequency"], f"occurrence(s) of {k['keyword'].strip()!r}"),
    ),
    "keywords:forbidden_words": ({"forbidden_words": "words"}, _forbidden),
    "keywords:letter_frequency": (
        {"letter": "letter", "let_frequency": "count", "let_relation": "relation"},
        lambda t, k: _compare(t.lower().count(k["letter"].lower()), k["let_relation"], k["let_frequency"],
                              f"letter {k['letter'].lower()!r}"),
    ),
    "language:response_language": ({"language": "word"}, _language),
    "length_constraints:number_sentences": (
        {"num_sentences": "count", "relation": "relation"},
        lambda t, k: _compare(ft.count_sentences(t), k["relation"], k["num_sentences"], "sentences"),
    ),
    "length_constraints:number_paragraphs": ({"num_paragraphs": "count"}, _stars_paragraphs),
    "length_constraints:number_words": (
        {"num_words": "count", "relation": "relation"},
        lambda t, k: _compare(ft.count_words(t), k["relation"], k["num_words"], "words"),
    ),
    "length_constraints:nth_paragraph_first_word": (
        {"num_paragraphs": "positive", "nth_paragraph": "positive", "first_word": "word"}, _nth_first_word),
    "detectable_content:number_placeholders": (
        {"num_placeholders": "count"},
        lambda t, k: _compare(ft.count_placeholders(t), "at least", k["num_placeholders"], "[placeholder]s"),
    ),
    "detectable_content:postscript": ({"postscript_marker": "word"}, _postscript),
    "detectable_format:number_bullet_lists": (
        {"num_bullets": "count"},
        lambda t, k: None if (n := ft.count_bullets(t)) == k["num_bullets"] else f"{n} bullet points, need exactly {k['num_bullets']}",
    ),
    "detectable_format:constrained_response": (
        {}, lambda t, k: None if any(o in t.strip() for o in CONSTRAINED_OPTIONS) else f"none of {list(CONSTRAINED_OPTIONS)}"),
    "detectable_format:number_highlighted_sections": (
        {"num_highlights": "count"},
        lambda t, k: _compare(ft.count_highlights(t), "at least", k["num_highlights"], "*highlighted* sections"),
    ),
    "detectable_format:multiple_sections": (
        {"section_spliter": "word", "num_sections": "count"},
        lambda t, k: _compare(ft.count_sections(t, k["section_spliter"].strip()), "at least", k["num_sections"],
                              f"'{k['section_spliter'].strip()} N' sections"),
    ),
    "detectable_format:json_format": ({}, _json_format),
    "detectable_format:title": ({}, lambda t, k: None if ft.has_title(t) else "no <<title>> on one line"),
    "combination:two_responses": ({}, _two_responses),
    "combination:repeat_prompt": (
        {"prompt_to_repeat": "text"},
        lambda t, k: None if t.strip().lower().startswith(k["prompt_to_repeat"].strip().lower())
        else "does not start by repeating the request word for word",
    ),
    "startend:end_checker": (
        {"end_phrase": "text"},
        lambda t, k: None if t.strip().strip('"').lower().endswith(k["end_phrase"].strip().lower())
        else f"does not end with {k['end_phrase'].strip()!r}",
    ),
    "change_case:capital_word_frequency": (
        {"capital_frequency": "count", "capital_relation": "relation"},
        lambda t, k: _compare(len(ft.capital_words(t)), k["capital_relation"], k["capital_frequency"], "all-capital words"),
    ),
    "change_case:english_capital": ({}, lambda t, k: _english_case(t, upper=True)),
    "change_case:english_lowercase": ({}, lambda t, k: _english_case(t, upper=False)),
    "punctuation:no_comma": ({}, lambda t, k: f"found {t.count(',')} comma(s)" if "," in t else None),
    "startend:quotation": (
        {}, lambda t, k: None if len(s := t.strip()) > 1 and s[0] == '"' and s[-1] == '"' else "not wrapped in double quotes"),
    "json_schema": ({"schema": "schema"}, _json_schema),
}
IFEVAL_IDS: tuple[str, ...] = tuple(i for i in INSTRUCTIONS if ":" in i)  # the 25 ids IFEval defines


def _valid(kind: str, v: Any) -> bool:
    if kind in ("count", "positive"):
        return isinstance(v, int) and not isinstance(v, bool) and v >= (1 if kind == "positive" else 0)
    if kind == "relation":
        return v in RELATIONS
    if kind in ("word", "text"):
        return isinstance(v, str) and bool(v.strip())
    if kind == "words":
        return isinstance(v, list) and bool(v) and all(isinstance(w, str) and w.strip() for w in v)
    if kind == "letter":
        return isinstance(v, str) and len(v.strip()) == 1 and "a" <= v.strip().lower() <= "z"
    return True  # schema: checked by jsonschema itself


_KIND_HELP = {"count": "an integer >= 0", "positive": "an integer >= 1", "relation": f"one of {list(RELATIONS)}",
              "word": "a non-empty string", "text": "a non-empty string", "words": "a non-empty list of strings",
              "letter": "one letter a-z", "schema": "a JSON Schema"}


def normalize_constraints(raw: Any, where: str = "meta.constraints") -> list[Constraint]:
    """Validate a task's constraints; raise TaskError naming the first bad one and what it should be."""
    if not isinstance(raw, list) or not raw:
        raise TaskError(f"{where} must be a non-empty list of {{\"id\": ..., \"kwargs\": {{...}}}} objects, got {raw!r:.80}")
    out = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise TaskError(f"{at} must be an object with a string \"id\", got {item!r:.80}")
        cid = item["id"]
        if cid not in INSTRUCTIONS:
            close = difflib.get_close_matches(cid, list(INSTRUCTIONS), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise TaskError(f"{at}: unknown instruction id {cid!r}.{hint} Known ids: {', '.join(sorted(INSTRUCTIONS))}")
        kwargs = item.get("kwargs") or {}
        if not isinstance(kwargs, dict):
            raise TaskError(f"{at} ({cid}): kwargs must be an object, got {type(kwargs).__name__}")
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        spec = INSTRUCTIONS[cid][0]
        extra = sorted(set(kwargs) - set(spec))
        if extra:
            raise TaskError(f"{at} ({cid}): unexpected kwargs {extra}; it takes {sorted(spec) or 'none'}")
        for name, kind in spec.items():
            if name not in kwargs:
                raise TaskError(f"{at} ({cid}): missing kwargs.{name} ({_KIND_HELP[kind]})")
            if not _valid(kind, kwargs[name]):
                raise TaskError(f"{at} ({cid}): kwargs.{name} must be {_KIND_HELP[kind]}, got {kwargs[name]!r:.60}")
        if cid == "json_schema":
            check_schema(kwargs["schema"])
        out.append(Constraint(cid, kwargs))
    return out


def unmet(constraint: Constraint, response: str) -> str | None:
    """None if ``response`` meets ``constraint`` (IFEval's strict reading), else why not, in a few words."""
    if not response.strip():
        return "empty response"
    return INSTRUCTIONS[constraint.id][1](response, constraint.kwargs)
