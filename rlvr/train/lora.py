"""LoRA via peft on every stage: one adapter carried through SFT, RL and DPO, saved on its own, merged on export.

The adapter always sits on the same base model (the folder named in its ``adapter_config.json``), so any
stage's adapter loads with ``load_model(adapter_dir)`` and merges with ``rlvr export --merge``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rlvr.errors import ConfigError, ModelLoadError

__all__ = ["peft_config", "attach_lora", "is_peft", "merge_adapter"]


def peft_config(section: Any) -> Any:
    """A peft ``LoraConfig`` from the run config's ``lora`` section, or None when LoRA is off."""
    if not section.enabled:
        return None
    from peft import LoraConfig

    return LoraConfig(r=section.r, lora_alpha=section.alpha, lora_dropout=section.dropout,
                      target_modules=list(section.targets), task_type="CAUSAL_LM")


def is_peft(model: Any) -> bool:
    return hasattr(model, "peft_config") and hasattr(model, "get_base_model")


def attach_lora(model: Any, section: Any) -> Any:
    """Wrap ``model`` in a fresh trainable adapter (no-op when LoRA is off or an adapter is already attached)."""
    if not section.enabled or is_peft(model):
        return model
    from peft import get_peft_model

    names = {n.rsplit(".", 1)[-1] for n, _ in model.named_modules()}
    missing = [t for t in section.targets if t not in names]
    if missing:
        raise ConfigError(f"lora.targets {missing} are not modules of this model; modules include: {', '.join(sorted(names)[:20])}")
    return get_peft_model(model, peft_config(section))


def merge_adapter(adapter_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str], *, base: str | None = None) -> Path:
    """Load ``base`` (or the adapter's recorded base) with the adapter, merge the weights, save a plain model folder."""
    from rlvr.train.model import load_model, save_model

    a = Path(adapter_dir)
    if not (a / "adapter_config.json").is_file():
        raise ModelLoadError(f"{a} holds no LoRA adapter (no adapter_config.json); nothing to merge")
    model, tok = load_model(base, adapter=a) if base else load_model(a)
    merged = model.merge_and_unload()
    return save_model(merged, tok, out_dir)
