"""Reward-hacking probes: completions no honest reward may pay, scored before the first RL step.

Each probe writes one adversarial completion per sample task; the run's reward callables score them
exactly as training would. If any probe earns a positive weighted reward on any task, training
refuses to start (WorkError naming the probe, the task and the reward), because RL would find that
hole long before it learned the task.

>>> [p.name for p in PROBES]
['empty', 'constant', 'junk', 'every_option', 'hedge_spam']
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rlvr.errors import WorkError
from rlvr.protocol import ABSTAIN_TEXT, FINAL, FINAL_HEDGED
from rlvr.types import Task

__all__ = ["Probe", "PROBES", "probe_completions", "run_probes"]


@dataclass(frozen=True)
class Probe:
    """A named way to fake an answer: ``make(task, rng) -> completion``."""

    name: str
    what: str
    make: Callable[[Task, random.Random], str]


def _options(task: Task, rng: random.Random) -> list[str]:
    """The gold answer among plausible wrong ones (numbers nearby, or other strings)."""
    gold = task.answer if isinstance(task.answer, (str, int, float)) and not isinstance(task.answer, bool) else None
    if gold is None:
        return ["0", "1", "yes", "no", "True", "False", "A", "B", "C", "D"]
    opts = [str(gold)]
    if isinstance(gold, (int, float)):
        opts += [str(gold + d) for d in (-1, 1, 2, -10, 10)]
    else:
        opts += ["0", "1", "yes", "no", "A", "B", "C", "D", "True", "False"]
    rng.shuffle(opts)
    return opts


def _junk(task: Task, rng: random.Random) -> str:
    chars = "".join(rng.choice("abcxyz0123456789+-*/=()[]{}#@!?  ") for _ in range(40))
    return f"{chars}\n{FINAL} {chars[:8]}"


PROBES: tuple[Probe, ...] = (
    Probe("empty", "an empty completion", lambda t, r: ""),
    Probe("constant", "the same text for every task, with no answer", lambda t, r: "Let me think step by step."),
    Probe("junk", "random characters ending in a junk final answer", _junk),
    Probe("every_option", "several different final answers, the gold among them",
          lambda t, r: "\n".join(f"{FINAL} {o}" for o in _options(t, r))),
    Probe("hedge_spam", "every option hedged, plus an abstention",
          lambda t, r: "\n".join([*(f"{FINAL_HEDGED} {o}" for o in _options(t, r)), f"{FINAL} {ABSTAIN_TEXT}"])),
)


def probe_completions(tasks: Sequence[Task], seed: int = 0) -> list[tuple[Probe, Task, str]]:
    rng = random.Random(seed)
    return [(p, t, p.make(t, rng)) for p in PROBES for t in tasks]


def run_probes(reward_funcs: Sequence[Callable[..., Any]], weights: Sequence[float], tasks: Sequence[Task], prompts: Sequence[str],
               tokenizer: Any = None, *, seed: int = 0) -> dict[str, float]:
    """Score every probe on every task; raise WorkError if one earns reward; return the best reward per probe."""
    rows = probe_completions(tasks, seed)
    prompt_of = {t.id: p for t, p in zip(tasks, prompts)}
    comps = [c for _, _, c in rows]
    kwargs: dict[str, Any] = {
        "prompts": [prompt_of[t.id] for _, t, _ in rows],
        "completions": comps,
        "task": [json.dumps(t.to_json(), ensure_ascii=False) for _, t, _ in rows],
        "completion_ids": [tokenizer(c, add_special_tokens=False)["input_ids"] for c in comps] if tokenizer else [[0] * len(c) for c in comps],
        "trainer_state": None,
    }
    totals = [0.0] * len(rows)
    for func, w in zip(reward_funcs, weights):
        if w == 0:
            continue
        for i, r in enumerate(func(**kwargs)):
            if r is not None and not math.isnan(r):
                totals[i] += w * r
    best: dict[str, float] = {}
    first: dict[str, tuple[Task, str, float]] = {}
    for (probe, task, comp), total in zip(rows, totals):
        best[probe.name] = max(best.get(probe.name, -math.inf), total)
        if total > 1e-9 and probe.name not in first:
            first[probe.name] = (task, comp, total)
    if first:
        name, (task, comp, total) = next(iter(first.items()))
        what = next(p.what for p in PROBES if p.name == name)
        others = f" (also: {', '.join(list(first)[1:])})" if len(first) > 1 else ""
        raise WorkError(
            f"reward-hacking probe {name!r} ({what}) earned reward {total:+.3g} on task {task.id}{others}: "
            f"completion {comp[:60]!r}; fix the reward or verifier (or set rl.probes=false to train anyway)"
        )
    return best
