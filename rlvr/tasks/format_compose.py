"""Compose IFEval instructions onto a writing request and build a reference response that meets them.

Composition follows IFEval's own conflict table (lm-eval ``instructions_registry.INSTRUCTION_CONFLICTS``,
made symmetric) plus one rlvr adds: ``change_case:english_lowercase`` with ``multiple_sections``,
whose ``Section``/``SECTION`` marker cannot be lowercase.

The reference is built by construction, in two steps:
1. structural instructions shape a draft (title, sections, bullets, highlights, placeholders, keywords,
   postscript, end phrase, two responses, repeated request, case, quotes, JSON);
2. counting instructions (words, sentences, letters, capital words, keyword frequency, paragraphs,
   bullets, highlights, placeholders, sections, forbidden words) take their thresholds from the
   finished draft, measured with the verifier's own counters, so the reference meets them exactly.
The suite then checks the reference with the ``format`` verifier and refuses to emit a task it fails.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

from rlvr.tasks.format_content import EMPHASIS, END_PHRASES, FORBIDDEN_POOL, FOREIGN, REQUESTS, TOPICS, Topic
from rlvr.tasks.format_prompts import REPEAT_TEXT, describe
from rlvr.verifiers import format_text as ft
from rlvr.verifiers.instructions import IFEVAL_IDS

__all__ = ["CONFLICTS", "POSITIVE", "choose_ids", "compose"]

_ALL = set(IFEVAL_IDS)
_RAW_CONFLICTS: dict[str, set[str]] = {
    "language:response_language": {"detectable_format:multiple_sections", "keywords:existence", "keywords:frequency",
                                   "keywords:forbidden_words", "startend:end_checker", "change_case:english_capital",
                                   "change_case:english_lowercase"},
    "length_constraints:number_paragraphs": {"length_constraints:nth_paragraph_first_word", "length_constraints:number_sentences"},
    "detectable_format:constrained_response": set(_ALL),
    "detectable_format:multiple_sections": {"language:response_language", "detectable_format:number_highlighted_sections",
                                            "change_case:english_lowercase"},
    "detectable_format:json_format": _ALL - {"keywords:forbidden_words", "keywords:existence"},
    "combination:two_responses": _ALL - {"keywords:forbidden_words", "keywords:existence", "language:response_language",
                                         "detectable_format:title", "punctuation:no_comma"},
    "combination:repeat_prompt": _ALL - {"keywords:existence", "detectable_format:title", "punctuation:no_comma"},
    "change_case:capital_word_frequency": {"change_case:english_lowercase", "change_case:english_capital"},
    "change_case:english_lowercase": {"change_case:english_capital"},
    "startend:quotation": {"detectable_format:title"},
}
CONFLICTS: dict[str, set[str]] = {i: {i} for i in IFEVAL_IDS}
for _a, _bs in _RAW_CONFLICTS.items():
    for _b in _bs:
        CONFLICTS[_a].add(_b)
        CONFLICTS[_b].add(_a)

# Instructions an empty-ish or garbage reply cannot meet by accident; every task holds at least one,
# so "lorem ipsum" or "Final answer:" never passes (negative-only tasks would pay for saying nothing).
POSITIVE = {"keywords:existence", "detectable_format:title", "detectable_content:postscript", "startend:end_checker",
            "detectable_content:number_placeholders", "detectable_format:number_bullet_lists", "detectable_format:json_format",
            "detectable_format:number_highlighted_sections", "detectable_format:multiple_sections", "combination:two_responses",
            "combination:repeat_prompt", "detectable_format:constrained_response", "startend:quotation",
            "length_constraints:number_paragraphs", "length_constraints:nth_paragraph_first_word"}
_MEASURED = ("length_constraints:number_words", "length_constraints:number_sentences", "keywords:letter_frequency",
             "keywords:forbidden_words", "keywords:frequency", "change_case:capital_word_frequency",
             "detectable_format:number_highlighted_sections", "detectable_content:number_placeholders",
             "detectable_format:number_bullet_lists", "detectable_format:multiple_sections",
             "length_constraints:number_paragraphs", "length_constraints:nth_paragraph_first_word")
_KW_SENTENCES = ("It is worth mentioning {w} here.", "Any talk about this should include {w}.")
_FREQ_SENTENCES = ("Think about {k} for a moment.", "The word {k} keeps coming back.", "Without {k} the picture is not complete.")
_PLACEHOLDER_WORDS = ("name", "address", "date", "phone number")
_CLOSINGS = ("Thanks for reading.", "I will write again soon.", "Say hello to everyone for me.")
_FIXED_KEYS = {"keywords", "language", "postscript_marker", "end_phrase"}  # pre-draft kwargs that are IFEval kwargs


def choose_ids(rng: random.Random, n: int) -> list[str]:
    """Up to ``n`` mutually compatible IFEval ids, at least one of them POSITIVE."""
    ids: list[str] = []
    while len(ids) < n:
        candidates = [i for i in IFEVAL_IDS if all(i not in CONFLICTS[j] for j in ids)]
        if not candidates:
            break
        ids.append(rng.choice(candidates))
    if not POSITIVE & set(ids):
        for extra in ("keywords:existence", "detectable_format:title", "detectable_content:postscript"):
            if all(extra not in CONFLICTS[j] for j in ids):
                ids.append(extra)
                break
    return ids


def _highlight(sentence: str, rng: random.Random) -> str:
    words = sentence.split(" ")
    spots = [i for i in range(1, len(words)) if words[i].isalpha() and len(words[i]) > 2]
    if not spots:
        return sentence
    i = rng.choice(spots)
    words[i] = f"*{words[i]}*"
    return " ".join(words)


def _document(rng: random.Random, ids: set[str], topic: Topic, lang: str, pre: dict[str, dict], first: bool = True) -> str:
    """One response body (blocks joined by blank lines or *** dividers) for the structural instructions."""
    pool = list(topic.sentences) if lang == "en" else list(FOREIGN[lang]["sentences"])
    rng.shuffle(pool)
    take = iter(pool * 3)  # a sentence repeats only once the pool is used up
    # detecting a language needs two full sentences per paragraph; never more paragraphs than sentences allow
    per = 2 if lang != "en" or ids & {"change_case:english_capital", "change_case:english_lowercase"} else rng.randint(1, 2)
    paragraphs = [[next(take) for _ in range(per)] for _ in range(rng.randint(2, max(2, min(4, len(pool) // per - 1))))]
    if first and "keywords:existence" in ids:
        paragraphs[0].append(rng.choice(_KW_SENTENCES).format(w=" and ".join(pre["keywords:existence"]["keywords"])))
    if first and "keywords:frequency" in ids:
        k = pre["keywords:frequency"]["keyword"]
        paragraphs[-1].extend(s.format(k=k) for s in _FREQ_SENTENCES[: rng.randint(1, 3)])
    if first and pre.get("change_case:capital_word_frequency", {}).get("emphasis"):
        paragraphs[rng.randrange(len(paragraphs))].append(rng.choice(EMPHASIS))
    if first and "detectable_format:number_highlighted_sections" in ids:
        for p in rng.sample(range(len(paragraphs)), k=min(len(paragraphs), rng.randint(1, 3))):
            paragraphs[p][0] = _highlight(paragraphs[p][0], rng)
    if first and "detectable_content:number_placeholders" in ids:
        if lang == "en":
            words = rng.sample(_PLACEHOLDER_WORDS, k=rng.randint(1, 3))
            paragraphs[-1].append("Fill in " + " and ".join(f"[{w}]" for w in words) + " before you send it.")
        else:
            paragraphs[-1].append(str(FOREIGN[lang]["placeholder"]))
    blocks = [" ".join(p) for p in paragraphs]
    if "detectable_format:multiple_sections" in ids:
        spliter = pre["detectable_format:multiple_sections"]["section_spliter"]
        blocks = [f"{spliter} {i}\n{b}" for i, b in enumerate(blocks, 1)]
    if first and "detectable_format:title" in ids:
        blocks.insert(0, f"<<{topic.title if lang == 'en' else FOREIGN[lang]['title']}>>")
    if first and "detectable_format:number_bullet_lists" in ids:
        style = pre["detectable_format:number_bullet_lists"]["style"]
        words = rng.sample(topic.keywords, k=rng.randint(1, len(topic.keywords)))
        items = [f"{style} {w.capitalize()}" for w in words] if lang == "en" else [f"{style} {next(take)}" for _ in range(rng.randint(1, 2))]
        blocks.append("\n".join((["Here are the main points:"] if lang == "en" else []) + items))
    if first and "detectable_content:postscript" in ids:
        closing = rng.choice(_CLOSINGS) if lang == "en" else next(take)
        blocks.append(f"{pre['detectable_content:postscript']['postscript_marker']} {closing}")
    if first and "startend:end_checker" in ids:
        blocks[-1] += "\n" + pre["startend:end_checker"]["end_phrase"]
    return ("\n\n***\n\n" if "length_constraints:number_paragraphs" in ids else "\n\n").join(blocks)


def _at_least(rng: random.Random, measured: int) -> int:
    return rng.randint(max(1, measured - 3), measured)


def _measure(rng: random.Random, cid: str, text: str, pre: dict[str, Any]) -> dict[str, Any]:
    """Kwargs for a counting instruction, read off the finished reference ``text``."""
    rel = rng.choice(("less than", "at least"))
    if cid == "length_constraints:number_words":
        n = ft.count_words(text)
        if rel == "at least":
            return {"relation": rel, "num_words": max(1, (n - rng.randint(0, n // 4)) // 5 * 5)}
        return {"relation": rel, "num_words": (n + rng.randint(1, n // 3 + 1) + 4) // 5 * 5}
    if cid == "length_constraints:number_sentences":
        n = ft.count_sentences(text)
        return {"relation": rel, "num_sentences": _at_least(rng, n) if rel == "at least" else n + rng.randint(1, 3)}
    if cid == "keywords:letter_frequency":
        letter = rng.choice("abcdefghijklmnoprstuvwy")
        n = text.lower().count(letter)
        rel = rel if n else "less than"
        return {"letter": letter, "let_relation": rel, "let_frequency": _at_least(rng, n) if rel == "at least" else n + rng.randint(1, 3)}
    if cid == "keywords:forbidden_words":
        absent = [w for w in FORBIDDEN_POOL if not re.search(r"\b" + w + r"\b", text, re.IGNORECASE)]
        return {"forbidden_words": sorted(rng.sample(absent, k=min(len(absent), rng.randint(1, 3))))}
    if cid == "keywords:frequency":
        k = pre["keyword"]
        n = len(re.findall(re.escape(k), text, re.IGNORECASE))
        return {"keyword": k, "relation": rel, "frequency": _at_least(rng, n) if rel == "at least" else n + rng.randint(1, 2)}
    if cid == "change_case:capital_word_frequency":
        n = len(ft.capital_words(text))
        rel = "at least" if pre.get("emphasis") and n else "less than"
        return {"capital_relation": rel, "capital_frequency": _at_least(rng, n) if rel == "at least" else n + rng.randint(1, 3)}
    if cid == "detectable_format:number_highlighted_sections":
        return {"num_highlights": rng.randint(1, ft.count_highlights(text))}
    if cid == "detectable_content:number_placeholders":
        return {"num_placeholders": rng.randint(1, ft.count_placeholders(text))}
    if cid == "detectable_format:number_bullet_lists":
        return {"num_bullets": ft.count_bullets(text)}
    if cid == "detectable_format:multiple_sections":
        spliter = pre["section_spliter"]
        return {"section_spliter": spliter, "num_sections": rng.randint(1, ft.count_sections(text, spliter))}
    if cid == "length_constraints:number_paragraphs":
        return {"num_paragraphs": ft.split_stars_paragraphs(text)}
    # nth_paragraph_first_word: a paragraph whose first word is a plain word
    pieces = text.split("\n\n")
    nths = [i for i, p in enumerate(pieces, 1) if ft.first_word(p.strip()).isalpha()]
    nth = rng.choice(nths)
    return {"num_paragraphs": sum(1 for p in pieces if p.strip()), "nth_paragraph": nth,
            "first_word": ft.first_word(pieces[nth - 1].strip())}


def _pre_kwargs(rng: random.Random, ids: list[str], topic: Topic) -> dict[str, dict]:
    """Kwargs fixed before the draft is written (what the draft must contain)."""
    pre: dict[str, dict] = {}
    words = list(topic.keywords)
    rng.shuffle(words)
    for cid in ids:
        if cid == "keywords:existence":
            pre[cid] = {"keywords": words[: rng.randint(1, 2)]}
        elif cid == "keywords:frequency":
            pre[cid] = {"keyword": words[-1]}
        elif cid == "language:response_language":
            pre[cid] = {"language": rng.choice(["en", *FOREIGN])}
        elif cid == "detectable_content:postscript":
            pre[cid] = {"postscript_marker": rng.choice(("P.S.", "P.P.S"))}
        elif cid == "startend:end_checker":
            pre[cid] = {"end_phrase": rng.choice(END_PHRASES)}
        elif cid == "detectable_format:multiple_sections":
            pre[cid] = {"section_spliter": "SECTION" if "change_case:english_capital" in ids else rng.choice(("Section", "SECTION"))}
        elif cid == "detectable_format:number_bullet_lists":
            pre[cid] = {"style": rng.choice("*-")}
        elif cid == "change_case:capital_word_frequency":
            pre[cid] = {"emphasis": "language:response_language" not in ids and rng.random() < 0.6}
        else:
            pre[cid] = {}
    return pre


def compose(rng: random.Random, n: int) -> tuple[str, list[dict[str, Any]], str, str]:
    """``(prompt, constraints, reference, split_key)`` for ``n`` composed IFEval instructions."""
    ids = choose_ids(rng, n)
    topic = rng.choice(TOPICS)
    if ids == ["detectable_format:constrained_response"]:
        c = [{"id": ids[0], "kwargs": {}}]
        return f"{topic.question} {describe(c[0])}", c, f"My answer is {topic.answer}. {topic.reason}", ids[0]
    pre = _pre_kwargs(rng, ids, topic)
    lang = pre.get("language:response_language", {}).get("language", "en")
    request = rng.choice(REQUESTS).format(topic=topic.name if lang == "en" else "a day in your town")  # what FOREIGN describes
    fixed = [c for c in ids if c not in _MEASURED]
    kwargs: dict[str, dict] = {c: {k: v for k, v in pre[c].items() if k in _FIXED_KEYS} for c in fixed}
    if "combination:repeat_prompt" in ids:  # the conflict table leaves only instructions fixed before drafting
        repeat = " ".join([request] + [describe({"id": c, "kwargs": kwargs[c]}) for c in ids if c != "combination:repeat_prompt"])
        kwargs["combination:repeat_prompt"] = {"prompt_to_repeat": repeat}
    set_ids = set(ids)
    if "detectable_format:json_format" in set_ids:
        text = _json_body(rng, topic, pre)
    else:
        text = _document(rng, set_ids, topic, lang, pre)
        if "combination:two_responses" in set_ids:
            text += "\n\n******\n\n" + _document(random.Random(rng.random()), set_ids, topic, lang, pre, first=False)
    if "change_case:english_capital" in set_ids:
        text = text.upper()
    if "change_case:english_lowercase" in set_ids:
        text = text.lower()
    if "combination:repeat_prompt" in set_ids:
        text = kwargs["combination:repeat_prompt"]["prompt_to_repeat"] + "\n\n" + text
    if "startend:quotation" in set_ids:
        text = f'"{text}"'
    for c in ids:
        if c in _MEASURED:
            kwargs[c] = _measure(rng, c, text, pre[c])
    constraints = [{"id": c, "kwargs": kwargs[c]} for c in ids]
    if "combination:repeat_prompt" in set_ids:
        prompt = kwargs["combination:repeat_prompt"]["prompt_to_repeat"] + " " + REPEAT_TEXT
    else:
        prompt = " ".join([request] + [describe(c) for c in constraints])
    return prompt, constraints, text, "+".join(sorted(ids))


def _json_body(rng: random.Random, topic: Topic, pre: dict[str, dict]) -> str:
    sentences = list(topic.sentences)
    rng.shuffle(sentences)
    obj: dict[str, Any] = {"title": topic.title, "summary": " ".join(sentences[:2]), "facts": sentences[2:4]}
    if "keywords:existence" in pre:
        obj["keywords"] = pre["keywords:existence"]["keywords"]
    body = json.dumps(obj, indent=2, ensure_ascii=False)
    return f"```json\n{body}\n```" if rng.random() < 0.5 else body
