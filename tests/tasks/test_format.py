"""The format suite: deterministic, split by constraint combination, every instruction reachable, gold passes."""

import re
from collections import Counter

import pytest

from rlvr.errors import UsageError
from rlvr.tasks.base import stable_rng
from rlvr.tasks.format import FormatSuite
from rlvr.tasks.format_compose import CONFLICTS, choose_ids
from rlvr.tasks.format_content import FOREIGN, TOPICS
from rlvr.verifiers.format import FormatVerifier
from rlvr.verifiers.instructions import IFEVAL_IDS, INSTRUCTIONS, normalize_constraints

SUITE = FormatSuite()


@pytest.fixture(scope="module")
def tasks():
    """A spread over both generators, all difficulties and both splits."""
    out = []
    for d in range(1, 6):
        for split, n in (("train", 8), ("heldout", 3)):
            out += SUITE.generate(n, seed=7, difficulty=d, split=split, families=["instructions"])
        out += SUITE.generate(2, seed=7, difficulty=d, families=["json_schema"])
    return out


def combo(task):
    return task.meta["problem_hash"] and "+".join(sorted(c["id"] for c in task.meta["constraints"]))


def test_every_instruction_id_and_json_schema_is_generated(tasks):
    used = Counter(c["id"] for t in tasks for c in t.meta["constraints"])
    assert set(used) == set(INSTRUCTIONS), f"never generated: {set(INSTRUCTIONS) - set(used)}"


def test_constraints_are_ifeval_shaped_and_valid(tasks):
    for t in tasks:
        assert all(set(c) == {"id", "kwargs"} for c in t.meta["constraints"])
        normalize_constraints(t.meta["constraints"])  # raises TaskError if not
        assert t.suite == "format" and t.answer is None


@pytest.mark.parametrize("mode", ["strict", "loose"])
def test_reference_response_meets_every_constraint(tasks, mode):
    verifier = FormatVerifier(mode=mode)
    bad = [(t.id, v.reason) for t in tasks if (v := verifier.verify(t, t.meta["solution"])).status != "pass"]
    assert bad == []


def test_generation_is_deterministic_and_seed_sensitive():
    a = SUITE.generate(8, seed=3, difficulty=3)
    assert a == SUITE.generate(8, seed=3, difficulty=3)
    assert [t.id for t in a] != [t.id for t in SUITE.generate(8, seed=4, difficulty=3)]


def test_heldout_combinations_never_appear_in_training():
    train = {combo(t) for d in (1, 2, 3) for t in SUITE.generate(40, seed=1, difficulty=d, families=["instructions"])}
    held = {combo(t) for d in (1, 2, 3) for t in SUITE.generate(12, seed=1, difficulty=d, split="heldout", families=["instructions"])}
    assert held and train.isdisjoint(held)


def test_heldout_schema_shapes_never_appear_in_training():
    def shape(t):
        return tuple(sorted(t.meta["constraints"][0]["kwargs"]["schema"]["properties"])), combo(t)
    train = {shape(t) for t in SUITE.generate(40, seed=2, difficulty=2, families=["json_schema"])}
    held = {shape(t) for t in SUITE.generate(10, seed=2, difficulty=2, split="heldout", families=["json_schema"])}
    assert train.isdisjoint(held)


def test_difficulty_is_the_number_of_instructions(tasks):
    for t in tasks:
        if t.meta["generator"] == "instructions":
            ids = [c["id"] for c in t.meta["constraints"]]
            room = [i for i in IFEVAL_IDS if all(i not in CONFLICTS[j] for j in ids)]
            assert len(ids) >= t.meta["difficulty"] - 1 or not room, ids  # fewer only when nothing else fits


def test_composed_instructions_never_conflict():
    for i in range(300):
        ids = choose_ids(stable_rng("conflicts", i), 5)
        assert len(ids) == len(set(ids))
        assert all(b not in CONFLICTS[a] for a in ids for b in ids if a != b), ids


def test_repeat_prompt_tasks_repeat_the_request_that_precedes_the_instruction():
    found = 0
    for t in SUITE.generate(150, seed=9, difficulty=2, families=["instructions"]):
        for c in t.meta["constraints"]:
            if c["id"] == "combination:repeat_prompt":
                found += 1
                assert t.prompt.startswith(c["kwargs"]["prompt_to_repeat"])
                assert t.meta["solution"].startswith(c["kwargs"]["prompt_to_repeat"])
    assert found


def test_content_sentences_carry_no_marks_the_checkers_count():
    sentences = [s for t in TOPICS for s in t.sentences] + [s for lang in FOREIGN.values() for s in lang["sentences"]]
    for s in sentences:
        assert not re.search(r"[,*\[\]<>\"]|P\.S|Section|SECTION|^-", s), s


def test_unknown_generator_and_bad_difficulty_are_usage_errors():
    with pytest.raises(UsageError, match="instructions"):
        SUITE.generate(1, families=["poems"])
    with pytest.raises(UsageError, match="1..5"):
        SUITE.generate(1, difficulty=9)


def test_ifeval_ids_are_the_25_ifeval_defines():
    assert len(IFEVAL_IDS) == 25 and "json_schema" not in IFEVAL_IDS
