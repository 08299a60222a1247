"""rlvr: reinforcement learning from verifiable rewards.

Task suites pair seeded generators with verifiers; verdicts become rewards for TRL's trainers.
The public names below are the stable surface; everything else may move.
"""

from rlvr.errors import RlvrError
from rlvr.registry import get_suite, get_verifier, register_suite, register_verifier, verifier_for
from rlvr.tasks.base import Problem, Suite
from rlvr.types import ExecResult, Limits, Task, Verdict
from rlvr.verifiers.base import NOTHING, Verifier

__version__ = "0.1.0"

__all__ = [
    "ExecResult",
    "Limits",
    "NOTHING",
    "Problem",
    "RlvrError",
    "Suite",
    "Task",
    "Verdict",
    "Verifier",
    "get_suite",
    "get_verifier",
    "register_suite",
    "register_verifier",
    "verifier_for",
]
