"""The ``rlvr`` command: global options, error handling, and the command groups.

Each command group lives in its own module under ``rlvr/commands/`` and is added with one line in
``COMMANDS``; modules import heavy libraries inside their functions so ``rlvr --help`` stays fast.

Exit codes: 0 ok, 1 the work failed, 2 usage error (bad flags, config, input file, unknown name).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from typer._click.exceptions import ClickException  # typer >= 0.20 vendors click

from rlvr import console
from rlvr.errors import RlvrError

# Before anything imports torch: its OpenMP pool reads this once. See rlvr/train/__init__.py for the measurement.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# (name, module, kind): kind "group" mounts module.app as a sub-command group, "command" adds module.main.
COMMANDS: list[tuple[str, str, str]] = [
    ("tasks", "rlvr.commands.tasks", "group"),
    ("verify", "rlvr.commands.verify", "command"),
    ("plugins", "rlvr.commands.plugins", "group"),
    ("rewards", "rlvr.commands.rewards", "group"),
    ("eval", "rlvr.commands.eval", "group"),
    ("train", "rlvr.commands.train", "group"),
    ("quickstart", "rlvr.commands.quickstart", "command"),
    ("export", "rlvr.commands.export", "command"),
    ("sandbox", "rlvr.commands.sandbox", "group"),
]

app = typer.Typer(
    name="rlvr",
    help="Train language models to reason with reinforcement learning from verifiable rewards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    plugin: Annotated[
        list[Path] | None,
        typer.Option("--plugin", help="A local Python file that registers suites or verifiers (repeatable).", metavar="PATH"),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only warnings, errors and results.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print debug detail too.")] = False,
) -> None:
    console.set_verbosity(quiet=quiet, verbose=verbose)
    from rlvr import registry

    for problem in registry.load_plugins(plugin or []):
        console.warn(f"plugin {problem.plugin} not loaded: {problem.message}", once=True)


for _name, _module, _kind in COMMANDS:
    _mod = importlib.import_module(_module)
    if _kind == "group":
        app.add_typer(_mod.app, name=_name)
    else:
        app.command(_name, help=_mod.main.__doc__)(_mod.main)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turn rlvr errors into one line and an exit code."""
    try:
        app(args=argv, standalone_mode=False, prog_name="rlvr")
    except RlvrError as e:
        console.err.print(f"[red]error:[/red] {escape(str(e))}", highlight=False)
        return e.exit_code
    except typer.Exit as e:
        return e.exit_code
    except typer.Abort:
        console.err.print("aborted")
        return 130
    except ClickException as e:  # bad flags or arguments: click's own one-paragraph usage message
        e.show()
        return 2
    except KeyboardInterrupt:
        console.err.print("interrupted")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
