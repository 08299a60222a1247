"""Reward-hacking probes stop a hackable reward before training and let an honest one through."""

from __future__ import annotations

import json

import pytest

from rlvr.errors import WorkError
from rlvr.rewards import RewardConfig, make_rewards
from rlvr.train.probes import run_probes

from . import toysuite  # noqa: F401  registers the toyadd suite and verifier


def _tasks():
    from rlvr.registry import get_suite

    return get_suite("toyadd").generate(4, difficulty=2)


def substring_reward(prompts, completions, task, **kwargs):
    """Hackable: pays when the gold answer appears anywhere in the completion."""
    golds = [str(json.loads(t)["answer"]) for t in task]
    return [1.0 if g in c else 0.0 for g, c in zip(golds, completions)]


def abstain_bonus(prompts, completions, task, **kwargs):
    """Hackable: pays any completion that says "I don't know" anywhere."""
    return [0.5 if "I don't know" in c else 0.0 for c in completions]


def test_honest_hedging_reward_passes_every_probe():
    funcs, weights = make_rewards(RewardConfig(), ["toyadd"])
    tasks = _tasks()
    best = run_probes(funcs, weights, tasks, [t.prompt for t in tasks])
    assert set(best) == {"empty", "constant", "junk", "every_option", "hedge_spam"}
    assert all(v <= 0 for v in best.values())


def test_substring_reward_is_refused_naming_the_probe():
    tasks = _tasks()
    with pytest.raises(WorkError, match="every_option"):
        run_probes([substring_reward], [1.0], tasks, [t.prompt for t in tasks])


def test_reward_paying_abstain_phrases_is_caught_by_hedge_spam():
    tasks = _tasks()
    with pytest.raises(WorkError, match="hedge_spam"):
        run_probes([abstain_bonus], [1.0], tasks, [t.prompt for t in tasks])
