"""The ``format`` suite: IFEval-style verifiable instructions and JSON-schema output.

Two generators:
- ``instructions``: a writing request with 1 to 5 of IFEval's 25 instructions composed onto it
  (``difficulty`` is the number asked for; IFEval's conflict table keeps them satisfiable together);
- ``json_schema``: describe a topic as a JSON object matching a schema the prompt shows.

Each task lists its constraints in ``meta.constraints`` as ``{"id": "<IFEval id>", "kwargs": {...}}``,
exactly as IFEval data does, and ``meta.solution`` holds a reference response that meets them (built by
construction, and checked here by the ``format`` verifier before the task is emitted). The held-out
split follows the combination of instruction ids (for schemas: the property set), so held-out tasks
ask for combinations never seen in training. The whole response is the answer: no answer protocol.

>>> suite = FormatSuite()
>>> task = suite.generate(1, seed=3, difficulty=2)[0]
>>> [c["id"] for c in task.meta["constraints"]]
['keywords:forbidden_words', 'keywords:existence']
>>> from rlvr.verifiers.format import FormatVerifier
>>> FormatVerifier().verify(task, task.meta["solution"]).status
'pass'
"""

from __future__ import annotations

import json
import random
from typing import ClassVar

from rlvr.errors import WorkError
from rlvr.tasks.base import Problem, Suite
from rlvr.tasks.format_compose import compose
from rlvr.tasks.format_schema import compose_schema
from rlvr.types import Task
from rlvr.verifiers.format import FormatVerifier

__all__ = ["FormatSuite"]


class FormatSuite(Suite):
    """IFEval-style instruction following and JSON-schema output, scored by the ``format`` verifier."""

    name: ClassVar[str] = "format"
    version: ClassVar[str] = "1"
    verifier: ClassVar[str] = "format"
    families: ClassVar[tuple[str, ...]] = ("instructions", "json_schema")
    max_difficulty: ClassVar[int] = 5
    answer_protocol: ClassVar[bool] = False  # the whole response is the answer

    def make(self, family: str, rng: random.Random, difficulty: int) -> Problem:
        if family == "instructions":
            prompt, constraints, reference, key = compose(rng, rng.randint(max(1, difficulty - 1), difficulty))
        else:
            prompt, constraints, reference, key = compose_schema(rng, difficulty)
        canonical = json.dumps({"prompt": prompt, "constraints": constraints}, sort_keys=True, ensure_ascii=False)
        task = Task(id="check", suite=self.name, prompt=prompt, meta={"constraints": constraints})
        verdict = FormatVerifier().verify(task, reference)
        if verdict.status != "pass":  # a composer bug, never the user's: refuse to emit a task its gold fails
            raise WorkError(f"format suite built a reference its own verifier rejects ({verdict.reason}); please report this bug")
        return Problem(canonical, prompt, None, reference, {"constraints": constraints}, split_key=key)
