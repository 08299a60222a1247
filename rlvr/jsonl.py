"""JSONL in and out: streamed reads that name the bad line, and writes that never leave half a file.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "rows.jsonl"
>>> write_jsonl(p, [{"a": 1}, {"a": 2}])
2
>>> [row["a"] for row in read_jsonl(p)]
[1, 2]
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from rlvr.errors import DataError
from rlvr.types import Task

__all__ = ["atomic_write", "read_jsonl", "read_jsonl_numbered", "write_jsonl", "read_tasks", "write_tasks", "write_json"]


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temp file beside ``path`` and rename it into place only if the block succeeds.

    On any exception (including KeyboardInterrupt) the temp file is removed and ``path`` is untouched,
    so a reader never sees half a file and a failed run leaves nothing behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; give it the mode a plain open() would (or the replaced file's)
        os.chmod(fd, _mode_for(path))
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)  # the only portable way to read the umask is to set it
        os.umask(mask)
        return 0o666 & ~mask


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """Yield one JSON object per non-blank line; a bad line raises DataError naming file and line."""
    for _, row in read_jsonl_numbered(path):
        yield row


def read_jsonl_numbered(path: str | os.PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Like read_jsonl, but yield ``(line_number, object)`` so callers can name the line in errors."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file; give the path of a .jsonl file")
    with path.open("r", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"{path}:{lineno}: not valid JSON ({e.msg} at column {e.colno}); fix or remove that line") from None
            if not isinstance(row, dict):
                raise DataError(f"{path}:{lineno}: expected a JSON object, got {type(row).__name__}")
            yield lineno, row


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write rows atomically (all or nothing); return how many were written."""
    n = 0
    with atomic_write(path) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n")
            n += 1
    return n


def write_json(path: str | os.PathLike[str], obj: Any) -> None:
    """Write one JSON document atomically, pretty-printed."""
    with atomic_write(path) as fh:
        json.dump(obj, fh, indent=2, ensure_ascii=False, allow_nan=False)
        fh.write("\n")


def read_tasks(path: str | os.PathLike[str]) -> Iterator[Task]:
    """Yield Tasks from a JSONL file; a malformed task raises DataError naming file and line."""
    for lineno, row in read_jsonl_numbered(path):
        try:
            yield Task.from_json(row)
        except DataError as e:
            raise DataError(f"{path}:{lineno}: bad task: {e}") from None


def write_tasks(path: str | os.PathLike[str], tasks: Iterable[Task]) -> int:
    return write_jsonl(path, (t.to_json() for t in tasks))
