"""Held-out evaluation: k samples per task, verified, with pass@k, maj@k, best-of-k and calibration.

``evaluate_tasks`` is the one entry point (``rlvr eval`` and ``rlvr quickstart`` call it); it returns
the results.json document (schema in docs/eval.md) and, given ``out_dir``, writes the run folder.
"""

from rlvr.eval.metrics import bootstrap_ci, majority_vote, normalise_answer, paired_bootstrap_diff, pass_at_k
from rlvr.eval.results import SCHEMA, SCHEMA_VERSION, summarise
from rlvr.eval.run import check_overlap, evaluate_tasks, judge, task_keys, write_run

__all__ = [
    "evaluate_tasks",
    "judge",
    "summarise",
    "write_run",
    "check_overlap",
    "task_keys",
    "pass_at_k",
    "majority_vote",
    "normalise_answer",
    "bootstrap_ci",
    "paired_bootstrap_diff",
    "SCHEMA",
    "SCHEMA_VERSION",
]
