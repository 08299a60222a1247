"""Where rlvr talks: results on stdout, logs and progress on stderr, both through rich.

``--quiet`` keeps only warnings and errors, ``--verbose`` adds debug lines. Figures for scripts go to
stdout as JSON (``--json``), so logs never corrupt them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

__all__ = ["out", "err", "set_verbosity", "verbosity", "info", "debug", "warn", "progress", "track", "print_json"]

out = Console(soft_wrap=True)  # results
err = Console(stderr=True, soft_wrap=True)  # logs, warnings, progress
_level = 1  # 0 quiet, 1 normal, 2 verbose
_warned: set[str] = set()

T = TypeVar("T")


def set_verbosity(quiet: bool = False, verbose: bool = False) -> None:
    global _level
    _level = 0 if quiet else 2 if verbose else 1


def verbosity() -> int:
    return _level


def info(msg: str) -> None:
    if _level >= 1:
        err.print(msg, highlight=False)


def debug(msg: str) -> None:
    if _level >= 2:
        err.print(f"[dim]{msg}[/dim]", highlight=False)


def warn(msg: str, *, once: bool = False) -> None:
    """Print a warning on stderr; with ``once`` the same text is printed only once per process."""
    if once:
        if msg in _warned:
            return
        _warned.add(msg)
    err.print(f"[yellow]warning:[/yellow] {msg}", highlight=False)


def progress(transient: bool = True) -> Progress:
    """A progress bar on stderr, hidden with --quiet or when stderr is not a terminal."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=transient,
        disable=_level == 0 or not err.is_terminal,
    )


def track(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    with progress() as p:
        task = p.add_task(description, total=total)
        for item in items:
            yield item
            p.advance(task)


def print_json(obj: Any) -> None:
    """Figures for scripts: one JSON document on stdout, nothing else."""
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    sys.stdout.flush()
