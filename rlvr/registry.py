"""Suites and verifiers by name: built-ins, installed plugins (entry points), and local plugin files.

Three sources, one table:
- built-ins: ``BUILTIN_SUITES`` / ``BUILTIN_VERIFIERS`` map a name to ``"module:Class"`` and import it
  on first use (so ``rlvr --help`` never pays for sympy or torch);
- installed packages: entry-point groups ``rlvr.suites`` and ``rlvr.verifiers``
  (``[project.entry-points."rlvr.suites"] mysuite = "my_pkg.suites:MySuite"``);
- a local file given with ``--plugin PATH``, whose ``@register_suite`` / ``@register_verifier``
  decorators register its classes when the file is imported.

A broken plugin never stops the others: its failure is recorded as a ``PluginProblem`` (listed by
``rlvr plugins`` and warned about once by the CLI) and only a lookup of its own names fails.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rlvr.errors import ConfigError, PluginError, UnknownNameError
from rlvr.tasks.base import Suite
from rlvr.types import Task
from rlvr.verifiers.base import Verifier

__all__ = [
    "BUILTIN_SUITES",
    "BUILTIN_VERIFIERS",
    "PluginProblem",
    "Entry",
    "register_suite",
    "register_verifier",
    "get_suite",
    "get_verifier",
    "verifier_for",
    "suite_names",
    "verifier_names",
    "load_plugins",
    "load_plugin_file",
    "entries",
    "problems",
]

# One line per built-in suite / verifier: name -> "module:Class".
BUILTIN_SUITES: dict[str, str] = {
    "code": "rlvr.tasks.code:CodeSuite",
    "format": "rlvr.tasks.format:FormatSuite",
    "logic": "rlvr.tasks.logic:LogicSuite",
    "math": "rlvr.tasks.math:MathSuite",
}
BUILTIN_VERIFIERS: dict[str, str] = {
    "code": "rlvr.verifiers.code:CodeVerifier",
    "format": "rlvr.verifiers.format:FormatVerifier",
    "logic": "rlvr.verifiers.logic:LogicVerifier",
    "math": "rlvr.verifiers.math:MathVerifier",
}

ENTRY_POINT_GROUPS = {"suite": "rlvr.suites", "verifier": "rlvr.verifiers"}
_BASES: dict[str, type] = {"suite": Suite, "verifier": Verifier}


@dataclass(frozen=True)
class Entry:
    """One registered name: what kind it is, where it came from, and how to get its class."""

    kind: str  # "suite" | "verifier"
    name: str
    source: str  # "builtin", "entry point <dist>", or "file <path>"
    target: Any  # a class, or "module:Class" not yet imported

    def load(self) -> type:
        if isinstance(self.target, type):
            return self.target
        module, _, attr = self.target.partition(":")
        cls = getattr(importlib.import_module(module), attr)
        _check_class(self.kind, cls, self.source)
        return cls


@dataclass(frozen=True)
class PluginProblem:
    """A plugin that failed to load, and why, in one line."""

    plugin: str
    message: str


_entries: dict[tuple[str, str], Entry] = {}
_problems: list[PluginProblem] = []
_loaded_entry_points = False
_loaded_files: set[Path] = set()
_current_source: list[str] = []  # the plugin file being imported, so its decorators know their source

T = TypeVar("T", bound=type)


def _check_class(kind: str, cls: Any, source: str) -> None:
    base = _BASES[kind]
    if not (isinstance(cls, type) and issubclass(cls, base)):
        raise PluginError(f"{source}: {cls!r} is not a subclass of rlvr's {base.__name__}; subclass it to register a {kind}")
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name:
        raise PluginError(f"{source}: {cls.__name__} has no 'name' class attribute; set name = \"...\"")
    if kind == "suite" and not isinstance(getattr(cls, "verifier", None), str):
        raise PluginError(f"{source}: suite {name!r} does not name its verifier; set verifier = \"<verifier name>\"")


def _add(kind: str, cls: type, source: str) -> None:
    _check_class(kind, cls, source)
    key = (kind, cls.name)
    old = _entries.get(key)
    if old is not None and old.target is not cls and old.source != source:
        raise PluginError(f"{source}: {kind} {cls.name!r} is already registered by {old.source}; pick another name")
    _entries[key] = Entry(kind, cls.name, source, cls)


def register_suite(cls: T) -> T:
    """Class decorator: register a Suite subclass under its ``name``."""
    _add("suite", cls, _current_source[-1] if _current_source else f"module {cls.__module__}")
    return cls


def register_verifier(cls: T) -> T:
    """Class decorator: register a Verifier subclass under its ``name``."""
    _add("verifier", cls, _current_source[-1] if _current_source else f"module {cls.__module__}")
    return cls


def _ensure_builtins() -> None:
    for kind, table in (("suite", BUILTIN_SUITES), ("verifier", BUILTIN_VERIFIERS)):
        for name, target in table.items():
            _entries.setdefault((kind, name), Entry(kind, name, "builtin", target))


def _load_entry_points() -> None:
    global _loaded_entry_points
    if _loaded_entry_points:
        return
    _loaded_entry_points = True
    for kind, group in ENTRY_POINT_GROUPS.items():
        for ep in importlib.metadata.entry_points(group=group):
            dist = ep.dist.name if ep.dist is not None else "?"
            source = f"entry point {ep.name} ({dist})"
            try:
                cls = ep.load()
                _check_class(kind, cls, source)
                if cls.name != ep.name:
                    raise PluginError(f"{source}: entry point is named {ep.name!r} but the class says name = {cls.name!r}; make them match")
                _add(kind, cls, source)
            except PluginError as e:
                _problems.append(PluginProblem(f"{dist}:{ep.name}", str(e)))
            except Exception as e:  # a plugin's import error must not stop the others
                _problems.append(PluginProblem(f"{dist}:{ep.name}", f"{source}: import failed: {type(e).__name__}: {e}"))


def load_plugin_file(path: str | Path) -> None:
    """Import a local plugin file; its decorators register what it defines. Raises PluginError."""
    path = Path(path).resolve()
    if path in _loaded_files:
        return
    if not path.is_file():
        raise PluginError(f"plugin file {path} does not exist; pass --plugin with the path of a .py file")
    module_name = f"rlvr_plugin_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PluginError(f"plugin file {path} cannot be imported; it must be a .py file")
    module = importlib.util.module_from_spec(spec)
    _current_source.append(f"file {path}")
    try:
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    except PluginError:
        sys.modules.pop(module_name, None)
        raise
    except Exception as e:
        sys.modules.pop(module_name, None)
        where = traceback.extract_tb(e.__traceback__)[-1]
        raise PluginError(f"plugin file {path} failed at line {where.lineno}: {type(e).__name__}: {e}") from None
    finally:
        _current_source.pop()
    _loaded_files.add(path)


def load_plugins(files: Iterable[str | Path] = ()) -> list[PluginProblem]:
    """Load installed plugins and the given plugin files; return the problems (one per broken plugin)."""
    _ensure_builtins()
    _load_entry_points()
    for f in files:
        try:
            load_plugin_file(f)
        except PluginError as e:
            _problems.append(PluginProblem(str(f), str(e)))
    return list(_problems)


def problems() -> list[PluginProblem]:
    return list(_problems)


def entries(kind: str | None = None) -> list[Entry]:
    load_plugins()
    return sorted((e for e in _entries.values() if kind in (None, e.kind)), key=lambda e: (e.kind, e.name))


def suite_names() -> list[str]:
    return [e.name for e in entries("suite")]


def verifier_names() -> list[str]:
    return [e.name for e in entries("verifier")]


def _lookup(kind: str, name: str) -> type:
    load_plugins()
    entry = _entries.get((kind, name))
    if entry is None:
        broken = [p.plugin for p in _problems]
        note = f" Plugins that failed to load: {', '.join(broken)} (run `rlvr plugins` to see why)." if broken else ""
        raise UnknownNameError(kind, name, [e.name for e in entries(kind)], note=note)
    return entry.load()


def get_suite(name: str) -> Suite:
    """An instance of the suite registered under ``name``."""
    return _lookup("suite", name)()


def get_verifier(name: str, **options: Any) -> Verifier:
    """An instance of the verifier registered under ``name``, built with ``options``.

    An option the verifier does not take is a ConfigError naming the nearest one it does (``-O math.picky=last``).
    """
    cls = _lookup("verifier", name)
    _check_options(name, cls, options)
    return cls(**options)


def _check_options(name: str, cls: type, options: dict[str, Any]) -> None:
    import difflib
    import inspect

    try:
        params = inspect.signature(cls).parameters
    except (TypeError, ValueError):  # a signature Python cannot read: let the constructor judge
        return
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    accepted = [k for k, p in params.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    for key in options:
        if key not in accepted:
            close = difflib.get_close_matches(key, accepted, n=1)
            hint = f"did you mean {name}.{close[0]}? " if close else ""
            raise ConfigError(f"verifier {name!r} has no option {key!r}; {hint}its options: {', '.join(accepted) or '(none)'}")


def verifier_for(task: Task, **options: Any) -> Verifier:
    """The verifier for a task: ``meta["verifier"]`` if the task names one, else its suite's."""
    name = task.meta.get("verifier")
    if isinstance(name, str) and name:
        return get_verifier(name, **options)
    suite_cls = _lookup("suite", task.suite)
    return get_verifier(suite_cls.verifier, **options)
