"""The one place a Task becomes the text a model sees: answer-protocol instructions plus the chat template.

Training (SFT, GRPO, DPO) and evaluation both call ``build_prompt``, so a model is always asked the
same way it was trained. The instruction is one short line. A tokenizer whose ``tokenizer_config.json``
says ``"rlvr_prompt": "compact"`` (the built-in character model's) gets no instruction at all: that model
reads one character per token, pays for every prompt character at every step, and learns the protocol
from its SFT warm-start instead of from words it cannot read.

>>> from rlvr.types import Task
>>> from rlvr.train.model import build_tokenizer
>>> build_prompt(Task(id="t", suite="demo", prompt="What is 2+3?"), build_tokenizer())
'<|user|>What is 2+3?\\n<|assistant|>'
>>> user_message(Task(id="t", suite="demo", prompt="What is 2+3?"))
"What is 2+3?\\nEnd with 'Final answer: X', 'Final answer (likely): X' or 'Final answer: I don't know'."
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rlvr.protocol import ABSTAIN_TEXT, FINAL, FINAL_HEDGED
from rlvr.types import Task

__all__ = ["PROTOCOL_HINT", "build_prompt", "user_message", "uses_protocol", "is_compact"]

PROTOCOL_HINT = f"End with '{FINAL} X', '{FINAL_HEDGED} X' or '{FINAL} {ABSTAIN_TEXT}'."


@lru_cache(maxsize=256)
def uses_protocol(suite: str) -> bool:
    """Whether a suite's answers follow the answer protocol; unknown suites (task files) are assumed to."""
    from rlvr import registry
    from rlvr.errors import RlvrError

    try:
        return bool(registry._lookup("suite", suite).answer_protocol)
    except (RlvrError, ImportError):
        return True


def is_compact(tokenizer: Any) -> bool:
    """Whether the tokenizer asks for prompts without instruction text (rlvr's built-in character model)."""
    return (getattr(tokenizer, "init_kwargs", None) or {}).get("rlvr_prompt") == "compact"


def user_message(task: Task, *, compact: bool = False) -> str:
    """The task's question plus the answer-protocol instruction (none when compact, or for suites whose whole reply is the answer)."""
    text = task.prompt.rstrip()
    return f"{text}\n{PROTOCOL_HINT}" if uses_protocol(task.suite) and not compact else text


def build_prompt(task: Task, tokenizer: Any) -> str:
    """The full prompt string for ``task``: the chat template when the tokenizer has one, else a plain Q/A frame."""
    message = user_message(task, compact=is_compact(tokenizer))
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template([{"role": "user", "content": message}], tokenize=False, add_generation_prompt=True)
    return f"Question: {message}\nAnswer:\n"
