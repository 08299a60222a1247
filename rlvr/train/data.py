"""Tasks into TRL datasets: SFT prompt/completion pairs and RL prompt/task rows.

Both use ``rlvr.prompting.build_prompt``, so training and evaluation ask the same way. RL rows carry the
task as a JSON string in the ``task`` column, which the reward callables read back.

SFT stances: most completions are the generator's worked solution (ending ``Final answer: x``); a share
is hedged (``Final answer (likely): x``) on problems one level harder than training, and a share says
``Final answer: I don't know`` on problems two levels harder, so RL finds each stance already in the
policy and a hedge or an abstention is taught where the model is most likely to be wrong.

>>> hedge_solution("7 + 5 = 12\\nFinal answer: 12")
'7 + 5 = 12\\nFinal answer (likely): 12'
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from rlvr import console
from rlvr.errors import DataError, UsageError
from rlvr.prompting import build_prompt
from rlvr.protocol import ABSTAIN_TEXT, FINAL, FINAL_HEDGED
from rlvr.types import Task

__all__ = ["families_for", "generate_tasks", "load_task_file", "hedge_solution", "abstain_solution", "sft_dataset",
           "rl_rows", "rl_dataset", "task_group", "difficulty_levels"]


def families_for(suite: Any, wanted: Sequence[str]) -> list[str]:
    """The generator families of ``suite`` named in ``wanted`` (``family`` or ``suite:family``); none named = all."""
    mine = []
    for w in wanted:
        s, _, fam = w.rpartition(":")
        if (not s or s == suite.name) and fam in suite.families:
            mine.append(fam)
        elif s == suite.name:
            raise UsageError(f"suite {suite.name!r} has no generator {fam!r}; its generators: {list(suite.families)}")
    return mine or list(suite.families)


def _clamp(suite: Any, level: int) -> int:
    return max(1, min(int(level), int(suite.max_difficulty)))


def generate_tasks(suites: Sequence[str], generators: Sequence[str], *, count: int, difficulty: int, split: str, seed: int) -> list[Task]:
    """``count`` tasks per suite at ``difficulty`` (clamped to each suite's range) from the chosen generators."""
    from rlvr import registry

    objs = [registry.get_suite(name) for name in suites]
    known = {f for s in objs for f in s.families}
    stray = [g for g in generators if g.rpartition(":")[2] not in known]
    if stray:
        raise UsageError(f"generator(s) {stray} belong to none of the suites {list(suites)}; their generators: {sorted(known)}")
    tasks: list[Task] = []
    for suite in objs:
        fams = families_for(suite, generators)
        tasks += suite.generate(count, seed=seed, difficulty=_clamp(suite, difficulty), split=split, families=fams)
    return tasks


def load_task_file(path: str) -> list[Task]:
    """Tasks from a file in any format ``rlvr.tasks.loaders`` reads (rlvr JSONL when that module is absent)."""
    try:
        from rlvr.tasks.loaders import load_tasks
    except ImportError:
        from rlvr.jsonl import read_tasks

        return list(read_tasks(path))
    return list(load_tasks(path))


def hedge_solution(solution: str) -> str:
    """Turn the last ``Final answer:`` line of a worked solution into the hedged form."""
    head, sep, tail = solution.rpartition(FINAL)
    if not sep:
        raise DataError(f"worked solution does not end with {FINAL!r}: {solution[-80:]!r}")
    return f"{head}{FINAL_HEDGED}{tail}"


def abstain_solution() -> str:
    return f"{FINAL} {ABSTAIN_TEXT}"


def _solution(task: Task) -> str:
    sol = task.meta.get("solution")
    if not isinstance(sol, str) or FINAL not in sol:
        raise DataError(f"task {task.id} has no worked solution ending in {FINAL!r} (meta.solution); SFT needs one per task")
    return sol


def sft_dataset(tasks: Sequence[Task], tokenizer: Any, *, hedged: Sequence[Task] = (), abstain: Sequence[Task] = ()) -> Any:
    """A TRL prompt/completion ``datasets.Dataset``: worked solutions, hedged solutions, and abstentions."""
    import datasets

    rows = [(t, _solution(t)) for t in tasks]
    rows += [(t, hedge_solution(_solution(t))) for t in hedged]
    rows += [(t, abstain_solution()) for t in abstain]
    if not rows:
        raise DataError("no SFT examples: the task set is empty")
    return datasets.Dataset.from_dict({"prompt": [build_prompt(t, tokenizer) for t, _ in rows], "completion": [c for _, c in rows]})


def sft_tasks(cfg: Any) -> tuple[list[Task], list[Task], list[Task]]:
    """Plain, hedged and abstain task lists for an SFT run, sized by ``cfg.sft`` shares."""
    d, s = cfg.data, cfg.sft
    if d.task_file:
        tasks = [t for t in load_task_file(d.task_file) if isinstance(t.meta.get("solution"), str)]
        if not tasks:
            raise DataError(f"{d.task_file}: no task has a worked solution (meta.solution); SFT needs them")
        rng = random.Random(d.seed)
        rng.shuffle(tasks)
        n_h, n_a = int(len(tasks) * s.hedge_share), int(len(tasks) * s.idk_share)
        return tasks[n_h + n_a:], tasks[:n_h], []  # no harder level in a file: no abstentions to teach
    plain = generate_tasks(d.suites, d.generators, count=d.train_size, difficulty=d.difficulty, split="train", seed=d.seed)
    n = len(plain)
    n_h, n_a = round(n * s.hedge_share), round(n * s.idk_share)
    hedge_level = s.hedge_difficulty or d.difficulty + 1
    hedged = generate_tasks(d.suites, d.generators, count=max(1, n_h // max(1, len(d.suites))), difficulty=hedge_level,
                            split="train", seed=d.seed + 1) if n_h else []
    idk_level = s.idk_difficulty or d.difficulty + 2
    abstain = generate_tasks(d.suites, d.generators, count=max(1, n_a // max(1, len(d.suites))), difficulty=idk_level,
                             split="train", seed=d.seed + 2) if n_a else []
    seen = {t.id for t in plain}
    hedged = [t for t in hedged if t.id not in seen]  # hedge_difficulty may be the training level: other problems then
    abstain = [t for t in abstain if t.id not in seen and t.meta.get("difficulty") != d.difficulty]
    console.debug(f"SFT examples: {len(plain)} worked, {len(hedged)} hedged, {len(abstain)} I-don't-know")
    return plain, hedged, abstain


def task_group(task: Task) -> str:
    """The curriculum's unit: one generator of one suite."""
    return f"{task.suite}/{task.meta.get('generator', 'tasks')}"


def difficulty_levels(suite_name: str) -> list[int]:
    from rlvr import registry

    return list(range(1, int(registry.get_suite(suite_name).max_difficulty) + 1))


def rl_rows(tasks: Sequence[Task], tokenizer: Any) -> dict[str, list[str]]:
    return {"prompt": [build_prompt(t, tokenizer) for t in tasks], "task": [json.dumps(t.to_json(), ensure_ascii=False) for t in tasks]}


def rl_dataset(tasks: Sequence[Task], tokenizer: Any) -> Any:
    """A ``datasets.Dataset`` with ``prompt`` (templated text) and ``task`` (Task JSON) columns."""
    import datasets

    if not tasks:
        raise DataError("no RL tasks: the task set is empty")
    return datasets.Dataset.from_dict(rl_rows(tasks, tokenizer))


def rl_pool(cfg: Any, *, pool_size: int | None = None) -> list[Task]:
    """Training tasks at every difficulty level of every chosen generator, for the curriculum to draw from."""
    d = cfg.data
    if d.task_file:
        return load_task_file(d.task_file)
    from rlvr import registry

    size = pool_size or d.train_size  # a small pool is memorised: measured train pass 0.8 vs held-out 0.21 with 512
    pool: list[Task] = []
    for name in d.suites:
        suite = registry.get_suite(name)
        for fam in families_for(suite, d.generators):
            for level in range(1, int(suite.max_difficulty) + 1):
                try:
                    pool += suite.generate(size, seed=d.seed, difficulty=level, split="train", families=[fam])
                except DataError:  # a small problem space at this level: take what exists
                    pool += _take_available(suite, fam, level, d.seed)
    return pool


def _take_available(suite: Any, fam: str, level: int, seed: int) -> list[Task]:
    out: list[Task] = []
    try:
        for t in suite.iter_generate(10_000, seed=seed, difficulty=level, split="train", families=[fam]):
            out.append(t)
    except DataError:
        pass
    return out
