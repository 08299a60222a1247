"""The contract of DESIGN.md, checked on EVERY built-in suite the day it registers (like reasoning-gym's common test).

For each suite: generation is deterministic and seed-sensitive; train and held-out never share a problem;
the worked solution (the gold) passes its verifier; empty and garbage completions fail with a reason;
a malformed task raises TaskError; a pathological completion stays within its time bound; every
verdict names its verifier and version.
"""

import pickle
import time

import pytest

from rlvr import registry
from rlvr.errors import TaskError
from rlvr.types import Task

SUITES = sorted(registry.BUILTIN_SUITES)
PATHOLOGICAL = [
    "Final answer: " + "(" * 5000 + "1" + ")" * 5000,  # deep nesting
    "Final answer: 10^{10^{10^{10}}}",  # a number too big to build
    "Final answer: " + " or ".join(str(i) for i in range(2000)),  # listing every candidate
    "```python\nwhile True:\n    pass\n```\nFinal answer: 1",  # a program that never ends
    "\\boxed{" * 3000 + "}" * 3000,  # unbalanced-looking deep boxes
]
TIME_BOUND_S = 30.0  # generous: a verifier's own limit is far lower, CI machines are shared


@pytest.fixture(scope="module", params=SUITES)
def suite(request):
    return registry.get_suite(request.param)


@pytest.fixture(scope="module")
def sample(suite):
    return suite.generate(6, seed=11, difficulty=1)


def test_generation_is_deterministic_and_seed_sensitive(suite, sample):
    assert suite.generate(6, seed=11, difficulty=1) == sample
    other = suite.generate(6, seed=12, difficulty=1)
    assert [t.id for t in other] != [t.id for t in sample]
    for t in sample:
        assert t.suite == suite.name and t.meta["split"] == "train" and t.meta["generator"] in suite.families
        assert isinstance(t.meta["solution"], str) and t.meta["solution"].strip()


def test_train_and_heldout_never_share_a_problem(suite):
    train = suite.generate(60, seed=1, difficulty=1)
    heldout = suite.generate(20, seed=1, difficulty=1, split="heldout")
    assert {t.meta["problem_hash"] for t in train}.isdisjoint({t.meta["problem_hash"] for t in heldout})
    assert all(t.meta["split"] == "heldout" for t in heldout)


def test_every_generator_at_every_difficulty_makes_a_task_its_gold_passes(suite):
    tasks = [t for fam in suite.families for d in (1, suite.max_difficulty)
             for t in suite.generate(1, seed=5, difficulty=d, families=[fam])]
    verifier = registry.verifier_for(tasks[0])
    verdicts = verifier.verify_batch(tasks, [t.meta["solution"] for t in tasks])
    bad = [(t.id, v.reason) for t, v in zip(tasks, verdicts) if v.status != "pass"]
    assert bad == [], f"gold solutions that do not pass their own verifier: {bad[:5]}"
    assert all(v.verifier == verifier.name and v.version for v in verdicts)


@pytest.mark.parametrize("completion", ["", "   ", "lorem ipsum dolor ☃ \x00", "Final answer:"])
def test_empty_and_garbage_completions_fail_with_a_reason(suite, sample, completion):
    v = registry.verifier_for(sample[0]).verify(sample[0], completion)
    assert v.status == "fail" and v.score == 0.0 and v.reason.strip()


def test_malformed_task_raises_task_error(suite, sample):
    broken = Task(id="broken", suite=suite.name, prompt="?", answer=None, meta={})
    with pytest.raises(TaskError):
        registry.verifier_for(sample[0]).verify(broken, sample[0].meta["solution"])


@pytest.mark.parametrize("completion", PATHOLOGICAL, ids=["nesting", "tower", "candidates", "loop", "boxes"])
def test_pathological_completion_is_not_a_pass_and_stays_in_time(suite, sample, completion):
    verifier = registry.verifier_for(sample[0])
    start = time.monotonic()
    v = verifier.verify(sample[0], completion)
    assert time.monotonic() - start < TIME_BOUND_S
    assert v.status in ("fail", "error") and v.reason.strip()


def test_verifier_and_suite_survive_pickling_for_worker_processes(suite, sample):
    verifier = registry.verifier_for(sample[0])
    clone = pickle.loads(pickle.dumps(verifier))
    assert clone.verify(sample[0], sample[0].meta["solution"]).status == "pass"
    assert pickle.loads(pickle.dumps(suite)).generate(2, seed=11) == sample[:2]
