"""``rlvr quickstart``: the whole product on the built-in model in under 10 minutes on 2 CPU cores.

Builds the tiny character model, SFT warm-starts it on worked arithmetic solutions (with hedged and
"I don't know" shares), trains it with GRPO on the hedging-aware (schulman) reward, and evaluates the
untrained, SFT and RL models on the same held-out tasks. Writes ``<out>/summary.json``::

    {"stages": {"base": {...}, "sft": {...}, "rl": {...}}, "wall_seconds": ...}

with ``accuracy``, ``accuracy_ci`` and ``confident_error_rate`` per stage; ``<out>/sft/`` and
``<out>/rl/`` are loadable model folders. The settings below were chosen by measurement
(docs/training.md records the runs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rlvr import console

__all__ = ["QUICKSTART", "quickstart_config", "run_quickstart", "print_table"]

# Overrides on RunConfig's defaults; each line was measured (docs/training.md, "Choosing the quickstart settings").
QUICKSTART: list[str] = [
    "model.preset=tiny",
    "data.suites=[math]",
    "data.generators=[arithmetic]",
    "data.difficulty=1",
    "data.train_size=2000",
    "sft.steps=1000",
    "rl.algo=grpo",
    "rl.steps=150",
    "rl.prompts_per_step=8",
    "rl.num_generations=8",
    "rl.temperature=0.7",
    "rl.lr=5e-5",
    "eval.n=300",
    "run.stages=[sft, rl]",
    "run.save_steps=100",
]


def quickstart_config(out: Path, sets: list[str]) -> Any:
    from rlvr.config import load_config
    from rlvr.train.config import RunConfig

    return load_config(RunConfig, None, [*QUICKSTART, f"run.out_dir={out}", *sets])


def print_table(summary: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table("stage", "held-out accuracy", "95% CI", "confident-error rate", "hedged", "abstain", title="rlvr quickstart")
    for stage, r in summary["stages"].items():
        rates = r.get("stance_rates") or {}
        lo, hi = r["accuracy_ci"]
        table.add_row(stage, f"{r['accuracy']:.3f}", f"[{lo:.3f}, {hi:.3f}]", f"{r['confident_error_rate']:.3f}",
                      f"{rates.get('hedged', 0):.3f}", f"{rates.get('abstain', 0):.3f}")
    console.out.print(table)
    console.out.print(f"wall time {summary['wall_seconds']:.0f} s; models in {summary['run_dir']}/sft and {summary['run_dir']}/rl; "
                      f"summary {summary['run_dir']}/summary.json", highlight=False)


def run_quickstart(out: Path, sets: list[str], *, resume: bool = False, json_out: bool = False) -> dict[str, Any]:
    from rlvr.train.pipeline import run_pipeline

    cfg = quickstart_config(out, sets)
    summary = run_pipeline(cfg, resume=resume, evaluate=True, stages=list(cfg.run.stages))
    if json_out:
        console.print_json(summary)
    else:
        print_table(summary)
    return summary
