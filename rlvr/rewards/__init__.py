"""Rewards: a completion's stance and its verifier's verdict become a scalar for the trainer.

- ``read_stance``: unhedged / hedged / abstain and any stated confidence, read so it cannot be gamed;
- ``RewardTable`` presets (``schulman``, ``binary``, ``graded``) and custom files, with exact ``bands``;
- ``ProperScore``: clipped log and Brier scores of a stated confidence;
- ``RewardConfig`` + ``make_rewards``: picklable TRL reward callables (correctness-with-stance, format,
  overlong) and their weights.

>>> funcs, weights = make_rewards(RewardConfig(table="graded"), suites=[])
>>> funcs[0](completions=["Final answer: I don't know"], task=['{"id": "t", "suite": "s", "prompt": "?"}'])
[0.0]
"""

from rlvr.rewards.columns import completion_text, parse_tasks
from rlvr.rewards.compose import make_rewards
from rlvr.rewards.config import OverlongConfig, PhrasesConfig, ProperConfig, RewardConfig, RewardWeights
from rlvr.rewards.correctness import StanceCorrectnessReward, make_correctness_reward
from rlvr.rewards.explain import explain, plot_table
from rlvr.rewards.format_reward import FormatReward, format_problems, make_format_reward
from rlvr.rewards.length import OverlongReward, make_overlong_reward
from rlvr.rewards.proper import PROPER_RULES, ProperScore
from rlvr.rewards.score import score_file
from rlvr.rewards.stance import FREE_PHRASES, PROTOCOL_PHRASES, STANCES, Phrases, Stance, parse_confidence, read_stance
from rlvr.rewards.tables import PRESETS, Bands, RewardTable, Scorer, bands, get_scorer, get_table, load_table_file

__all__ = [
    "Bands",
    "FREE_PHRASES",
    "FormatReward",
    "OverlongConfig",
    "OverlongReward",
    "PRESETS",
    "PROPER_RULES",
    "PROTOCOL_PHRASES",
    "Phrases",
    "PhrasesConfig",
    "ProperConfig",
    "ProperScore",
    "RewardConfig",
    "RewardTable",
    "RewardWeights",
    "STANCES",
    "Scorer",
    "Stance",
    "StanceCorrectnessReward",
    "bands",
    "completion_text",
    "explain",
    "format_problems",
    "get_scorer",
    "get_table",
    "load_table_file",
    "make_correctness_reward",
    "make_format_reward",
    "make_overlong_reward",
    "make_rewards",
    "parse_confidence",
    "parse_tasks",
    "plot_table",
    "read_stance",
    "score_file",
]
