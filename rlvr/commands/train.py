"""``rlvr train``: SFT warm-start, RL on verifier rewards (grpo / dr_grpo / dapo / rloo), DPO, or the whole pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from rlvr import console

app = typer.Typer(help="Train: SFT warm-start, RL on verifier rewards, DPO, or the whole pipeline (run folder, resume, LoRA).",
                  no_args_is_help=True)

ConfigOpt = Annotated[Path | None, typer.Option("--config", "-c", help="Run config YAML (see docs/training.md).")]
SetOpt = Annotated[list[str] | None, typer.Option("--set", help="Override a config key: --set rl.lr=1e-5 (repeatable).", metavar="KEY=VALUE")]
ModelOpt = Annotated[str | None, typer.Option("--model", "-m", help="Model folder or hub id (default: the built-in tiny model).")]
SuitesOpt = Annotated[str | None, typer.Option("--suites", "-s", help="Comma-separated suites to train on.")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Run folder (config, metrics, checkpoints, models).")]
LoraOpt = Annotated[str | None, typer.Option("--lora", help="Train a LoRA adapter: r=16,alpha=32,targets=q_proj,v_proj")]
StepsOpt = Annotated[int | None, typer.Option("--steps", help="Steps for this stage.")]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="Continue the run in --out from its last checkpoint.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")]


def build_config(config: Path | None, sets: list[str] | None, *, model: str | None = None, suites: str | None = None,
                 out: Path | None = None, lora: str | None = None, extra: list[str] | None = None) -> Any:
    """Resolve a RunConfig from --config, the convenience flags, then --set (which wins)."""
    from rlvr.commands.options import split_csv
    from rlvr.config import load_config
    from rlvr.train.config import RunConfig, parse_lora

    overrides = list(extra or [])
    if model:
        overrides.append(f"model.path={model}")
    if suites:
        overrides += [f"data.suites=[{', '.join(split_csv(suites))}]", "data.generators=[]"]
    if out:
        overrides.append(f"run.out_dir={out}")
    if lora:
        for key, value in parse_lora(lora).items():
            overrides.append(f"lora.{key}=[{', '.join(value)}]" if isinstance(value, list) else f"lora.{key}={str(value).lower()}")
    return load_config(RunConfig, config, overrides + list(sets or []))


def _report(summary: dict[str, Any], json_out: bool) -> None:
    if json_out:
        console.print_json(summary)
        return
    if summary.get("stages"):
        from rlvr.train.stage_report import print_stages

        print_stages(summary)
    else:
        console.info(f"done in {summary.get('wall_seconds', 0):.0f}s; run folder {summary.get('run_dir')}")
    if summary.get("fallback"):
        console.info(f"fallback: switched to {summary['fallback']['switched_to']} ({summary['fallback']['reason']})")


def _run(cfg: Any, stages: list[str], resume: bool, json_out: bool, evaluate: bool = False) -> None:
    from rlvr.train.pipeline import run_pipeline

    _report(run_pipeline(cfg, resume=resume, evaluate=evaluate, stages=stages), json_out)


@app.command("sft")
def sft(config: ConfigOpt = None, set_: SetOpt = None, model: ModelOpt = None, suites: SuitesOpt = None, out: OutOpt = None,
        lora: LoraOpt = None, steps: StepsOpt = None, resume: ResumeOpt = False, json_out: JsonOpt = False) -> None:
    """SFT warm-start on generator-written worked solutions (with hedged and "I don't know" shares)."""
    extra = [f"sft.steps={steps}"] if steps is not None else []
    _run(build_config(config, set_, model=model, suites=suites, out=out, lora=lora, extra=extra), ["sft"], resume, json_out)


@app.command("grpo")
def grpo(config: ConfigOpt = None, set_: SetOpt = None, model: ModelOpt = None, suites: SuitesOpt = None, out: OutOpt = None,
         lora: LoraOpt = None, steps: StepsOpt = None, resume: ResumeOpt = False, json_out: JsonOpt = False,
         algo: Annotated[str | None, typer.Option("--algo", help="grpo | dr_grpo | dapo | rloo")] = None) -> None:
    """RL on verifier rewards from --model (TRL GRPOTrainer / RLOOTrainer), with probes, curriculum and DPO fallback."""
    extra = [f"rl.steps={steps}"] if steps is not None else []
    if algo:
        extra.append(f"rl.algo={algo}")
    _run(build_config(config, set_, model=model, suites=suites, out=out, lora=lora, extra=extra), ["rl"], resume, json_out)


@app.command("dpo")
def dpo(config: ConfigOpt = None, set_: SetOpt = None, model: ModelOpt = None, suites: SuitesOpt = None, out: OutOpt = None,
        lora: LoraOpt = None, steps: StepsOpt = None, resume: ResumeOpt = False, json_out: JsonOpt = False) -> None:
    """DPO on pairs built from verifier-ranked samples of --model (the RL fallback, on request)."""
    extra = [f"dpo.steps={steps}"] if steps is not None else []
    _run(build_config(config, set_, model=model, suites=suites, out=out, lora=lora, extra=extra), ["dpo"], resume, json_out)


@app.command("pipeline")
def pipeline(config: ConfigOpt = None, set_: SetOpt = None, model: ModelOpt = None, suites: SuitesOpt = None, out: OutOpt = None,
             lora: LoraOpt = None, resume: ResumeOpt = False, json_out: JsonOpt = False,
             evaluate: Annotated[bool, typer.Option("--eval/--no-eval", help="Evaluate held-out after each stage.")] = True) -> None:
    """Run the stages in run.stages (default sft, rl; DPO when the fallback triggers) and evaluate each on held-out tasks."""
    cfg = build_config(config, set_, model=model, suites=suites, out=out, lora=lora)
    _run(cfg, list(cfg.run.stages), resume, json_out, evaluate=evaluate)
