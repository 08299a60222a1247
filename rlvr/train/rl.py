"""RL on verifier rewards: TRL's GRPOTrainer (grpo / dr_grpo / dapo losses) or RLOOTrainer, plus what TRL lacks.

What rlvr adds around the TRL trainer:
- the rewards helper's callables (``rlvr.rewards.make_rewards``): a verifier ``error`` is None, never a zero;
- reward-hacking probes scored before the first step (``probes.run_probes``);
- a curriculum sampler moving each generator's difficulty to keep its pass rate in a band, and
  retiring zero-variance tasks (``curriculum``);
- per-batch logging of informative / zero-variance group shares, pass rate and difficulty per generator,
  and the reward time (the rewards log per-suite reward, stances, verifier latency and errors themselves);
- the DPO-fallback signal: training stops early when informative groups stay rare (``fallback``).

The seam for a trainer that is not TRL's: ``TRAINERS`` maps ``rl.trainer`` to a builder taking an
``RLContext`` and returning an object with ``train(resume_from_checkpoint=...)``, ``model`` and ``state``
(the transformers Trainer surface). A PPO trainer with a learned critic registers there.
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rlvr import console
from rlvr.errors import WorkError
from rlvr.train.curriculum import Curriculum, CurriculumSampler, group_rows
from rlvr.train.data import rl_dataset, rl_pool, task_group
from rlvr.train.lora import attach_lora
from rlvr.train.runs import MetricsCallback, RunDir, StopOnSignal, last_checkpoint, tidy_trainer, trainer_args
from rlvr.types import Task

__all__ = ["RLContext", "RLResult", "TRAINERS", "run_rl", "rl_trainer_config", "build_trl_trainer"]

CURRICULUM_FILE = "rlvr_curriculum.json"


@dataclass
class RLContext:
    """Everything an RL backend needs; built by ``run_rl``."""

    cfg: Any
    run: RunDir
    model: Any
    tokenizer: Any
    dataset: Any
    reward_funcs: list[Callable[..., Any]]
    reward_weights: list[float]
    curriculum: Curriculum
    sampler_args: dict[str, Any]
    callbacks: list[Any] = field(default_factory=list)


@dataclass
class RLResult:
    model: Any
    steps: int
    fallback: bool  # True when training stopped because informative groups stayed rare
    curriculum: dict[str, Any]
    probes: dict[str, float]


def rl_trainer_config(cfg: Any, run: RunDir, **extra: Any) -> Any:
    """The GRPOConfig / RLOOConfig for ``cfg.rl`` (CPU-safe, rlvr's measured defaults)."""
    r = cfg.rl
    common = dict(
        max_steps=r.steps, learning_rate=r.lr, per_device_train_batch_size=r.prompts_per_step * r.num_generations,
        num_generations=r.num_generations, max_completion_length=r.max_completion_length, temperature=r.temperature,
        beta=r.beta, epsilon=r.epsilon, epsilon_high=r.epsilon_high if r.epsilon_high is not None else (0.28 if r.algo == "dapo" else None),
        num_iterations=r.num_iterations, mask_truncated_completions=True, shuffle_dataset=False, ignore_data_skip=True,
        lr_scheduler_type="constant_with_warmup" if r.warmup_steps else "constant", warmup_steps=r.warmup_steps, **trainer_args(cfg, run, "rl"), **extra,
    )
    if common["epsilon_high"] is None:
        common.pop("epsilon_high")
    if r.algo == "rloo":
        from trl import RLOOConfig

        return RLOOConfig(**common)
    from trl import GRPOConfig

    scale = "none" if r.algo == "dr_grpo" else r.scale_rewards  # Dr. GRPO removes the std normalisation
    return GRPOConfig(loss_type=r.algo, scale_rewards=scale, **common)


class _RlvrHooks:
    """Mixed into a TRL trainer: the curriculum sampler, and an observer after each reward computation."""

    rlvr_ctx: RLContext
    rlvr_sampler: CurriculumSampler | None = None
    rlvr_reward_seconds: float = 0.0

    def _get_train_sampler(self, dataset: Any = None) -> Any:
        a = self.rlvr_ctx.sampler_args
        self.rlvr_sampler = CurriculumSampler(
            self.rlvr_ctx.curriculum, a["index"], a["ids"], prompts_per_batch=self.args.generation_batch_size // self.num_generations,
            num_generations=self.num_generations, repeat_count=self.num_iterations * self.args.steps_per_generation,
            seed=self.args.seed, blocks_per_epoch=a["blocks"])
        self.rlvr_sampler.drawn = a.get("drawn", 0)
        return self.rlvr_sampler

    def _calculate_rewards(self, inputs, prompts, completions, completion_ids_list):  # noqa: ANN001
        t0 = time.perf_counter()
        rewards = super()._calculate_rewards(inputs, prompts, completions, completion_ids_list)  # type: ignore[misc]
        seconds = time.perf_counter() - t0
        self.rlvr_reward_seconds += seconds
        ctx = self.rlvr_ctx
        w = ctx.reward_weights
        rows = rewards.tolist()
        totals = [sum(wi * v for wi, v in zip(w, row) if not math.isnan(v)) if not all(math.isnan(v) for v in row) else math.nan for row in rows]
        ci = _correctness_index(ctx.reward_funcs)
        passes = [not math.isnan(row[ci]) and row[ci] > 0 for row in rows]
        tasks = [json.loads(x["task"]) for x in inputs]
        groups = [f"{t['suite']}/{(t.get('meta') or {}).get('generator', 'tasks')}" for t in tasks]
        grouped, ok = group_rows([t["id"] for t in tasks], groups, totals, passes, self.num_generations)
        metrics = ctx.curriculum.observe(grouped, ok)
        metrics["reward_seconds"] = seconds
        for name, value in metrics.items():  # per-generator keys (difficulty/<suite>/<gen>) are namespaced already
            self._log_metric(name if "/" in name else f"rlvr/{name}", value)  # type: ignore[attr-defined]
        return rewards


def _correctness_index(funcs: list[Any]) -> int:
    for i, f in enumerate(funcs):
        if "correct" in getattr(f, "__name__", type(f).__name__).lower():
            return i
    return 0


def _trainer_class(algo: str) -> type:
    from trl import GRPOTrainer, RLOOTrainer

    base = RLOOTrainer if algo == "rloo" else GRPOTrainer
    return type(f"Rlvr{base.__name__}", (_RlvrHooks, base), {})


def _state_callback(ctx: RLContext, fallback: dict[str, bool]) -> Any:
    from transformers import TrainerCallback

    cfg = ctx.cfg

    class CurriculumState(TrainerCallback):
        """Saves the curriculum into each checkpoint; stops training when the DPO fallback should take over."""

        def __init__(self, trainer_ref: list[Any]):
            self.trainer_ref = trainer_ref

        def on_save(self, args, state, control, **kwargs):  # noqa: ANN001
            ckpt = Path(args.output_dir) / f"checkpoint-{state.global_step}"
            sampler = self.trainer_ref[0].rlvr_sampler if self.trainer_ref else None
            if ckpt.is_dir():
                from rlvr.jsonl import write_json

                write_json(ckpt / CURRICULUM_FILE, {**ctx.curriculum.state_dict(), "drawn": sampler.drawn if sampler else 0})

        def on_step_end(self, args, state, control, **kwargs):  # noqa: ANN001
            f = cfg.fallback
            if f.enabled and ctx.curriculum.starved(f.min_informative, f.window):
                fallback["triggered"] = True
                console.warn(f"RL step {state.global_step}: informative groups below {f.min_informative:.0%} for {f.window} "
                             "steps; switching to the DPO fallback")
                control.should_training_stop = True
                control.should_save = True
            return control

    return CurriculumState


def build_trl_trainer(ctx: RLContext) -> Any:
    """The TRL backend: GRPOTrainer (grpo / dr_grpo / dapo) or RLOOTrainer with rlvr's hooks."""
    cls = _trainer_class(ctx.cfg.rl.algo)
    args = rl_trainer_config(ctx.cfg, ctx.run, reward_weights=ctx.reward_weights)
    cls.rlvr_ctx = ctx  # class attribute: TRL builds the sampler inside __init__, before an instance attribute could be set
    trainer = cls(model=ctx.model, reward_funcs=ctx.reward_funcs, args=args, train_dataset=ctx.dataset,
                  processing_class=ctx.tokenizer, callbacks=ctx.callbacks)
    return tidy_trainer(trainer)


TRAINERS: dict[str, Callable[[RLContext], Any]] = {"trl": build_trl_trainer}


def _index(pool: list[Task]) -> tuple[dict[str, dict[int, list[int]]], list[str]]:
    index: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row, t in enumerate(pool):
        lv = t.meta.get("difficulty")
        index[task_group(t)][int(lv) if isinstance(lv, int) else 0].append(row)
    return {g: dict(v) for g, v in index.items()}, [t.id for t in pool]


def make_reward_funcs(cfg: Any) -> tuple[list[Any], list[float]]:
    from rlvr.rewards import make_rewards

    funcs, weights = make_rewards(cfg.rewards, list(cfg.data.suites))
    return list(funcs), [float(w) for w in weights]


def run_rl(cfg: Any, run: RunDir, model: Any, tokenizer: Any, *, resume: bool = False, pool: list[Task] | None = None) -> RLResult:
    """Run the RL stage; save the policy to ``<run>/rl/model``; return it with what happened."""
    from rlvr.prompting import build_prompt
    from rlvr.train.probes import run_probes

    r = cfg.rl
    pool = pool if pool is not None else rl_pool(cfg)
    ds = rl_dataset(pool, tokenizer)
    index, ids = _index(pool)
    funcs, weights = make_reward_funcs(cfg)
    start = {g: cfg.data.difficulty for g in index}
    curriculum = Curriculum({g: sorted(v) for g, v in index.items()}, start=start, band=tuple(cfg.curriculum.band),
                            window=cfg.curriculum.window, drop_zero_variance=cfg.curriculum.drop_zero_variance,
                            enabled=cfg.curriculum.enabled)
    probe_best: dict[str, float] = {}
    if r.probes:
        sample = [pool[rows[0]] for g in sorted(index) for rows in [index[g][curriculum.level[g]]]][:8]
        sample += [pool[i] for i in range(0, len(pool), max(1, len(pool) // 8))][: 8 - len(sample)]
        probe_best = run_probes(funcs, weights, sample, [build_prompt(t, tokenizer) for t in sample], tokenizer, seed=cfg.run.seed)
        console.info("reward-hacking probes: none earns reward (" + ", ".join(f"{k} {v:+.2f}" for k, v in probe_best.items()) + ")")
    ckpt = last_checkpoint(run.stage_dir("rl"), last_file=CURRICULUM_FILE) if resume else None
    sampler_args: dict[str, Any] = {"index": index, "ids": ids, "blocks": max(1, len(pool) // r.prompts_per_step)}
    if ckpt:  # last_checkpoint returned only a checkpoint holding the curriculum file
        state = json.loads((Path(ckpt) / CURRICULUM_FILE).read_text())
        curriculum.load_state_dict(state)
        sampler_args["drawn"] = state.get("drawn", 0)
    fallback = {"triggered": False}
    stopper = StopOnSignal()
    holder: list[Any] = []
    ctx = RLContext(cfg, run, attach_lora(model, cfg.lora), tokenizer, ds, funcs, weights, curriculum, sampler_args)
    ctx.callbacks = [MetricsCallback(run, "rl"), stopper, _state_callback(ctx, fallback)(holder)]
    if r.trainer not in TRAINERS:
        from rlvr.errors import UnknownNameError

        raise UnknownNameError("RL trainer", r.trainer, list(TRAINERS))
    trainer = TRAINERS[r.trainer](ctx)
    holder.append(trainer)
    console.info(f"RL ({r.algo}): {r.steps} steps x {r.prompts_per_step} prompts x {r.num_generations} samples, "
                 f"{len(pool)} tasks in {len(index)} generator group(s)")
    if ckpt:
        run.truncate_metrics("rl", int(ckpt.rsplit("-", 1)[-1]))
        console.info(f"RL: resuming from {ckpt}")
    stopper.install()
    try:
        trainer.train(resume_from_checkpoint=ckpt)
    finally:
        stopper.uninstall()
    if stopper.requested:
        raise WorkError(f"RL stopped at step {trainer.state.global_step} on request; continue with --resume")
    from rlvr.train.sft import save_stage

    save_stage(trainer.model, tokenizer, run, "rl")
    return RLResult(trainer.model, int(trainer.state.global_step), fallback["triggered"], curriculum.state_dict(), probe_best)
