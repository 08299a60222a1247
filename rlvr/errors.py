"""The exceptions rlvr raises on purpose, and what the CLI does with each.

    RlvrError                    root: the CLI prints ``error: <message>`` on one line, no traceback
    ├── UsageError               exit 2: the user asked for something that cannot work
    │   ├── ConfigError          a run config or ``--set`` override is wrong (names the key path)
    │   ├── UnknownNameError     a suite, verifier, reward, backend ... name that is not registered
    │   ├── DataError            an input file is malformed (names the file and line)
    │   │   └── TaskError        a Task is malformed for its suite or verifier
    │   ├── PluginError          a plugin failed to import or register (names the plugin)
    │   └── ModelLoadError       a model path or hub id cannot be loaded
    └── WorkError                exit 1: the work itself failed (a run refused or diverged, a backend broke)
        └── SandboxError         a sandbox backend is unavailable or faulted (ours, never the program's)

Messages say what was wrong and what to do, in one line. Model output never raises: a verifier turns
garbage into a ``fail`` verdict and its own faults into an ``error`` verdict.
"""

from __future__ import annotations

__all__ = [
    "RlvrError",
    "UsageError",
    "ConfigError",
    "UnknownNameError",
    "DataError",
    "TaskError",
    "PluginError",
    "ModelLoadError",
    "WorkError",
    "SandboxError",
]


class RlvrError(Exception):
    """Root of every error rlvr raises on purpose; carries the process exit code for the CLI."""

    exit_code = 1


class UsageError(RlvrError):
    """The user asked for something that cannot work (exit code 2)."""

    exit_code = 2


class ConfigError(UsageError):
    """A run config, YAML file or ``--set`` override is invalid."""


class UnknownNameError(UsageError):
    """A name was not found in a registry; the message lists the valid ones."""

    def __init__(self, kind: str, name: str, known: list[str] | tuple[str, ...], note: str = ""):
        import difflib

        close = difflib.get_close_matches(name, list(known), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        listing = ", ".join(sorted(known)) or "(none registered)"
        super().__init__(f"unknown {kind} {name!r}.{hint} Known {kind}s: {listing}.{note}")
        self.kind, self.name, self.known = kind, name, tuple(known)


class DataError(UsageError):
    """An input file or record is malformed."""


class TaskError(DataError):
    """A Task is malformed for its suite or verifier (our caller's fault, never the model's)."""


class PluginError(UsageError):
    """A plugin could not be imported or registered."""


class ModelLoadError(UsageError):
    """A model path or hub id cannot be loaded."""


class WorkError(RlvrError):
    """The work itself failed: a run refused to start or broke (exit code 1)."""


class SandboxError(WorkError):
    """A sandbox backend is unavailable or faulted; never used for the program's own failures."""
