"""The training record behind the overlap refusal and --ood: found above the model, levels read, tasks rebuilt."""

import json

import pytest
import yaml

from rlvr import registry
from rlvr.errors import UsageError
from rlvr.eval.run import check_overlap, task_keys
from rlvr.eval.training import find_training_run, load_training_record, ood_difficulty
from rlvr.types import Task
from tests.conftest import FIXTURES


@pytest.fixture
def run(tmp_path):
    registry.load_plugin_file(FIXTURES / "local_plugin.py")
    (tmp_path / "rl" / "model").mkdir(parents=True)
    cfg = {"data": {"suites": ["echo"], "generators": ["word"], "train_size": 15, "difficulty": 1, "seed": 0}}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(cfg))
    # the RL curriculum moved echo/word up to level 4 at some step
    # (TRL logs rlvr's metric under a prefix; both spellings count)
    rows = [{"stage": "rl", "step": 1, "difficulty/echo/word": 1.0}, {"stage": "rl", "step": 9, "rlvr/difficulty/echo/word": 4.0},
            {"stage": "rl", "step": 9, "rlvr/pass_rate/echo/word": 0.5}]
    (tmp_path / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return tmp_path


def test_run_folder_is_found_from_a_stage_model_below_it(run, tmp_path_factory):
    assert find_training_run(run / "rl" / "model") == run.resolve()
    assert find_training_run(run / "rl") == run.resolve()
    assert find_training_run(tmp_path_factory.mktemp("elsewhere")) is None


def test_levels_include_sft_stances_and_curriculum_moves(run):
    rec = load_training_record(run)
    assert rec.levels == {"echo": {1, 2, 3, 4}}
    with pytest.raises(UsageError, match="no harder level"):
        ood_difficulty(rec, "echo", max_difficulty=4)
    assert ood_difficulty(rec, "echo", max_difficulty=5) == 5
    with pytest.raises(UsageError, match="did not train on suite"):
        ood_difficulty(rec, "math", max_difficulty=5)


def test_training_tasks_clash_and_heldout_tasks_do_not(run):
    rec = load_training_record(run)
    suite = registry.get_suite("echo")
    trained = suite.generate(5, split="train", difficulty=1)
    heldout = suite.generate(50, split="heldout", difficulty=1)
    check_overlap(heldout, rec.task_keys(), source="cfg")
    with pytest.raises(UsageError, match="5 of 5 eval task"):
        check_overlap(trained, rec.task_keys(), source="cfg")


def test_a_training_problem_copied_into_a_task_file_still_clashes(run):
    rec = load_training_record(run)
    t = registry.get_suite("echo").generate(1, split="train", difficulty=1)[0]
    copied = Task(id="file-1", suite="echo", prompt="  " + t.prompt.replace(" ", "  ") + "\n", answer=t.answer)  # no meta, other spacing
    assert not any(k.startswith("problem:") for k in task_keys(copied))
    with pytest.raises(UsageError):
        check_overlap([copied], rec.task_keys(), source="cfg")


def test_a_config_that_is_not_a_training_config_is_one_clear_error(tmp_path):
    (tmp_path / "config.yaml").write_text("nonsense: [1, 2]\n")
    with pytest.raises(UsageError, match="not an rlvr training config"):
        load_training_record(tmp_path)


def test_default_eval_set_is_the_heldout_split_of_the_trained_generators(tmp_path):
    from rlvr.eval.job import EvalRequest, select_tasks

    cfg = {"data": {"suites": ["math"], "generators": ["arithmetic"], "difficulty": 2}}
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(cfg))
    rec = load_training_record(tmp_path)
    tasks = select_tasks(EvalRequest(model="m", n=6), rec)
    assert {(t.suite, t.meta["generator"], t.meta["difficulty"], t.meta["split"]) for t in tasks} == {("math", "arithmetic", 2, "heldout")}
    other = select_tasks(EvalRequest(model="m", n=4, generators=["fractions"], difficulty=[1, 3]), rec)
    assert {t.meta["generator"] for t in other} == {"fractions"} and sorted({t.meta["difficulty"] for t in other}) == [1, 3]
    assert len(other) == 8
