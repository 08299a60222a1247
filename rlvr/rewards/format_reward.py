"""Format compliance: is the answer-protocol line present and well-formed?

Well-formed means, in the completion's last lines:
- exactly one final-answer line, written ``Final answer: x`` or ``Final answer (likely): x`` (a code
  answer puts its fenced block right after the marker), with a non-empty answer;
- nothing after it but at most one ``Confidence: NN%`` line (0-100), which may also come just before it.

The reward is 0 when well-formed and -1 when not: a penalty, never a bonus, so a constant well-formed
line earns nothing by itself. Suites without the answer protocol get ``None`` (TRL skips it).

>>> r = make_format_reward()
>>> r(completions=["2+2=4\\nFinal answer: 4", "Final answer: 4\\nFinal answer: 5", "4"],
...   task=['{"id": "a", "suite": "x", "prompt": "?"}'] * 3)
[0.0, -1.0, -1.0]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rlvr.errors import ConfigError
from rlvr.prompting import uses_protocol
from rlvr.protocol import FINAL
from rlvr.rewards.columns import completion_text, parse_tasks, require_column
from rlvr.rewards.stance import _FINAL_RE, Phrases, coerce_phrases

__all__ = ["FormatReward", "make_format_reward", "format_problems"]

_CONF_LINE = re.compile(r"Confidence: (\d{1,3})%")
_FENCE_AFTER = re.compile(r"\n```[^\n`]*\n.*?\n```[ \t]*(?:\n|\Z)", re.DOTALL)


def format_problems(text: Any, hedge_words: Sequence[str] = ("likely",)) -> list[str]:
    """What is wrong with the protocol line of ``text`` (empty list: well-formed).

    >>> format_problems("Final answer (maybe): 3\\nthanks")
    ["marker 'Final answer (maybe):' is not one of 'Final answer:', 'Final answer (likely):'", 'text after the final answer']
    """
    if not isinstance(text, str):
        return [f"completion is {type(text).__name__}, not text"]
    finals = list(_FINAL_RE.finditer(text))
    if not finals:
        return ["no final-answer line"]
    problems = []
    if len(finals) > 1:
        problems.append(f"{len(finals)} final-answer lines; write exactly one")
    m = finals[-1]
    markers = [FINAL] + [f"Final answer ({w}):" for w in hedge_words]
    head = text[m.start():m.start("rest")].rstrip()
    if head not in markers:
        problems.append(f"marker {head!r} is not one of {', '.join(map(repr, markers))}")
    end = m.end()
    if not m.group("rest").strip():
        fence = _FENCE_AFTER.match(text, m.end())
        if fence:
            end = fence.end()
        else:
            problems.append("empty final answer")
    before = text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
    tail = [line for line in text[end:].split("\n") if line.strip()]
    confs = [line for line in [before, *tail] if line.lower().lstrip().startswith("confidence")]
    if [line for line in tail if line not in confs]:
        problems.append("text after the final answer")
    if len(confs) > 1:
        problems.append("more than one Confidence line")
    for line in confs:
        c = _CONF_LINE.fullmatch(line.strip())
        if not c or int(c.group(1)) > 100:
            problems.append(f"Confidence line {line.strip()!r} is not 'Confidence: NN%' with NN in 0..100")
    return problems


class FormatReward:
    """TRL reward: 0.0 for a well-formed protocol answer, -1.0 otherwise, None for suites without the protocol."""

    def __init__(self, hedge_words: Sequence[str], name: str):
        self.hedge_words = tuple(hedge_words)
        self.__name__ = name

    def __call__(self, prompts: Any = None, completions: Sequence[Any] | None = None, task: Sequence[Any] | None = None,
                 log_metric: Any = None, **columns: Any) -> list[float | None]:
        completions = list(completions or [])
        tasks = parse_tasks(require_column("task", task, len(completions), self.__name__))
        out: list[float | None] = []
        for c, t in zip(completions, tasks):
            out.append(None if not uses_protocol(t.suite) else (0.0 if not format_problems(completion_text(c), self.hedge_words) else -1.0))
        scored = [r for r in out if r is not None]
        if callable(log_metric) and scored:
            log_metric(f"{self.__name__}/well_formed", sum(r == 0.0 for r in scored) / len(scored))
        return out


def make_format_reward(phrases: Phrases | Mapping[str, Sequence[str]] | None = None, *, name: str = "format") -> FormatReward:
    """The format-compliance reward; the hedge words allowed in the marker come from ``phrases`` (default: likely)."""
    ph = coerce_phrases(phrases, "protocol")
    bad = [w for w in ph.hedge if not re.fullmatch(r"[\w' -]+", w)]
    if bad:
        raise ConfigError(f"hedge words {bad} cannot appear in 'Final answer (word):'; use letters, digits, spaces or '-'")
    return FormatReward(ph.hedge, name)
