"""The labelled corpus (tests/data/math_corpus.jsonl): every row judged as labelled, except the named known misses.

Each row is (gold, completion, expected) with a note; adversarial rows (candidate spraying, boxing every
option, power towers, echoed expressions, injected code) must never pass.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from rlvr.types import Task
from rlvr.verifiers.math import MathVerifier

CORPUS = Path(__file__).resolve().parents[1] / "data" / "math_corpus.jsonl"
ROWS = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]
# right answers rlvr does not read yet; a fix moves a row out of here (and the test says so)
KNOWN_MISSES = {
    "phrasing-309",  # "a dozen": only cardinal number words are read
}


@pytest.fixture(scope="module")
def verdicts():
    tasks = [Task(id=r["id"], suite="math", prompt="?", answer=r["gold"], meta=r["meta"]) for r in ROWS]
    return dict(zip((r["id"] for r in ROWS), MathVerifier().verify_batch(tasks, [r["completion"] for r in ROWS])))


def test_corpus_is_big_and_covers_every_category_both_ways():
    assert len(ROWS) >= 300 and len({r["id"] for r in ROWS}) == len(ROWS)
    by_cat = Counter((r["category"], r["expected"]) for r in ROWS)
    for cat in ("integer", "rational", "decimal", "percent", "radical", "pi", "complex", "interval", "set", "tuple",
                "matrix", "equation", "expression", "infinity", "choice", "text", "extraction"):
        assert by_cat[(cat, True)] >= 3 and by_cat[(cat, False)] >= 3, cat
    assert sum(r["adversarial"] for r in ROWS) >= 25
    assert all(r["note"] for r in ROWS)


def test_every_row_is_judged_as_labelled(verdicts):
    wrong = [(r["id"], r["note"], verdicts[r["id"]].reason) for r in ROWS
             if (verdicts[r["id"]].status == "pass") != r["expected"] and r["id"] not in KNOWN_MISSES]
    assert wrong == []


def test_known_misses_are_still_misses(verdicts):
    fixed = [i for i in KNOWN_MISSES if (verdicts[i].status == "pass") == next(r for r in ROWS if r["id"] == i)["expected"]]
    assert fixed == [], f"now judged right, remove from KNOWN_MISSES: {fixed}"


def test_no_adversarial_row_passes_and_none_is_an_error(verdicts):
    assert [r["id"] for r in ROWS if r["adversarial"] and verdicts[r["id"]].status == "pass"] == []
    assert [i for i, v in verdicts.items() if v.status == "error"] == []


def test_every_failure_has_a_reason(verdicts):
    assert all(v.reason.strip() for v in verdicts.values())


def test_no_case_takes_over_two_seconds_hostile_ones_included():
    v = MathVerifier()
    v.verify(Task(id="warm", suite="math", prompt="?", answer="2\\sqrt{2}"), "Final answer: \\sqrt{8}")  # start the workers
    slow = []
    for r in ROWS:
        verdict = v.verify(Task(id=r["id"], suite="math", prompt="?", answer=r["gold"], meta=r["meta"]), r["completion"])
        if verdict.seconds > 2.0:
            slow.append((r["id"], verdict.seconds))
    assert slow == []
