"""judge + summarise on hand-written completions: every headline metric checked against a hand count."""

import json

import pytest

from rlvr import registry
from rlvr.eval.results import ks_for, summarise
from rlvr.eval.run import judge
from tests.conftest import FIXTURES


def approx(x):
    return pytest.approx(x, abs=1e-6)  # results.json rounds to 6 places


@pytest.fixture(scope="module")
def echo_tasks():
    registry.load_plugin_file(FIXTURES / "local_plugin.py")
    suite = registry.get_suite("echo")
    return suite.generate(2, split="heldout", difficulty=1) + suite.generate(2, split="heldout", difficulty=2)


def _rows(tasks, completions, logliks=None):
    rows = []
    for i, (t, comps) in enumerate(zip(tasks, completions)):
        for j, c in enumerate(comps):
            ll = logliks[i][j] if logliks else -1.0
            rows.append({"task": t.to_json(), "sample": j, "prompt": t.prompt, "completion": c, "n_tokens": len(c),
                         "truncated": False, "loglik_sum": ll * len(c), "loglik_mean": ll})
    return judge(rows)


def test_metrics_match_a_hand_count(echo_tasks):
    a, b, c, d = (t.answer for t in echo_tasks)
    completions = [
        [f"Final answer: {a}", "Final answer: zzzz", "Final answer: zzzz"],            # 1/3 right; vote picks the wrong zzzz
        [f"Final answer (likely): {b}", "Final answer: I don't know", "Final answer: qq"],  # 1/3, hedged right
        ["Final answer: I don't know"] * 3,                                               # all abstain
        [f"Final answer: {d}", f"Final answer: {d}", "Final answer: nope"],             # 2/3, vote right
    ]
    # the model likes the wrong answers best in task 0 and the right one in task 3
    logliks = [[-2.0, -1.0, -1.5], [-0.5, -0.1, -3.0], [-1.0] * 3, [-0.2, -0.3, -0.1]]
    rows = _rows(echo_tasks, completions, logliks)
    r = summarise(rows, {"k": 3}, tables=["schulman", "binary"], n_boot=300)
    assert r["accuracy"] == approx((1 / 3 + 1 / 3 + 0 + 2 / 3) / 4)
    assert r["pass_at_k"]["3"]["value"] == approx(3 / 4)
    assert r["maj_at_k"]["value"] == approx(2 / 4)  # task 1: three single votes, the first (hedged, right) wins the tie
    assert r["best_of_k"]["verifier"]["value"] == approx(3 / 4)
    # likelihood picks: task0 zzzz (wrong), task1 "qq"? no: abstain excluded -> b (-0.5) right, task2 none, task3 "nope" (wrong)
    assert r["best_of_k"]["likelihood"]["value"] == approx(1 / 4)
    unhedged_wrong = [2, 1, 0, 1]
    assert r["confident_error_rate"] == approx(sum(x / 3 for x in unhedged_wrong) / 4)
    assert r["stance"]["rates"] == approx({"unhedged": 7 / 12, "hedged": 1 / 12, "abstain": 4 / 12})
    assert r["stance"]["accuracy_when_hedged"] == 1.0
    # schulman: 3 unhedged right (+1 each), 4 unhedged wrong (-4), 1 hedged right (+0.5), 4 abstain (0)
    assert r["expected_reward"]["schulman"] == approx((3 - 16 + 0.5) / 12)
    assert r["expected_reward"]["binary"] == approx(4 / 12)
    lo, hi = r["accuracy_ci"]
    assert lo <= r["accuracy"] <= hi
    assert set(r["by_difficulty"]) == {"1", "2"} and r["by_difficulty"]["2"]["accuracy"]["value"] == approx(1 / 3)
    assert r["by_suite"]["echo"]["n_tasks"] == 4
    json.dumps(r, allow_nan=False)  # the document is valid JSON as written


def test_error_verdicts_are_left_out_not_counted_wrong(echo_tasks):
    t = echo_tasks[0]
    rows = _rows([t], [[f"Final answer: {t.answer}", "Final answer: x"]])
    rows[1]["verdict"] = {**rows[1]["verdict"], "status": "error", "score": 0.0, "reason": "sandbox down"}
    r = summarise(rows, {"k": 2}, n_boot=100)
    assert r["accuracy"] == 1.0  # one verified sample, and it passed
    assert r["verifier"]["error_rate"] == 0.5 and r["verifier"]["errors"] == 1
    rows[0]["verdict"] = {**rows[1]["verdict"]}
    r = summarise(rows, {"k": 2}, n_boot=100)
    assert r["n_tasks"] == 0 and r["n_tasks_unverified"] == 1 and r["accuracy"] is None


def test_stated_confidence_feeds_ece_and_brier(echo_tasks):
    t = echo_tasks[0]
    rows = _rows([t], [[f"Final answer: {t.answer}\nConfidence: 80%", "Final answer: x\nConfidence: 80%"]])
    r = summarise(rows, {"k": 2}, n_boot=100)
    assert r["calibration"]["n_stated"] == 2
    assert r["calibration"]["ece"] == approx(0.3)
    assert r["calibration"]["brier"] == approx((0.2**2 + 0.8**2) / 2)


def test_pass_at_k_ladder_is_powers_of_two_then_k():
    assert ks_for(1) == [1] and ks_for(8) == [1, 2, 4, 8] and ks_for(6) == [1, 2, 4, 6]


def test_verifier_options_reach_the_verifier_and_bad_ones_are_usage_errors(echo_tasks):
    from rlvr.errors import UsageError

    t = echo_tasks[0]
    with pytest.raises(UsageError, match="verifier .echo. has no option .strictness."):
        _rows_with([t], [["Final answer: x"]], {"echo": {"strictness": 3}})
    with pytest.raises(UsageError, match="no eval task uses"):
        _rows_with([t], [["Final answer: x"]], {"code": {"score": "fraction"}})


def _rows_with(tasks, completions, options):
    rows = [{"task": t.to_json(), "sample": 0, "prompt": t.prompt, "completion": c, "n_tokens": 1, "truncated": False,
             "loglik_sum": -1.0, "loglik_mean": -1.0} for t, cs in zip(tasks, completions) for c in cs]
    return judge(rows, verifier_options=options)
