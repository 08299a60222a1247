"""Rewards: a completion's stance and its verifier's verdict become a scalar for the trainer.

- ``read_stance``: unhedged / hedged / abstain and any stated confidence, read so it cannot be gamed;
- ``RewardTable`` presets (``schulman``, ``binary``, ``graded``) and custom files, with exact ``bands``;
- ``ProperScore``: clipped log and Brier scores of a stated confidence.
"""

from rlvr.rewards.proper import PROPER_RULES, ProperScore
from rlvr.rewards.stance import FREE_PHRASES, PROTOCOL_PHRASES, STANCES, Phrases, Stance, parse_confidence, read_stance
from rlvr.rewards.tables import PRESETS, Bands, RewardTable, Scorer, bands, get_scorer, get_table, load_table_file

__all__ = [
    "Bands",
    "FREE_PHRASES",
    "PRESETS",
    "PROPER_RULES",
    "PROTOCOL_PHRASES",
    "Phrases",
    "ProperScore",
    "RewardTable",
    "STANCES",
    "Scorer",
    "Stance",
    "bands",
    "get_scorer",
    "get_table",
    "load_table_file",
    "parse_confidence",
    "read_stance",
]
