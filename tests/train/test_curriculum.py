"""The curriculum keeps pass rates in the band, retires zero-variance tasks, and the sampler keeps TRL's layout."""

from __future__ import annotations

from rlvr.train.curriculum import Curriculum, CurriculumSampler


def _c(**kw):
    return Curriculum({"s/a": [1, 2, 3], "s/b": [1, 2, 3]}, start={"s/a": 2, "s/b": 2}, band=(0.2, 0.8), window=2, **kw)


def test_easy_generator_moves_up_and_hard_one_moves_down_after_window():
    c = _c()
    solved, failed = [1.0, 1.0, 1.0, 0.5], [-4.0, -4.0, -4.0, 0.0]
    c.observe([("s/a", "a1", solved), ("s/b", "b1", failed)])
    assert c.level == {"s/a": 2, "s/b": 2}  # one batch is not a window yet
    c.observe([("s/a", "a2", solved), ("s/b", "b2", failed)])
    assert c.level == {"s/a": 3, "s/b": 1}
    assert [m["to"] for m in c.moves] == [3, 1]


def test_pass_rate_inside_band_keeps_level():
    c = _c()
    for i in range(4):
        c.observe([("s/a", f"a{i}", [1.0, -4.0, 1.0, -4.0])])  # pass rate 0.5
    assert c.level["s/a"] == 2 and not c.moves


def test_zero_variance_group_is_retired_and_counted():
    c = _c()
    m = c.observe([("s/a", "same", [-4.0] * 4), ("s/a", "mixed", [1.0, -4.0, -4.0, -4.0])])
    assert m["zero_variance_frac"] == 0.5 and "same" in c.retired and "mixed" not in c.retired


def test_starved_needs_a_full_window_below_threshold():
    c = _c()
    for _ in range(3):
        c.observe([("s/a", "x", [0.0] * 4)])
    assert c.starved(0.1, 3) and not c.starved(0.1, 4)


def test_state_round_trip_restores_levels_and_retired():
    c = _c()
    c.observe([("s/a", "t", [1.0] * 4)])
    c.observe([("s/a", "u", [1.0] * 4)])
    d = _c()
    d.load_state_dict(c.state_dict())
    assert d.level == c.level and d.retired == c.retired and d.batches == 2


def test_sampler_repeats_each_prompt_per_generation_and_iteration_from_current_level():
    c = _c()
    index = {"s/a": {1: [0, 1], 2: [2, 3], 3: [4, 5]}, "s/b": {1: [6], 2: [7, 8], 3: [9]}}
    ids = [f"t{i}" for i in range(10)]
    s = CurriculumSampler(c, index, ids, prompts_per_batch=2, num_generations=3, repeat_count=2, seed=0, blocks_per_epoch=1)
    rows = list(s)
    assert len(rows) == len(s) == 2 * 3 * 2
    assert rows[:6] == rows[6:]  # the block is repeated for num_iterations
    assert rows[0] == rows[1] == rows[2] and rows[3] == rows[4] == rows[5]
    assert rows[0] in (2, 3) and rows[3] in (7, 8)  # both groups at level 2
    c.level["s/a"] = 3
    c.retired.add("t4")
    assert list(s)[0] == 5  # moved level, retired task skipped


def test_a_level_stepped_back_from_waits_a_doubling_cool_down_before_the_next_try():
    c = Curriculum({"s/a": [1, 2]}, start={"s/a": 1}, band=(0.2, 0.8), window=2)
    solved, failed = [1.0] * 4, [-4.0] * 4

    def batches(rewards, n):
        for _ in range(n):
            c.observe([("s/a", "t", rewards)])

    batches(solved, 2)
    assert c.level["s/a"] == 2  # promoted after one window
    batches(failed, 2)
    assert c.level["s/a"] == 1  # too hard: back down, level 2 now cools down for window * 2 = 4 batches
    batches(solved, 3)
    assert c.level["s/a"] == 1  # still above the band, but the cool-down holds
    batches(solved, 1)
    assert c.level["s/a"] == 2  # cool-down over
    batches(failed, 2)
    assert c.level["s/a"] == 1
    batches(solved, 7)
    assert c.level["s/a"] == 1  # the second failure doubled it: 8 batches
    batches(solved, 1)
    assert c.level["s/a"] == 2
    d = Curriculum({"s/a": [1, 2]}, start={"s/a": 1}, band=(0.2, 0.8), window=2)
    d.load_state_dict(c.state_dict())
    assert d.failed_tries == c.failed_tries and d.blocked_until == c.blocked_until  # survives a resume
