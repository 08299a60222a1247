"""The hedging experiment's bookkeeping (the training itself runs in `rlvr rewards experiment`, not in tests)."""

from __future__ import annotations

import pytest

from rlvr.errors import UsageError
from rlvr.rewards.experiment import _compare, level_metrics, plot_experiment, run_experiment, tabulate


def row(kind, status, difficulty=1, score=None):
    return {"task": {"meta": {"difficulty": difficulty}}, "stance": {"kind": kind, "confidence": None},
            "verdict": {"status": status, "score": score if score is not None else float(status == "pass")}}


ROWS = [row("unhedged", "pass"), row("unhedged", "fail"), row("hedged", "pass"), row("hedged", "fail"), row("abstain", "fail"),
        row("unhedged", "error")]


def test_level_metrics_rates_are_over_all_samples_and_rewards_skip_errors():
    m = level_metrics(ROWS, ["schulman", "binary"])
    assert m["n"] == 6 and m["errors"] == 1
    assert m["accuracy"] == pytest.approx(2 / 6)
    assert m["confident_error_rate"] == pytest.approx(1 / 6)  # the error sample is not a confident error
    assert m["hedge_rate"] == pytest.approx(2 / 6) and m["abstain_rate"] == pytest.approx(1 / 6)
    assert m["mean_reward"]["schulman"] == pytest.approx((1 - 4 + 0.5 - 2 + 0) / 5)
    assert m["mean_reward"]["binary"] == pytest.approx(2 / 5)


def stage(ce_all, acc_easy):
    base = {"accuracy": 0.5, "confident_error_rate": ce_all, "hedge_rate": 0.1, "abstain_rate": 0.2, "n": 10,
            "mean_reward": {"schulman": -0.5, "binary": 0.5, "graded": 0.0}, "accuracy_ci": [0.4, 0.6]}
    return {"all": base, "easy": {**base, "accuracy": acc_easy}, "hard": base}


def test_comparison_against_binary_checks_both_halves_of_the_target():
    stages = {"sft": stage(0.3, 0.9), "binary": stage(0.3, 0.9), "schulman": stage(0.1, 0.86), "graded": stage(0.15, 0.7)}
    comp = _compare(stages, ["binary", "schulman", "graded"])
    assert comp["schulman"]["confident_error_ratio_vs_binary"] == pytest.approx(3.0) and comp["schulman"]["meets_target"]
    assert comp["graded"]["easy_accuracy_cost_points"] == pytest.approx(20.0) and not comp["graded"]["meets_target"]
    stages["schulman"] = stage(0.0, 0.9)
    assert _compare(stages, ["binary", "schulman"])["schulman"]["confident_error_ratio_vs_binary"] == "inf"


def test_table_and_plot_show_every_policy(tmp_path):
    summary = {"stages": {"sft": stage(0.3, 0.9), "binary": stage(0.3, 0.9), "schulman": stage(0.1, 0.88)},
               "easy_difficulty": 1, "hard_difficulty": 3}
    summary["comparison"] = _compare(summary["stages"], ["binary", "schulman"])
    md = tabulate(summary)
    assert md.count("\n| ") == 4 and "SFT warm-start" in md and "cut 3.0x" in md and "target (>= 3x, <= 5 points) met" in md
    assert plot_experiment(summary, tmp_path / "h.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("kwargs,match", [({"arms": ["schulman"]}, "keep 'binary'"), ({"easy": 3, "hard": 2}, "easy < hard")])
def test_bad_experiment_settings_fail_before_any_training(tmp_path, kwargs, match):
    with pytest.raises(UsageError, match=match):
        run_experiment(tmp_path, **kwargs)
    assert not any(tmp_path.iterdir())
