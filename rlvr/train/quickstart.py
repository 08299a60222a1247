"""``rlvr quickstart``: the whole product on the built-in model in under 10 minutes on 2 CPU cores.

Builds the tiny character model, SFT warm-starts it on worked arithmetic solutions (with hedged and
"I don't know" shares), trains it with GRPO on the hedging-aware (schulman) reward, and evaluates the
untrained, SFT and RL models on the same held-out tasks, 8 samples per task at temperature 0.8 (accuracy is
the mean over samples, pass@1 estimated from k; RL trains the sampling policy; every stage draws the same
random numbers per batch, so the RL - SFT comparison is paired sample for sample, not only task for task).
Writes ``<out>/summary.json``::

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
    "sft.steps=550",  # column-working solutions: 450 steps 0.61, 550 0.89, 700 0.96 held-out (greedy)
    "sft.hedge_difficulty=1",  # hedged examples at the training level: RL can then move the stance on the items it trains on
    "rl.algo=grpo",
    "rl.steps=300",
    "rl.prompts_per_step=8",
    "rl.num_generations=8",
    "rl.temperature=0.7",
    "rl.lr=1e-5",  # measured: 5e-5 loses 13 points in 100 steps, 2e-5 3 points in 200; 1e-5 is the largest that does no harm
    "rl.warmup_steps=10",
    "curriculum.enabled=false",  # held-out tasks are difficulty 1; the RL pool stays there
    "eval.n=400",  # 200 tasks gave RL - SFT +0.023 [-0.009, +0.056]; 400 with shared random numbers: +/-0.015
    "eval.k=8",  # 8 samples per task at the temperature RL samples near: RL trains the sampling policy, and with
    "eval.temperature=0.8",  # greedy decoding RL's change was +0.003 [-0.030, +0.037], with sampling +0.034 [+0.007, +0.063]
    "run.stages=[sft, rl]",
    "run.save_steps=100",
]


def quickstart_config(out: Path, sets: list[str]) -> Any:
    from rlvr.config import load_config
    from rlvr.train.config import RunConfig

    return load_config(RunConfig, None, [*QUICKSTART, f"run.out_dir={out}", *sets])


def print_table(summary: dict[str, Any]) -> None:
    from rich.table import Table

    e = summary.get("eval") or {}
    title = "rlvr quickstart: held-out" + (f", {e['k']} samples per task at T {e['temperature']}" if e.get("k", 1) > 1 else ", greedy")
    table = Table("stage", "accuracy", "95% CI", "conf. errors", "hedged", "abstain", title=title)
    for stage, r in summary["stages"].items():
        rates = r.get("stance_rates") or {}
        lo, hi = r["accuracy_ci"]
        table.add_row(stage, f"{r['accuracy']:.3f}", f"[{lo:.3f}, {hi:.3f}]", f"{r['confident_error_rate']:.3f}",
                      f"{rates.get('hedged', 0):.3f}", f"{rates.get('abstain', 0):.3f}")
    console.out.print(table)
    change = summary.get("rl_vs_sft")
    if change:
        acc, cer = change["accuracy"], change["confident_error_rate"]
        console.out.print(f"RL - SFT (paired bootstrap, 95%): accuracy {acc[0]:+.3f} [{acc[1]:+.3f}, {acc[2]:+.3f}], "
                          f"confident-error rate {cer[0]:+.3f} [{cer[1]:+.3f}, {cer[2]:+.3f}]", highlight=False)
    console.out.print(f"wall time {summary['wall_seconds']:.0f} s; models in {summary['run_dir']}/sft and {summary['run_dir']}/rl; "
                      f"summary {summary['run_dir']}/summary.json", highlight=False)


def paired_change(run_dir: Path, before: str, after: str) -> dict[str, list[float]]:
    """Per-task paired bootstrap of ``after - before`` on the same held-out tasks: accuracy and confident errors.

    Pairing removes between-task variance, so this interval is the honest test of "RL beat SFT".
    """
    from rlvr.eval import paired_bootstrap_diff
    from rlvr.jsonl import read_jsonl

    def per_task(stage: str) -> dict[str, tuple[float, float]]:
        """Each task's share of right samples and of confident errors (k samples, or the one greedy one)."""
        rows: dict[str, list[tuple[float, float]]] = {}
        for r in read_jsonl(run_dir / "eval" / stage / "samples.jsonl"):
            ok = r["verdict"]["status"] == "pass"
            rows.setdefault(r["task"]["id"], []).append((float(ok), float(r["stance"]["kind"] == "unhedged" and not ok)))
        return {t: (sum(a for a, _ in v) / len(v), sum(b for _, b in v) / len(v)) for t, v in rows.items()}

    a, b = per_task(before), per_task(after)
    ids = sorted(set(a) & set(b))
    out = {}
    for i, name in enumerate(("accuracy", "confident_error_rate")):
        d, lo, hi = paired_bootstrap_diff([a[t][i] for t in ids], [b[t][i] for t in ids])
        out[name] = [round(d, 4), round(lo, 4), round(hi, 4)]
    return out


def run_quickstart(out: Path, sets: list[str], *, resume: bool = False, json_out: bool = False) -> dict[str, Any]:
    from rlvr.train.pipeline import run_pipeline
    from rlvr.train.runs import RunDir

    cfg = quickstart_config(out, sets)
    summary = run_pipeline(cfg, resume=resume, evaluate=True, stages=list(cfg.run.stages))
    if {"sft", "rl"} <= set(summary["stages"]):
        summary = RunDir(out).update_summary(rl_vs_sft=paired_change(Path(out), "sft", "rl"),
                                             eval={"n": cfg.eval.n, "k": cfg.eval.k, "temperature": cfg.eval.temperature})
    if json_out:
        console.print_json(summary)
    else:
        print_table(summary)
    return summary
