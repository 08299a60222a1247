"""``rlvr tasks``: list the suites, show an example task, generate task files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rlvr import console

app = typer.Typer(help="List task suites, show an example, and generate seeded task files (JSONL).", no_args_is_help=True)


@app.command("list")
def list_suites(json_out: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False) -> None:
    """List every registered suite with its generators, verifier and difficulty range."""
    from rlvr import registry

    rows = []
    for entry in registry.entries("suite"):
        cls = entry.load()
        rows.append(
            {
                "suite": cls.name,
                "version": cls.version,
                "verifier": cls.verifier,
                "generators": list(cls.families),
                "max_difficulty": cls.max_difficulty,
                "source": entry.source,
            }
        )
    if json_out:
        console.print_json(rows)
        return
    from rich.table import Table

    table = Table("suite", "verifier", "difficulty", "generators", "source")
    for r in rows:
        table.add_row(r["suite"], r["verifier"], f"1..{r['max_difficulty']}", ", ".join(r["generators"]), r["source"])
    console.out.print(table)


@app.command("show")
def show(
    suite: Annotated[str, typer.Argument(help="Suite name (see `rlvr tasks list`).")],
    generator: Annotated[str | None, typer.Option("--generator", "-g", help="One generator of the suite.")] = None,
    seed: Annotated[int, typer.Option(help="Seed.")] = 0,
    difficulty: Annotated[int, typer.Option(help="Difficulty level.")] = 1,
    split: Annotated[str, typer.Option(help="train or heldout.")] = "train",
    json_out: Annotated[bool, typer.Option("--json", help="Print the task as JSON.")] = False,
) -> None:
    """Show one generated task: prompt, gold answer, worked solution and metadata."""
    from rlvr import registry

    task = registry.get_suite(suite).generate(1, seed=seed, difficulty=difficulty, split=split,  # type: ignore[arg-type]
                                              families=[generator] if generator else None)[0]
    if json_out:
        console.print_json(task.to_json())
        return
    console.out.print(f"[bold]{task.id}[/bold]  ({task.suite}, difficulty {difficulty}, {split})", highlight=False)
    console.out.print("[bold]prompt:[/bold]", highlight=False)
    console.out.print(task.prompt, markup=False, highlight=False)
    console.out.print(f"[bold]answer:[/bold] {task.answer!r}", highlight=False, markup=True)
    solution = task.meta.get("solution")
    if solution:
        console.out.print("[bold]solution:[/bold]", highlight=False)
        console.out.print(str(solution), markup=False, highlight=False)


@app.command("generate")
def generate(
    suite: Annotated[str, typer.Option("--suite", "-s", help="Suite name, or several separated by commas.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSONL file (written atomically).")],
    count: Annotated[int, typer.Option("--count", "-n", min=1, help="Tasks per suite.")] = 100,
    seed: Annotated[int, typer.Option(help="Seed; the same seed gives the same tasks on any machine.")] = 0,
    difficulty: Annotated[int, typer.Option(help="Difficulty level (see `rlvr tasks list`).")] = 1,
    split: Annotated[str, typer.Option(help="train or heldout; the two never share a problem.")] = "train",
    generators: Annotated[str | None, typer.Option("--generators", "-g", help="Comma-separated generators (default: all).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary for scripts.")] = False,
) -> None:
    """Generate seeded tasks into a JSONL file, one Task per line."""
    from rlvr import registry
    from rlvr.commands.options import split_csv
    from rlvr.errors import UsageError
    from rlvr.jsonl import write_tasks

    if split not in ("train", "heldout"):
        raise UsageError(f"--split must be train or heldout, got {split!r}")
    suites = [registry.get_suite(name) for name in split_csv(suite)]
    fams = split_csv(generators) or None

    def stream():  # generated lazily so a big file never sits in memory
        for s in suites:
            yield from console.track(
                s.iter_generate(count, seed=seed, difficulty=difficulty, split=split, families=fams),  # type: ignore[arg-type]
                f"generating {s.name}",
                total=count,
            )

    n = write_tasks(out, stream())
    summary = {"out": str(out), "tasks": n, "suites": [s.name for s in suites], "seed": seed, "difficulty": difficulty, "split": split}
    if json_out:
        console.print_json(summary)
    else:
        console.info(f"wrote {n} tasks to {out}")


@app.command("import")
def import_tasks(
    infile: Annotated[Path, typer.Argument(help="A task file: GSM8K / MATH / generic JSONL, Parquet, a datasets folder, HumanEval, MBPP ...")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output rlvr task JSONL (written atomically).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="auto, rlvr, gsm8k, math, qa, humaneval, mbpp, stdio, code-jsonl, ifeval.")] = "auto",
    field: Annotated[list[str] | None, typer.Option("--field", help="Rename a column for the loader, e.g. --field question=problem (repeatable).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary for scripts.")] = False,
) -> None:
    """Convert an external task file to rlvr task JSONL (the format `rlvr train`, `eval` and `verify` read)."""
    from rlvr.commands.options import parse_assignments
    from rlvr.jsonl import write_tasks
    from rlvr.tasks.loaders import detect_format, load_tasks

    fields = {k: str(v) for k, v in parse_assignments(field, "--field").items()}
    used = detect_format(infile) if fmt == "auto" else fmt
    tasks = load_tasks(infile, format=used, **fields)
    n = write_tasks(out, tasks)
    summary = {"out": str(out), "tasks": n, "format": used, "suites": sorted({t.suite for t in tasks})}
    if json_out:
        console.print_json(summary)
    else:
        console.info(f"wrote {n} tasks ({used} format) to {out}")
