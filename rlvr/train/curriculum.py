"""Curriculum: keep each generator's group pass rate inside a band, and stop sampling zero-variance tasks.

GRPO-style advantages are zero when every sample of a group gets the same reward, so a group the
policy always solves, or never does, teaches nothing. After every generation batch the ``Curriculum``
sees each group's rewards: it moves a generator one difficulty level up when its pass rate over the
last ``window`` batches is above the band, down when below, and retires the task of a zero-variance
group so the sampler stops drawing it. A level the generator had to step back from is tried again
only after a cool-down that doubles with each failed try (``window * 2**k`` batches, at most
``MAX_COOLDOWN``): without it a policy just above the band at level L and far below it at L+1 bounces
between the two every few batches (measured: 36 moves in 500 steps, half the steps spent at a level
where every group scored 0). The ``CurriculumSampler`` replaces TRL's ``RepeatSampler``
(same layout: ``num_generations`` copies of each prompt, the block repeated for ``num_iterations``)
but picks each prompt from the generator's current level.

It also keeps the share of informative groups (non-zero reward variance) for the DPO fallback.

>>> c = Curriculum({"m/add": [1, 2, 3]}, start={"m/add": 1}, band=(0.2, 0.8), window=1)
>>> c.observe([("m/add", "t1", [1.0, 1.0, 1.0, 1.0])])["informative_frac"]
0.0
>>> c.level["m/add"], "t1" in c.retired
(2, True)
"""

from __future__ import annotations

import math
import random
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from typing import Any

from torch.utils.data import Sampler

__all__ = ["Curriculum", "CurriculumSampler", "group_rows", "MAX_COOLDOWN"]

MAX_COOLDOWN = 256  # batches: the longest wait before a level that failed is tried again


class Curriculum:
    """Difficulty per generator group, pass-rate history, retired tasks, and the informative-group history."""

    def __init__(self, levels: dict[str, list[int]], *, start: dict[str, int], band: tuple[float, float] = (0.2, 0.8),
                 window: int = 4, drop_zero_variance: bool = True, enabled: bool = True):
        self.levels = {g: sorted(v) for g, v in levels.items()}
        self.level = {g: min(self.levels[g], key=lambda lv, s=start.get(g, 1): abs(lv - s)) for g in self.levels}
        self.band, self.window, self.drop, self.enabled = band, window, drop_zero_variance, enabled
        self.history: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=window))
        self.retired: set[str] = set()
        self.informative: list[float] = []  # share of informative groups, one entry per observed batch
        self.moves: list[dict[str, Any]] = []
        self.batches = 0
        self.failed_tries: dict[str, dict[int, int]] = defaultdict(dict)  # group -> level -> times it had to step back from it
        self.blocked_until: dict[str, int] = {}  # group -> batch before which it may not move up

    def observe(self, groups: Sequence[tuple[str, str, Sequence[float]]], passes: Sequence[Sequence[bool]] | None = None) -> dict[str, float]:
        """Record one generation batch: ``(group, task_id, rewards)`` per prompt group; return metrics to log.

        ``passes`` (same shape) says which samples the verifier passed; without it a positive reward counts as a pass.
        """
        self.batches += 1
        per_group: dict[str, list[float]] = defaultdict(list)
        informative = 0
        for i, (group, task_id, rewards) in enumerate(groups):
            vals = [r for r in rewards if not math.isnan(r)]
            ok = passes[i] if passes is not None else [r > 0 for r in rewards]
            per_group[group].append(sum(ok) / max(1, len(ok)))
            if len(vals) >= 2 and max(vals) - min(vals) > 1e-9:
                informative += 1
            elif self.drop:
                self.retired.add(task_id)
        frac = informative / max(1, len(groups))
        self.informative.append(frac)
        metrics: dict[str, float] = {"informative_frac": frac, "zero_variance_frac": 1.0 - frac}
        for group, rates in per_group.items():
            self.history[group].append(sum(rates) / len(rates))
            metrics[f"pass_rate/{group}"] = sum(rates) / len(rates)
            if self.enabled and group in self.level:
                self._maybe_move(group)
        for group, lv in self.level.items():
            metrics[f"difficulty/{group}"] = float(lv)
        return metrics

    def _maybe_move(self, group: str) -> None:
        hist = self.history[group]
        if len(hist) < self.window:
            return
        rate = sum(hist) / len(hist)
        levels, cur = self.levels[group], self.level[group]
        i = levels.index(cur)
        if rate > self.band[1] and i + 1 < len(levels) and self.batches >= self.blocked_until.get(group, 0):
            new = levels[i + 1]
        elif rate < self.band[0] and i > 0:
            new = levels[i - 1]
            tries = self.failed_tries[group][cur] = self.failed_tries[group].get(cur, 0) + 1
            self.blocked_until[group] = self.batches + min(MAX_COOLDOWN, self.window * 2**tries)
        else:
            return
        self.level[group] = new
        hist.clear()
        self.moves.append({"batch": self.batches, "group": group, "from": cur, "to": new, "pass_rate": round(rate, 3)})

    def starved(self, threshold: float, window: int) -> bool:
        """True when the informative share stayed below ``threshold`` for the last ``window`` batches."""
        recent = self.informative[-window:]
        return len(recent) >= window and all(f < threshold for f in recent)

    def state_dict(self) -> dict[str, Any]:
        return {"level": self.level, "history": {g: list(h) for g, h in self.history.items()}, "retired": sorted(self.retired),
                "informative": self.informative, "moves": self.moves, "batches": self.batches,
                "failed_tries": {g: {str(lv): n for lv, n in t.items()} for g, t in self.failed_tries.items()},
                "blocked_until": dict(self.blocked_until)}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.level.update({g: lv for g, lv in state.get("level", {}).items() if g in self.levels})
        for g, h in state.get("history", {}).items():
            self.history[g] = deque(h, maxlen=self.window)
        self.retired = set(state.get("retired", []))
        self.informative = list(state.get("informative", []))
        self.moves = list(state.get("moves", []))
        self.batches = int(state.get("batches", 0))
        for g, t in state.get("failed_tries", {}).items():
            self.failed_tries[g] = {int(lv): int(n) for lv, n in t.items()}
        self.blocked_until = {g: int(b) for g, b in state.get("blocked_until", {}).items()}


class CurriculumSampler(Sampler[int]):
    """Yields dataset indices in TRL's RepeatSampler layout, each prompt drawn from its group's current level.

    ``index[group][level]`` lists the dataset rows of that group and level; ``ids[row]`` is the task id
    (to skip retired tasks). Groups take turns so every generator is seen in every batch it fits in.
    """

    def __init__(self, curriculum: Curriculum, index: dict[str, dict[int, list[int]]], ids: Sequence[str], *,
                 prompts_per_batch: int, num_generations: int, repeat_count: int, seed: int, blocks_per_epoch: int):
        super().__init__()
        self.c, self.index, self.ids = curriculum, index, ids
        self.b, self.g, self.repeat, self.seed, self.blocks = prompts_per_batch, num_generations, repeat_count, seed, blocks_per_epoch
        self.groups = sorted(index)
        self.drawn = 0  # blocks drawn so far; seeds the next block so a resumed run continues the same stream

    def __len__(self) -> int:
        return self.blocks * self.b * self.g * self.repeat

    def _pick(self, rng: random.Random, group: str) -> int:
        rows = self.index[group].get(self.c.level.get(group, 0)) or next(iter(self.index[group].values()))
        fresh = [r for r in rows if self.ids[r] not in self.c.retired]
        if not fresh:  # every task at this level retired: give them another chance rather than stall
            self.c.retired.difference_update(self.ids[r] for r in rows)
            fresh = rows
        return rng.choice(fresh)

    def __iter__(self) -> Iterator[int]:
        for _ in range(self.blocks):
            rng = random.Random(f"{self.seed}:{self.drawn}")
            start = self.drawn * self.b
            self.drawn += 1
            chunk = [self._pick(rng, self.groups[(start + i) % len(self.groups)]) for i in range(self.b)]
            for _ in range(self.repeat):
                for row in chunk:
                    for _ in range(self.g):
                        yield row


def group_rows(task_ids: Sequence[str], groups: Sequence[str], rewards: Sequence[float], passes: Sequence[bool], g: int) -> tuple[list, list]:
    """Split a flat generation batch (``g`` consecutive samples per prompt) into curriculum groups."""
    out, ok = [], []
    for s in range(0, len(task_ids), g):
        out.append((groups[s], task_ids[s], list(rewards[s:s + g])))
        ok.append(list(passes[s:s + g]))
    return out, ok
