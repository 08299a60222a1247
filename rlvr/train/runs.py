"""Run folders: resolved config, metrics (JSONL + TensorBoard), checkpoints, resume, and a clean stop on a signal.

Layout of ``<out_dir>/``::

    config.yaml            the resolved RunConfig (every default written out)
    metrics.jsonl          one line per logged step: {"stage", "step", "time", ...TRL and rlvr metrics}
    base/                  the starting model when it was built here (the built-in tiny model)
    <stage>/               the stage's final model, loadable by path (a LoRA stage saves only its adapter)
    checkpoints/<stage>/   TRL checkpoints (weights, optimizer, scheduler, RNG, rlvr's curriculum state)
    tensorboard/<stage>/   TensorBoard event files
    summary.json           what ran, what switched (the DPO fallback), final metrics

A SIGTERM or Ctrl-C asks the trainer to save a checkpoint at the end of the current step and stop, so
``--resume`` continues from exactly that step; a SIGKILL loses at most ``run.save_steps`` steps.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path
from typing import Any

from rlvr import console
from rlvr.config import config_to_yaml
from rlvr.jsonl import atomic_write, read_jsonl

__all__ = ["RunDir", "trainer_args", "tidy_trainer", "MetricsCallback", "StopOnSignal", "last_checkpoint", "set_seed"]


class RunDir:
    """One run's folder; ``stage_dir("rl")`` holds that stage's checkpoints and final model."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)

    def start(self, cfg: Any) -> RunDir:
        self.path.mkdir(parents=True, exist_ok=True)
        with atomic_write(self.path / "config.yaml") as fh:
            fh.write(config_to_yaml(cfg))
        return self

    def stage_dir(self, stage: str) -> Path:
        """Where ``stage`` keeps its checkpoints."""
        return self.path / "checkpoints" / stage

    def model_dir(self, stage: str) -> Path:
        """Where ``stage`` saves its final model (``rlvr eval --model`` takes this folder)."""
        return self.path / stage

    @property
    def metrics_path(self) -> Path:
        return self.path / "metrics.jsonl"

    def metrics(self, stage: str | None = None) -> list[dict[str, Any]]:
        if not self.metrics_path.is_file():
            return []
        return [r for r in read_jsonl(self.metrics_path) if stage in (None, r.get("stage"))]

    def truncate_metrics(self, stage: str, after_step: int) -> None:
        """Drop ``stage`` lines past ``after_step`` (written after the checkpoint a resume starts from).

        A kill in the middle of appending can leave a torn last line (every line is written whole, newline
        included, so a torn one is a tail without its newline); it is cut off first.
        """
        if self.metrics_path.is_file():
            with self.metrics_path.open("rb+") as fh:
                data = fh.read()
                if data and not data.endswith(b"\n"):
                    fh.truncate(data.rfind(b"\n") + 1)
        rows = self.metrics()
        keep = [r for r in rows if not (r.get("stage") == stage and r.get("step", 0) > after_step)]
        if len(keep) != len(rows):
            from rlvr.jsonl import write_jsonl

            write_jsonl(self.metrics_path, keep)

    def update_summary(self, **fields: Any) -> dict[str, Any]:
        path = self.path / "summary.json"
        summary = json.loads(path.read_text()) if path.is_file() else {}
        summary.update(fields)
        from rlvr.jsonl import write_json

        write_json(path, summary)
        return summary


def set_seed(seed: int) -> None:
    from transformers import set_seed as hf_set_seed

    hf_set_seed(seed)


def last_checkpoint(stage_dir: Path, *, last_file: str = "trainer_state.json") -> str | None:
    """The newest complete checkpoint in ``stage_dir``; half-written ones (a SIGKILL mid-save) are removed.

    transformers' ``get_last_checkpoint`` takes the highest-numbered folder whether or not its save finished,
    and resuming from one fails. The Trainer writes ``trainer_state.json`` after the weights, optimizer and
    RNG state, so its presence marks a finished save; a stage that writes a file of its own after the
    Trainer's (the RL curriculum) names that file as ``last_file``.
    """
    import shutil

    if not stage_dir.is_dir():
        return None
    found = [(int(m.group(1)), p) for p in stage_dir.iterdir() if p.is_dir() and (m := re.fullmatch(r"checkpoint-(\d+)", p.name))]
    for _, path in sorted(found, reverse=True):
        if (path / "trainer_state.json").is_file() and (path / last_file).is_file():
            return str(path)
        console.warn(f"{path.name} was not completely saved (the run was killed mid-save); removing it")
        shutil.rmtree(path)
    return None


def trainer_args(cfg: Any, run: RunDir, stage: str, **extra: Any) -> dict[str, Any]:
    """Settings every rlvr stage passes to a TRL config: CPU-safe precision, logging, checkpoints, seed."""
    import torch

    on_gpu = torch.cuda.is_available()
    report = [r for r in cfg.run.report_to if r != "tensorboard" or _has_tensorboard()]
    if "tensorboard" in report:  # transformers 5 reads the folder from the environment when the callback starts
        os.environ["TENSORBOARD_LOGGING_DIR"] = str(run.path / "tensorboard" / stage)
    return {
        "output_dir": str(run.stage_dir(stage)),
        "bf16": on_gpu and torch.cuda.is_bf16_supported(),  # TRL defaults to bf16, which fails or crawls on CPU
        "activation_checkpointing": False,  # a 2x slowdown on CPU for models this small
        "dataloader_pin_memory": on_gpu,
        "logging_steps": 1,
        "save_strategy": "steps",
        "save_steps": cfg.run.save_steps,
        "save_total_limit": 2,
        "report_to": report or "none",
        "seed": cfg.run.seed,
        "data_seed": cfg.run.seed,
        "disable_tqdm": console.verbosity() == 0 or not console.err.is_terminal,
        **extra,
    }


def tidy_trainer(trainer: Any) -> Any:
    """Drop transformers' raw log-dict printer: MetricsCallback writes the logs and prints a short line instead."""
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    trainer.remove_callback(PrinterCallback)
    if console.verbosity() == 0 or not console.err.is_terminal:
        trainer.remove_callback(ProgressCallback)
    return trainer


def _has_tensorboard() -> bool:
    try:
        import tensorboard  # noqa: F401
    except ImportError:
        return False
    return True


def _trainer_callback_base() -> type:
    from transformers import TrainerCallback

    return TrainerCallback


class MetricsCallback(_trainer_callback_base()):  # type: ignore[misc]
    """Append every trainer log to ``metrics.jsonl`` with the stage and global step, and echo a short line."""

    def __init__(self, run: RunDir, stage: str, echo_every: int = 10):
        self.run, self.stage, self.echo_every, self.t0 = run, stage, echo_every, time.time()

    def on_log(self, args, state, control, logs=None, **kwargs):  # noqa: ANN001
        if not logs:
            return
        row = {"stage": self.stage, "step": int(state.global_step), "time": round(time.time() - self.t0, 3)}
        row.update({k: v for k, v in logs.items() if isinstance(v, (int, float)) and v == v})
        self.run.metrics_path.parent.mkdir(parents=True, exist_ok=True)
        with self.run.metrics_path.open("a", encoding="utf-8") as fh:  # a log, appended line by line and flushed
            fh.write(json.dumps(row) + "\n")
        if state.global_step % self.echo_every == 0 and "loss" in logs or "train_runtime" in logs:
            shown = {k: logs[k] for k in ("loss", "reward", "frac_reward_zero_std", "rewards/accuracies") if k in logs}
            console.info(f"{self.stage} step {state.global_step}/{state.max_steps} " + " ".join(f"{k}={v:.3g}" for k, v in shown.items()))


class StopOnSignal(_trainer_callback_base()):  # type: ignore[misc]
    """On SIGTERM/SIGINT, save a checkpoint at the end of the current step and stop (so resume loses nothing)."""

    def __init__(self) -> None:
        self.requested = False
        self._old: dict[int, Any] = {}

    def install(self) -> StopOnSignal:
        for sig in (signal.SIGTERM, signal.SIGINT):
            self._old[sig] = signal.signal(sig, self._handle)
        return self

    def uninstall(self) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)

    def _handle(self, signum, frame):  # noqa: ANN001
        if self.requested:  # a second signal: stop now
            raise KeyboardInterrupt
        self.requested = True
        console.warn("stop requested: saving a checkpoint at the end of this step (send again to abort)")

    def on_step_end(self, args, state, control, **kwargs):  # noqa: ANN001
        if self.requested:
            control.should_save = True
            control.should_training_stop = True
        return control
