"""The answer protocol every suite's prompts and worked solutions use, in one place.

A completion ends with one final-answer line; the stance is in its marker:

    Final answer: 42                 unhedged (confident)
    Final answer (likely): 42        hedged
    Final answer: I don't know       abstain
    Confidence: 70%                  optional, on its own line: a stated probability of being right

Code answers put the program in a fenced block right after ``Final answer:`` (or its hedged form).
Verifiers read answers stance-free: rewards strip the hedge marker before a verifier sees the text.
"""

from __future__ import annotations

__all__ = ["FINAL", "FINAL_HEDGED", "ABSTAIN_TEXT", "final_line"]

FINAL = "Final answer:"
FINAL_HEDGED = "Final answer (likely):"
ABSTAIN_TEXT = "I don't know"


def final_line(answer: str, *, hedged: bool = False) -> str:
    """``final_line("42")`` -> ``"Final answer: 42"``; ``hedged=True`` gives the hedged marker."""
    return f"{FINAL_HEDGED if hedged else FINAL} {answer}"
