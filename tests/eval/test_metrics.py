"""pass@k against exact enumeration, maj@k ties, best-of-k picks, bootstrap intervals."""

import itertools
import math

import pytest

from rlvr.eval.metrics import (
    best_index,
    bootstrap_ci,
    majority_vote,
    mean_pass_at_k,
    normalise_answer,
    paired_bootstrap_diff,
    pass_at_k,
)


def _enumerated_pass_at_k(n: int, c: int, k: int) -> float:
    """Share of all k-subsets of n samples (c of them passing) that hold at least one pass."""
    samples = [True] * c + [False] * (n - c)
    subsets = list(itertools.combinations(range(n), k))
    return sum(any(samples[i] for i in s) for s in subsets) / len(subsets)


@pytest.mark.parametrize("n", range(1, 9))
def test_pass_at_k_equals_exact_enumeration_on_every_small_case(n):
    for c in range(n + 1):
        for k in range(1, n + 1):
            assert pass_at_k(n, c, k) == pytest.approx(_enumerated_pass_at_k(n, c, k), abs=1e-12), (n, c, k)


def test_pass_at_1_is_the_pass_fraction():
    assert pass_at_k(20, 7, 1) == pytest.approx(7 / 20)


def test_pass_at_k_stays_exact_for_large_n():
    # the naive float form 1 - comb/comb loses everything here; exact integers do not
    assert pass_at_k(2000, 1, 1) == pytest.approx(1 / 2000, rel=1e-12)
    assert 0.0 < pass_at_k(500, 1, 3) < 1.0


@pytest.mark.parametrize("n,c,k", [(3, 1, 4), (0, 0, 1), (3, 4, 1), (3, -1, 1), (3, 1, 0)])
def test_pass_at_k_refuses_undefined_inputs(n, c, k):
    with pytest.raises(ValueError):
        pass_at_k(n, c, k)


def test_mean_pass_at_k_averages_tasks():
    assert mean_pass_at_k([(4, 0), (4, 4)], 2) == pytest.approx(0.5)


def test_majority_tie_goes_to_the_answer_sampled_first():
    assert majority_vote(["8", "7", "7", "8"]) == ("8", 0)
    assert majority_vote(["7", "8", "8", "7"]) == ("7", 0)
    # three-way tie: first sample's answer, even when it sorts last
    assert majority_vote(["z", "a", "m"]) == ("z", 0)


def test_majority_strict_winner_beats_earlier_answer():
    assert majority_vote(["1", "2", "2"]) == ("2", 1)


def test_abstentions_and_missing_answers_cast_no_vote():
    assert majority_vote([None, None, "5"]) == ("5", 2)
    assert majority_vote([None, None]) == (None, None)
    assert majority_vote([]) == (None, None)


@pytest.mark.parametrize("a,b", [("1/2", "0.50"), (" 1,000. ", "1000"), ("$x+1$", "X+1"), (3, "3.0"), ("Paris", "paris")])
def test_equivalent_answers_normalise_to_one_vote(a, b):
    assert normalise_answer(a) == normalise_answer(b)


@pytest.mark.parametrize("a,b", [("1/3", "0.33"), ("12", "21"), ("[1, 2]", "[2, 1]")])
def test_different_answers_stay_different(a, b):
    assert normalise_answer(a) != normalise_answer(b)


def test_empty_answers_normalise_to_none():
    assert normalise_answer("  . ") is None and normalise_answer(None) is None


def test_best_index_skips_missing_scores_and_keeps_first_on_ties():
    assert best_index([None, -1.5, -0.2, -0.2]) == 2
    assert best_index([None, float("nan")]) is None


def test_bootstrap_interval_brackets_the_mean_and_narrows_with_more_tasks():
    small = [1.0, 0.0] * 10
    large = [1.0, 0.0] * 500
    lo_s, hi_s = bootstrap_ci(small, seed=1)
    lo_l, hi_l = bootstrap_ci(large, seed=1)
    assert lo_s < 0.5 < hi_s and lo_l < 0.5 < hi_l
    assert (hi_l - lo_l) < (hi_s - lo_s) / 3
    # normal approximation for 1000 coin flips: +-1.96*sqrt(.25/1000) = +-0.031
    assert hi_l - lo_l == pytest.approx(2 * 1.96 * math.sqrt(0.25 / 1000), rel=0.15)


def test_bootstrap_is_reproducible_by_seed_and_empty_gives_nan():
    assert bootstrap_ci([0.0, 1.0, 1.0], seed=3) == bootstrap_ci([0.0, 1.0, 1.0], seed=3)
    assert all(math.isnan(x) for x in bootstrap_ci([]))


def test_paired_difference_detects_a_consistent_gain():
    a = [0.0] * 30 + [1.0] * 30
    b = [1.0] * 15 + [0.0] * 15 + [1.0] * 30  # 15 more tasks right, none lost
    diff, lo, hi = paired_bootstrap_diff(a, b)
    assert diff == pytest.approx(0.25) and 0 < lo <= diff <= hi
    with pytest.raises(ValueError):
        paired_bootstrap_diff([1.0], [1.0, 0.0])
