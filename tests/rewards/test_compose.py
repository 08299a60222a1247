"""The composed TRL rewards: correctness-with-stance over real registry verifiers, format, overlong, config and weights."""

from __future__ import annotations

import json
import pickle

import pytest

from rlvr import registry
from rlvr.config import load_config
from rlvr.errors import ConfigError, DataError, UnknownNameError, UsageError
from rlvr.rewards import (
    RewardConfig,
    format_problems,
    get_table,
    make_correctness_reward,
    make_format_reward,
    make_overlong_reward,
    make_rewards,
)
from rlvr.tasks.base import Problem, Suite
from rlvr.types import Task
from rlvr.verifiers.base import NOTHING, Verifier

CALLS: list[int] = []  # batch sizes seen by ExactVerifier.verify_batch


class ArithSuite(Suite):
    name = "rw_arith"
    verifier = "rw_exact"
    families = ("add",)

    def make(self, family, rng, difficulty):
        a, b = rng.randint(1, 9), rng.randint(1, 9)
        return Problem(f"{a}+{b}", f"{a}+{b}?", a + b, f"Final answer: {a + b}")


class PlainSuite(Suite):
    name = "rw_plain"
    verifier = "rw_whole"
    families = ("echo",)
    answer_protocol = False

    def make(self, family, rng, difficulty):  # pragma: no cover - tasks are built by hand
        raise NotImplementedError


class ExactVerifier(Verifier):
    name = "rw_exact"

    def extract(self, task, completion):
        return completion.rsplit("Final answer:", 1)[1].strip() if "Final answer:" in completion else NOTHING

    def check(self, task, extracted):
        ok = extracted == str(task.answer)
        return self.passed(extracted=extracted) if ok else self.failed("wrong", extracted=extracted)

    def verify_batch(self, tasks, completions):
        CALLS.append(len(tasks))
        return super().verify_batch(tasks, completions)


class WholeVerifier(Verifier):
    name = "rw_whole"

    def extract(self, task, completion):
        return completion.strip()

    def check(self, task, extracted):
        return self.passed(extracted=extracted) if extracted == task.answer else self.failed("different", extracted=extracted)


class BrokenVerifier(Verifier):
    """Stands in for a sandbox outage: every verdict is an error (our fault, not the model's)."""

    name = "rw_broken"

    def extract(self, task, completion):
        return completion

    def check(self, task, extracted):
        return self.errored("sandbox unavailable")


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setattr(registry, "_entries", {})
    for cls in (ArithSuite, PlainSuite):
        registry.register_suite(cls)
    for cls in (ExactVerifier, WholeVerifier, BrokenVerifier):
        registry.register_verifier(cls)
    CALLS.clear()


def task(answer=7, suite="rw_arith", **meta) -> str:
    return json.dumps(Task(id=f"{suite}/{answer}/{sorted(meta)}", suite=suite, prompt="3+4?", answer=answer, meta=meta).to_json())


def call(reward, completions, tasks, **kw):
    """Call a reward exactly as TRL 1.16's GRPOTrainer._calculate_rewards does."""
    return reward(prompts=["p"] * len(completions), completions=completions, completion_ids=[[1, 2]] * len(completions),
                  task=tasks, trainer_state=None, log_extra=kw.pop("log_extra", lambda c, v: None),
                  log_metric=kw.pop("log_metric", lambda n, v: None), **kw)


SCHULMAN_ROWS = [
    ("Final answer: 7", 1.0),  # right, unhedged
    ("Final answer (likely): 7", 0.5),  # right, hedged
    ("Final answer: I don't know", 0.0),  # abstain
    ("Final answer (likely): 8", -2.0),  # wrong, hedged
    ("Final answer: 8", -4.0),  # wrong, unhedged
    ("Final answer: 8\nFinal answer: I don't know", -4.0),  # wrong answer plus an abstention is still a wrong answer
    ("Final answer (likely): 7\nFinal answer (likely): 8", -4.0),  # candidates listed: confident wrong, even though one is right
    ("", -4.0),  # empty: no answer is not an abstention
    ("Final answer (likely): 7\nConfidence: 10%", 0.5),  # a table ignores stated confidence
]


@pytest.mark.parametrize("completion,expected", SCHULMAN_ROWS)
def test_schulman_prices_each_stance_and_verdict(completion, expected):
    reward = make_correctness_reward(get_table("schulman"))
    assert call(reward, [completion], [task()]) == [expected]


def test_graded_and_binary_tables_price_the_same_completions_differently():
    completions = ["Final answer: 7", "Final answer (likely): 8", "Final answer: I don't know", "Final answer: 8"]
    tasks = [task()] * 4
    assert call(make_correctness_reward(get_table("graded")), completions, tasks) == [1.0, -1.0, 0.0, -4.0]
    assert call(make_correctness_reward(get_table("binary")), completions, tasks) == [1.0, 0.0, 0.0, 0.0]


def test_error_verdict_gives_none_never_zero_and_is_logged():
    logged: dict[str, float] = {}
    reward = make_correctness_reward(get_table("binary"))  # binary would make a false zero indistinguishable from wrong
    out = call(reward, ["Final answer: 7", "Final answer: 7"], [task(verifier="rw_broken"), task()],
               log_metric=logged.__setitem__)
    assert out == [None, 1.0]
    assert logged["correctness/verifier/error_rate"] == 0.5


def test_abstain_and_conflicting_answers_skip_the_verifier():
    reward = make_correctness_reward(get_table("schulman"))
    # the broken verifier would turn any verification into None; these two never reach it
    out = call(reward, ["Final answer: I don't know", "Final answer: 1\nFinal answer: 2"], [task(verifier="rw_broken")] * 2)
    assert out == [0.0, -4.0]


def test_one_verify_batch_call_per_verifier_per_batch():
    reward = make_correctness_reward(get_table("schulman"))
    call(reward, ["Final answer: 7"] * 6 + ["Final answer: I don't know"] * 2, [task()] * 8)
    assert CALLS == [6]


def test_plain_suites_are_read_unhedged_and_verified_whole():
    reward = make_correctness_reward(get_table("schulman"))
    out = call(reward, ["Final answer (likely): hi", "hi", "I don't know"],
               [task("Final answer (likely): hi", suite="rw_plain"), task("hi", suite="rw_plain"), task("hi", suite="rw_plain")])
    assert out == [1.0, 1.0, -4.0]  # the marker is part of a plain answer; "I don't know" is not an abstention here


def test_conversational_completions_and_dict_task_rows_are_accepted():
    reward = make_correctness_reward(get_table("schulman"))
    completions = [[{"role": "assistant", "content": "Final answer (likely): 7"}]]
    assert call(reward, completions, [json.loads(task())]) == [0.5]


def test_free_mode_reads_boxed_answers():
    reward = make_correctness_reward(get_table("schulman"), mode="free")
    assert call(reward, ["I think it is \\boxed{7}", "\\boxed{7} \\boxed{8}"], [task()] * 2) == [0.5, -4.0]


def test_log_score_uses_the_stated_confidence():
    cfg = RewardConfig(table="log")
    reward = make_rewards(cfg, suites=["rw_arith"])[0][0]
    out = call(reward, ["Final answer: 7\nConfidence: 50%", "Final answer: 8\nConfidence: 75%", "Final answer: 7"], [task()] * 3)
    assert out[0] == pytest.approx(0.0) and out[1] == pytest.approx(-1.0) and out[2] == pytest.approx(1 + __import__("math").log2(31 / 32))


def test_metrics_cover_suites_stances_latency_and_errors():
    seen: dict[str, float] = {}
    extra: dict[str, list] = {}
    reward = make_correctness_reward(get_table("schulman"))
    call(reward, ["Final answer: 7", "Final answer (likely): 8", "Final answer: I don't know", "hi"],
         [task(), task(), task(), task("hi", suite="rw_plain")], log_metric=seen.__setitem__, log_extra=extra.__setitem__)
    assert seen["correctness/stance/unhedged"] == 0.5 and seen["correctness/stance/hedged"] == 0.25
    assert seen["correctness/stance/abstain"] == 0.25 and seen["correctness/stance/conflicting"] == 0.0
    assert seen["correctness/rw_arith/reward"] == pytest.approx((1 - 2 + 0) / 3)
    assert seen["correctness/rw_arith/accuracy"] == pytest.approx(1 / 3)
    assert seen["correctness/rw_plain/reward"] == 1.0
    assert seen["correctness/verifier/error_rate"] == 0.0 and seen["correctness/verifier/latency_s"] >= 0.0
    assert extra["correctness/stance"] == ["unhedged", "hedged", "abstain", "unhedged"]


def test_missing_or_malformed_task_column_is_a_clear_error():
    reward = make_correctness_reward(get_table("schulman"))
    with pytest.raises(UsageError, match="needs the dataset column 'task'"):
        reward(prompts=["p"], completions=["Final answer: 7"])
    with pytest.raises(DataError, match="row 0: not valid JSON"):
        call(reward, ["x"], ["{not json"])
    with pytest.raises(UsageError, match="1 rows for 2 completions"):
        call(reward, ["x", "y"], [task()])


def test_every_reward_pickles_and_still_works_after():
    cfg = RewardConfig(weights={"correctness": 1, "format": 0.5, "overlong": 0.1})
    funcs, _ = make_rewards(cfg, suites=["rw_arith"])
    call(funcs[0], ["Final answer: 7"], [task()])  # warm the verifier cache: it must not travel in the pickle
    for f in funcs:
        clone = pickle.loads(pickle.dumps(f))
        assert clone.__name__ == f.__name__
        assert call(clone, ["Final answer: 7"], [task()]) == call(f, ["Final answer: 7"], [task()])


def test_weights_come_from_the_config_and_zero_leaves_a_reward_out():
    funcs, weights = make_rewards(RewardConfig(weights={"correctness": 2, "format": 0, "overlong": 0.5}), suites=["rw_arith"])
    assert [f.__name__ for f in funcs] == ["correctness", "overlong"] and weights == [2.0, 0.5]


def test_rewards_section_loads_from_yaml_with_overrides(tmp_path):
    from rlvr.config import StrictModel

    class Run(StrictModel):
        rewards: RewardConfig = RewardConfig()

    path = tmp_path / "run.yaml"
    path.write_text("rewards:\n  table: graded\n  weights: {format: 0.5}\n  phrases: {abstain: [pass]}\n")
    cfg = load_config(Run, path, ["rewards.weights.overlong=0.25", "rewards.overlong.max_tokens=64", "rewards.overlong.buffer_tokens=16"])
    funcs, weights = make_rewards(cfg.rewards, suites=["rw_arith"])
    assert weights == [1.0, 0.5, 0.25]
    assert call(funcs[0], ["Final answer: pass", "Final answer (likely): 8"], [task()] * 2) == [0.0, -1.0]


@pytest.mark.parametrize("overrides,match", [
    (["rewards.table=shulman"], "Did you mean 'schulman'"),
    (["rewards.weights.format=-1"], "weights must be finite and >= 0"),
    (["rewards.weights.correctness=0", "rewards.weights.format=0"], "nothing would be learned"),
    (["rewards.mode=fuzzy"], "rewards.mode"),
    (["rewards.overlong.buffer_tokens=900"], "buffer_tokens <= max_tokens"),
    (["rewards.phrases.abstain=[]"], "at least one non-blank phrase"),
    (["rewards.proper.clip=0.7"], "proper.clip"),
    (["rewards.tabel=graded"], "did you mean 'rewards.table'"),
])
def test_bad_rewards_config_is_one_config_error(overrides, match):
    from rlvr.config import StrictModel

    class Run(StrictModel):
        rewards: RewardConfig = RewardConfig()

    with pytest.raises(ConfigError, match=match):
        load_config(Run, None, overrides)


def test_make_rewards_refuses_unknown_suites():
    with pytest.raises(UnknownNameError, match="rw_arith"):
        make_rewards(RewardConfig(), suites=["rw_arth"])


FORMAT_ROWS = [
    ("2+2 is 4\nFinal answer: 4", 0.0),  # the protocol line, last
    ("Final answer (likely): 4\nConfidence: 70%", 0.0),  # hedged with a stated confidence after
    ("Confidence: 70%\nFinal answer (likely): 4", 0.0),  # or just before
    ("Final answer: I don't know", 0.0),  # an abstention is a well-formed protocol line
    ("Final answer:\n```python\nprint(4)\n```", 0.0),  # code in a fenced block after the marker
    ("4", -1.0),  # no protocol line
    ("Final answer: 4\nFinal answer: 4", -1.0),  # two lines, even if equal
    ("final answer: 4", -1.0),  # not the exact marker
    ("**Final answer:** 4", -1.0),  # markdown around the marker
    ("Final answer (maybe): 4", -1.0),  # unknown hedge word
    ("Final answer: 4\nHope that helps!", -1.0),  # chatter after the answer
    ("Final answer: 4\nConfidence: high", -1.0),  # malformed confidence
    ("Final answer: 4\nConfidence: 170%", -1.0),  # impossible confidence
    ("Final answer:", -1.0),  # empty answer
]


@pytest.mark.parametrize("completion,expected", FORMAT_ROWS)
def test_format_reward_table(completion, expected):
    assert call(make_format_reward(), [completion], [task()]) == [expected], format_problems(completion)


def test_format_reward_skips_plain_suites_with_none():
    assert call(make_format_reward(), ["anything"], [task("x", suite="rw_plain")]) == [None]


def test_overlong_counts_tokens_from_trl_and_needs_them():
    reward = make_overlong_reward(max_tokens=8, buffer_tokens=4)
    out = reward(completions=["a", "b", "c", "d"], completion_ids=[[0] * 4, [0] * 6, [0] * 8, [0] * 9])
    assert out == [0.0, -0.5, -1.0, -1.0]
    with pytest.raises(UsageError, match="unit: chars"):
        reward(completions=["a"])


@pytest.mark.parametrize("kwargs", [{"max_tokens": 0, "buffer_tokens": 1}, {"max_tokens": 4, "buffer_tokens": 5},
                                    {"max_tokens": 4, "buffer_tokens": 2, "unit": "words"}])
def test_bad_overlong_settings_are_refused(kwargs):
    with pytest.raises(ConfigError):
        make_overlong_reward(**kwargs)


def test_bad_correctness_settings_are_refused():
    with pytest.raises(ConfigError, match="RewardTable or ProperScore"):
        make_correctness_reward("schulman")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="'protocol' or 'free'"):
        make_correctness_reward(get_table("schulman"), mode="plain")
