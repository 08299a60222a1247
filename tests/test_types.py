"""Value types: lossless JSON round-trips, and refusal of values JSON cannot carry."""

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rlvr.errors import DataError
from rlvr.types import ExecResult, Limits, Task, Verdict

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(
    id=st.text(min_size=1, max_size=20),
    suite=st.text(min_size=1, max_size=10),
    prompt=st.text(max_size=200),
    answer=json_values,
    meta=st.dictionaries(st.text(max_size=10), json_values, max_size=5),
)
def test_task_round_trips_through_json_text_losslessly(id, suite, prompt, answer, meta):
    task = Task(id=id, suite=suite, prompt=prompt, answer=answer, meta=meta)
    text = json.dumps(task.to_json(), allow_nan=False)
    assert Task.from_json(json.loads(text)) == task


@pytest.mark.parametrize(
    "answer",
    [
        math.nan,  # JSON has no NaN
        math.inf,  # nor infinity
        (1, 2),  # a tuple would come back as a list
        {1: "a"},  # non-string key would come back as "1"
        {1, 2},  # sets are not JSON
    ],
)
def test_task_refuses_values_that_cannot_round_trip(answer):
    with pytest.raises(DataError):
        Task(id="t", suite="s", prompt="p", answer=answer)


def test_task_from_json_names_unknown_and_missing_fields():
    with pytest.raises(DataError, match="unknown field"):
        Task.from_json({"id": "t", "suite": "s", "prompt": "p", "anwser": 1})
    with pytest.raises(DataError, match="missing field"):
        Task.from_json({"id": "t", "prompt": "p"})
    with pytest.raises(DataError, match="non-empty string"):
        Task.from_json({"id": "", "suite": "s", "prompt": "p"})


@given(score=st.floats(min_value=0, max_value=1), status=st.sampled_from(["pass", "fail"]), extracted=json_values)
def test_verdict_round_trips(score, status, extracted):
    v = Verdict(status, score, "why", "math", "1", extracted, {"k": [1, 2]}, 0.25)
    assert Verdict.from_json(json.loads(json.dumps(v.to_json()))) == v


def test_verdict_rejects_scores_outside_unit_interval_and_scored_errors():
    with pytest.raises(ValueError):
        Verdict("pass", 1.5, "r", "v", "1")
    with pytest.raises(ValueError):
        Verdict("error", 0.5, "r", "v", "1")  # an error is never a score
    with pytest.raises(ValueError):
        Verdict("maybe", 0.0, "r", "v", "1")


def test_verdict_reason_is_one_line():
    assert Verdict("fail", 0.0, "two\nlines", "v", "1").reason == "two lines"


def test_limits_defaults_are_safe_and_round_trip():
    lim = Limits()
    assert lim.allow_network is False
    assert lim.wall_time_s <= 10 and lim.stdout_max_bytes <= 1 << 20
    assert Limits.from_json(json.loads(json.dumps(lim.to_json()))) == lim
    with pytest.raises(ValueError):
        Limits(memory_mib=0)
    with pytest.raises(ValueError):
        Limits(allow_network="yes")


def test_exec_result_round_trips_and_knows_ok():
    r = ExecResult("ok", 0, "out", "", 0.01, 0.005)
    assert r.ok and ExecResult.from_json(r.to_json()) == r
    assert not ExecResult("timeout", None, "", "", 5.0, 5.0).ok
    with pytest.raises(ValueError):
        ExecResult("exploded", 1, "", "", 0, 0)
