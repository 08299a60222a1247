"""``rlvr quickstart``: the built-in model learns arithmetic: SFT warm-start, GRPO with the hedging reward, held-out eval."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def main(
    out: Annotated[Path, typer.Option("--out", "-o", help="Run folder.")] = Path("runs/quickstart"),
    set_: Annotated[list[str] | None, typer.Option("--set", help="Override a quickstart setting: --set rl.steps=100.", metavar="KEY=VALUE")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted quickstart in --out.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print summary.json instead of the table.")] = False,
) -> None:
    """Build the tiny model, SFT it, train it with GRPO on the hedging-aware reward, and evaluate base / SFT / RL on held-out tasks."""
    from rlvr.train.quickstart import run_quickstart

    run_quickstart(out, set_ or [], resume=resume, json_out=json_out)
