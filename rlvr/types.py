"""rlvr's value types: what flows between generators, verifiers, sandboxes and rewards.

Every type is a frozen dataclass with a lossless JSON round-trip: ``X.from_json(x.to_json()) == x``,
and ``to_json()`` returns plain JSON values (dict, list, str, int, float, bool, None) only.

>>> t = Task(id="math-1", suite="math", prompt="What is 2+3?", answer=5, meta={"difficulty": 1})
>>> Task.from_json(t.to_json()) == t
True
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, Union

from rlvr.errors import DataError

__all__ = [
    "JSON",
    "Task",
    "Verdict",
    "VerdictStatus",
    "ExecResult",
    "ExecStatus",
    "Limits",
    "check_json",
]

JSON = Union[None, bool, int, float, str, list["JSON"], dict[str, "JSON"]]
VerdictStatus = Literal["pass", "fail", "error"]
ExecStatus = Literal["ok", "error", "timeout", "memory", "output_limit", "killed"]
VERDICT_STATUSES: tuple[str, ...] = ("pass", "fail", "error")
EXEC_STATUSES: tuple[str, ...] = ("ok", "error", "timeout", "memory", "output_limit", "killed")


def check_json(value: Any, where: str = "value") -> None:
    """Raise DataError unless ``value`` is plain JSON (finite floats, str keys) that round-trips exactly.

    Tuples are refused rather than silently becoming lists, so a round-trip never changes a value.
    """
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise DataError(f"{where} is {value!r}; JSON has no NaN or infinity, store it as a string")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            check_json(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise DataError(f"{where} has a non-string key {key!r}; JSON object keys must be strings")
            check_json(item, f"{where}.{key}")
        return
    raise DataError(f"{where} has type {type(value).__name__}; only JSON values (dict, list, str, number, bool, null) are allowed")


def _require(obj: dict[str, Any], cls: type, what: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise DataError(f"a {what} must be a JSON object, got {type(obj).__name__}")
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(obj) - names)
    if unknown:
        raise DataError(f"{what} has unknown field(s) {unknown}; allowed: {sorted(names)}")
    return obj


@dataclass(frozen=True)
class Task:
    """One problem: ``prompt`` is shown to the model, ``answer`` is the gold, ``meta`` is for the verifier.

    ``meta`` carries provenance (``generator``, ``seed``, ``index``, ``split``), difficulty knobs and
    anything the verifier needs (tests, constraints, a worked ``solution`` for SFT).
    """

    id: str
    suite: str
    prompt: str
    answer: JSON = None
    meta: dict[str, JSON] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("id", "suite", "prompt"):
            if not isinstance(getattr(self, name), str) or (name != "prompt" and not getattr(self, name)):
                raise DataError(f"Task.{name} must be a non-empty string, got {getattr(self, name)!r}")
        if not isinstance(self.meta, dict):
            raise DataError(f"Task.meta must be a JSON object, got {type(self.meta).__name__}")
        check_json(self.answer, "Task.answer")
        check_json(self.meta, "Task.meta")

    def to_json(self) -> dict[str, JSON]:
        return {"id": self.id, "suite": self.suite, "prompt": self.prompt, "answer": self.answer, "meta": self.meta}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Task:
        obj = _require(obj, cls, "task")
        missing = [k for k in ("id", "suite", "prompt") if k not in obj]
        if missing:
            raise DataError(f"task is missing field(s) {missing}; a task needs id, suite and prompt")
        return cls(id=obj["id"], suite=obj["suite"], prompt=obj["prompt"], answer=obj.get("answer"), meta=obj.get("meta") or {})


@dataclass(frozen=True)
class Verdict:
    """A verifier's judgement of one completion.

    ``fail`` is the model's fault (wrong, unparseable, hostile); ``error`` is ours (a verifier timeout, a
    sandbox fault). An ``error`` must never be read as a zero: rewards turn it into "no reward" (None).
    """

    status: VerdictStatus
    score: float
    reason: str
    verifier: str
    version: str
    extracted: JSON = None
    details: dict[str, JSON] = field(default_factory=dict)
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.status not in VERDICT_STATUSES:
            raise ValueError(f"Verdict.status must be one of {VERDICT_STATUSES}, got {self.status!r}")
        if not (isinstance(self.score, (int, float)) and 0.0 <= self.score <= 1.0):
            raise ValueError(f"Verdict.score must be in [0, 1], got {self.score!r}")
        if self.status == "error" and self.score != 0.0:
            raise ValueError("an error verdict carries score 0.0; rewards read its status, not its score")
        if "\n" in self.reason:
            object.__setattr__(self, "reason", " ".join(self.reason.split()))

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def to_json(self) -> dict[str, JSON]:
        return asdict(self)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Verdict:
        return cls(**_require(obj, cls, "verdict"))


@dataclass(frozen=True)
class Limits:
    """What one sandboxed program may use. The defaults are safe; loosening is explicit and named.

    ``max_processes`` counts processes and threads together (a pids cgroup or RLIMIT_NPROC).
    """

    wall_time_s: float = 5.0  # killed from outside on wall time: a CPU limit never stops time.sleep
    cpu_time_s: float = 5.0  # RLIMIT_CPU
    memory_mib: int = 512  # address space (RLIMIT_AS) or the container's memory limit
    max_processes: int = 16  # processes + threads; 1 would forbid even the interpreter's own helper threads
    stdout_max_bytes: int = 64 * 1024  # beyond this the run is killed with status output_limit
    stderr_max_bytes: int = 16 * 1024
    file_size_max_bytes: int = 1024 * 1024  # RLIMIT_FSIZE: largest file the program may write
    open_files: int = 64  # RLIMIT_NOFILE
    allow_network: bool = False  # loosening, named like bwrap's --share-net; nothing in rlvr sets it

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if f.name == "allow_network":
                if not isinstance(v, bool):
                    raise ValueError(f"Limits.allow_network must be a bool, got {v!r}")
            elif isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0:
                raise ValueError(f"Limits.{f.name} must be a positive number, got {v!r}")

    def to_json(self) -> dict[str, JSON]:
        return asdict(self)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Limits:
        return cls(**_require(obj, cls, "limits"))


@dataclass(frozen=True)
class ExecResult:
    """What a sandbox reports about one program run. stdout and stderr are already capped."""

    status: ExecStatus
    exit_code: int | None
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float
    details: dict[str, JSON] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in EXEC_STATUSES:
            raise ValueError(f"ExecResult.status must be one of {EXEC_STATUSES}, got {self.status!r}")

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.exit_code == 0

    def to_json(self) -> dict[str, JSON]:
        return asdict(self)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> ExecResult:
        return cls(**_require(obj, cls, "exec result"))
