"""``rlvr export``: copy a trained model out of a run folder, merging a LoRA adapter into its base on request."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rlvr import console


def main(
    model: Annotated[str, typer.Argument(help="Model folder, adapter folder, or hub id (e.g. runs/train/rl).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the exported model to.")],
    merge: Annotated[bool, typer.Option("--merge", help="Merge the LoRA adapter into the base weights (a plain model folder).")] = False,
    adapter: Annotated[str | None, typer.Option("--adapter", help="A LoRA adapter folder to load on top of MODEL.")] = None,
) -> None:
    """Export a model folder; with --merge, fold a LoRA adapter into the base weights so no peft is needed to load it."""
    from rlvr.errors import UsageError
    from rlvr.train.lora import is_peft
    from rlvr.train.model import load_model, save_model

    m, tok = load_model(model, adapter=adapter)
    if merge:
        if not is_peft(m):
            raise UsageError(f"--merge: {model} has no LoRA adapter to merge; export without --merge, or pass --adapter")
        m = m.merge_and_unload()
    out_dir = save_model(m, tok, out)
    kind = "adapter only" if (out_dir / "adapter_config.json").is_file() else "full model"
    console.info(f"exported {kind} to {out_dir}")
