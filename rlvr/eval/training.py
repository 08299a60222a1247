"""What a checkpoint was trained on, read from its rlvr run folder: for the overlap refusal and ``--ood``.

An rlvr training run writes ``config.yaml`` (the resolved ``RunConfig``) at the top of its run folder,
``metrics.jsonl`` beside it (the curriculum logs ``difficulty/<suite>/<generator>`` each step), and
each stage's model below it (``<run>/<stage>/`` or ``<run>/<stage>/model/``). Generators are
deterministic, so the training tasks are rebuilt from the recorded config with the trainer's own
functions (``rlvr.train.data.sft_tasks`` and ``rl_pool``) rather than trusting a copy of them.

A model with no run folder above it (a hub model, a folder saved elsewhere) has no record:
``find_training_run`` returns None and the caller says that overlap could not be checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rlvr.errors import ConfigError, UsageError

__all__ = ["TrainingRecord", "find_training_run", "load_training_record", "ood_difficulty", "describe"]

SEARCH_DEPTH = 3  # <run>/<stage>/model/ is the deepest layout the trainer writes


@dataclass
class TrainingRecord:
    """A training run's config, the difficulty levels it trained at per suite, and its tasks' keys (built lazily)."""

    run_dir: Path
    config: Any  # rlvr.train.config.RunConfig
    levels: dict[str, set[int]] = field(default_factory=dict)
    _keys: set[str] | None = None

    @property
    def source(self) -> str:
        return str(self.run_dir / "config.yaml")

    def task_keys(self) -> set[str]:
        """Keys (``rlvr.eval.run.task_keys``) of every task the run's SFT and RL stages could have drawn."""
        if self._keys is None:
            from rlvr.eval.run import task_keys
            from rlvr.train.data import rl_pool, sft_tasks

            plain, hedged, abstain = sft_tasks(self.config)
            tasks = plain + hedged + abstain + rl_pool(self.config)
            self._keys = set().union(*(task_keys(t) for t in tasks))
        return self._keys


def find_training_run(model_path: str | Path) -> Path | None:
    """The rlvr run folder holding ``model_path`` (itself or up to three levels up), or None."""
    p = Path(model_path).expanduser()
    if not p.exists():
        return None
    p = p.resolve()
    for d in [p, *list(p.parents)[:SEARCH_DEPTH]]:
        if (d / "config.yaml").is_file():
            return d
    return None


def load_training_record(run_dir: str | Path) -> TrainingRecord:
    """Read ``config.yaml`` and the curriculum levels in ``metrics.jsonl`` of a training run folder."""
    from rlvr.config import load_config
    from rlvr.jsonl import read_jsonl
    from rlvr.train.config import RunConfig

    d = Path(run_dir)
    try:
        cfg = load_config(RunConfig, d / "config.yaml")
    except ConfigError as e:
        raise UsageError(f"{d / 'config.yaml'} is not an rlvr training config ({e}); pass --train-run with the run folder") from None
    levels: dict[str, set[int]] = {}
    if not cfg.data.task_file:
        # SFT's worked, hedged and "I don't know" examples (see rlvr.train.data.sft_tasks)
        sft_levels = {cfg.data.difficulty, cfg.data.difficulty + 1, cfg.sft.idk_difficulty or cfg.data.difficulty + 2}
        for suite in cfg.data.suites:
            levels[suite] = set(sft_levels)
    metrics = d / "metrics.jsonl"
    if metrics.is_file():
        for row in read_jsonl(metrics):
            for key, value in row.items():
                parts = key.split("/")  # "difficulty/<suite>/<gen>", possibly under a prefix ("rlvr/difficulty/...")
                if "difficulty" in parts[:-1] and isinstance(value, (int, float)):
                    suite = parts[parts.index("difficulty") + 1]
                    levels.setdefault(suite, set()).add(int(value))
    return TrainingRecord(d, cfg, levels)


def ood_difficulty(record: TrainingRecord, suite: str, max_difficulty: int) -> int:
    """One level above the hardest one the run trained ``suite`` at; UsageError when there is none."""
    seen = record.levels.get(suite)
    if not seen:
        raise UsageError(f"the training run {record.run_dir} did not train on suite {suite!r}; --ood needs a suite it trained on")
    level = max(seen) + 1
    if level > max_difficulty:
        raise UsageError(f"training on {suite!r} already reached difficulty {max(seen)} of {max_difficulty}; "
                         f"there is no harder level for --ood (use --data with harder tasks)")
    return level


def describe(record: TrainingRecord) -> dict[str, Any]:
    """A JSON summary of the record for results.json's ``run`` section."""
    return {"run_dir": str(record.run_dir), "suites": list(record.config.data.suites),
            "levels": {s: sorted(v) for s, v in record.levels.items()}, "task_file": record.config.data.task_file}

