"""``rlvr plugins``: what suites and verifiers are installed, where each came from, and which plugins broke."""

from __future__ import annotations

from typing import Annotated

import typer

from rlvr import console

app = typer.Typer(help="List installed suites and verifiers (built-in, entry points, --plugin files) and broken plugins.",
                  invoke_without_command=True)


@app.callback()
def list_plugins(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List every registered suite and verifier with its source, and every plugin that failed to load."""
    if ctx.invoked_subcommand is not None:
        return
    from rlvr import registry

    rows = []
    for e in registry.entries():
        status, version = "ok", ""
        try:
            version = e.load().version
        except Exception as exc:  # a built-in or plugin class that fails to import is reported, not fatal
            status = f"broken: {type(exc).__name__}: {exc}"
        rows.append({"kind": e.kind, "name": e.name, "version": version, "source": e.source, "status": status})
    broken = [{"plugin": p.plugin, "error": p.message} for p in registry.problems()]
    if json_out:
        console.print_json({"plugins": rows, "broken": broken})
        return
    from rich.table import Table

    table = Table("kind", "name", "version", "source", "status")
    for r in rows:
        table.add_row(r["kind"], r["name"], r["version"], r["source"], r["status"])
    console.out.print(table)
    for b in broken:
        console.out.print(f"[red]broken[/red] {b['plugin']}: {b['error']}", highlight=False)
