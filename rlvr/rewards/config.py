"""The ``rewards`` section of a run config: which table, how stances are read, the weight of each reward.

.. code-block:: yaml

    rewards:
      table: schulman            # schulman | binary | graded | log | brier | path/to/table.yaml
      mode: protocol             # protocol | free (suites without the protocol are always read plain)
      phrases: {abstain: null, hedge: null}    # null keeps the mode's defaults
      weights: {correctness: 1.0, format: 0.25, overlong: 0.0}
      overlong: {max_tokens: 512, buffer_tokens: 128, unit: tokens}
      proper: {clip: 0.03125, hedged_confidence: 0.75}    # only for table: log | brier
      verifier_options: {code: {timeout_s: 5}}

>>> cfg = RewardConfig(table="graded", weights={"format": 0})
>>> cfg.weights.correctness, cfg.weights.format
(1.0, 0.0)
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import field_validator, model_validator

from rlvr.config import StrictModel
from rlvr.errors import RlvrError

__all__ = ["RewardConfig", "RewardWeights", "OverlongConfig", "PhrasesConfig", "ProperConfig"]


class RewardWeights(StrictModel):
    """How much each reward counts in the trainer's weighted sum; a weight of 0 leaves that reward out."""

    correctness: float = 1.0  # correctness-with-stance: the table's value for (stance, verdict)
    format: float = 0.25  # 0 when the answer-protocol line is well-formed, -1 when not (None for plain suites)
    overlong: float = 0.0  # soft overlong penalty in [-1, 0]; off by default: set overlong.max_tokens first

    @model_validator(mode="after")
    def _check(self) -> RewardWeights:
        for name in ("correctness", "format", "overlong"):
            w = getattr(self, name)
            if not math.isfinite(w) or w < 0:
                raise ValueError(f"weights.{name} = {w!r}: weights must be finite and >= 0 (0 turns that reward off)")
        if self.correctness == self.format == self.overlong == 0:
            raise ValueError("every reward weight is 0: nothing would be learned; set weights.correctness > 0")
        return self


class OverlongConfig(StrictModel):
    """DAPO's soft overlong punishment: 0 up to ``max_tokens - buffer_tokens``, then down linearly to -1 at ``max_tokens``."""

    max_tokens: int = 512  # set to the trainer's max completion length
    buffer_tokens: int = 128  # the ramp; DAPO uses 4096 of 20480
    unit: Literal["tokens", "chars"] = "tokens"  # tokens need TRL's completion_ids; chars count the text

    @model_validator(mode="after")
    def _check(self) -> OverlongConfig:
        if self.max_tokens <= 0 or not 0 < self.buffer_tokens <= self.max_tokens:
            raise ValueError(f"overlong needs max_tokens > 0 and 0 < buffer_tokens <= max_tokens, "
                             f"got max_tokens={self.max_tokens}, buffer_tokens={self.buffer_tokens}")
        return self


class PhrasesConfig(StrictModel):
    """Stance phrases; None keeps the defaults of the mode (see ``rlvr.rewards.stance``)."""

    abstain: list[str] | None = None
    hedge: list[str] | None = None

    @field_validator("abstain", "hedge")
    @classmethod
    def _nonempty(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and (not v or not all(p.strip() for p in v)):
            raise ValueError("a phrase list must hold at least one non-blank phrase (or be null for the defaults)")
        return v

    def to_mapping(self) -> dict[str, list[str]] | None:
        out = {k: v for k, v in (("abstain", self.abstain), ("hedge", self.hedge)) if v is not None}
        return out or None


class ProperConfig(StrictModel):
    """Settings of the continuous proper scores (``table: log`` or ``table: brier``)."""

    clip: float = 1 / 32  # stated confidence is clipped to [clip, 1 - clip]; 1/32 puts the log floor at -4
    hedged_confidence: float = 0.75  # the confidence a hedged answer implies when it states none

    @model_validator(mode="after")
    def _check(self) -> ProperConfig:
        if not 0 < self.clip < 0.5:
            raise ValueError(f"proper.clip = {self.clip}: must be in (0, 0.5)")
        if not 0 < self.hedged_confidence < 1:
            raise ValueError(f"proper.hedged_confidence = {self.hedged_confidence}: must be in (0, 1)")
        return self


class RewardConfig(StrictModel):
    """The rewards section of a run config (see the module docstring for a YAML example)."""

    table: str = "schulman"  # the default is John Schulman's +1 / +0.5 / 0 / -2 / -4
    mode: Literal["protocol", "free"] = "protocol"
    phrases: PhrasesConfig = PhrasesConfig()
    weights: RewardWeights = RewardWeights()
    overlong: OverlongConfig = OverlongConfig()
    proper: ProperConfig = ProperConfig()
    verifier_options: dict[str, dict[str, Any]] = {}  # verifier name -> constructor options

    @model_validator(mode="after")
    def _check_table(self) -> RewardConfig:
        try:
            self.scorer()
        except RlvrError as e:  # pydantic turns this into a ConfigError naming the field
            raise ValueError(f"table: {e}") from None
        return self

    def scorer(self) -> Any:
        """The table or proper score this config names (``rlvr.rewards.tables.get_scorer``)."""
        from rlvr.rewards.tables import get_scorer

        return get_scorer(self.table, clip=self.proper.clip, hedged_confidence=self.proper.hedged_confidence)
