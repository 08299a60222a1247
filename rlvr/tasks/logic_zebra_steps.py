"""A human-style deduction for zebra puzzles, written out as the worked solution.

Keeps, for every value, the houses it may still be in, and narrows them the way a person does: apply
each clue, remove a house once another value of the category owns it, place a value when only one house
is left for it or a house has only one possible value left. When that stalls, it tries the possible houses
of the least-open value one at a time and rules out those that lead to a contradiction. The steps are
for SFT warm-start; uniqueness itself is proved by the SAT solver in ``logic_zebra``.

>>> from rlvr.tasks.logic_zebra import make_zebra
>>> import random
>>> p = make_zebra(random.Random(0), 1)
>>> steps, solved = deduce(p.meta["houses"], p.meta["categories"], p.meta["clues"])
>>> solved
True
"""

from __future__ import annotations

from typing import Any

__all__ = ["deduce"]

Cands = dict[tuple[str, str], set[int]]


class _Contradiction(Exception):
    pass


def _narrow(c: Cands, item: tuple[str, str], keep: set[int], why: str, log: list[str] | None) -> bool:
    new = c[item] & keep
    if new == c[item]:
        return False
    if not new:
        raise _Contradiction(f"{why} leaves no house for {item[1]}")
    c[item] = new
    if log is not None:
        where = f"house {next(iter(new))}" if len(new) == 1 else "houses " + ", ".join(map(str, sorted(new)))
        log.append(f"{why}: {item[1]} is in {where}.")
    return True


def _apply_clue(c: Cands, n: int, i: int, clue: dict[str, Any], log: list[str] | None) -> bool:
    from rlvr.tasks.logic_zebra import clue_text

    a = tuple(clue["a"])
    b = tuple(clue["b"]) if "b" in clue else None
    why = f"Clue {i} ({clue_text(clue)[:-1]})"
    t, changed = clue["type"], False
    if t == "position":
        return _narrow(c, a, {clue["pos"]}, why, log)
    if t == "not_position":
        return _narrow(c, a, set(range(1, n + 1)) - {clue["pos"]}, why, log)
    assert b is not None  # every other clue type relates two values
    rel = {
        "same": lambda h, g: h == g, "not_same": lambda h, g: h != g, "left_of": lambda h, g: h + 1 == g,
        "next_to": lambda h, g: abs(h - g) == 1, "before": lambda h, g: h < g,
    }[t]
    changed |= _narrow(c, a, {h for h in c[a] if any(rel(h, g) for g in c[b])}, why, log)
    changed |= _narrow(c, b, {g for g in c[b] if any(rel(h, g) for h in c[a])}, why, log)
    return changed


def _propagate(c: Cands, n: int, cats: dict[str, list[str]], clues: list[dict[str, Any]], log: list[str] | None) -> None:
    changed = True
    while changed:
        changed = False
        for i, clue in enumerate(clues, 1):
            changed |= _apply_clue(c, n, i, clue, log)
        for cat, vals in cats.items():
            for v in vals:
                if len(c[(cat, v)]) == 1:
                    h = next(iter(c[(cat, v)]))
                    for other in vals:
                        if other != v:
                            changed |= _narrow(c, (cat, other), set(range(1, n + 1)) - {h}, f"House {h} already has {v}", log)
            for h in range(1, n + 1):
                owners = [v for v in vals if h in c[(cat, v)]]
                if not owners:
                    raise _Contradiction(f"house {h} has no {cat} left")
                if len(owners) == 1:
                    changed |= _narrow(c, (cat, owners[0]), {h}, f"Only {owners[0]} can still be the {cat} of house {h}", log)


def _solved(c: Cands) -> bool:
    return all(len(s) == 1 for s in c.values())


def _search(c: Cands, n: int, cats: dict[str, list[str]], clues: list[dict[str, Any]]) -> Cands | None:
    try:
        _propagate(c, n, cats, clues, None)
    except _Contradiction:
        return None
    if _solved(c):
        return c
    item = min((k for k, s in c.items() if len(s) > 1), key=lambda k: len(c[k]))
    for h in sorted(c[item]):
        trial = {k: set(s) for k, s in c.items()}
        trial[item] = {h}
        found = _search(trial, n, cats, clues)
        if found is not None:
            return found
    return None


def deduce(n: int, cats: dict[str, list[str]], clues: list[dict[str, Any]], max_lines: int = 80) -> tuple[list[str], bool]:
    """The deduction steps, and whether they reached the full solution."""
    c: Cands = {(cat, v): set(range(1, n + 1)) for cat, vals in cats.items() for v in vals}
    log: list[str] = []
    _propagate(c, n, cats, clues, log)
    while not _solved(c) and len(log) < max_lines:
        item = min((k for k, s in c.items() if len(s) > 1), key=lambda k: (len(c[k]), k))
        ruled_out = False
        for h in sorted(c[item]):
            trial = {k: set(s) for k, s in c.items()}
            trial[item] = {h}
            try:
                _propagate(trial, n, cats, clues, None)
            except _Contradiction as e:
                log.append(f"Suppose {item[1]} were in house {h}: then {e}. So it is not.")
                _narrow(c, item, c[item] - {h}, f"Ruling out house {h}", log)
                _propagate(c, n, cats, clues, log)
                ruled_out = True
                break
        if not ruled_out:  # no single supposition fails at once: finish by search, and say so
            found = _search({k: set(s) for k, s in c.items()}, n, cats, clues)
            if found is None:
                return log, False
            log.append("Trying the remaining possibilities one by one, only one arrangement satisfies every clue.")
            c = found
    if len(log) > max_lines:
        log = log[:max_lines] + ["(the remaining placements follow the same way)"]
    return log, _solved(c)
