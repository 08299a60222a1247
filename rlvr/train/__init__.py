"""Training: the built-in tiny model, SFT warm-start, RL on verifier rewards (GRPO family, RLOO), DPO fallback, LoRA.

Heavy libraries (torch, transformers, trl) are imported inside the modules that need them, so importing
``rlvr.train`` stays cheap.
"""

from rlvr.train.model import build_tiny_model, load_model

__all__ = ["build_tiny_model", "load_model"]
