"""The format verifier's contract: malformed constraints raise, model output never does, time stays bounded."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rlvr.errors import ConfigError, TaskError
from rlvr.types import Task
from rlvr.verifiers.format import FormatVerifier, loose_variants
from rlvr.verifiers.format_json import find_json, first_violation
from rlvr.verifiers.instructions import normalize_constraints


def task(*constraints, prompt="Write something."):
    return Task(id="t", suite="format", prompt=prompt, meta={"constraints": list(constraints)})


def c(cid, **kwargs):
    return {"id": cid, "kwargs": kwargs}


@pytest.mark.parametrize("constraints, message", [
    (None, "non-empty list"),  # no constraints at all
    ([], "non-empty list"),
    ([c("punctuation:no_coma")], "Did you mean 'punctuation:no_comma'"),  # typo: suggests the id and lists all
    ([c("length_constraints:number_words", num_words=5)], "missing kwargs.relation"),
    ([c("length_constraints:number_words", num_words=5, relation="at most")], "kwargs.relation must be one of"),
    ([c("length_constraints:number_words", num_words="5", relation="at least")], "kwargs.num_words must be an integer"),
    ([c("keywords:existence", keywords="tide")], "kwargs.keywords must be a non-empty list"),
    ([c("punctuation:no_comma", oops=1)], "unexpected kwargs ['oops']"),
    ([c("keywords:letter_frequency", letter="ab", let_frequency=1, let_relation="at least")], "one letter"),
    ([c("json_schema", schema={"type": "objectt"})], "not a valid JSON Schema"),
    ([{"kwargs": {}}], "string \"id\""),
])
def test_malformed_constraints_raise_task_error_naming_the_fix(constraints, message):
    with pytest.raises(TaskError, match=None) as info:
        FormatVerifier().verify(Task(id="t", suite="format", prompt="p", meta={"constraints": constraints}), "text")
    assert message in str(info.value)


def test_unknown_id_lists_every_known_id():
    with pytest.raises(TaskError) as info:
        normalize_constraints([c("nonsense:thing")])
    assert "startend:quotation" in str(info.value) and "json_schema" in str(info.value)


def test_null_kwargs_from_the_published_ifeval_dataset_are_ignored():
    # google/IFEval stores every instruction's kwargs with nulls for the ones it does not take
    row = {"id": "punctuation:no_comma", "kwargs": {"num_words": None, "relation": None, "keywords": None}}
    assert FormatVerifier().verify(task(row), "no commas here").status == "pass"


@pytest.mark.parametrize("completion", [None, 42, "", "   \n"])
def test_non_text_and_empty_completions_fail_with_a_reason(completion):
    v = FormatVerifier().verify(task(c("punctuation:no_comma")), completion)
    assert v.status == "fail" and v.reason


def test_bad_verifier_options_raise_config_error():
    with pytest.raises(ConfigError, match="score must be one of"):
        FormatVerifier(score="half")
    with pytest.raises(ConfigError, match="mode must be one of"):
        FormatVerifier(mode="lenient")


def test_loose_variants_match_ifeval_order():
    assert loose_variants("*a*\nb\nc*") == ["*a*\nb\nc*", "a\nb\nc", "b\nc*", "*a*\nb", "b", "b\nc", "a\nb", "b"]


@pytest.mark.parametrize("text, found", [
    ('{"a": 1}', ({"a": 1}, "bare")),
    ('  [1, 2]\n', ([1, 2], "bare")),
    ('Here:\n```JSON\n{"a": 1}\n```', ({"a": 1}, "fenced")),
    ('```python\nx = {"a": 1}\n```\n```json\n{"b": 2}\n```', ({"b": 2}, "fenced")),  # a python fence is not JSON
    ('I think {"a": {"b": [1]}} works, and {"c": 3} too', ({"a": {"b": [1]}}, "embedded")),
    ('{not json} but then {"ok": true}', ({"ok": True}, "embedded")),
    ("no json here", None),
    ("[" * 100_000, None),  # too deep for the decoder: not found, no crash
])
def test_find_json_follows_the_documented_rules(text, found):
    assert find_json(text) == found


def test_first_violation_names_the_path():
    schema = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "integer"}}}}
    assert first_violation(schema, {"items": [1, "x"]}) == "at $.items[1]: 'x' is not of type 'integer'"
    assert first_violation(schema, {"items": [1, 2]}) is None


HOSTILE = [
    "<" * 150_000 + ">",  # IFEval's title regex is quadratic here
    "[" * 150_000,  # and its placeholder regex here
    "\n" * 150_000 + "*",  # and its ^\s* bullet regex here
    "a. " * 20_000,  # many tiny sentences for Punkt
    "{" * 60_000 + "}" * 60_000,  # deep JSON-looking nesting
    "P.S" * 60_000,
]
ALL_IDS = [c("length_constraints:number_sentences", num_sentences=3, relation="at least"), c("detectable_format:title"),
           c("detectable_content:number_placeholders", num_placeholders=1), c("detectable_format:number_bullet_lists", num_bullets=1),
           c("detectable_format:number_highlighted_sections", num_highlights=1), c("json_schema", schema={"type": "object"}),
           c("change_case:capital_word_frequency", capital_frequency=1, capital_relation="at least"),
           c("detectable_content:postscript", postscript_marker="P.P.S"), c("language:response_language", language="en")]


@pytest.mark.parametrize("text", HOSTILE, ids=["angles", "brackets", "blank-lines", "sentences", "braces", "ps"])
def test_hostile_text_gets_a_verdict_within_the_time_bound(text):
    start = time.monotonic()
    v = FormatVerifier(mode="loose", inline_chars=10**6).verify(task(*ALL_IDS), text)  # inline: the checkers alone are linear
    assert time.monotonic() - start < 30.0  # the contract's bound (tests/test_suite_contract.py), not a speed claim
    assert v.status in ("fail", "error") and v.reason


def test_long_responses_are_checked_in_a_bounded_worker_with_the_same_verdict():
    t = task(c("punctuation:no_comma"), c("length_constraints:number_words", num_words=3, relation="at least"))
    inline = FormatVerifier().verify(t, "one two three four")
    worker = FormatVerifier(inline_chars=0).verify(t, "one two three four")  # forced into a worker process
    assert (inline.status, inline.score, inline.reason) == (worker.status, worker.score, worker.reason)


def test_a_worker_timeout_is_our_error_not_the_models_fail():
    t = task(c("length_constraints:number_sentences", num_sentences=1, relation="at least"))
    v = FormatVerifier(inline_chars=0, timeout_s=0.001).verify(t, "a. " * 30_000)
    assert v.status == "error" and "timeout" in v.reason


def test_a_schema_regex_that_backtracks_for_ever_is_cut_off_in_a_worker():
    t = task(c("json_schema", schema={"type": "object", "properties": {"x": {"type": "string", "pattern": "^(a+)+$"}}}))
    assert FormatVerifier().verify(t, '{"x": "aaaa"}').status == "pass"  # same worker path, harmless input
    start = time.monotonic()
    v = FormatVerifier(timeout_s=3.0).verify(t, '{"x": "' + "a" * 40 + '!"}')
    assert v.status == "error" and "timeout" in v.reason
    assert time.monotonic() - start < 30.0


EVERY_ID = ALL_IDS + [
    c("keywords:existence", keywords=["tide"]), c("keywords:frequency", keyword="a", frequency=2, relation="less than"),
    c("keywords:forbidden_words", forbidden_words=["x"]), c("keywords:letter_frequency", letter="e", let_frequency=2, let_relation="at least"),
    c("length_constraints:number_paragraphs", num_paragraphs=2), c("length_constraints:number_words", num_words=3, relation="at least"),
    c("length_constraints:nth_paragraph_first_word", num_paragraphs=2, nth_paragraph=2, first_word="so"),
    c("detectable_format:constrained_response"), c("detectable_format:multiple_sections", section_spliter="Section", num_sections=2),
    c("detectable_format:json_format"), c("combination:two_responses"), c("combination:repeat_prompt", prompt_to_repeat="Say hi."),
    c("startend:end_checker", end_phrase="Bye."), c("change_case:english_capital"), c("change_case:english_lowercase"),
    c("punctuation:no_comma"), c("startend:quotation")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
       | st.lists(st.sampled_from(["*", "-", "\n", "\n\n", "***", "******", "<<", ">>", "[", "]", "{", "}", '"', ",", "P.S.",
                                   "Section 1", "A", "the", ".", "```json", "```"]), max_size=60).map("".join))
def test_model_output_never_raises_and_never_errors(text):
    v = FormatVerifier(mode="loose", score="partial").verify(task(*EVERY_ID), text)
    assert v.status in ("pass", "fail") and 0.0 <= v.score <= 1.0 and v.reason
