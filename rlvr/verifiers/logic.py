"""The ``logic`` verifier: checks an answer against the puzzle itself (statements, clauses, constraints, rules).

Reading: every ``Final answer:`` (or ``Final answer (likely):``) in the completion gives one answer:
the rest of its line, or, when that is empty or opens a ``` fence, the fenced block (or the lines up to
the next blank line). Each answer is parsed by its family's parser (``rlvr.verifiers.logic_answers``);
answers that disagree fail ("several different final answers"), so listing candidates never pays.

Judging: knights (statements evaluated under the answer), sat (every clause true, or UNSAT when the
generator proved it), sudoku and zebra (any grid meeting every constraint), syllogism (validity
recomputed), circuit (outputs recomputed), proof (``rlvr.verifiers.proof`` line by line; long proofs in
a bounded worker, ``rlvr.verifiers.bounded``). Every check is linear in its capped input.

>>> from rlvr.tasks.logic import LogicSuite
>>> task = LogicSuite().generate(1, seed=0, families=["circuit"])[0]
>>> v = LogicVerifier().verify(task, task.meta["solution"])
>>> v.status, v.reason
('pass', 'every output is right')
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from rlvr.errors import ConfigError
from rlvr.types import Task, Verdict
from rlvr.verifiers.base import NOTHING, Verifier
from rlvr.verifiers.bounded import run_bounded
from rlvr.verifiers.logic_answers import JUDGES, PARSERS, AnswerError
from rlvr.verifiers.logic_schema import check_logic_task
from rlvr.verifiers.proof import check_proof

__all__ = ["LogicVerifier", "extract_answers"]

MAX_ANSWERS = 20  # more final answers than this is spam, not an answer
MAX_ANSWER_CHARS = 30_000  # the largest gold answer (a 35-line proof) is under 2,000
# Every regex here is unambiguous (no two adjacent quantifiers can match the same character), so a
# hostile line of 100,000 spaces costs linear time: "[ \t]*[*_]*[ \t]*" style patterns backtrack
# cubically and took a minute on 3,000 spaces before this was written this way.
_FINAL_RE = re.compile(r"^[ \t>#*_-]*final[ \t]+answer[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?(?:[*_]+[ \t]*)?:(?P<rest>[^\n]*)$",
                       re.IGNORECASE | re.MULTILINE)
_FENCE_RE = re.compile(r"(?:[ \t]*\n)?[ \t]*```[^\n]*\n(?P<body>.*?)(?:\n[ \t]*```|\Z)", re.DOTALL)
_CONF_RE = re.compile(r"^[ \t>#*_-]*confidence[ \t]*(?:[*_]+[ \t]*)?[:=][^\n]*$", re.IGNORECASE | re.MULTILINE)


def extract_answers(completion: str) -> list[str]:
    """The text of every final answer in the completion, in order.

    >>> extract_answers("work...\\nFinal answer: valid\\nConfidence: 80%")
    ['valid']
    >>> extract_answers("Final answer:\\n```\\n1. P  premise\\n```")
    ['1. P  premise']
    """
    text = _CONF_RE.sub("", completion)
    out = []
    for m in _FINAL_RE.finditer(text):
        rest = m.group("rest").strip(" \t*_")
        if not rest or rest.startswith("```"):
            fence = _FENCE_RE.match(text, m.start("rest"))
            if fence:
                rest = fence.group("body")
            elif not rest:  # the answer on the following lines, up to a blank line
                rest = text[m.end():].lstrip("\n").split("\n\n", 1)[0]
                rest = _FINAL_RE.split(rest, maxsplit=1)[0]
        rest = rest.strip("*_` \t\r\n")
        out.append(rest[:MAX_ANSWER_CHARS + 1])
        if len(out) > MAX_ANSWERS:
            break
    return out


class LogicVerifier(Verifier):
    """Judge logic-suite answers by the puzzle's own rules; see the module docstring for each family.

    A proof longer than ``inline_chars`` is checked in a worker process killed after ``proof_timeout_s``;
    shorter ones (every honest proof here is under 2,000 characters) are checked in-process, which the
    checker's linear time on capped input makes safe and which saves a process round trip per proof.
    """

    name: ClassVar[str] = "logic"
    version: ClassVar[str] = "1"

    def __init__(self, proof_timeout_s: float = 10.0, inline_chars: int = 4000) -> None:
        if not isinstance(proof_timeout_s, (int, float)) or isinstance(proof_timeout_s, bool) or proof_timeout_s <= 0:
            raise ConfigError(f"logic verifier: proof_timeout_s must be a positive number of seconds, got {proof_timeout_s!r}")
        if not isinstance(inline_chars, int) or isinstance(inline_chars, bool) or inline_chars < 0:
            raise ConfigError(f"logic verifier: inline_chars must be an integer >= 0, got {inline_chars!r}")
        self.proof_timeout_s, self.inline_chars = float(proof_timeout_s), inline_chars

    def check_task(self, task: Task) -> None:
        check_logic_task(task)

    def extract(self, task: Task, completion: str) -> Any:
        answers = extract_answers(completion)
        return answers if answers else NOTHING

    def check(self, task: Task, extracted: Any) -> Verdict:
        family = task.meta["generator"]
        if len(extracted) > MAX_ANSWERS:
            return self.failed(f"more than {MAX_ANSWERS} final answers", extracted=extracted[:3])
        if any(len(a) > MAX_ANSWER_CHARS for a in extracted):
            return self.failed(f"a final answer is over {MAX_ANSWER_CHARS} characters", extracted=None)
        values = []
        for text in extracted:
            if not text.strip():
                return self.failed("a final answer is empty", extracted=extracted)
            try:
                values.append(PARSERS[family](text, task.meta))
            except AnswerError as e:
                return self.failed(f"cannot read the answer: {e}", extracted=text[:500])
        if any(v != values[0] for v in values[1:]):
            return self.failed(f"{len(values)} final answers that disagree; give one", extracted=extracted[:3])
        value = values[0]
        if family == "proof":
            return self._check_proof(task, value)
        ok, reason = JUDGES[family](value, task.meta)
        return self.passed(reason, extracted=value) if ok else self.failed(reason, extracted=value)

    def _check_proof(self, task: Task, proof: str) -> Verdict:
        args = (proof, task.meta["premises"], task.meta["goal"])
        if len(proof) <= self.inline_chars:
            r = check_proof(*args)
        else:
            outcome = run_bounded(check_proof, *args, timeout_s=self.proof_timeout_s)
            if not outcome.ok:  # the proof checker is linear in a capped input: an overrun is our fault
                return self.errored(f"proof checker {outcome.status}: {outcome.error}", extracted=proof[:2000])
            r = outcome.value
        if r.ok:
            return self.passed(f"valid proof: {r.reason}", extracted=proof, lines=r.lines)
        return self.failed(f"invalid proof: {r.reason}", extracted=proof, bad_line=r.line, lines=r.lines)
