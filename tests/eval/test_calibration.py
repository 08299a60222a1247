"""Stance rates, confident errors, expected reward, ECE/Brier and risk-coverage on hand-computed cases."""

from fractions import Fraction

import pytest

from rlvr.eval.calibration import (
    Scored,
    accuracy_when,
    brier,
    confident_error_rate,
    ece,
    expected_reward,
    reliability_bins,
    risk_coverage,
    stance_rates,
)


class _Table:  # a reward table stand-in with Schulman's values
    values = {("unhedged", True): Fraction(1), ("unhedged", False): Fraction(-4), ("hedged", True): Fraction(1, 2),
              ("hedged", False): Fraction(-2), ("abstain", True): Fraction(0), ("abstain", False): Fraction(0)}

    def reward(self, kind, correct):
        return float(self.values[(kind, correct)])


ROWS = [
    Scored("unhedged", True, 0.9), Scored("unhedged", False, 0.9),  # a bluff at 90%
    Scored("hedged", True, 0.6), Scored("hedged", False, 0.6),
    Scored("abstain", False), Scored("unhedged", True),
]


def test_rates_and_confident_errors_count_every_sample():
    assert stance_rates(ROWS) == pytest.approx({"unhedged": 0.5, "hedged": 2 / 6, "abstain": 1 / 6})
    assert confident_error_rate(ROWS) == pytest.approx(1 / 6)
    assert accuracy_when("unhedged", ROWS) == pytest.approx(2 / 3)
    assert accuracy_when("hedged", ROWS) == pytest.approx(0.5)


def test_expected_reward_uses_the_table_per_stance():
    # 1 - 4 + 0.5 - 2 + 0 + 1 = -3.5 over 6
    assert expected_reward(ROWS, _Table()) == pytest.approx(-3.5 / 6)


def test_ece_and_brier_use_only_stated_confidences():
    # bins: 0.9 -> acc 0.5 (gap 0.4), 0.6 -> acc 0.5 (gap 0.1); each half of the 4 stated samples
    assert ece(ROWS) == pytest.approx(0.5 * 0.4 + 0.5 * 0.1)
    assert brier(ROWS) == pytest.approx((0.1**2 + 0.9**2 + 0.4**2 + 0.6**2) / 4)
    assert [b["count"] for b in reliability_bins(ROWS)] == [2, 2]


def test_no_stated_confidence_gives_none_not_zero():
    rows = [Scored("unhedged", True), Scored("hedged", False)]
    assert ece(rows) is None and brier(rows) is None


def test_perfectly_calibrated_confidence_has_zero_ece():
    rows = [Scored("unhedged", i < 7, 0.7) for i in range(10)]
    assert ece(rows) == pytest.approx(0.0)


def test_risk_coverage_drops_least_sure_answers_first():
    rows = [Scored("unhedged", True, loglik=-0.1), Scored("unhedged", False, loglik=-2.0),
            Scored("hedged", False, loglik=-0.01), Scored("abstain", False)]
    rc = risk_coverage(rows)
    # order: unhedged sure (right), unhedged unsure (wrong), hedged (wrong); abstain never covered
    assert rc["coverage"] == [0.25, 0.5, 0.75]
    assert rc["risk"] == pytest.approx([0.0, 0.5, 2 / 3])
    assert rc["aurc"] == pytest.approx((0 + 0.5 + 2 / 3) / 4, abs=1e-6)


def test_risk_coverage_of_all_abstentions_is_empty():
    assert risk_coverage([Scored("abstain", False)]) == {"coverage": [], "risk": [], "aurc": None}
