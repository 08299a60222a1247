"""SFT warm-start: TRL's SFTTrainer on worked solutions, completion-only loss, with hedged and "I don't know" shares.

>>> # rlvr train sft --set sft.steps=1500 --set run.out_dir=runs/sft   (see docs/training.md)
"""

from __future__ import annotations

from typing import Any

from rlvr import console
from rlvr.train.data import sft_dataset, sft_tasks
from rlvr.train.lora import attach_lora
from rlvr.train.runs import MetricsCallback, RunDir, StopOnSignal, last_checkpoint, tidy_trainer, trainer_args

__all__ = ["run_sft"]


def run_sft(cfg: Any, run: RunDir, model: Any, tokenizer: Any, *, resume: bool = False) -> Any:
    """Train ``model`` for ``cfg.sft.steps`` steps; save it to ``<run>/sft/model``; return the trained model."""
    from trl import SFTConfig, SFTTrainer

    s = cfg.sft
    plain, hedged, abstain = sft_tasks(cfg)
    ds = sft_dataset(plain, tokenizer, hedged=hedged, abstain=abstain)
    console.info(f"SFT: {len(plain)} worked solutions, {len(hedged)} hedged, {len(abstain)} \"I don't know\"; {s.steps} steps")
    args = SFTConfig(
        max_steps=s.steps,
        per_device_train_batch_size=s.batch_size,
        learning_rate=s.lr,
        lr_scheduler_type="cosine",
        warmup_steps=s.warmup_steps,
        max_length=s.max_length,
        completion_only_loss=True,  # learn the answer, not the question
        dataset_num_proc=None,
        **trainer_args(cfg, run, "sft"),
    )
    model = attach_lora(model, cfg.lora)
    stopper = StopOnSignal().install()
    try:
        trainer = SFTTrainer(model=model, args=args, train_dataset=ds, processing_class=tokenizer,
                             callbacks=[MetricsCallback(run, "sft"), stopper])
        tidy_trainer(trainer)
        ckpt = last_checkpoint(run.stage_dir("sft")) if resume else None
        if ckpt:
            run.truncate_metrics("sft", int(ckpt.rsplit("-", 1)[-1]))
            console.info(f"SFT: resuming from {ckpt}")
        trainer.train(resume_from_checkpoint=ckpt)
    finally:
        stopper.uninstall()
    if stopper.requested:
        from rlvr.errors import WorkError

        raise WorkError(f"SFT stopped at step {trainer.state.global_step} on request; continue with --resume")
    save_stage(trainer.model, tokenizer, run, "sft")
    return trainer.model


def save_stage(model: Any, tokenizer: Any, run: RunDir, stage: str) -> None:
    """Save the stage's final model (only the adapter for a LoRA model) to ``<run>/<stage>/model``."""
    from rlvr.train.model import save_model

    out = save_model(model, tokenizer, run.model_dir(stage))
    console.info(f"{stage}: saved {'adapter' if (out / 'adapter_config.json').is_file() else 'model'} to {out}")
