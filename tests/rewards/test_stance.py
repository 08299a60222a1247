"""Stance reading against a labelled corpus (tests/data/stance_corpus.jsonl), one row per rule or gaming attempt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rlvr.errors import ConfigError
from rlvr.rewards.stance import Phrases, parse_confidence, read_stance

CORPUS = [json.loads(line) for line in (Path(__file__).parents[1] / "data" / "stance_corpus.jsonl").read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("row", CORPUS, ids=[r["id"] for r in CORPUS])
def test_labelled_completion_reads_as_labelled(row):
    stance = read_stance(row["completion"], mode=row["mode"], gold=row.get("gold"))
    got = {"kind": stance.kind, "confidence": stance.confidence, "conflicting": stance.conflicting}
    want = {"kind": row["kind"], "confidence": row["confidence"], "conflicting": row["conflicting"]}
    assert got == want, f"{row['note']}: {stance.reason}"
    if row["kind"] != "abstain":
        assert list(stance.answers) == row["answers"], row["note"]
    if "answer_text" in row:
        assert stance.answer_text == row["answer_text"], row["note"]


def test_corpus_covers_every_rule_and_mode():
    ids = {r["id"].split("-")[0] for r in CORPUS}
    assert {"p", "c", "g", "u", "k", "f", "n"} <= ids
    assert sum("GAMING" in r["note"] for r in CORPUS) >= 10
    assert {r["mode"] for r in CORPUS} == {"protocol", "free", "plain"}


def test_verifier_text_never_carries_a_hedge_marker_or_confidence_line():
    for row in CORPUS:
        text = read_stance(row["completion"], mode=row["mode"]).answer_text
        if row["mode"] != "plain" and row["kind"] != "abstain":
            assert "(likely)" not in text.lower() and "confidence:" not in text.lower(), row["id"]


def test_conflicting_answers_leave_no_answer_for_any_verifier():
    # the verifier sees an empty final answer, so no lenient extractor can pick one of the candidates
    stance = read_stance("Final answer: 3\nFinal answer: 4")
    assert stance.answer_text.rsplit("Final answer:", 1)[1].strip() == ""


def test_custom_phrases_change_what_abstains_and_hedges():
    phrases = Phrases(abstain=("pass",), hedge=("guess",))
    assert read_stance("Final answer: pass", phrases=phrases).kind == "abstain"
    assert read_stance("Final answer (guess): 3", phrases=phrases).kind == "hedged"
    assert read_stance("Final answer (likely): 3", phrases=phrases).kind == "unhedged"  # no longer a hedge word
    assert read_stance("Final answer: I don't know", phrases=phrases).kind == "unhedged"


def test_phrases_from_a_mapping_keep_defaults_for_missing_keys():
    assert read_stance("Final answer: dunno", phrases={"abstain": ["dunno"]}).kind == "abstain"
    assert read_stance("Final answer (likely): 2", phrases={"abstain": ["dunno"]}).kind == "hedged"


@pytest.mark.parametrize("bad", [{"abstain": "I don't know"}, {"refuse": ["x"]}, {"hedge": [""]}, ["likely"]])
def test_malformed_phrases_are_a_config_error(bad):
    with pytest.raises(ConfigError):
        read_stance("Final answer: 1", phrases=bad)


def test_unknown_mode_is_a_config_error():
    with pytest.raises(ConfigError, match="stance mode"):
        read_stance("Final answer: 1", mode="fuzzy")


def test_non_text_completion_is_an_unhedged_non_answer():
    stance = read_stance(None)  # type: ignore[arg-type]
    assert stance.kind == "unhedged" and stance.answer_text == ""


@pytest.mark.parametrize("text,want", [("70%", 0.7), ("0.7", 0.7), ("7/10", 0.7), ("70", 0.7), ("1", 1.0), ("0", 0.0),
                                       ("100 percent", 1.0), ("-5%", None), ("1/0", None), ("abc", None), ("", None)])
def test_parse_confidence(text, want):
    assert parse_confidence(text) == want


@pytest.mark.timeout(20)  # catastrophic regex backtracking would take hours on this input; it reads in milliseconds
def test_hostile_long_completion_is_read_without_backtracking_blowup():
    text = "Final answer (" * 20_000 + "\\boxed{" * 20_000 + "Confidence: " * 10_000 + "x" * 100_000
    assert read_stance(text).kind == "unhedged"
    assert read_stance(text, mode="free").kind == "unhedged"
