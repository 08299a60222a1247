"""The composed rewards on top of every built-in suite's real verifier (code runs in the real sandbox)."""

from __future__ import annotations

import json

import pytest

from rlvr import registry
from rlvr.prompting import uses_protocol
from rlvr.protocol import FINAL, FINAL_HEDGED
from rlvr.rewards import RewardConfig, make_rewards

SUITES = ["code", "format", "logic", "math"]


@pytest.mark.parametrize("suite", SUITES)
def test_gold_solutions_earn_the_top_reward_and_each_stance_its_price(suite):
    assert suite in registry.suite_names()
    (correctness, fmt), _ = make_rewards(RewardConfig(), suites=[suite])
    tasks = registry.get_suite(suite).generate(2, seed=1)
    column = [json.dumps(t.to_json()) for t in tasks]
    gold = [t.meta["solution"] for t in tasks]
    assert correctness(completions=gold, task=column) == [1.0, 1.0]
    if not uses_protocol(suite):  # formatting: the whole reply is the answer; no stance, no protocol line
        assert fmt(completions=gold, task=column) == [None, None]
        return
    assert fmt(completions=gold, task=column) == [0.0, 0.0]
    hedged = [FINAL_HEDGED.join(s.rsplit(FINAL, 1)) for s in gold]
    assert correctness(completions=hedged, task=column) == [0.5, 0.5]
    assert correctness(completions=[f"{FINAL} I don't know"] * 2, task=column) == [0.0, 0.0]
    # the gold answer listed beside a wrong one is a confident wrong answer, whatever the verifier would say
    spam = [f"{s}\n{FINAL} 0\n{FINAL} 1" for s in gold]
    assert correctness(completions=spam, task=column) == [-4.0, -4.0]
