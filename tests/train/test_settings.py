"""Training settings reach the data and the TRL configs they name."""

from __future__ import annotations

from rlvr.config import load_config
from rlvr.train.config import RunConfig
from rlvr.train.data import sft_tasks
from rlvr.train.rl import rl_trainer_config
from rlvr.train.runs import RunDir

BASE = ["data.suites=[math]", "data.generators=[arithmetic]", "data.train_size=40", "data.difficulty=1", "run.report_to=[]"]


def _levels(tasks):
    return {t.meta["difficulty"] for t in tasks}


def test_hedged_and_idk_examples_come_from_the_levels_asked_for():
    plain, hedged, idk = sft_tasks(load_config(RunConfig, None, BASE))
    assert _levels(plain) == {1} and _levels(hedged) == {2} and _levels(idk) == {3}  # defaults: level + 1, level + 2
    plain, hedged, idk = sft_tasks(load_config(RunConfig, None, [*BASE, "sft.hedge_difficulty=1", "sft.idk_difficulty=4"]))
    assert _levels(hedged) == {1} and _levels(idk) == {4}
    assert not {t.id for t in hedged} & {t.id for t in plain}  # same level, other problems


def test_rl_warmup_switches_the_schedule(tmp_path):
    cfg = load_config(RunConfig, None, [*BASE, f"run.out_dir={tmp_path}"])
    run = RunDir(tmp_path).start(cfg)
    args = rl_trainer_config(cfg, run)
    assert args.lr_scheduler_type.value == "constant" and args.warmup_steps == 0
    cfg = load_config(RunConfig, None, [*BASE, f"run.out_dir={tmp_path}", "rl.warmup_steps=25"])
    args = rl_trainer_config(cfg, run)
    assert args.lr_scheduler_type.value == "constant_with_warmup" and args.warmup_steps == 25
