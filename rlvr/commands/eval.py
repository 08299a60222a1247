"""``rlvr eval``: held-out evaluation of a model, ``rlvr eval rescore`` and ``rlvr eval compare``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rlvr import console

app = typer.Typer(
    help="Evaluate a model on held-out tasks (pass@k, maj@k, best-of-k, stance and calibration); rescore or compare runs.",
    invoke_without_command=True,
)


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model folder or cached hub id (any causal LM).")] = None,
    adapter: Annotated[str | None, typer.Option("--adapter", help="A LoRA adapter folder to attach (peft).")] = None,
    suites: Annotated[str | None, typer.Option("--suites", "-s", help="Comma-separated suites (default: those the model trained on, else all).")] = None,
    generators: Annotated[str | None, typer.Option("--generators", "-g", help="Comma-separated generators (default: those the model trained on, else all).")] = None,
    n: Annotated[int | None, typer.Option("--n", "-n", help="Tasks per suite and difficulty level (default 200; with --data: the first N).")] = None,
    k: Annotated[int, typer.Option("-k", help="Samples per task (pass@k, maj@k, best-of-k).")] = 1,
    temperature: Annotated[float | None, typer.Option(help="Sampling temperature (default: 0 = greedy for k=1, 0.8 for k>1).")] = None,
    top_p: Annotated[float, typer.Option("--top-p", help="Nucleus sampling mass.")] = 1.0,
    max_new_tokens: Annotated[int, typer.Option("--max-new-tokens", help="Token limit per completion.")] = 256,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Sequences per generate call.")] = 16,
    split: Annotated[str, typer.Option(help="heldout (default) or train.")] = "heldout",
    difficulty: Annotated[str | None, typer.Option(help="Level(s): 2, 1,3 or 1-3 (default: the training level, else 1).")] = None,
    ood: Annotated[bool, typer.Option("--ood", help="One level harder than anything the checkpoint trained on.")] = False,
    data: Annotated[Path | None, typer.Option("--data", help="A task file instead of generated tasks.")] = None,
    data_format: Annotated[str, typer.Option("--format", help="Task file format (auto, rlvr, gsm8k, math, qa, humaneval, mbpp, ...).")] = "auto",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Run folder (default runs/eval/<model>-<time>).")] = None,
    seed: Annotated[int, typer.Option(help="Seed for task generation and sampling.")] = 0,
    stance: Annotated[str, typer.Option(help="Stance reading: auto (protocol where the suite uses it), protocol, free, plain.")] = "auto",
    train_run: Annotated[Path | None, typer.Option("--train-run", help="The training run folder, when the model is not inside it.")] = None,
    allow_overlap: Annotated[bool, typer.Option("--allow-overlap", help="Evaluate even if tasks were in the training data.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing run in --out.")] = False,
    verifier_option: Annotated[
        list[str] | None,
        typer.Option("--verifier-option", "-O", help="VERIFIER.KEY=VALUE passed to that verifier (repeatable).", metavar="V.K=V"),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print results.json to stdout instead of the table.")] = False,
) -> None:
    """Evaluate MODEL on held-out tasks and write results.json, samples.jsonl, report.md and plots to a run folder."""
    if ctx.invoked_subcommand is not None:
        return
    from rlvr.commands.options import split_csv
    from rlvr.errors import UsageError
    from rlvr.eval.job import EvalRequest, parse_levels, run_eval
    from rlvr.eval.report import print_table

    if model is None:
        raise UsageError("rlvr eval needs --model PATH_OR_ID (or a subcommand: rlvr eval rescore RUN_DIR, rlvr eval compare RUN_A RUN_B)")
    req = EvalRequest(
        model=model, adapter=adapter, suites=split_csv(suites), generators=split_csv(generators), n=n, k=k,
        temperature=temperature, top_p=top_p, max_new_tokens=max_new_tokens, batch_size=batch_size, split=split,
        difficulty=parse_levels(difficulty), ood=ood, data=str(data) if data else None, data_format=data_format,
        out=str(out) if out else None, seed=seed, stance=stance, train_run=str(train_run) if train_run else None,
        allow_overlap=allow_overlap, overwrite=overwrite, verifier_options=_verifier_options(verifier_option or []),
    )
    results, run_dir = run_eval(req)
    if json_out:
        console.print_json(results)
        return
    print_table(results)
    console.info(f"wrote {run_dir}/: results.json, samples.jsonl, report.md and plots")


def _verifier_options(items: list[str]) -> dict[str, dict[str, object]]:
    """``["code.sandbox=bwrap"]`` -> ``{"code": {"sandbox": "bwrap"}}`` (values read as YAML scalars)."""
    from rlvr.commands.options import parse_assignments
    from rlvr.errors import UsageError

    options: dict[str, dict[str, object]] = {}
    for key, value in parse_assignments(items, "--verifier-option").items():
        name, dot, opt = key.partition(".")
        if not dot or not opt:
            raise UsageError(f"--verifier-option expects VERIFIER.KEY=VALUE, got {key!r}")
        options.setdefault(name, {})[opt] = value
    return options


@app.command("rescore")
def rescore(
    run_dir: Annotated[Path, typer.Argument(help="A folder `rlvr eval` wrote.", metavar="RUN_DIR")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the new results.json to stdout.")] = False,
) -> None:
    """Re-read stances and re-verify every saved sample with the current verifiers; rewrite the run's results."""
    from rlvr.eval.report import fmt, print_table
    from rlvr.eval.rescore import rescore_run

    out = rescore_run(run_dir)
    new, old = out["results"], out["previous"]
    if json_out:
        console.print_json(new)
        return
    print_table(new, title=f"rescored {run_dir}")
    console.info(f"{out['changed']} of {new['n_samples']} verdicts changed; accuracy {fmt(old.get('accuracy'))} -> {fmt(new['accuracy'])};"
                 f" previous results kept in {Path(run_dir) / 'results.prev.json'}")


@app.command("compare")
def compare(
    run_a: Annotated[Path, typer.Argument(help="Baseline run folder.", metavar="RUN_A")],
    run_b: Annotated[Path, typer.Argument(help="Run folder compared with it.", metavar="RUN_B")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Print each metric in both runs and the difference B - A with its 95% bootstrap interval."""
    from rich.table import Table

    from rlvr.eval.compare import compare_runs
    from rlvr.eval.report import fmt

    cmp = compare_runs(run_a, run_b)
    if json_out:
        console.print_json(cmp)
        return
    kind = "paired by task" if cmp["paired"] else f"unpaired ({cmp['shared_tasks']} shared tasks)"
    if cmp["paired"] and cmp["same_seed"] and cmp["identical_samples"] is not None:
        kind += f", same seed: {cmp['identical_samples']:.0%} of samples identical"
    table = Table(title=f"B - A: {run_b} vs {run_a} ({kind}, k={cmp['k']})")
    for c in ("metric", "A", "B", "B - A", "95% CI", ""):
        table.add_column(c, justify="left" if c == "metric" else "right")
    for name, m in cmp["metrics"].items():
        lo, hi = m["ci"]
        table.add_row(name, fmt(m["a"]), fmt(m["b"]), f"{m['diff']:+.3f}", f"[{fmt(lo)}, {fmt(hi)}]", "*" if m["significant"] else "")
    console.out.print(table)
    if any(m["significant"] for m in cmp["metrics"].values()):
        console.info("* the interval excludes 0: a difference the data supports")
    else:
        console.info("no interval excludes 0: no difference the data supports")
