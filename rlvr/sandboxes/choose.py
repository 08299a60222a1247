"""Which backends exist, which work on this machine, and ``get_sandbox`` to make one by name.

>>> "process" in available_backends()
True
>>> get_sandbox("nope")
Traceback (most recent call last):
...
rlvr.errors.UnknownNameError: unknown sandbox backend 'nope'. Known sandbox backends: auto, bwrap, docker, fake, process.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from rlvr.errors import ConfigError, SandboxError, UnknownNameError
from rlvr.sandboxes.base import BaseSandbox

__all__ = ["BACKENDS", "AUTO_ORDER", "backend_class", "unavailable_reason", "available_backends", "get_sandbox"]

# name -> "module:Class"; each class has ``unavailable_reason() -> str | None`` (None: it works here).
BACKENDS: dict[str, str] = {
    "bwrap": "rlvr.sandboxes.bwrap:BwrapSandbox",
    "docker": "rlvr.sandboxes.docker:DockerSandbox",
    "process": "rlvr.sandboxes.process:ProcessSandbox",
    "fake": "rlvr.sandboxes.fake:FakeSandbox",
}
AUTO_ORDER = ("bwrap", "docker", "process")  # strongest isolation first; fake is never chosen for you


def backend_class(name: str) -> type[BaseSandbox]:
    if name not in BACKENDS:
        raise UnknownNameError("sandbox backend", name, [*BACKENDS, "auto"])
    module, _, cls = BACKENDS[name].partition(":")
    return getattr(importlib.import_module(module), cls)


def unavailable_reason(name: str) -> str | None:
    """Why backend ``name`` cannot run here (one line), or None when it can."""
    cls = backend_class(name)
    probe = getattr(cls, "unavailable_reason", None)
    return probe() if probe else None


def available_backends() -> list[str]:
    """The real backends that work on this machine, strongest isolation first."""
    return [n for n in AUTO_ORDER if unavailable_reason(n) is None]


def get_sandbox(name: str = "auto", **opts: Any) -> BaseSandbox:
    """Make a sandbox: ``auto`` picks bwrap where it works, else docker, else process.

    ``opts`` go to the backend (``workers=``, ``python=``, ...). Raises SandboxError naming what is
    missing when the named backend cannot run here.
    """
    if name == "auto":
        reasons = []
        for n in AUTO_ORDER:
            why = unavailable_reason(n)
            if why is None:
                return _make(n, opts)
            reasons.append(f"{n}: {why}")
        raise SandboxError("no sandbox backend works here (" + "; ".join(reasons) + ")")
    backend_class(name)
    why = unavailable_reason(name)
    if why is not None:
        raise SandboxError(f"sandbox backend {name!r} is not available: {why}")
    return _make(name, opts)


def _make(name: str, opts: dict[str, Any]) -> BaseSandbox:
    cls = backend_class(name)
    accepted = set(inspect.signature(cls.__init__).parameters) - {"self"}
    unknown = sorted(set(opts) - accepted)
    if unknown:
        raise ConfigError(f"sandbox backend {name!r} takes no option(s) {unknown}; it takes: {', '.join(sorted(accepted))}")
    return cls(**opts)
