"""Reward tables: a value for each (stance, correct?) pair, held as exact fractions, and their analysis.

A model that is right with probability ``p`` and takes stance ``s`` expects
``E_s(p) = p * correct_s + (1 - p) * wrong_s`` (abstain: a constant). A table is useful when each stance
it means to teach is the strict maximiser of that expectation for some band of ``p``; ``bands`` computes
those bands exactly.

Presets (``PRESETS``):

========== ========= ======= ======== ====== ======= ==============================================
name       unhedged  unhedged hedged  hedged abstain bands of p (best stance)
           correct   wrong    correct wrong
========== ========= ======= ======== ====== ======= ==============================================
schulman   1         -4       1/2     -2     0       abstain [0, 4/5], unhedged [4/5, 1]; hedged ties
                                                     both at p = 4/5 and is never strictly best
binary     1         0        1       0      0       hedged = unhedged for every p; abstain never best
graded     1         -4       1/2     -1     0       abstain [0, 2/3], hedged [2/3, 6/7], unhedged [6/7, 1]
========== ========= ======= ======== ====== ======= ==============================================

``schulman`` is John Schulman's 2023 proposal and the default; ``graded`` keeps its values except
hedged-wrong (-1 instead of -2), which is the smallest change that gives hedging a band of its own.

>>> t = get_table("graded")
>>> {s: (str(b[0]), str(b[1])) if b else None for s, b in bands(t).strict.items()}
{'unhedged': ('6/7', '1'), 'hedged': ('2/3', '6/7'), 'abstain': ('0', '2/3')}
>>> bands(get_table("schulman")).never_best
('hedged',)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Union

import yaml

from rlvr.errors import ConfigError, UnknownNameError
from rlvr.rewards.proper import PROPER_RULES, ProperScore
from rlvr.rewards.stance import STANCES

__all__ = ["RewardTable", "Bands", "PRESETS", "Scorer", "get_table", "get_scorer", "load_table_file", "bands", "to_fraction"]


def to_fraction(value: Any, where: str) -> Fraction:
    """An exact fraction from an int, a decimal float as written (0.1 -> 1/10) or a string ("1/3", "-0.5")."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Fraction)):
        raise ConfigError(f"{where} must be a number or a fraction string like '1/2', got {value!r}")
    try:
        # str(float) is the shortest decimal that round-trips, so 0.1 becomes 1/10, not 3602879701896397/2**55
        return Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ConfigError(f"{where} = {value!r} is not a number; write e.g. -2, 0.5 or '1/3'") from None


@dataclass(frozen=True)
class RewardTable:
    """The reward for each stance when the answer is correct or wrong (abstain has one value).

    >>> get_table("schulman").reward("hedged", correct=False)
    -2.0
    """

    name: str
    unhedged_correct: Fraction
    unhedged_wrong: Fraction
    hedged_correct: Fraction
    hedged_wrong: Fraction
    abstain: Fraction

    def __post_init__(self) -> None:
        for f in ("unhedged_correct", "unhedged_wrong", "hedged_correct", "hedged_wrong", "abstain"):
            object.__setattr__(self, f, to_fraction(getattr(self, f), f"table {self.name!r}: {f.replace('_', '.')}"))
        for kind in ("unhedged", "hedged"):
            c, w = self.value(kind, True), self.value(kind, False)
            if c < w:
                raise ConfigError(f"table {self.name!r}: {kind}.correct ({c}) is below {kind}.wrong ({w}); "
                                  "a table must not pay more for wrong answers than for right ones")

    def value(self, kind: str, correct: bool) -> Fraction:
        """The exact reward for ``kind`` ("unhedged", "hedged", "abstain"); abstain ignores ``correct``."""
        if kind == "abstain":
            return self.abstain
        if kind == "unhedged":
            return self.unhedged_correct if correct else self.unhedged_wrong
        if kind == "hedged":
            return self.hedged_correct if correct else self.hedged_wrong
        raise ValueError(f"unknown stance {kind!r}; stances are {STANCES}")

    def reward(self, kind: str, correct: bool) -> float:
        return float(self.value(kind, correct))

    def graded(self, kind: str, score: float) -> float:
        """A verifier's partial score in [0, 1] interpolates between the wrong (0) and correct (1) values."""
        w, c = self.value(kind, False), self.value(kind, True)
        return float(w) + float(c - w) * score

    def stance_reward(self, kind: str, confidence: float | None, score: float) -> float:
        """The scorer interface shared with ``ProperScore``; a table ignores stated confidence."""
        return self.graded(kind, score)

    def expected(self, kind: str, p: Fraction) -> Fraction:
        """Expected reward of ``kind`` for a model right with probability ``p``."""
        return p * self.value(kind, True) + (1 - p) * self.value(kind, False)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name,
                "unhedged": {"correct": str(self.unhedged_correct), "wrong": str(self.unhedged_wrong)},
                "hedged": {"correct": str(self.hedged_correct), "wrong": str(self.hedged_wrong)},
                "abstain": str(self.abstain)}

    @classmethod
    def from_mapping(cls, obj: Any, name: str, source: str) -> RewardTable:
        """Build from ``{unhedged: {correct, wrong}, hedged: {correct, wrong}, abstain, [name]}``."""
        if not isinstance(obj, dict):
            raise ConfigError(f"{source}: a reward table must be a mapping with unhedged, hedged and abstain, got {type(obj).__name__}")
        unknown = sorted(set(obj) - {"name", "unhedged", "hedged", "abstain"})
        missing = [k for k in ("unhedged", "hedged", "abstain") if k not in obj]
        if unknown or missing:
            raise ConfigError(f"{source}: reward table keys are name, unhedged, hedged, abstain"
                              f"{f'; unknown: {unknown}' if unknown else ''}{f'; missing: {missing}' if missing else ''}")
        pairs = {}
        for kind in ("unhedged", "hedged"):
            sub = obj[kind]
            if not isinstance(sub, dict) or set(sub) != {"correct", "wrong"}:
                raise ConfigError(f"{source}: {kind} must be a mapping with exactly 'correct' and 'wrong', got {sub!r}")
            pairs[kind] = (to_fraction(sub["correct"], f"{source}: {kind}.correct"), to_fraction(sub["wrong"], f"{source}: {kind}.wrong"))
        table_name = obj.get("name", name)
        if not isinstance(table_name, str) or not table_name:
            raise ConfigError(f"{source}: name must be a non-empty string, got {table_name!r}")
        return cls(table_name, *pairs["unhedged"], *pairs["hedged"], to_fraction(obj["abstain"], f"{source}: abstain"))


F = Fraction
PRESETS: dict[str, RewardTable] = {
    "schulman": RewardTable("schulman", F(1), F(-4), F(1, 2), F(-2), F(0)),
    "binary": RewardTable("binary", F(1), F(0), F(1), F(0), F(0)),
    "graded": RewardTable("graded", F(1), F(-4), F(1, 2), F(-1), F(0)),
}


def load_table_file(path: str | Path) -> RewardTable:
    """A custom table from a YAML or JSON file (see ``RewardTable.from_mapping`` for the keys)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"reward table file {path} does not exist; pass a preset ({', '.join(PRESETS)}) or a .yaml/.json path")
    text = path.read_text(encoding="utf-8")
    try:
        obj = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        raise ConfigError(f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {e}".splitlines()[0]) from None
    return RewardTable.from_mapping(obj, path.stem, str(path))


def get_table(name_or_path: str | Path) -> RewardTable:
    """A preset by name (``schulman``, ``binary``, ``graded``) or a custom table file (.yaml/.yml/.json)."""
    key = str(name_or_path)
    if key in PRESETS:
        return PRESETS[key]
    if key.endswith((".yaml", ".yml", ".json")) or Path(key).is_file():
        return load_table_file(key)
    raise UnknownNameError("reward table", key, list(PRESETS), note=" Or give the path of a .yaml/.json table file.")


Scorer = Union[RewardTable, ProperScore]  # both have .name and .stance_reward(kind, confidence, score)


def get_scorer(name_or_path: str | Path, *, clip: float = 1 / 32, hedged_confidence: float = 0.75) -> Scorer:
    """A table (preset or file) or a proper score of stated confidence (``log``, ``brier``).

    >>> get_scorer("brier").name, get_scorer("graded").name
    ('brier', 'graded')
    """
    if str(name_or_path) in PROPER_RULES:
        return ProperScore(str(name_or_path), clip=clip, hedged_confidence=hedged_confidence)  # type: ignore[arg-type]
    try:
        return get_table(name_or_path)
    except UnknownNameError:
        raise UnknownNameError("reward table", str(name_or_path), [*PRESETS, *PROPER_RULES],
                               note=" Or give the path of a .yaml/.json table file.") from None


@dataclass(frozen=True)
class Bands:
    """Where each stance maximises expected reward, as exact closed intervals of p.

    ``strict[s]`` is the band in whose interior ``s`` is the unique best stance (None if there is none);
    ``weak[s]`` is where ``s`` is at least tied for best (None if nowhere, a point if only at a tie).
    """

    table: RewardTable
    strict: dict[str, tuple[Fraction, Fraction] | None]
    weak: dict[str, tuple[Fraction, Fraction] | None]
    never_best: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """``{"table", "bands": {stance: [low, high] or null}, "never_best": [...]}`` with fractions as strings."""
        def show(b: tuple[Fraction, Fraction] | None) -> list[str] | None:
            return [str(b[0]), str(b[1])] if b else None

        return {"table": self.table.name, "bands": {s: show(b) for s, b in self.strict.items()},
                "never_best": list(self.never_best), "weak_bands": {s: show(b) for s, b in self.weak.items()},
                "values": self.table.to_json()}


def _line(table: RewardTable, kind: str) -> tuple[Fraction, Fraction]:
    """E_kind(p) = a + b * p."""
    w, c = table.value(kind, False), table.value(kind, True)
    return w, c - w


def bands(table: RewardTable) -> Bands:
    """Exact best-stance bands of ``table`` (see ``Bands``). Each E_s is linear in p, so the set where
    ``s`` is weakly best is an interval: the intersection over rivals t of {p in [0, 1] : E_s(p) >= E_t(p)}."""
    strict: dict[str, tuple[Fraction, Fraction] | None] = {}
    weak: dict[str, tuple[Fraction, Fraction] | None] = {}
    for s in STANCES:
        lo, hi = Fraction(0), Fraction(1)
        twin = False  # another stance with the same line: s can tie it but never beat it
        a_s, b_s = _line(table, s)
        for t in STANCES:
            if t == s:
                continue
            a_t, b_t = _line(table, t)
            a, b = a_s - a_t, b_s - b_t  # E_s - E_t = a + b p >= 0
            if b > 0:
                lo = max(lo, -a / b)
            elif b < 0:
                hi = min(hi, -a / b)
            elif a < 0:
                lo, hi = Fraction(1), Fraction(0)
            elif a == 0:
                twin = True
        weak[s] = (lo, hi) if lo <= hi else None
        strict[s] = (lo, hi) if lo < hi and not twin else None
    never = tuple(s for s in STANCES if strict[s] is None)
    return Bands(table, strict, weak, never)
