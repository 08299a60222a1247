"""The format verifier against the hand-labelled corpus ``tests/data/format_corpus.jsonl``.

Each row: constraints, a response, and the expected verdict under IFEval's strict and loose readings
(labelled by reading lm-eval's IFEval checkers, not by running rlvr), plus a note on the edge case.
"""

import json
from collections import defaultdict
from pathlib import Path

import pytest

from rlvr.types import Task
from rlvr.verifiers.format import FormatVerifier
from rlvr.verifiers.instructions import INSTRUCTIONS

CORPUS = Path(__file__).resolve().parents[1] / "data" / "format_corpus.jsonl"
ROWS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _task(row):
    return Task(id=row["name"], suite="format", prompt="", meta={"constraints": row["constraints"]})


def test_corpus_is_big_enough_and_covers_every_instruction_both_ways():
    assert len(ROWS) >= 150
    seen = defaultdict(set)
    for row in ROWS:
        if len(row["constraints"]) == 1:
            seen[row["constraints"][0]["id"]].add(row["strict"])
    assert {i for i, labels in seen.items() if labels == {True, False}} == set(INSTRUCTIONS)
    assert len({r["name"] for r in ROWS}) == len(ROWS), "corpus row names must be unique"


@pytest.mark.parametrize("mode", ["strict", "loose"])
def test_verifier_agrees_with_every_label(mode):
    verifier = FormatVerifier(mode=mode)
    wrong = []
    for row in ROWS:
        verdict = verifier.verify(_task(row), row["response"])
        assert verdict.status in ("pass", "fail"), (row["name"], verdict.reason)
        if verdict.passed != row[mode]:
            wrong.append((row["name"], row[mode], verdict.reason))
    assert wrong == [], f"{len(wrong)}/{len(ROWS)} corpus rows misjudged in {mode} mode: {wrong}"


def test_partial_score_is_the_fraction_of_constraints_met():
    verifier = FormatVerifier(score="partial")
    for row in (r for r in ROWS if "met" in r):
        verdict = verifier.verify(_task(row), row["response"])
        assert verdict.score == pytest.approx(row["met"] / len(row["constraints"])), row["name"]
        if row["response"].strip():  # an empty response is refused before any constraint is read
            assert [c["met"] for c in verdict.details["constraints"]].count(True) == row["met"], row["name"]


def test_failed_rows_say_which_constraint_failed():
    verifier = FormatVerifier()
    for row in ROWS:
        verdict = verifier.verify(_task(row), row["response"])
        if not verdict.passed:
            assert "first unmet:" in verdict.reason or "no answer" in verdict.reason, row["name"]
