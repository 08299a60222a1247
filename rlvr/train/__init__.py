"""Training: the built-in tiny model, SFT warm-start, RL on verifier rewards (GRPO family, RLOO), DPO fallback, LoRA.

Heavy libraries (torch, transformers, trl) are imported inside the modules that need them, so importing
``rlvr.train`` stays cheap.

Importing it sets ``OMP_WAIT_POLICY=PASSIVE`` (unless set) for torch's OpenMP pool, which reads it once, when
torch loads: with the default active spin-wait, two threads on a 2-core host that runs anything else ran a
1M-parameter training step 3-4x SLOWER than one thread; passive waiting made two threads 1.5x (idle host) to
2x (busy host) faster than one (``docs/training.md``, CPU facts). Import rlvr.train before torch for it to apply.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from rlvr.train.model import build_tiny_model, load_model

__all__ = ["build_tiny_model", "load_model"]
