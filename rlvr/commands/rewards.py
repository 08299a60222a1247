"""``rlvr rewards``: explain a reward table, read a completion's stance, score completions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rlvr import console

app = typer.Typer(help="Reward tables and stances: explain a table, read a completion's stance, score completions.",
                  no_args_is_help=True)

TABLE_HELP = "A preset (schulman, binary, graded), a proper score (log, brier) or a .yaml/.json table file."


@app.command("explain")
def explain_cmd(
    table: Annotated[str, typer.Option("--table", "-t", help=TABLE_HELP, metavar="NAME|FILE")] = "schulman",
    json_out: Annotated[bool, typer.Option("--json", help="Print {table, bands, never_best, ...} as JSON, fractions as strings.")] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a PNG of expected reward against p per stance.", metavar="PATH")] = None,
) -> None:
    """For each stance, the band of p (the model's probability of being right) where it maximises expected reward.

    A stance that is never strictly best is warned about: a policy maximising the reward has no reason
    to take it (with ``schulman``, hedged ties the others only at p = 4/5; ``graded`` gives it a band).
    """
    from rlvr.rewards.explain import explain, plot_table

    doc = explain(table)
    if plot is not None:
        plot_table(table, plot)
    if json_out:
        console.print_json(doc)
        return
    from rich.table import Table

    values = doc["values"]
    grid = Table("stance", "if right", "if wrong", "best for p in", title=f"reward table {doc['table']}", title_justify="left")
    for s, band in doc["bands"].items():
        right, wrong = (values["abstain"],) * 2 if s == "abstain" else (values[s]["correct"], values[s]["wrong"])
        weak = doc["weak_bands"][s]
        shown = f"[{band[0]}, {band[1]}]" if band else "[yellow]never strictly best[/yellow]"
        if not band and weak:
            shown += f" (ties on [{weak[0]}, {weak[1]}])" if weak[0] != weak[1] else f" (ties at p = {weak[0]})"
        if band and "proper" in doc:  # log scores are irrational: decimals read better than 12-digit fractions
            shown = f"~[{float(_frac(band[0])):.4f}, {float(_frac(band[1])):.4f}]"
        grid.add_row(s, _short(right), _short(wrong), shown)
    console.out.print(grid)
    if "proper" in doc:
        console.out.print(doc["proper"]["note"], highlight=False)
    for w in doc["warnings"]:
        console.warn(w)
    if plot is not None:
        console.info(f"wrote {plot}")


def _frac(s: str):  # noqa: ANN202
    from fractions import Fraction

    return Fraction(s)


def _short(value: str) -> str:
    """Exact fractions stay exact; a proper score's long rounded fraction is shown as a decimal."""
    return value if len(value) <= 12 else f"{float(_frac(value)):.4f}"


@app.command("stance")
def stance_cmd(
    text: Annotated[str, typer.Argument(help="The completion text, or - to read it from stdin.")],
    mode: Annotated[str, typer.Option(help="protocol, free or plain.")] = "protocol",
    json_out: Annotated[bool, typer.Option("--json", help="Print the stance as JSON.")] = False,
) -> None:
    """Read one completion's stance (unhedged / hedged / abstain), stated confidence, and what the verifier will see."""
    import dataclasses
    import sys

    from rlvr.rewards.stance import read_stance

    completion = sys.stdin.read() if text == "-" else text
    stance = read_stance(completion, mode=mode)
    if json_out:
        console.print_json(dataclasses.asdict(stance))
        return
    console.out.print(f"[bold]{stance.kind}[/bold]  confidence={stance.confidence}  ({stance.reason})", highlight=False)
    console.out.print("[bold]verifier sees:[/bold]", highlight=False)
    console.out.print(stance.answer_text, markup=False, highlight=False)


@app.command("score")
def score_cmd(
    infile: Annotated[Path, typer.Argument(help="JSONL, one {\"task\": <Task>, \"completion\": \"...\"} per line (eval samples.jsonl works).",
                                          metavar="IN.jsonl")],
    table: Annotated[str, typer.Option("--table", "-t", help="One or more tables, comma-separated: " + TABLE_HELP)] = "schulman,binary,graded",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write one row per completion: stance, verdict, reward per table.")] = None,
    mode: Annotated[str, typer.Option(help="Stance reading: protocol or free.")] = "protocol",
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Price saved completions under one or several reward tables (each completion is verified once)."""
    from rlvr.commands.options import split_csv
    from rlvr.rewards.score import score_file

    summary = score_file(infile, split_csv(table), mode=mode, out=out)
    if json_out:
        console.print_json(summary)
        return
    from rich.table import Table

    grid = Table("table", "mean reward", title=f"{summary['rows']} completions, accuracy {summary['accuracy']:.3f}, "
                 f"{summary['errors']} verifier errors", title_justify="left")
    for name, value in summary["mean_reward"].items():
        grid.add_row(name, "n/a" if value is None else f"{value:+.4f}")
    console.out.print(grid)
    console.out.print("stances: " + ", ".join(f"{k} {v:.1%}" for k, v in summary["stance_rates"].items()), highlight=False)
    if out is not None:
        console.info(f"wrote {out}")


@app.command("experiment")
def experiment_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for every run, eval, summary.json, hedging.md and hedging.png.")]
    = Path("runs/hedging"),
    arms: Annotated[str, typer.Option(help="Reward tables to train with, comma-separated (binary is the baseline).")]
    = "binary,schulman,graded",
    easy: Annotated[int, typer.Option(help="Difficulty of the easy items (SFT trains here).")] = 1,
    hard: Annotated[int, typer.Option(help="Difficulty of the hard items, beyond the SFT model.")] = 2,
    n: Annotated[int, typer.Option("--n", help="Held-out tasks per level.")] = 200,
    overrides: Annotated[list[str] | None, typer.Option("--set", help="RunConfig override KEY.PATH=VALUE (repeatable).")] = None,
    reuse_sft: Annotated[bool, typer.Option("--reuse-sft", help="Reuse OUT/sft's warm-start model if it exists.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print summary.json.")] = False,
) -> None:
    """Train one policy per reward table from one SFT warm-start and compare them on easy vs hard held-out items."""
    from rlvr.commands.options import split_csv
    from rlvr.rewards.experiment import run_experiment, tabulate

    summary = run_experiment(out, arms=split_csv(arms), easy=easy, hard=hard, heldout_per_level=n, overrides=overrides or [],
                             reuse_sft=reuse_sft)
    if json_out:
        console.print_json(summary)
        return
    console.out.print(tabulate(summary), markup=False, highlight=False)
    console.info(f"wrote {out / 'summary.json'}, {out / 'hedging.md'} and {out / 'hedging.png'} in {summary['wall_seconds']:.0f}s")
