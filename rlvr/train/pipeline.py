"""The pipeline: base model -> SFT -> RL (-> DPO fallback) -> held-out evaluation, for any model and suites.

``rlvr train pipeline --config FILE`` and ``rlvr quickstart`` both run ``run_pipeline``. Each stage
saves a loadable model folder under the run folder; with ``resume`` a finished stage is loaded rather
than re-run, and an interrupted one continues from its last checkpoint.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

from rlvr import console
from rlvr.train.runs import RunDir, set_seed

__all__ = ["prepare", "base_model", "stage_done", "load_stage", "heldout_tasks", "evaluate_stage", "run_pipeline", "STAGE_ORDER"]

STAGE_ORDER = ("sft", "rl", "dpo")


def prepare(cfg: Any) -> RunDir:
    """Create the run folder, write the resolved config, seed everything, set torch threads."""
    from rlvr.train.model import quiet_transformers

    quiet_transformers()
    if cfg.run.threads:
        import torch

        torch.set_num_threads(cfg.run.threads)
    set_seed(cfg.run.seed)
    return RunDir(cfg.run.out_dir).start(cfg)


def base_model(cfg: Any, run: RunDir) -> tuple[Any, Any]:
    """The starting model: ``model.path`` (+ ``model.adapter``), or the built-in preset saved to ``<run>/base``.

    The built-in model is saved first so a LoRA adapter trained on it records a base folder that loads.
    """
    from rlvr.train.model import build_tiny_model, load_model

    if cfg.model.path:
        model, tok = load_model(cfg.model.path, adapter=cfg.model.adapter, trainable=cfg.lora.enabled)
    else:
        base = run.path / "base"
        if not (base / "config.json").is_file():
            build_tiny_model(cfg.model.preset, out_dir=base, seed=cfg.run.seed)
        model, tok = load_model(base)
    auto_threads(cfg, model)
    return model, tok


def auto_threads(cfg: Any, model: Any) -> None:
    """``run.threads`` torch threads when set; otherwise torch's default (one per core), which is right once
    OpenMP waits passively (``rlvr.train`` sets ``OMP_WAIT_POLICY=PASSIVE``; see RunSection.threads)."""
    if cfg.run.threads is None and os.environ.get("OMP_WAIT_POLICY", "").upper() != "PASSIVE":
        import torch

        torch.set_num_threads(1)  # active spin-wait (the env var was set otherwise): one thread is the safe choice


def stage_done(run: RunDir, stage: str) -> bool:
    d = run.model_dir(stage)
    return (d / "config.json").is_file() or (d / "adapter_config.json").is_file()


def load_stage(cfg: Any, run: RunDir, stage: str) -> tuple[Any, Any]:
    from rlvr.train.model import load_model

    return load_model(run.model_dir(stage), trainable=cfg.lora.enabled)


def heldout_tasks(cfg: Any) -> list[Any]:
    """Held-out tasks for evaluation: the suites' held-out split (never trained on), or the task file's tail."""
    from rlvr.train.data import generate_tasks, load_task_file

    d = cfg.data
    if d.task_file:
        return load_task_file(d.task_file)[-cfg.eval.n:]
    return generate_tasks(d.suites, d.generators, count=cfg.eval.n, difficulty=d.difficulty, split="heldout", seed=d.seed)


def evaluate_stage(cfg: Any, run: RunDir, stage: str, model: Any, tokenizer: Any, tasks: list[Any], *,
                   seed: int | None = None) -> dict[str, Any]:
    """Held-out results of one stage via the eval helper's ``evaluate_tasks``, written to ``<run>/eval/<stage>``.

    ``seed`` (default ``run.seed``): the sampling seed; runs evaluated with the same one share random numbers."""
    from rlvr.eval import evaluate_tasks

    e = cfg.eval
    was_training = model.training
    model.eval()
    res = evaluate_tasks(model, tokenizer, tasks, k=e.k, temperature=e.temperature, max_new_tokens=e.max_new_tokens,
                         batch_size=e.batch_size, out_dir=run.path / "eval" / stage,
                         seed=cfg.run.seed if seed is None else seed, info={"stage": stage})
    model.train(was_training)
    return res


def run_pipeline(cfg: Any, *, resume: bool = False, evaluate: bool = False, stages: list[str] | None = None) -> dict[str, Any]:
    """Run ``stages`` (default ``run.stages``) in order; return the run summary (also in ``<run>/summary.json``)."""
    from rlvr.train.dpo import run_dpo
    from rlvr.train.rl import run_rl
    from rlvr.train.sft import run_sft

    t0 = time.time()
    fresh = not Path(cfg.run.out_dir).exists()
    run = prepare(cfg)
    stages = [s for s in STAGE_ORDER if s in (stages or cfg.run.stages)]
    try:
        model, tok = base_model(cfg, run)
    except BaseException:  # a bad model path or adapter: leave no half-made run folder behind
        if fresh:
            shutil.rmtree(run.path, ignore_errors=True)
        raise
    held = heldout_tasks(cfg) if evaluate else []
    results: dict[str, Any] = {}
    if evaluate:
        results["base"] = evaluate_stage(cfg, run, "base", model, tok, held)
    summary: dict[str, Any] = {"stages_run": [], "fallback": None}
    for stage in stages:
        if resume and stage_done(run, stage):
            console.info(f"{stage}: already finished in {run.model_dir(stage)}; loading it")
            model, tok = load_stage(cfg, run, stage)
            summary["stages_run"].append(stage)
            if evaluate:
                results[stage] = evaluate_stage(cfg, run, stage, model, tok, held)
            continue
        if stage == "sft":
            model = run_sft(cfg, run, model, tok, resume=resume)
        elif stage == "rl":
            res = run_rl(cfg, run, model, tok, resume=resume)
            model = res.model
            summary["rl"] = {"steps": res.steps, "curriculum_moves": res.curriculum["moves"], "final_levels": res.curriculum["level"],
                             "probes": res.probes, "informative_frac_last": res.curriculum["informative"][-1:]}
            if res.fallback:
                f = cfg.fallback
                reason = f"informative groups below {f.min_informative:.0%} for {f.window} steps at RL step {res.steps}"
                summary["fallback"] = {"switched_to": "dpo", "reason": reason}
                console.warn(f"switching to DPO: {reason}")
                from rlvr.train.data import rl_pool

                model = run_dpo(cfg, run, model, tok, _fallback_tasks(cfg, rl_pool(cfg)), resume=resume, reason=reason)
                summary["stages_run"].append("dpo (fallback)")
                if evaluate:
                    results["dpo"] = evaluate_stage(cfg, run, "dpo", model, tok, held)
        elif stage == "dpo":
            from rlvr.train.data import rl_pool

            model = run_dpo(cfg, run, model, tok, _fallback_tasks(cfg, rl_pool(cfg)), resume=resume, reason="requested")
        summary["stages_run"].append(stage)
        if evaluate:
            results[stage] = evaluate_stage(cfg, run, stage, model, tok, held)
    summary["stages"] = {name: _headline(r) for name, r in results.items()}
    if evaluate:
        from rlvr.train.stage_report import stage_changes

        summary["eval"] = {"n": len(held), "k": cfg.eval.k, "temperature": cfg.eval.temperature}
        summary["changes"] = stage_changes(run.path, list(results))
    summary["wall_seconds"] = round(time.time() - t0, 1)
    summary["run_dir"] = str(run.path)
    from rlvr.train.plots import plot_run

    summary["plots"] = [str(p) for p in plot_run(run)]
    run.update_summary(**summary)
    return summary


def _fallback_tasks(cfg: Any, pool: list[Any]) -> list[Any]:
    """Training tasks at the configured difficulty, shuffled by the run seed, for DPO pair building."""
    import random

    level = [t for t in pool if t.meta.get("difficulty") in (cfg.data.difficulty, None)] or pool
    random.Random(cfg.run.seed).shuffle(level)
    return level[: cfg.dpo.prompts]


def _headline(results: dict[str, Any]) -> dict[str, Any]:
    """The per-stage numbers of summary.json: accuracy and confident-error rate with their bootstrap CIs, stances."""
    keys = ("accuracy", "accuracy_ci", "confident_error_rate", "confident_error_rate_ci", "n_tasks", "expected_reward")
    out = {k: results[k] for k in keys if k in results}
    out["stance_rates"] = (results.get("stance") or {}).get("rates")
    return out

