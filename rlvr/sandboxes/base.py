"""The ``Sandbox`` protocol every backend implements, the ``Job`` it runs, and the shared plumbing.

A sandbox runs Python 3 source with ``python3`` in a fresh private work dir holding ``files``, under
``Limits``, and reports an ``ExecResult``. It is context-managed (``with get_sandbox() as sb:``) and
picklable: a pickled sandbox carries only its settings and starts its own workers where it lands.

>>> from rlvr.sandboxes import FakeSandbox
>>> with FakeSandbox() as sb:
...     sb.run("print(1)").status
'ok'
"""

from __future__ import annotations

import base64
import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from rlvr.errors import DataError
from rlvr.types import ExecResult, Limits

__all__ = ["Sandbox", "Job", "BaseSandbox", "Isolation", "check_files", "encode_files", "result_from_facts"]

MAX_FILES_BYTES = 64 * 1024 * 1024  # all of a job's files together; a task, not a disk image


@dataclass(frozen=True)
class Job:
    """One program to run: the same arguments as ``Sandbox.run``, bundled for ``run_many``."""

    program: str
    stdin: str | None = None
    files: Mapping[str, str | bytes] | None = None
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class Isolation:
    """What a backend actually enforces, as ``rlvr sandbox check`` reports it."""

    filesystem: str  # what the program can see and write
    network: str
    environment: str
    processes: str
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"filesystem": self.filesystem, "network": self.network, "environment": self.environment,
                "processes": self.processes, "notes": list(self.notes)}


@runtime_checkable
class Sandbox(Protocol):
    """Runs untrusted Python 3 programs; see the module docstring."""

    name: str

    def run(self, program: str, *, stdin: str | None = None, files: Mapping[str, str | bytes] | None = None,
            limits: Limits = Limits()) -> ExecResult: ...

    def run_many(self, jobs: Sequence[Job]) -> list[ExecResult]: ...

    def isolation(self) -> Isolation: ...

    def close(self) -> None: ...

    def __enter__(self) -> Sandbox: ...

    def __exit__(self, *exc: object) -> None: ...


class BaseSandbox:
    """Shared plumbing: ``run`` is ``run_many`` of one job; context manager; pickles as settings only."""

    name = "base"

    def run(self, program: str, *, stdin: str | None = None, files: Mapping[str, str | bytes] | None = None,
            limits: Limits = Limits()) -> ExecResult:
        return self.run_many([Job(program, stdin, files, limits)])[0]

    def run_many(self, jobs: Sequence[Job]) -> list[ExecResult]:  # pragma: no cover - every backend overrides
        raise NotImplementedError

    def isolation(self) -> Isolation:  # pragma: no cover - every backend overrides
        raise NotImplementedError

    def close(self) -> None:
        """Stop every worker this instance started; safe to call twice. Later runs start new workers."""

    def __enter__(self) -> BaseSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _settings(self) -> dict[str, Any]:
        return {}

    def __getstate__(self) -> dict[str, Any]:
        return self._settings()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]


def check_files(files: Mapping[str, str | bytes] | None) -> dict[str, bytes]:
    """Validate a job's ``files`` (relative paths inside the work dir) and return them as bytes.

    >>> check_files({"data/in.txt": "1 2"})
    {'data/in.txt': b'1 2'}
    >>> check_files({"../x": "a"})
    Traceback (most recent call last):
    ...
    rlvr.errors.DataError: sandbox file name '../x' must be a relative path inside the work dir (no '..', not absolute)
    """
    out: dict[str, bytes] = {}
    total = 0
    for name, content in (files or {}).items():
        norm = posixpath.normpath(name) if isinstance(name, str) and name else "."
        if norm.startswith("/") or norm in (".", "..") or norm.startswith("../") or "\0" in norm:
            raise DataError(f"sandbox file name {name!r} must be a relative path inside the work dir (no '..', not absolute)")
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        total += len(data)
        out[norm] = data
    dirs = {posixpath.dirname(n) for n in out}
    clash = sorted(n for n in out if any(d == n or d.startswith(n + "/") for d in dirs))
    if clash:
        raise DataError(f"sandbox file {clash[0]!r} is also used as a directory by another file; rename one of them")
    if total > MAX_FILES_BYTES:
        raise DataError(f"sandbox files total {total} bytes; the limit is {MAX_FILES_BYTES} (pass less data)")
    return out


def encode_files(files: dict[str, bytes]) -> dict[str, str]:
    return {k: base64.b64encode(v).decode("ascii") for k, v in files.items()}


def write_files(root: str, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


def result_from_facts(facts: Mapping[str, Any], backend: str) -> ExecResult:
    """Build an ExecResult from the plain dict a watcher (``_inside.supervise``) returned."""
    details: dict[str, Any] = {"backend": backend}
    for key in ("signal", "max_rss_kib", "worker", "note"):
        if facts.get(key) is not None:
            details[key] = facts[key]
    if facts.get("fault"):  # the sandbox broke, not (visibly) the program: callers may treat it as their error
        details["sandbox_fault"] = True
    return ExecResult(status=facts["status"], exit_code=facts.get("exit_code"), stdout=facts.get("stdout", ""),
                      stderr=facts.get("stderr", ""), wall_s=float(facts.get("wall_s", 0.0)),
                      cpu_s=float(facts.get("cpu_s", 0.0)), details=details)
