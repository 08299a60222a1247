"""The ``format`` verifier: does a response follow every instruction listed in ``meta.constraints``?

The whole response is the answer (format tasks do not use the ``Final answer:`` protocol). Each
constraint is checked by its IFEval checker (``rlvr.verifiers.instructions``), read one of two ways:

- ``mode="strict"`` (default): the response as it is, IFEval's strict accuracy;
- ``mode="loose"``: IFEval's loose accuracy; a constraint is met if the response meets it after any of
  these edits: none, drop the first line, drop the last line, drop both, each of those four with every
  ``*`` removed (8 variants, as lm-eval's ``test_instruction_following_loose``).

Score: ``score="strict"`` (default) gives 1.0 when every constraint is met, else 0.0;
``score="partial"`` gives the fraction met. Either way the status is ``pass`` only when all are met.
Set them on the command line with ``rlvr verify IN -o OUT -O format.score=partial -O format.mode=loose``.

Time is bounded on hostile text: the base class refuses completions over 200k characters; every
checker is linear in the text (the slowest, nltk's Punkt, takes ~4 s on 150k characters of "a. a. ");
responses longer than ``inline_chars`` (50k), and schemas that carry their own regexes (``pattern``), are
checked in a killable worker (``rlvr.verifiers.bounded``) under ``timeout_s`` (30 s, room for a cold
worker's nltk import), and a timeout is an ``error`` (ours).

>>> from rlvr.types import Task
>>> task = Task(id="t1", suite="format", prompt="Write a haiku in lowercase, no commas.",
...             meta={"constraints": [{"id": "change_case:english_lowercase", "kwargs": {}},
...                                   {"id": "punctuation:no_comma", "kwargs": {}}]})
>>> v = FormatVerifier().verify(task, "the quiet pond sleeps\\nan old frog leaps into it\\nsplash and then silence")
>>> v.status, v.score
('pass', 1.0)
>>> v = FormatVerifier(score="partial").verify(task, "The quiet pond sleeps and an old frog leaps into it.")
>>> v.status, v.score, v.reason
('fail', 0.5, '1/2 constraints met; first unmet: change_case:english_lowercase: not all lowercase letters')
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rlvr.errors import ConfigError
from rlvr.types import Task, Verdict
from rlvr.verifiers.base import NOTHING, Verifier
from rlvr.verifiers.bounded import run_bounded
from rlvr.verifiers.instructions import Constraint, normalize_constraints, unmet

__all__ = ["FormatVerifier", "loose_variants", "judge"]

MODES = ("strict", "loose")
SCORES = ("strict", "partial")


def loose_variants(response: str) -> list[str]:
    """IFEval's 8 loose readings of a response, in lm-eval's order (the response itself first)."""
    lines = response.split("\n")
    first, last, both = "\n".join(lines[1:]).strip(), "\n".join(lines[:-1]).strip(), "\n".join(lines[1:-1]).strip()
    return [response, response.replace("*", ""), first, last, both,
            first.replace("*", ""), last.replace("*", ""), both.replace("*", "")]


def judge(constraints: list[Constraint], response: str, mode: str) -> list[str | None]:
    """Per constraint: None if met, else the reason (from the strict reading). Module-level: picklable."""
    # duplicates are common (no "*" in the text, a single line), and each costs a full pass
    variants = list(dict.fromkeys(loose_variants(response))) if mode == "loose" else [response]
    out: list[str | None] = []
    for c in constraints:
        first_reason = unmet(c, variants[0])
        if first_reason is not None and any(unmet(c, v) is None for v in variants[1:]):
            first_reason = None
        out.append(first_reason)
    return out


def _runs_schema_regex(c: Constraint) -> bool:
    """A schema with ``pattern``/``patternProperties`` runs the task author's regex on model text, which can
    backtrack for ever (``^(a+)+$``); such checks always go to a killable worker."""
    return c.id == "json_schema" and "pattern" in json.dumps(c.kwargs["schema"])


class FormatVerifier(Verifier):
    """Checks IFEval-style instructions and ``json_schema`` constraints listed in ``task.meta.constraints``."""

    name: ClassVar[str] = "format"
    version: ClassVar[str] = "1"

    def __init__(self, mode: str = "strict", score: str = "strict", timeout_s: float = 30.0, inline_chars: int = 50_000):
        if mode not in MODES:
            raise ConfigError(f"format verifier: mode must be one of {list(MODES)}, got {mode!r}")
        if score not in SCORES:
            raise ConfigError(f"format verifier: score must be one of {list(SCORES)}, got {score!r}")
        if not isinstance(timeout_s, (int, float)) or isinstance(timeout_s, bool) or timeout_s <= 0:
            raise ConfigError(f"format verifier: timeout_s must be a positive number of seconds, got {timeout_s!r}")
        if not isinstance(inline_chars, int) or isinstance(inline_chars, bool) or inline_chars < 0:
            raise ConfigError(f"format verifier: inline_chars must be an integer >= 0, got {inline_chars!r}")
        self.mode, self.score, self.timeout_s, self.inline_chars = mode, score, float(timeout_s), inline_chars

    def check_task(self, task: Task) -> None:
        normalize_constraints(task.meta.get("constraints"), where=f"task {task.id!r} meta.constraints")

    def extract(self, task: Task, completion: str) -> Any:
        return completion if completion.strip() else NOTHING

    def check(self, task: Task, extracted: Any) -> Verdict:
        constraints = normalize_constraints(task.meta["constraints"])
        if len(extracted) <= self.inline_chars and not any(map(_runs_schema_regex, constraints)):
            results = judge(constraints, extracted, self.mode)
        else:
            outcome = run_bounded(judge, constraints, extracted, self.mode, timeout_s=self.timeout_s)
            if not outcome.ok:
                return self.errored(f"format checks on a {len(extracted)}-character response: {outcome.status}: {outcome.error}")
            results = outcome.value
        met = sum(r is None for r in results)
        per = [{"id": c.id, "met": r is None, "why": r or ""} for c, r in zip(constraints, results)]
        preview = extracted if len(extracted) <= 300 else extracted[:300] + "..."
        if met == len(constraints):
            return self.passed(f"all {met} constraint(s) met ({self.mode})", extracted=preview, constraints=per, mode=self.mode)
        first = next((c, r) for c, r in zip(constraints, results) if r is not None)
        score = met / len(constraints) if self.score == "partial" else 0.0
        return self.failed(f"{met}/{len(constraints)} constraints met; first unmet: {first[0].id}: {first[1]}",
                           extracted=preview, score=score, constraints=per, mode=self.mode)
