"""A killed run resumes at the step of its last checkpoint; a SIGTERM saves the exact step first. No step is lost or repeated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

TOY = str(Path(__file__).with_name("toysuite.py"))
ARGS = ["--set", "data.suites=[toyadd]", "--set", "data.generators=[]", "--set", "data.difficulty=2", "--set", "data.train_size=64",
        "--set", "sft.batch_size=4", "--set", "sft.max_length=48", "--set", "run.report_to=[]", "--steps", "30"]


def _start(out: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-m", "rlvr.cli", "--plugin", TOY, "train", "sft", "--out", str(out), *ARGS, *extra],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _steps(out: Path) -> list[int]:
    path = out / "metrics.jsonl"
    if not path.is_file():
        return []
    return [r["step"] for r in map(json.loads, path.read_text().splitlines()) if r["stage"] == "sft" and "loss" in r]


def _wait_for_step(proc: subprocess.Popen, out: Path, step: int, timeout: float = 240) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            pytest.fail(f"training exited early: {proc.stderr.read()[-2000:]}")
        if max(_steps(out), default=0) >= step:
            return
        time.sleep(0.2)
    proc.kill()
    pytest.fail("training did not reach the step in time")


def _finish(out: Path) -> None:
    done = _start(out, "--resume")
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err[-2000:]
    assert _steps(out) == list(range(1, 31))  # every step exactly once, in order
    state = json.loads((out / "checkpoints" / "sft" / "checkpoint-30" / "trainer_state.json").read_text())
    assert state["global_step"] == 30
    assert (out / "sft" / "config.json").is_file()


@pytest.mark.slow
def test_sigterm_saves_the_exact_step_and_sigkill_resumes_from_the_last_checkpoint(tmp_path):
    # SIGTERM: a checkpoint at the very step it stopped, exit 1 with a hint.
    proc = _start(tmp_path, "--set", "run.save_steps=4")
    _wait_for_step(proc, tmp_path, 5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "continue with --resume" in err
    stopped = max(_steps(tmp_path))
    assert (tmp_path / "checkpoints" / "sft" / f"checkpoint-{stopped}").is_dir()
    # SIGKILL after a few more steps: steps past the last periodic checkpoint are logged, then lost.
    proc = _start(tmp_path, "--resume", "--set", "run.save_steps=4")
    _wait_for_step(proc, tmp_path, stopped + 6)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    ckpts = sorted(int(p.name.split("-")[1]) for p in (tmp_path / "checkpoints" / "sft").glob("checkpoint-*"))
    assert ckpts[-1] > stopped and not (tmp_path / "sft" / "config.json").exists()  # killed mid-run
    _finish(tmp_path)  # resumes at ckpts[-1] + 1: every step 1..30 logged exactly once


def test_a_checkpoint_killed_mid_save_is_skipped_and_removed(tmp_path, capsys):
    from rlvr.train.runs import last_checkpoint

    def ckpt(step: int, *files: str) -> Path:
        d = tmp_path / f"checkpoint-{step}"
        d.mkdir()
        for f in files:
            (d / f).write_text("{}")
        return d

    ckpt(4, "model.safetensors", "trainer_state.json", "rlvr_curriculum.json")
    ckpt(8, "model.safetensors", "trainer_state.json")  # killed before the curriculum file
    ckpt(12, "model.safetensors")  # killed before the trainer state
    (tmp_path / "checkpoint-x").mkdir()  # not a checkpoint name: left alone
    assert last_checkpoint(tmp_path) == str(tmp_path / "checkpoint-8")
    assert not (tmp_path / "checkpoint-12").exists()
    assert last_checkpoint(tmp_path, last_file="rlvr_curriculum.json") == str(tmp_path / "checkpoint-4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkpoint-4", "checkpoint-x"]
    assert "not completely saved" in capsys.readouterr().err
    assert last_checkpoint(tmp_path / "missing") is None


def test_a_metrics_line_torn_by_a_kill_is_dropped_on_resume(tmp_path):
    from rlvr.train.runs import RunDir

    run = RunDir(tmp_path)
    rows = [{"stage": "sft", "step": s, "loss": 1.0} for s in (1, 2, 3)]
    run.metrics_path.write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"stage": "sft", "st')
    run.truncate_metrics("sft", 2)
    assert [r["step"] for r in run.metrics("sft")] == [1, 2]
