"""How each instruction is worded in a prompt: IFEval's wording, kept free of commas.

Comma-free because ``combination:repeat_prompt`` asks the model to repeat the request, and a repeated
comma would break ``punctuation:no_comma`` in the same task.

>>> describe({"id": "length_constraints:number_words", "kwargs": {"relation": "at least", "num_words": 50}})
'Answer with at least 50 words.'
"""

from __future__ import annotations

import json
from typing import Any

from rlvr.tasks.format_content import LANGUAGE_NAMES

__all__ = ["describe", "REPEAT_TEXT"]

REPEAT_TEXT = ("First repeat the request word for word without change and then give your answer (1. do not say any words"
               " or characters before repeating the request; 2. the request you need to repeat does not include this sentence)")


def _words(ws: list[str]) -> str:
    return " and ".join(ws)


_TEMPLATES = {
    "keywords:existence": lambda k: f"Include the keywords {_words(k['keywords'])} in the response.",
    "keywords:frequency": lambda k: f"In your response the word {k['keyword']} should appear {k['relation']} {k['frequency']} times.",
    "keywords:forbidden_words": lambda k: f"Do not include the keywords {_words(k['forbidden_words'])} in the response.",
    "keywords:letter_frequency": lambda k: (f"In your response the letter {k['letter']} should appear {k['let_relation']}"
                                            f" {k['let_frequency']} times."),
    "language:response_language": lambda k: (f"Your ENTIRE response should be in {LANGUAGE_NAMES.get(k['language'], k['language'])}"
                                             " language and no other language is allowed."),
    "length_constraints:number_sentences": lambda k: f"Your response should contain {k['relation']} {k['num_sentences']} sentences.",
    "length_constraints:number_paragraphs": lambda k: (f"There should be {k['num_paragraphs']} paragraphs. Paragraphs are separated"
                                                       " with the markdown divider: ***"),
    "length_constraints:number_words": lambda k: f"Answer with {k['relation']} {k['num_words']} words.",
    "length_constraints:nth_paragraph_first_word": lambda k: (
        f"There should be {k['num_paragraphs']} paragraphs. Paragraphs and only paragraphs are separated from each other by two"
        f" new lines as if it was '\\n\\n' in python. Paragraph {k['nth_paragraph']} must start with the word {k['first_word']}."),
    "detectable_content:number_placeholders": lambda k: (f"The response must contain at least {k['num_placeholders']} placeholders"
                                                         " represented by square brackets such as [address]."),
    "detectable_content:postscript": lambda k: (f"At the end of your response please explicitly add a postscript starting with"
                                                f" {k['postscript_marker']}"),
    "detectable_format:number_bullet_lists": lambda k: (f"Your answer must contain exactly {k['num_bullets']} bullet points. Use the"
                                                        " markdown bullet points such as:\n* This is point 1.\n* This is point 2"),
    "detectable_format:constrained_response": lambda k: ("Answer with one of the following options: My answer is yes. / My answer"
                                                         " is no. / My answer is maybe."),
    "detectable_format:number_highlighted_sections": lambda k: (f"Highlight at least {k['num_highlights']} sections in your answer"
                                                                " with markdown i.e. *highlighted section*."),
    "detectable_format:multiple_sections": lambda k: (
        f"Your response must have {k['num_sections']} sections. Mark the beginning of each section with {k['section_spliter']} X"
        f" such as:\n{k['section_spliter']} 1\n[content of section 1]\n{k['section_spliter']} 2\n[content of section 2]"),
    "detectable_format:json_format": lambda k: "Entire output should be wrapped in JSON format. You can use markdown ticks such as ```.",
    "detectable_format:title": lambda k: "Your answer must contain a title wrapped in double angular brackets such as <<poem of joy>>.",
    "combination:two_responses": lambda k: ("Give two different responses. Responses and only responses should be separated by 6"
                                            " asterisk symbols: ******."),
    "combination:repeat_prompt": lambda k: REPEAT_TEXT,
    "startend:end_checker": lambda k: (f"Finish your response with this exact phrase {k['end_phrase']} No other words should follow"
                                       " this phrase."),
    "change_case:capital_word_frequency": lambda k: (f"In your response words with all capital letters should appear"
                                                     f" {k['capital_relation']} {k['capital_frequency']} times."),
    "change_case:english_capital": lambda k: "Your entire response should be in English and in all capital letters.",
    "change_case:english_lowercase": lambda k: ("Your entire response should be in English and in all lowercase letters. No capital"
                                                " letters are allowed."),
    "punctuation:no_comma": lambda k: "In your entire response refrain from the use of any commas.",
    "startend:quotation": lambda k: "Wrap your entire response with double quotation marks.",
    "json_schema": lambda k: ("Reply with a JSON object that validates against this JSON Schema:\n```json\n"
                              + json.dumps(k["schema"], sort_keys=True) + "\n```"),
}


def describe(constraint: dict[str, Any]) -> str:
    """The instruction a prompt gives for one ``{"id", "kwargs"}`` constraint."""
    return _TEMPLATES[constraint["id"]](constraint["kwargs"])
