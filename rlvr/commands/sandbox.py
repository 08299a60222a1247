"""``rlvr sandbox``: which sandbox runs model-written code here, what it isolates, and how fast it is."""

from __future__ import annotations

from typing import Annotated

import typer

from rlvr import console

app = typer.Typer(help="Check and benchmark the sandbox that runs model-written code.", no_args_is_help=True)

SandboxOpt = Annotated[
    str, typer.Option("--sandbox", "-s", help="Backend: auto (bwrap, else docker, else process), bwrap, docker or process.")
]


@app.command("check")
def check(
    sandbox: SandboxOpt = "auto",
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object for scripts.")] = False,
) -> None:
    """Show the backends found, the isolation the chosen one gives, and run the red-team suite against it.

    Exits 1 when any hostile program was not contained.
    """
    from rlvr.errors import SandboxError
    from rlvr.sandboxes import get_sandbox
    from rlvr.sandboxes.choose import AUTO_ORDER, unavailable_reason
    from rlvr.sandboxes.redteam import run_suite

    found = {name: unavailable_reason(name) for name in AUTO_ORDER}
    opts = {"warn": False} if sandbox == "process" or (sandbox == "auto" and all(found[n] for n in AUTO_ORDER[:-1])) else {}
    with get_sandbox(sandbox, **opts) as sb:
        iso = sb.isolation()
        outcomes = run_suite(sb)
    failed = [o for o in outcomes if o.verdict == "FAILED"]
    report = {
        "backend": sb.name,
        "backends": {n: ("available" if why is None else why) for n, why in found.items()},
        "isolation": iso.to_json(),
        "redteam": [o.to_json() for o in outcomes],
        "contained": sum(o.verdict == "contained" for o in outcomes),
        "failed": len(failed),
        "not_isolated": sum(o.verdict == "not isolated" for o in outcomes),
    }
    if json_out:
        console.print_json(report)
    else:
        _print_check(report)
    if failed:
        raise SandboxError(f"{len(failed)} hostile program(s) escaped the {sb.name} sandbox: " + ", ".join(o.name for o in failed))


def _print_check(report: dict) -> None:
    from rich.table import Table

    out = console.out
    out.print(f"[bold]sandbox backend:[/bold] {report['backend']}")
    for name, state in report["backends"].items():
        mark = "[green]available[/green]" if state == "available" else f"[dim]unavailable: {state}[/dim]"
        out.print(f"  {name:8} {mark}", highlight=False)
    iso = report["isolation"]
    for key in ("filesystem", "network", "environment", "processes"):
        out.print(f"  [bold]{key}[/bold]: {iso[key]}", highlight=False)
    for note in iso["notes"]:
        out.print(f"  [bold]note[/bold]: {note}", highlight=False)
    table = Table("hostile program", "verdict", "status", "seconds", "detail")
    colour = {"contained": "green", "FAILED": "red", "not isolated": "yellow"}
    for o in report["redteam"]:
        table.add_row(o["name"], f"[{colour[o['verdict']]}]{o['verdict']}[/]", o["status"], f"{o['seconds']:.2f}", o["detail"])
    out.print(table)
    out.print(f"{report['contained']} contained, {report['failed']} failed, {report['not_isolated']} not isolated by this backend")


@app.command("bench")
def bench(
    sandbox: SandboxOpt = "auto",
    programs: Annotated[int, typer.Option("--programs", "-n", min=1, help="Programs through the sandbox.")] = 3000,
    baseline_programs: Annotated[int, typer.Option("--baseline-programs", min=1, help="Programs through the baseline.")] = 300,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Parallelism for both (default: cores).")] = None,
    baseline_python: Annotated[
        str | None, typer.Option("--baseline-python", help="Interpreter for the baseline (default: the sandbox's own).")
    ] = None,
    harness_programs: Annotated[int | None, typer.Option(
        "--harness-programs", min=0, help="Programs through a second baseline that starts rlvr's own interpreter "
        "(sys.executable), as a harness inside rlvr would (default: --baseline-programs; 0 skips it).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object for scripts.")] = False,
) -> None:
    """Programs per second through the sandbox vs a fresh python3 per program (same programs, same parallelism)."""
    from rlvr.sandboxes.bench import bench as run_bench
    from rlvr.sandboxes.bench import report_lines

    r = run_bench(sandbox, programs=programs, baseline_programs=baseline_programs, workers=workers, quiet=json_out,
                  baseline_python=baseline_python, harness_programs=harness_programs)
    if json_out:
        console.print_json(r)
        return
    console.out.print("\n".join(report_lines(r)), highlight=False, markup=False)
