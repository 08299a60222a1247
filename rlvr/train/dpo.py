"""DPO fallback: preference pairs from verifier-ranked samples of the current policy, trained with TRL's DPOTrainer.

When GRPO groups carry no signal (every sample of a prompt gets the same reward), the policy can still
be taught by contrast. For each prompt rlvr samples ``samples_per_prompt`` completions from the current
policy and scores them with the run's reward callables (verifier verdict and stance). The candidates
also include two references the verifier ranks the same way: the task's worked solution (when it has
one) and an honest "I don't know". The best-scored candidate is ``chosen``, the worst policy sample
``rejected``; prompts where nothing differs give no pair. So a policy that fails every sample still
learns to prefer the worked solution, or at least abstaining, over its confident wrong answers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from rlvr import console
from rlvr.errors import WorkError
from rlvr.prompting import build_prompt
from rlvr.train.data import abstain_solution
from rlvr.train.lora import attach_lora
from rlvr.train.runs import MetricsCallback, RunDir, StopOnSignal, last_checkpoint, tidy_trainer, trainer_args
from rlvr.types import Task

__all__ = ["build_pairs", "run_dpo"]


def _totals(funcs: Sequence[Any], weights: Sequence[float], prompts: list[str], comps: list[str], tasks: list[Task], tok: Any) -> list[float]:
    kwargs = {"prompts": prompts, "completions": comps, "task": [json.dumps(t.to_json()) for t in tasks],
              "completion_ids": [tok(c, add_special_tokens=False)["input_ids"] for c in comps], "trainer_state": None}
    totals = [0.0] * len(comps)
    seen = [False] * len(comps)
    for f, w in zip(funcs, weights):
        for i, r in enumerate(f(**kwargs)):
            if r is not None and not math.isnan(r):
                totals[i] += w * r
                seen[i] = True
    return [t if s else math.nan for t, s in zip(totals, seen)]  # nan: a verifier error, never ranked


def build_pairs(model: Any, tokenizer: Any, tasks: Sequence[Task], funcs: Sequence[Any], weights: Sequence[float], *,
                samples_per_prompt: int = 8, temperature: float = 1.0, max_new_tokens: int = 96, seed: int = 0) -> tuple[Any, dict[str, float]]:
    """A ``datasets.Dataset`` of (prompt, chosen, rejected) and stats on how the pairs were made."""
    import datasets

    from rlvr.eval.sampling import generate

    prompts = [build_prompt(t, tokenizer) for t in tasks]
    was_training = model.training
    model.eval()
    samples = generate(model, tokenizer, prompts, k=samples_per_prompt, temperature=temperature, max_new_tokens=max_new_tokens,
                       batch_size=64, seed=seed)
    model.train(was_training)
    rows: dict[str, list[str]] = {"prompt": [], "chosen": [], "rejected": []}
    from_policy = 0
    for task, prompt, ss in zip(tasks, prompts, samples):
        policy = [s.completion for s in ss]
        refs = [abstain_solution()] + ([task.meta["solution"]] if isinstance(task.meta.get("solution"), str) else [])
        cands = policy + refs
        scores = _totals(funcs, weights, [prompt] * len(cands), cands, [task] * len(cands), tokenizer)
        ranked = [(s, i) for i, s in enumerate(scores) if not math.isnan(s)]
        pol = [(s, i) for s, i in ranked if i < len(policy)]
        if not pol:
            continue
        best_s, best_i = max(ranked)
        worst_s, worst_i = min(pol)
        if best_s > worst_s:
            rows["prompt"].append(prompt)
            rows["chosen"].append(cands[best_i])
            rows["rejected"].append(cands[worst_i])
            from_policy += best_i < len(policy)
    n = len(rows["prompt"])
    stats = {"prompts": float(len(tasks)), "pairs": float(n), "chosen_from_policy": from_policy / n if n else 0.0}
    return datasets.Dataset.from_dict(rows), stats


def run_dpo(cfg: Any, run: RunDir, model: Any, tokenizer: Any, tasks: Sequence[Task], *, resume: bool = False, reason: str = "requested") -> Any:
    """Build pairs from ``tasks`` with the current policy, train DPO, save to ``<run>/dpo/model``; return the model."""
    from trl import DPOConfig, DPOTrainer

    from rlvr.train.rl import make_reward_funcs
    from rlvr.train.sft import save_stage

    d = cfg.dpo
    funcs, weights = make_reward_funcs(cfg)
    model = attach_lora(model, cfg.lora)
    ds, stats = build_pairs(model, tokenizer, list(tasks)[: d.prompts], funcs, weights, samples_per_prompt=d.samples_per_prompt,
                            temperature=d.temperature, max_new_tokens=cfg.rl.max_completion_length, seed=cfg.run.seed)
    console.info(f"DPO ({reason}): {int(stats['pairs'])} pairs from {int(stats['prompts'])} prompts "
                 f"({stats['chosen_from_policy']:.0%} chosen from the policy's own samples)")
    if not len(ds):
        raise WorkError("DPO: no preference pairs (every candidate scored the same); check the reward or use harder/easier tasks")
    args = DPOConfig(max_steps=d.steps, learning_rate=d.lr, beta=d.beta, per_device_train_batch_size=d.batch_size,
                     lr_scheduler_type="constant", max_length=cfg.sft.max_length, **trainer_args(cfg, run, "dpo"))
    stopper = StopOnSignal().install()
    try:
        trainer = tidy_trainer(DPOTrainer(model=model, args=args, train_dataset=ds, processing_class=tokenizer,
                                          callbacks=[MetricsCallback(run, "dpo"), stopper]))
        ckpt = last_checkpoint(run.stage_dir("dpo")) if resume else None
        if ckpt:
            run.truncate_metrics("dpo", int(ckpt.rsplit("-", 1)[-1]))
        trainer.train(resume_from_checkpoint=ckpt)
    finally:
        stopper.uninstall()
    if stopper.requested:
        raise WorkError(f"DPO stopped at step {trainer.state.global_step} on request; continue with --resume")
    run.update_summary(dpo={"reason": reason, **stats, "steps": int(trainer.state.global_step)})
    save_stage(trainer.model, tokenizer, run, "dpo")
    return trainer.model
