"""Run configs: pydantic models read from YAML, every field overridable with ``--set a.b=value``.

Configs are user input, so they are validated at the boundary: unknown keys are refused with their
full path and the nearest valid name, wrong types name the field and the value, and cross-field
checks live in one ``model_validator`` per model. Sections of the run config are added by the parts
that own them (training, rewards, evaluation), each as a ``StrictModel``.

>>> class Train(StrictModel):
...     lr: float = 1e-3
>>> load_config(Train, None, ["lr=1e-5"]).lr
1e-05
>>> load_config(Train, None, ["lrr=1"])
Traceback (most recent call last):
rlvr.errors.ConfigError: --set lrr=1: unknown key 'lrr'; did you mean 'lr'? valid keys here: lr
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from rlvr.errors import ConfigError

__all__ = ["StrictModel", "load_config", "apply_overrides", "config_to_yaml"]

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Base for every config section: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


def _fields_at(model_cls: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """The valid field names of the sub-model found by walking ``path`` from ``model_cls``."""
    cls: Any = model_cls
    for part in path:
        fields = getattr(cls, "model_fields", None)
        if not fields or part not in fields:
            return []
        cls = fields[part].annotation
        # unwrap Optional[X] / X | None
        args = [a for a in getattr(cls, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)]
        if args:
            cls = args[0]
    return list(getattr(cls, "model_fields", {}) or [])


def _explain(model_cls: type[BaseModel], e: ValidationError, source: str) -> ConfigError:
    first = e.errors()[0]
    loc = tuple(first["loc"])
    path = ".".join(str(p) for p in loc)
    if first["type"] == "extra_forbidden":
        valid = _fields_at(model_cls, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1)
        hint = f"did you mean {'.'.join([*map(str, loc[:-1]), close[0]])!r}? " if close else ""
        return ConfigError(f"{source}: unknown key {path!r}; {hint}valid keys here: {', '.join(valid)}")
    value = first.get("input")
    shown = repr(value) if not isinstance(value, dict) else "{...}"
    return ConfigError(f"{source}: {path or 'config'} = {shown}: {first['msg']}")


def _set_path(tree: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = tree
    for part in parts[:-1]:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        if not isinstance(child, dict):
            raise ConfigError(f"--set {dotted}: {part!r} is a value, not a section; set {'.'.join(parts[:parts.index(part) + 1])} directly")
        node = child
    node[parts[-1]] = value


def apply_overrides(tree: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Apply ``KEY.PATH=VALUE`` strings to a nested dict; values are parsed as YAML (1e-5, true, [a, b])."""
    for item in overrides:
        key, eq, raw = item.partition("=")
        if not eq or not key.strip():
            raise ConfigError(f"--set expects KEY.PATH=VALUE, got {item!r}")
        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except yaml.YAMLError:
            value = raw
        if isinstance(value, str) and _looks_numeric(value):
            value = float(value)  # YAML 1.1 reads "1e-5" as a string; nobody means that
        _set_path(tree, key.strip(), value)
    return tree


def _looks_numeric(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return any(c.isdigit() for c in s)


def load_config(model_cls: type[M], path: str | Path | None, overrides: list[str] | None = None) -> M:
    """Read ``path`` (YAML; None means all defaults), apply ``--set`` overrides, validate into ``model_cls``."""
    tree: dict[str, Any] = {}
    source = "config"
    if path is not None:
        path = Path(path)
        source = str(path)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist; pass --config with the path of a YAML file")
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise ConfigError(f"{path}: not valid YAML{where}: {getattr(e, 'problem', e)}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"{path}: the top level must be a mapping of sections, got {type(loaded).__name__}")
        tree = loaded or {}
    if overrides:
        apply_overrides(tree, overrides)
    try:
        return model_cls.model_validate(tree)
    except ValidationError as e:
        raise _explain(model_cls, e, _source_of(e, source, overrides or [])) from None


def _source_of(e: ValidationError, source: str, overrides: list[str]) -> str:
    """Name the one ``--set`` that caused the first error (the last one wins, as when applied), else the file."""
    path = ".".join(str(p) for p in e.errors()[0]["loc"])
    for item in reversed(overrides):
        key = item.partition("=")[0].strip()
        if path == key or path.startswith(key + ".") or key.startswith(path + "."):
            return f"--set {item}"
    return source


def config_to_yaml(cfg: BaseModel) -> str:
    """The resolved config as YAML, saved beside every checkpoint."""
    return yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False)
