"""Correctness with stance: the verifier judges the answer, the table (or proper score) prices the stance.

Per completion: read the stance (plainly for suites without the answer protocol), then
- abstain: the table's abstain value, without running the verifier;
- several different answers: the table's unhedged-wrong value, without running the verifier;
- otherwise the task's verifier (``rlvr.registry.verifier_for``) judges ``Stance.answer_text``, batched
  per verifier through ``verify_batch``; an ``error`` verdict (our fault) gives ``None``, never a zero,
  so TRL leaves that sample out; pass/fail price the stance (a partial score interpolates).

Logged through TRL's ``log_metric`` when given: per-suite mean reward and accuracy, stance rates,
conflicting-answer rate, verifier latency and error rate.

>>> from rlvr.rewards.tables import get_table
>>> r = make_correctness_reward(get_table("schulman"))
>>> r.__name__
'correctness'
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rlvr import console, registry
from rlvr.errors import ConfigError, TaskError
from rlvr.prompting import uses_protocol
from rlvr.rewards.columns import completion_text, parse_tasks, require_column
from rlvr.rewards.proper import ProperScore
from rlvr.rewards.stance import MODES, Phrases, Stance, coerce_phrases, read_stance
from rlvr.rewards.tables import RewardTable, Scorer
from rlvr.types import Task, Verdict

__all__ = ["StanceCorrectnessReward", "make_correctness_reward", "verifier_name"]


def verifier_name(task: Task) -> str:
    """The registry name of the verifier that judges ``task`` (``meta.verifier`` or its suite's)."""
    name = task.meta.get("verifier")
    if isinstance(name, str) and name:
        return name
    return registry._lookup("suite", task.suite).verifier


class StanceCorrectnessReward:
    """TRL reward ``(prompts, completions, task=[...], **columns) -> list[float | None]``; see the module docstring.

    A class, not a closure, so it pickles to worker processes; verifier instances are rebuilt per process.
    """

    def __init__(self, scorer: Scorer, *, mode: str, phrases: Phrases | None, verifier_options: Mapping[str, Mapping[str, Any]],
                 name: str):
        self.scorer = scorer
        self.mode = mode
        self.phrases = phrases
        self.verifier_options = {k: dict(v) for k, v in verifier_options.items()}
        self.__name__ = name
        self._verifiers: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_verifiers": {}}

    def _verifier(self, task: Task) -> tuple[str, Any]:
        name = verifier_name(task)
        if name not in self._verifiers:
            self._verifiers[name] = registry.verifier_for(task, **self.verifier_options.get(name, {}))
        return name, self._verifiers[name]

    def stances(self, completions: Sequence[Any], tasks: Sequence[Task]) -> list[Stance]:
        return [read_stance(completion_text(c), mode=self.mode if uses_protocol(t.suite) else "plain", phrases=self.phrases,
                            gold=t.answer) for c, t in zip(completions, tasks)]

    def judge(self, completions: Sequence[Any], tasks: Sequence[Task]) -> tuple[list[Stance], list[Verdict | None], float]:
        """Stances, verdicts (None where the verifier was not run) and seconds spent verifying."""
        stances = self.stances(completions, tasks)
        groups: dict[str, list[int]] = defaultdict(list)
        verifiers: dict[str, Any] = {}
        for i, (s, t) in enumerate(zip(stances, tasks)):
            if s.kind != "abstain" and not s.conflicting:
                name, verifier = self._verifier(t)
                groups[name].append(i)
                verifiers[name] = verifier
        verdicts: list[Verdict | None] = [None] * len(tasks)
        start = time.perf_counter()
        for name, idxs in groups.items():
            verifier = verifiers[name]
            try:
                results = verifier.verify_batch([tasks[i] for i in idxs], [stances[i].answer_text for i in idxs])
            except TaskError:
                raise  # a malformed task is the caller's bug: stop with the verifier's message
            except Exception as e:  # the verifier's own machinery broke: no reward for these samples, said out loud
                console.warn(f"verifier {name} failed on a batch of {len(idxs)}: {type(e).__name__}: {e}; those samples get no reward")
                results = [verifier.errored(f"verify_batch raised {type(e).__name__}: {e}") for _ in idxs]
            for i, v in zip(idxs, results):
                verdicts[i] = v
        return stances, verdicts, time.perf_counter() - start

    def reward_of(self, stance: Stance, verdict: Verdict | None) -> float | None:
        if stance.kind == "abstain":
            return self.scorer.stance_reward("abstain", None, 0.0)
        if stance.conflicting:
            return self.scorer.stance_reward("unhedged", None, 0.0)
        if verdict is None or verdict.status == "error":
            return None
        return self.scorer.stance_reward(stance.kind, stance.confidence, float(verdict.score))

    def __call__(self, prompts: Sequence[Any] | None = None, completions: Sequence[Any] | None = None, task: Sequence[Any] | None = None,
                 log_metric: Callable[[str, float], None] | None = None, log_extra: Callable[[str, list], None] | None = None,
                 **columns: Any) -> list[float | None]:
        completions = list(completions or [])
        tasks = parse_tasks(require_column("task", task, len(completions), self.__name__))
        stances, verdicts, seconds = self.judge(completions, tasks)
        rewards = [self.reward_of(s, v) for s, v in zip(stances, verdicts)]
        if callable(log_metric):
            self._log(log_metric, tasks, stances, verdicts, rewards, seconds)
        if callable(log_extra):
            log_extra(f"{self.__name__}/stance", ["conflicting" if s.conflicting else s.kind for s in stances])
        return rewards

    def _log(self, log_metric: Callable[[str, float], None], tasks: Sequence[Task], stances: Sequence[Stance],
             verdicts: Sequence[Verdict | None], rewards: Sequence[float | None], seconds: float) -> None:
        n, p = len(stances), self.__name__
        if not n:
            return
        for kind in ("unhedged", "hedged", "abstain"):
            log_metric(f"{p}/stance/{kind}", sum(s.kind == kind and not s.conflicting for s in stances) / n)
        log_metric(f"{p}/stance/conflicting", sum(s.conflicting for s in stances) / n)
        ran = [v for v in verdicts if v is not None]
        if ran:
            log_metric(f"{p}/verifier/error_rate", sum(v.status == "error" for v in ran) / len(ran))
            log_metric(f"{p}/verifier/latency_s", sum(v.seconds for v in ran) / len(ran))
            log_metric(f"{p}/verifier/batch_seconds", seconds)
        by_suite: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(tasks):
            by_suite[t.suite].append(i)
        for suite, idxs in sorted(by_suite.items()):
            got = [rewards[i] for i in idxs if rewards[i] is not None]
            if got:
                log_metric(f"{p}/{suite}/reward", sum(got) / len(got))
            judged = [verdicts[i] for i in idxs if verdicts[i] is not None and verdicts[i].status != "error"]
            log_metric(f"{p}/{suite}/accuracy", sum(v.status == "pass" for v in judged) / len(idxs))


def make_correctness_reward(scorer: Scorer, *, mode: str = "protocol", phrases: Phrases | Mapping[str, Sequence[str]] | None = None,
                            verifier_options: Mapping[str, Mapping[str, Any]] | None = None,
                            name: str = "correctness") -> StanceCorrectnessReward:
    """Build the correctness-with-stance reward; settings are checked here, before any training starts."""
    if not isinstance(scorer, (RewardTable, ProperScore)):
        raise ConfigError(f"scorer must be a RewardTable or ProperScore (see rlvr.rewards.get_scorer), got {type(scorer).__name__}")
    if mode not in MODES or mode == "plain":
        raise ConfigError(f"correctness reward mode must be 'protocol' or 'free', got {mode!r} (plain suites are detected per task)")
    options = dict(verifier_options or {})
    for vname, opts in options.items():
        if not isinstance(opts, Mapping):
            raise ConfigError(f"verifier_options.{vname} must be a mapping of options, got {opts!r}")
    return StanceCorrectnessReward(scorer, mode=mode, phrases=coerce_phrases(phrases, mode) if phrases else None,
                                   verifier_options=options, name=name)
