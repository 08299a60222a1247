"""Reward tables: exact values, exact bands, custom files, and the proper scores."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from rlvr.errors import ConfigError, UnknownNameError
from rlvr.rewards import PRESETS, ProperScore, RewardTable, bands, get_scorer, get_table


def test_schulman_preset_has_the_proposed_values():
    t = get_table("schulman")
    assert [t.value("unhedged", True), t.value("hedged", True), t.value("abstain", True), t.value("hedged", False),
            t.value("unhedged", False)] == [1, F(1, 2), 0, -2, -4]
    assert t.reward("unhedged", correct=False) == -4.0


def test_schulman_hedged_ties_at_four_fifths_and_is_never_strictly_best():
    b = bands(get_table("schulman"))
    assert b.strict == {"unhedged": (F(4, 5), 1), "hedged": None, "abstain": (0, F(4, 5))}
    assert b.weak["hedged"] == (F(4, 5), F(4, 5))
    assert b.never_best == ("hedged",)
    t = get_table("schulman")
    assert t.expected("hedged", F(4, 5)) == t.expected("unhedged", F(4, 5)) == t.expected("abstain", F(4, 5)) == 0


def test_graded_gives_every_stance_a_band_of_its_own():
    b = bands(get_table("graded"))
    assert b.strict == {"unhedged": (F(6, 7), 1), "hedged": (F(2, 3), F(6, 7)), "abstain": (0, F(2, 3))}
    assert b.never_best == ()
    t = get_table("graded")
    # inside each band its stance beats both others, checked at the exact midpoints
    for stance, (lo, hi) in b.strict.items():
        mid = (lo + hi) / 2
        assert all(t.expected(stance, mid) > t.expected(o, mid) for o in b.strict if o != stance)


def test_binary_does_not_tell_hedged_from_unhedged():
    b = bands(get_table("binary"))
    assert b.strict == {"unhedged": None, "hedged": None, "abstain": None}
    assert b.weak["unhedged"] == b.weak["hedged"] == (0, 1)
    assert b.weak["abstain"] == (0, 0)


def test_bands_match_a_brute_force_grid_for_every_preset():
    grid = [F(i, 420) for i in range(421)]
    for table in PRESETS.values():
        b = bands(table)
        for p in grid:
            values = {s: table.expected(s, p) for s in ("unhedged", "hedged", "abstain")}
            best = max(values.values())
            for s, band in b.weak.items():
                in_band = band is not None and band[0] <= p <= band[1]
                assert in_band == (values[s] == best), (table.name, s, p)


def test_bands_json_uses_exact_fraction_strings():
    data = bands(get_table("graded")).to_json()
    assert data["table"] == "graded"
    assert data["bands"]["hedged"] == ["2/3", "6/7"]
    assert data["never_best"] == []
    json.dumps(data)


def test_custom_table_from_yaml_keeps_decimals_exact(tmp_path):
    path = tmp_path / "cautious.yaml"
    path.write_text("unhedged: {correct: 1, wrong: -3}\nhedged: {correct: 0.6, wrong: '-1/3'}\nabstain: 0.1\n")
    t = get_table(str(path))
    assert t.name == "cautious"
    assert t.value("hedged", True) == F(3, 5) and t.value("hedged", False) == F(-1, 3) and t.abstain == F(1, 10)


def test_custom_table_from_json(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"name": "mine", "unhedged": {"correct": 2, "wrong": -2}, "hedged": {"correct": 1, "wrong": -1},
                                "abstain": 0}))
    t = get_table(path)
    assert t.name == "mine" and bands(t).strict["unhedged"] == (F(1, 2), 1)


@pytest.mark.parametrize("text,match", [
    ("unhedged: {correct: 1, wrong: -4}\nhedged: {correct: 0.5, wrong: -2}\n", "missing"),
    ("unhedged: {correct: 1, wrong: -4}\nhedged: {correct: 0.5, wrong: -2}\nabstain: 0\nbonus: 3\n", "unknown"),
    ("unhedged: {correct: 1}\nhedged: {correct: 0.5, wrong: -2}\nabstain: 0\n", "exactly 'correct' and 'wrong'"),
    ("unhedged: {correct: one, wrong: -4}\nhedged: {correct: 0.5, wrong: -2}\nabstain: 0\n", "not a number"),
    ("unhedged: {correct: -5, wrong: -4}\nhedged: {correct: 0.5, wrong: -2}\nabstain: 0\n", "must not pay more for wrong"),
    ("- 1\n- 2\n", "must be a mapping"),
    ("unhedged: [1\n", "not valid YAML"),
])
def test_malformed_table_file_is_one_clear_config_error(tmp_path, text, match):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=match):
        get_table(path)


def test_unknown_table_name_lists_the_presets():
    with pytest.raises(UnknownNameError, match="schulman"):
        get_table("shulman")
    with pytest.raises(ConfigError, match="does not exist"):
        get_table("missing.yaml")


def test_partial_verifier_score_interpolates_between_wrong_and_right():
    t = get_table("schulman")
    assert t.stance_reward("unhedged", None, 0.5) == -1.5
    assert t.stance_reward("abstain", None, 0.0) == 0.0


@pytest.mark.parametrize("rule", ["log", "brier"])
def test_proper_scores_are_maximised_by_stating_the_true_probability(rule):
    s = ProperScore(rule)
    qs = [i / 100 for i in range(4, 97)]
    for p in (0.1, 0.3, 0.5, 0.77, 0.9):
        best_q = max(qs, key=lambda q: s.expected(q, p))
        assert abs(best_q - p) < 0.011, (rule, p, best_q)


@pytest.mark.parametrize("rule", ["log", "brier"])
def test_proper_scores_share_the_table_scale(rule):
    s = ProperScore(rule)
    assert s.score(0.5, True) == s.score(0.5, False) == 0.0 == s.stance_reward("abstain", None, 1.0)
    assert s.stance_reward("unhedged", None, 1.0) > s.stance_reward("hedged", None, 1.0) > 0
    assert s.stance_reward("unhedged", None, 0.0) < s.stance_reward("hedged", None, 0.0) < 0


def test_log_score_is_clipped_to_the_schulman_floor():
    s = ProperScore("log")
    assert s.stance_reward("unhedged", 1.0, 0.0) == pytest.approx(-4.0)
    assert s.stance_reward("unhedged", 0.0, 1.0) == pytest.approx(-4.0)


@pytest.mark.parametrize("kwargs", [{"rule": "spherical"}, {"rule": "log", "clip": 0.0}, {"rule": "log", "clip": 0.6},
                                    {"rule": "brier", "hedged_confidence": 1.0}])
def test_bad_proper_score_settings_are_refused(kwargs):
    with pytest.raises(ConfigError):
        ProperScore(**kwargs)


def test_get_scorer_knows_tables_and_proper_rules():
    assert isinstance(get_scorer("schulman"), RewardTable)
    assert isinstance(get_scorer("log"), ProperScore)
    with pytest.raises(UnknownNameError, match="brier"):
        get_scorer("bier")
